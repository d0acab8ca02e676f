"""Write valid synthetic knowledge of N topics with realistic text lengths (for scale figures).

Words are drawn as often as the shipped knowledge uses them (`vocabulary`), so a 10,000-entry
knowledge base has the spread of common and rare words a real one would: the figures `make
bench` guards. `worst_case` draws from 64 common words instead, so every word is in nearly every
entry and every question matches every entry — a corpus no real knowledge base has, reported
beside the guarded one to show where the engine's time goes when nothing can be skipped.
"""

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


def vocabulary() -> list[str]:
    """Every word of the shipped knowledge's entry texts, as often as it is written there."""
    import re

    from cll_kb.paths import packaged_knowledge

    ids = {"id", "sources", "source", "related", "terms", "category", "drugs", "last_reviewed"}

    def texts(value: object) -> list[str]:
        if isinstance(value, str):
            return [value]
        if isinstance(value, list):
            return [t for v in value for t in texts(v)]
        if isinstance(value, dict):
            return [t for k, v in value.items() if k not in ids for t in texts(v)]
        return []

    out: list[str] = []
    for folder in ("categories", "drugs", "topics"):
        for path in sorted((packaged_knowledge() / folder).glob("*.yaml")):
            for text in texts(yaml.safe_load(path.read_text(encoding="utf-8"))):
                out += [w.lower() for w in re.findall(r"[A-Za-z][a-z]+", text)]
    return out


def write(root: Path, n: int, seed: int = 7, worst_case: bool = False) -> None:
    """A copy of the shipped manifest, sources and glossary plus n generated topics."""
    from cll_kb.paths import packaged_knowledge

    rng = random.Random(seed)
    words = WORDS if worst_case else vocabulary()

    def sentence(rng: random.Random, n: int = 12) -> str:
        return " ".join(rng.choice(words) for _ in range(n)).capitalize() + "."

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
    write(Path(sys.argv[1]), int(sys.argv[2]), worst_case="--worst-case" in sys.argv)
