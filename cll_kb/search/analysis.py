"""Text analysis shared by the index and the query side, so both see the same terms."""

from __future__ import annotations

import re
import unicodedata
from functools import cache

# Question words and filler people type around the subject ("what does it mean if my …").
# Negations ("not", "no") are kept: "not working" must still match refractory material.
STOP_WORDS = frozenset(
    [
        "a",
        "about",
        "above",
        "after",
        "again",
        "against",
        "all",
        "also",
        "am",
        "an",
        "and",
        "any",
        "anyone",
        "anything",
        "are",
        "as",
        "at",
        "be",
        "been",
        "before",
        "being",
        "between",
        "both",
        "but",
        "by",
        "can",
        "cannot",
        "could",
        "did",
        "do",
        "does",
        "doing",
        "done",
        "down",
        "during",
        "each",
        "else",
        "ever",
        "few",
        "for",
        "from",
        "further",
        "get",
        "gets",
        "getting",
        "got",
        "had",
        "has",
        "have",
        "having",
        "he",
        "her",
        "here",
        "hers",
        "herself",
        "him",
        "himself",
        "his",
        "how",
        "however",
        "i",
        "if",
        "in",
        "into",
        "is",
        "it",
        "its",
        "itself",
        "just",
        "know",
        "let",
        "like",
        "may",
        "me",
        "might",
        "mine",
        "more",
        "most",
        "much",
        "must",
        "my",
        "myself",
        "of",
        "off",
        "on",
        "once",
        "only",
        "or",
        "other",
        "others",
        "our",
        "ours",
        "ourselves",
        "out",
        "over",
        "own",
        "please",
        "really",
        "same",
        "she",
        "should",
        "so",
        "some",
        "such",
        "tell",
        "than",
        "that",
        "the",
        "their",
        "theirs",
        "them",
        "themselves",
        "then",
        "there",
        "these",
        "they",
        "this",
        "those",
        "through",
        "to",
        "too",
        "under",
        "until",
        "up",
        "us",
        "very",
        "was",
        "we",
        "were",
        "what",
        "whats",
        "when",
        "where",
        "which",
        "while",
        "who",
        "whom",
        "why",
        "will",
        "with",
        "would",
        "you",
        "your",
        "yours",
        "yourself",
        "yourselves",
        "im",
        "ive",
        "id",
        "dont",
        "doesnt",
        "didnt",
        "isnt",
        "arent",
        "wasnt",
        "cant",
        "wont",
        "s",
        "t",
        "d",
        "ll",
        "m",
        "re",
        "ve",
    ]
)

# Words that only ask for a definition: "what does CLL mean", "CLL explained", "tell me about
# SLL". A question made of these and one name is a question about that name itself.
DEFINING_WORDS = frozenset(
    ["mean", "means", "meaning", "stand", "stands", "explain", "explained", "define",
     "definition", "describe", "overview", "basics", "basic", "info", "information", "learn",
     "understand", "simple", "simply", "plain", "words", "term"]  # "know", "tell": stop words
)

_APOSTROPHES = str.maketrans({"’": "'", "‘": "'", "`": "'", "´": "'"})
_CONTROL = re.compile(r"[\x00-\x08\x0b-\x1f\x7f-\x9f]")
_INNER_APOSTROPHE = re.compile(r"(\w)'(\w)")
_WORD = re.compile(r"\w+")
# doesn't → doesnt, Richter's → richters: one token, as normalize() makes it.
TOKEN = r"\w+(?:['’]\w+)*"


# What normalize() makes of any text: lower-case ASCII words joined by single spaces. Most of
# the knowledge's phrase lists are written so already; for them every step is the identity.
_NORMAL = re.compile(r"[a-z0-9]+(?: [a-z0-9]+)*")


def normalize(text: str) -> str:
    """Lower-case, fold accents and apostrophes, drop control characters, collapse spaces.

    Used for phrase matching (synonyms, scope); the analyzer does the same for index terms.
    """
    if _NORMAL.fullmatch(text):
        return text  # most of the knowledge's phrase lists are written so already
    text = _CONTROL.sub(" ", text).translate(_APOSTROPHES).casefold()
    if not text.isascii():  # plain ASCII has no accents to fold
        text = unicodedata.normalize("NFKD", text)
        text = "".join(c for c in text if not unicodedata.combining(c))
    text = _INNER_APOSTROPHE.sub(r"\1\2", text)  # doesn't → doesnt, richter's → richters
    return " ".join(_WORD.findall(text))


@cache
def analyzer():
    """Tokenize, lower-case, fold accents, drop stop words, stem (Porter): the index's."""
    from whoosh.analysis import (
        CharsetFilter,
        LowercaseFilter,
        RegexTokenizer,
        StemFilter,
        StopFilter,
        SubstitutionFilter,
    )  # fmt: skip
    from whoosh.support.charset import accent_map

    return (RegexTokenizer(TOKEN) | LowercaseFilter() | CharsetFilter(accent_map)
            | SubstitutionFilter("['’]", "") | StopFilter(stoplist=STOP_WORDS, minsize=1)
            | StemFilter())  # fmt: skip


@cache
def name_analyzer():
    """No stemming and no stop words: for the spelling dictionary of names and terms."""
    from whoosh.analysis import CharsetFilter, LowercaseFilter, RegexTokenizer
    from whoosh.support.charset import accent_map

    return RegexTokenizer(r"\w+") | LowercaseFilter() | CharsetFilter(accent_map)


def terms(text: str) -> list[str]:
    """The index terms of a text, in order, without duplicates: what the index analyzer makes
    of it, so a question and a page are compared in the index's own words."""
    return list(dict.fromkeys(t.text for t in analyzer()(text)))
