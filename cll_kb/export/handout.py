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
# The most pages one entry's handout may take, on either paper size: 2 sheets printed on both
# sides for a basic handout, 4 for a detailed one (export/fit.py leaves parts out to fit).
BASIC_PAGES = 4
DETAILED_PAGES = 8


class Handout(Record, kw_only=False):
    """One file: one or more entry pages, printed together."""

    pages: tuple[Page, ...]
    paper: str | None = "letter"  # None: HTML to read on a screen, with no page size
    call_line: str = DEFAULT_CALL  # "Call <clinic> at <phone> (after hours: <phone>)"
    phone_known: bool = False  # without a configured number, paper leaves a line to write one
    clinic: tuple[str, ...] = ()  # contact lines printed under the title, when configured
    website: str = ""  # the clinic's website, where its other sheets are, when configured
    large_print: bool = False  # 14-point body text, for low vision
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

    def sheets_note(self, page: Page) -> str:
        """Other sheets to ask for, named on paper (a command means nothing there)."""
        if not page.related or not page.show_related:
            return ""
        names = "; ".join(r.title for r in page.related)
        where = f" They are also at {self.website}." if self.website else ""
        return f"Ask your care team for the sheets on: {names}.{where}"


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
    return f"{n} more in the detailed sheet: ask your care team."


_BREAK_AFTER = re.compile(r"([/?&=])")


def break_points(link: str) -> list[str]:
    """A web address cut into the pieces a line may break between: after `/`, `?`, `&` or `=`
    of its path, never inside the host or mid-word. Joined, the pieces are the address."""
    scheme, sep, rest = link.partition("://")
    if not sep:
        return [link]
    host, slash, path = rest.partition("/")
    pieces = [f"{scheme}://{host}{slash}"]
    for part in _BREAK_AFTER.split(path):
        if part and _BREAK_AFTER.fullmatch(part) and pieces:
            pieces[-1] += part
        elif part:
            pieces.append(part)
    return pieces


def short_citation(publisher: str, year: int, title: str) -> str:
    """A source in a few words, when a handout is short of room: who published it, and when
    (the link that follows says which document; the full titles are on screen and in the
    detailed sheet)."""
    return f"{publisher.split(' (', maxsplit=1)[0]}, {year}."


def group_index(index: Index) -> list[tuple[str, list[IndexItem]]]:
    """Index items under their kind, in the order kinds first appear."""
    groups: dict[str, list[IndexItem]] = {}
    for item in index.items:
        groups.setdefault(item.kind_label, []).append(item)
    return list(groups.items())
