"""cllkb — a curated, sourced, plain-language knowledge base about CLL/SLL treatment."""

__version__ = "0.1.0"
SCHEMA_VERSION = 1
