"""Printable handouts: one `Handout` (pages + clinic + paper) drawn as PDF, HTML or Markdown.

`handout` says what a handout holds, `pdf`, `html` and `markdown` draw it, `write` decides file
names and writes them atomically. Every drawer reads the same `Page` plan the terminal card reads
(cll_kb/page/), so screen and paper never disagree.
"""

FORMATS = ("pdf", "html", "md")
PAPERS = ("letter", "a4")
