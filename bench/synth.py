"""Write valid synthetic knowledge of N topics with realistic text lengths (for scale figures)."""

from __future__ import annotations

import random
import shutil
import sys
from pathlib import Path

import yaml

WORDS = [
    "blood",
    "cells",
    "lymph",
    "nodes",
    "treatment",
    "doctor",
    "care",
    "team",
    "infection",
    "fever",
    "tired",
    "bruise",
    "pill",
    "infusion",
    "dose",
    "week",
    "month",
    "year",
    "test",
    "marrow",
    "spleen",
    "response",
    "relapse",
    "study",
    "people",
    "risk",
    "heart",
    "kidney",
    "water",
    "sleep",
    "food",
    "travel",
    "work",
    "family",
    "question",
    "plan",
    "change",
    "option",
    "cost",
    "nurse",
    "clinic",
    "visit",
    "scan",
    "biopsy",
    "result",
    "number",
    "chance",
    "side",
    "effect",
    "rash",
    "cough",
    "pain",
]


def sentence(rng: random.Random, n: int = 12) -> str:
    return " ".join(rng.choice(WORDS) for _ in range(n)).capitalize() + "."


def write(root: Path, n: int, seed: int = 7) -> None:
    """A copy of the shipped manifest, sources and glossary plus n generated topics."""
    from cll_kb.paths import packaged_knowledge

    rng = random.Random(seed)
    src = packaged_knowledge()
    shutil.rmtree(root, ignore_errors=True)
    (root / "topics").mkdir(parents=True)
    for name in ("kb.yaml", "sources.yaml", "synonyms.yaml"):
        shutil.copy(src / name, root / name)
    (root / "glossary.yaml").write_text(yaml.safe_dump({
        "last_reviewed": "2026-11-01",
        "terms": [{"id": "cll", "term": "CLL", "aka": [], "definition": "A slow blood cancer."}],
    }).replace("'2026-11-01'", "2026-11-01"))  # fmt: skip
    for i in range(n):
        tid = f"topic-{i:05d}"
        doc = {
            "id": tid, "title": f"{sentence(rng, 3)[:-1]} {i}", "aka": [sentence(rng, 2)[:-1]],
            "summary": sentence(rng) + " " + sentence(rng),
            "key_points": [sentence(rng) for _ in range(4)],
            "sources": ["iwcll-2018"], "last_reviewed": "2026-11-01",
            "related": [f"topic-{(i + 1) % n:05d}"],
            "sections": [{"heading": sentence(rng, 4)[:-1],
                          "body": " ".join(sentence(rng) for _ in range(5))} for _ in range(3)],
        }  # fmt: skip
        text = yaml.safe_dump(doc, sort_keys=False).replace("'2026-11-01'", "2026-11-01")
        (root / "topics" / f"{tid}.yaml").write_text(text)


if __name__ == "__main__":
    write(Path(sys.argv[1]), int(sys.argv[2]))
