"""Every number that decides how a question is ranked and when cllkb answers it, in one place.

Changed only against `make eval` (hit@1, hit@3, MRR on tests/eval/) and `python -m
bench.margins` (where the answer thresholds sit between in-scope and out-of-scope questions),
never to make one question come out right.
"""

from __future__ import annotations

# How much a word counts by the field it is found in (BM25F field boosts, baked into the index:
# changing them means bumping index.INDEX_LAYOUT). A title or another name of the entry says
# most about what a page is for; its body least.
FIELD_BOOSTS = {"title": 4.0, "aka": 3.5, "summary": 2.0, "points": 1.6, "body": 1.0}

# A glossary term's document counts this much: terms answer "what is X" but should not
# outrank the explainer that covers X.
TERM_BOOST = 0.3

# Words added by synonyms.yaml ("trial fails" → refractory) help, but count for less than the
# words the person typed.
SYNONYM_WEIGHT = 0.7

# The question names an entry ("Gazyva", "Richter syndrome"): the `names` field matches whole
# names, and such a match weighs this much more than one word in a text field.
NAME_BOOST = 6.0

# A document's BM25F score is multiplied by reach ** REACH_POWER, where reach is the share (by
# IDF) of the question's words — typed and synonym-added — that the document contains. The fourth
# root lets a long question matched on its key words keep most of its score; without the factor
# a page matching one rare word of a long question can beat one matching most of it.
REACH_POWER = 0.25

# When the best hit is an answer (search/answer.py). `support` = best score × the share (by
# IDF) of the typed words it matched. MIN_SUPPORT sits between the strongest out-of-scope
# question that passes the scope check and the weakest in-scope question that names no entry;
# `python -m bench.margins` prints both sides.
MIN_SUPPORT = 10.0
# A question that names an entry ("Gazyva") is answered by it when its score reaches this, even
# with little else typed.
NAME_MATCH_SCORE = 12.0
