"""Retrieval: an index of the KB built with Whoosh, query understanding, and ranking.

Hits carry ids and scores only; callers re-resolve them through the KnowledgeBase, so nothing
is ever rendered from the index.
"""
