"""A knowledge layer: the shipped folder, or a clinic's local folder loaded over it.

Its own module so that the fast path (compiled cache hit) never imports the YAML loader.
"""

from __future__ import annotations

from pathlib import Path

from ..record import Record


class Layer(Record, kw_only=False):
    root: Path
    name: str = "shipped"  # "shipped" or "local"
