"""Retrieval: a Whoosh index over the KB, query understanding, and ranking.

Hits carry ids and scores only; callers re-resolve them through the KnowledgeBase, so nothing
is ever rendered from the index.
"""
