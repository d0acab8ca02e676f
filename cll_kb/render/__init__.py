"""Renderers: models and results in, Rich renderables / text / files out. They never print."""
