"""What the curated YAML becomes: immutable models and the KnowledgeBase that looks them up.

Everything downstream (search, options, pages, renderers, JSON) reads these and nothing else.
`cll_kb.curate` makes them from the YAML; nothing here reads a file.
"""
