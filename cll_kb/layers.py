"""A knowledge layer: the shipped folder, or a clinic's local folder loaded over it.

Its own module so that the fast path (compiled cache hit) never imports the YAML loader.
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path


@dataclass(frozen=True, slots=True)
class Layer:
    root: Path
    name: str = "shipped"  # "shipped" or "local"
