"""What a printed handout holds beyond the pages: paper, version, the clinic to call, an index."""

from __future__ import annotations

import datetime as dt
import re
from importlib import resources
from pathlib import Path

from .. import __version__
from ..config.clinic import DEFAULT_CALL, warning_title
from ..page import Page
from ..record import Record

LANG = "en"
NOTES_LINES = 3  # ruled lines for the reader's own notes under "Questions to ask"
BASIC_PAGES = 2  # the most a basic handout of one entry may take, on either paper size
DETAILED_PAGES = 4


class Handout(Record, kw_only=False):
    """One file: one or more entry pages, printed together."""

    pages: tuple[Page, ...]
    paper: str = "letter"
    call_line: str = DEFAULT_CALL  # "Call <clinic> at <phone> (after hours: <phone>)"
    phone_known: bool = False  # without a configured number, paper leaves a line to write one
    clinic: tuple[str, ...] = ()  # contact lines printed under the title, when configured
    version: str = __version__
    lang: str = LANG

    @property
    def title(self) -> str:
        titles = [p.title for p in self.pages]
        return titles[0] if len(titles) == 1 else f"{titles[0]} and {len(titles) - 1} more"

    @property
    def warning_title(self) -> str:
        return warning_title(self.call_line)

    def stamp(self, page: Page) -> str:
        return f"Last reviewed {page.reviewed} · cllkb {self.version}"


class IndexItem(Record, kw_only=False):
    kind_label: str
    title: str
    summary: str
    file: str  # relative to the index


class Index(Record, kw_only=False):
    """The contents page written by `cllkb export --all`."""

    items: tuple[IndexItem, ...]
    disclaimer: str
    made: dt.date  # the newest review date among the handouts
    paper: str = "letter"
    version: str = __version__
    lang: str = LANG
    title: str = "cllkb handouts: CLL/SLL treatment options in plain words"


def asset(name: str) -> Path:
    """A file shipped inside the package (fonts, templates), found in a wheel or a checkout."""
    return Path(str(resources.files("cll_kb.export") / name))


_WEB_LINK = re.compile(r"https?://[^\s<>\"'\\`]+")


def is_web_link(link: str) -> bool:
    """Only http(s) addresses that nothing can break out of become links (`validate` checks
    every source's url and doi; this holds whatever a renderer is given)."""
    return bool(_WEB_LINK.fullmatch(link))


def more_note(n: int) -> str:
    return f"{n} more {'study' if n == 1 else 'studies'} in the detailed handout (--detailed)."


def group_index(index: Index) -> list[tuple[str, list[IndexItem]]]:
    """Index items under their kind, in the order kinds first appear."""
    groups: dict[str, list[IndexItem]] = {}
    for item in index.items:
        groups.setdefault(item.kind_label, []).append(item)
    return list(groups.items())
