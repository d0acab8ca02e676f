"""Handouts: PDF read back, HTML/Markdown golden files and escaping, page limits, exact errors."""

from __future__ import annotations

import datetime as dt
import io
import json
import os
import re
from html.parser import HTMLParser
from pathlib import Path
from types import SimpleNamespace

import pytest
import yaml
from hypothesis import given
from hypothesis import strategies as st
from pypdf import PdfReader

from cll_kb.curate.store import open_kb
from cll_kb.export.handout import Handout
from cll_kb.export.html import css_string, render_html
from cll_kb.export.markdown import render_markdown
from cll_kb.export.pdf import ZWSP
from cll_kb.knowledge.layers import Layer
from cll_kb.options.matching import command_args
from cll_kb.page import build_page
from cll_kb.record import replace as _replace

from .conftest import KB_MIN, KNOWLEDGE

GOLDEN = Path(__file__).parent / "golden"
HOSTILE = '<script>alert("x")</script> <img src=x onerror=alert(1)> [link](javascript:alert(1))'
HOSTILE_DOI = '10.1002/x"><script>alert(2)</script>'


def unbroken(text: str) -> str:
    """PDF text with its line breaks and the zero-width break points of long links taken out."""
    return text.replace("\u200b", "").replace("\n", "")


def type_sizes(reader: PdfReader) -> dict[float, str]:
    """Every type size used on the pages, with a sample of the text set in it."""
    found: dict[float, str] = {}

    def visit(text, cm, tm, font, size) -> None:
        if text.strip():
            scale = abs(tm[0] * cm[0]) or 1.0
            found.setdefault(round(size * scale, 1), text.strip())

    for page in reader.pages:
        page.extract_text(visitor_text=visit)
    return found


def pdf_text(data: bytes) -> tuple[str, PdfReader]:
    reader = PdfReader(io.BytesIO(data))
    return "\n".join(p.extract_text() for p in reader.pages), reader


def flat(text: str) -> str:
    return " ".join(text.split())


def edit(kb: Path, rel: str, **fields: object) -> None:
    path = kb / rel
    data = yaml.safe_load(path.read_text(encoding="utf-8"))
    data.update(fields)
    path.write_text(yaml.safe_dump(data, allow_unicode=True, sort_keys=False), encoding="utf-8")


def export(cli, *args: str, kb: Path = KB_MIN):
    return cli("--kb", str(kb), "export", *args)


# --- PDF ---------------------------------------------------------------------------------

def _shipped():  # the shipped knowledge, loaded once for the tests that read it
    from cll_kb.paths import packaged_knowledge

    return open_kb([Layer(packaged_knowledge(), "shipped")], None)


SHIPPED = _shipped()
assert SHIPPED.pathways is not None
RULES = list(SHIPPED.pathways.rules)


_SHIPPED: dict[tuple[str, ...], bytes] = {}


def shipped_pdf(cli, tmp_path: Path, *args: str) -> bytes:
    """A handout of the shipped knowledge, laid out once per run for the tests that only read
    it (fitting the venetoclax sheet lays it out a dozen times)."""
    if args not in _SHIPPED:  # one file per layout: a test may ask for two (with --large-print)
        out = tmp_path / f"shipped-{len(_SHIPPED)}.pdf"
        result = cli("export", *args, "--output", str(out))
        assert result.exit_code == 0, result.stderr
        assert result.stdout == f"{out}\n"
        _SHIPPED[args] = out.read_bytes()
    return _SHIPPED[args]


@pytest.mark.parametrize("paper", ["letter", "a4"])
def test_pdf_reads_back_with_everything_a_handout_needs(cli, tmp_path: Path, paper: str) -> None:
    text, reader = pdf_text(shipped_pdf(cli, tmp_path, "venetoclax", "--paper", paper))
    words = flat(text)
    assert "Venetoclax (Venclexta)" in words
    assert "Call your care team right away if…" in words
    assert "Your care team’s phone number" in words
    assert "The dose starts low and goes up each week for 5 weeks" in words  # a key point
    assert "Questions to ask your care team" in words
    assert "https://doi.org/10.1056/NEJMoa1815281" in unbroken(text)  # full DOI links
    assert ZWSP not in text  # a link copied from the page has no hidden characters
    assert "This is general information about CLL and SLL, not medical advice." in words
    reviewed = yaml.safe_load((KNOWLEDGE / "drugs" / "venetoclax.yaml").read_text())["last_reviewed"]
    n = len(reader.pages)
    assert 1 <= n <= 4 and f"Page {n} of {n}" in words
    assert words.count(f"Reviewed {reviewed.isoformat()}") == n  # in every page's footer
    assert meta_creator(reader).startswith("cllkb ")
    width = float(reader.pages[0].mediabox.width)
    assert round(width) == (612 if paper == "letter" else 595)
    meta = reader.metadata
    assert meta is not None and meta.title == "Venetoclax (Venclexta)"
    assert reader.trailer["/Root"]["/Lang"] == "en"
    links = [a.get_object()["/A"]["/URI"] for p in reader.pages for a in p.get("/Annots", [])
             if "/URI" in a.get_object().get("/A", {})]
    assert "https://doi.org/10.1056/NEJMoa1815281" in links


def test_pdf_renders_non_ascii_with_the_bundled_font(cli, kb_copy: Path, tmp_path: Path) -> None:
    special = "Doses in µg; counts ≥ 25 × 10⁻⁴; Müller, café, señora, Ødegård."
    edit(kb_copy, "drugs/venetoclax.yaml", summary=special)
    out = tmp_path / "v.pdf"
    assert export(cli, "venetoclax", "-o", str(out), kb=kb_copy).exit_code == 0
    text, _ = pdf_text(out.read_bytes())
    for piece in ("µg", "≥ 25", "10⁻⁴", "café", "señora", "Ødegård", "×"):
        assert piece in text


@pytest.mark.parametrize(("entry", "detailed", "limit"), [
    ("venetoclax", False, 4), ("venetoclax", True, 8), ("btki", False, 4), ("btki", True, 8),
    ("choosing-first-treatment", False, 4), ("double-refractory", True, 8),
])  # the longest shipped entries of each kind: 2 sheets (4 pages) basic, 4 sheets detailed
@pytest.mark.parametrize("paper", ["letter", "a4"])
def test_shipped_handouts_fit_their_page_limit(cli, tmp_path: Path, entry: str, detailed: bool,
                                               limit: int, paper: str) -> None:
    args = [entry, "--paper", paper] + (["--detailed"] if detailed else [])
    assert len(PdfReader(io.BytesIO(shipped_pdf(cli, tmp_path, *args))).pages) <= limit


SAFETY = ("Call your care team right away if…", "How it is taken", "If you miss a dose",
          "Interactions, food and drink", "Storing and handling it", "Common side effects")


def test_long_local_text_is_trimmed_and_says_what_it_left_out(cli, kb_copy: Path,
                                                             tmp_path: Path) -> None:
    long_item = "This line is here to make the drug card very long indeed. " * 9
    edit(kb_copy, "drugs/venetoclax.yaml", side_effects=[long_item] * 6,
         interactions=[long_item] * 6, monitoring=[long_item] * 12,
         evidence=[{"study": f"Study {n}", "population": long_item, "result": long_item,
                    "source": "fda-venetoclax"} for n in range(12)])
    out = tmp_path / "v.pdf"
    assert export(cli, "venetoclax", "-o", str(out), kb=kb_copy).exit_code == 0
    text, reader = pdf_text(out.read_bytes())
    words = flat(text)
    assert len(reader.pages) <= 4
    left_out = words.partition("Left out to fit: ")[2].partition(".")[0]
    assert "What the studies found" in left_out  # the first to go, and the sheet says so
    for heading in SAFETY:  # what a drug sheet must carry is never left out
        assert heading in words, heading
    assert "cllkb show" not in words  # paper names sheets, not commands
    md = export(cli, "venetoclax", "-f", "md", "-o", "-", kb=kb_copy).stdout
    assert "Left out to fit" not in md and "## Tests and monitoring" in md  # Markdown has no pages


def meta_creator(reader: PdfReader) -> str:
    return str((reader.metadata or {}).get("/Creator", ""))


def line_lengths(reader: PdfReader, size: float) -> list[int]:
    """The length of every line of text set in `size` points (tables and charts are smaller)."""
    lines: list[int] = []

    def visit(text, cm, tm, font, font_size) -> None:
        scale = abs(tm[0] * cm[0]) or 1.0
        if round(font_size * scale, 1) == size:
            lines.extend(len(t) for t in text.split("\n") if t.strip())

    for page in reader.pages:
        page.extract_text(visitor_text=visit)
    return lines


@pytest.mark.parametrize("paper", ["letter", "a4"])
def test_lines_are_short_enough_to_follow(cli, tmp_path: Path, paper: str) -> None:
    """About 75 characters a line (at most 80 for a line of narrow letters), on either paper."""
    pdf = shipped_pdf(cli, tmp_path, "venetoclax", "--paper", paper)
    lengths = line_lengths(PdfReader(io.BytesIO(pdf)), 12.0)
    assert len(lengths) > 100 and max(lengths) <= 80
    assert 66 <= sorted(lengths)[len(lengths) * 3 // 4] <= 78  # full lines are about 75


def test_the_lines_for_notes_are_the_last_thing_to_go(cli, tmp_path: Path) -> None:
    roomy = tmp_path / "roomy.pdf"
    assert cli("export", "tumor-lysis-syndrome", "-o", str(roomy)).exit_code == 0
    assert "My notes" in flat(pdf_text(roomy.read_bytes())[0])
    from cll_kb.page import build_page

    cuts = build_page(SHIPPED, SHIPPED.entries["venetoclax"]).cuts()
    assert cuts[-1].kind == "notes" and len(cuts) > 2  # a long sheet: the lines go last


def test_type_is_large_enough_for_an_older_reader(cli, tmp_path: Path) -> None:
    """Body 12 pt, nothing on a page under 9 pt; 14 pt body with --large-print."""
    for args, body in (((), 12.0), (("--large-print",), 14.0)):
        pdf = shipped_pdf(cli, tmp_path, "venetoclax", "--paper", "letter", *args)
        sizes = type_sizes(PdfReader(io.BytesIO(pdf)))
        assert min(sizes) >= 9.0, sizes
        assert sizes.get(body)
        summary = yaml.safe_load((KNOWLEDGE / "drugs/venetoclax.yaml").read_text())["summary"]
        body_text = [t for size, t in sizes.items() if size == body]
        assert body_text and any(w in summary for w in body_text[0].split()[:3])


def test_a_drug_sheet_carries_every_safety_block_and_its_calendar(cli, tmp_path: Path) -> None:
    out = tmp_path / "v.pdf"
    assert export(cli, "venetoclax", "-o", str(out)).exit_code == 0
    words = flat(pdf_text(out.read_bytes())[0])
    for heading in (*SAFETY, "The 5-week ramp-up", "Venetoclax with obinutuzumab"):
        assert heading in words, heading
    assert "Cycle: 1 2 3 4 5 6 7 8 9 10 11 12" in words and "cycles 1 to 6" in words


def test_grapefruit_question_prints_the_interactions(cli, tmp_path: Path) -> None:
    out = tmp_path / "a.pdf"
    assert cli("export", "--ask", "can I eat grapefruit on venetoclax", "-o",
               str(out)).exit_code == 0
    words = flat(pdf_text(out.read_bytes())[0])
    assert "Interactions, food and drink" in words and "grapefruit" in words


def test_multiple_ids_make_one_file_or_one_per_entry_in_a_folder(cli, tmp_path: Path) -> None:
    out = tmp_path / "two.pdf"
    assert export(cli, "venetoclax", "tls", "-o", str(out)).exit_code == 0
    text, _ = pdf_text(out.read_bytes())
    assert "Venetoclax" in text and "Tumor lysis syndrome" in text
    folder = tmp_path / "each"
    folder.mkdir()
    result = export(cli, "venetoclax", "tls", "-f", "md", "-o", str(folder))
    assert result.stdout.split() == [str(folder / "venetoclax.md"),
                                     str(folder / "tumor-lysis-syndrome.md")]


# --- HTML and Markdown -------------------------------------------------------------------

HTML_CASES = [("drug", "venetoclax"), ("category", "bcl2i"), ("topic", "tumor-lysis-syndrome")]


@pytest.mark.parametrize(("kind", "entry"), HTML_CASES)
def test_html_golden(cli, regen: bool, kind: str, entry: str) -> None:
    result = export(cli, entry, "-f", "html", "-o", "-")
    assert result.exit_code == 0, result.stderr
    path = GOLDEN / f"export-{kind}-{entry}.html"
    if regen:
        path.write_text(result.stdout, encoding="utf-8")
    assert result.stdout == path.read_text(encoding="utf-8")


@pytest.mark.parametrize(("name", "args"), [
    ("export-drug-venetoclax.md", ["venetoclax", "-f", "md"]),
    ("export-options-double-refractory.md", ["--options", "--after", "btki", "--after",
                                              "venetoclax", "-f", "md"]),
])
def test_markdown_golden(cli, regen: bool, name: str, args: list[str]) -> None:
    kb = KB_MIN if "venetoclax" in name and "--options" not in args else KNOWLEDGE
    result = cli("--kb", str(kb), "export", *args, "-o", "-")
    assert result.exit_code == 0, result.stderr
    path = GOLDEN / name
    if regen:
        path.write_text(result.stdout, encoding="utf-8")
    assert result.stdout == path.read_text(encoding="utf-8")


def test_options_html_golden(cli, regen: bool) -> None:
    result = cli("export", "--options", "--after", "btki", "--after", "venetoclax", "-f", "html",
                 "-o", "-")
    path = GOLDEN / "export-options-double-refractory.html"
    if regen:
        path.write_text(result.stdout, encoding="utf-8")
    assert result.stdout == path.read_text(encoding="utf-8")


@pytest.fixture
def hostile_kb(kb_copy: Path) -> Path:
    edit(kb_copy, "drugs/venetoclax.yaml", title=f"Venetoclax {HOSTILE}",
         key_points=[HOSTILE, "A plain point.", "Another plain point."],
         call_care_team_if=[HOSTILE])
    kb = yaml.safe_load((kb_copy / "kb.yaml").read_text(encoding="utf-8"))
    kb["disclaimer"] = 'Not advice. </style><script>alert(1)</script> "quoted" \\ end.'
    (kb_copy / "kb.yaml").write_text(yaml.safe_dump(kb, sort_keys=False), encoding="utf-8")
    # `validate` refuses a url that is not http(s) or holds quotes or <>, but a DOI may hold
    # any non-space character (old Wiley DOIs have < and >): every format must defuse it.
    sources = (kb_copy / "sources.yaml").read_text(encoding="utf-8")
    (kb_copy / "sources.yaml").write_text(re.sub(
        r"url: https://www.accessdata.fda.gov\S+", lambda _m: f"doi: '{HOSTILE_DOI}'", sources,
        count=1), encoding="utf-8")
    return kb_copy


def test_html_escapes_hostile_knowledge_and_makes_no_outside_requests(cli, hostile_kb: Path) -> None:
    result = export(cli, "venetoclax", "-f", "html", "--paper", "letter", "-o", "-", kb=hostile_kb)
    assert result.exit_code == 0, result.stderr
    html = result.stdout
    assert "<script" not in html.lower() and "<img" not in html.lower()
    assert "&lt;script&gt;alert(&#34;x&#34;)&lt;/script&gt;" in html
    assert "&lt;img src=x onerror=alert(1)&gt;" in html
    assert html.count("</style>") == 1  # the disclaimer cannot close the style sheet
    assert 'href="javascript' not in html
    assert not re.search(r"<[^>]*\s(src|srcset|action|on\w+)=|@import|url\(", html)
    links = re.findall(r'href="([^"]*)"', html)
    assert all(link.startswith("https://") for link in links)
    assert "https://doi.org/10.1002/x%22%3E%3Cscript%3Ealert(2)%3C/script%3E" in links
    assert '<html lang="en">' in html and "@page { size: letter" in html


def test_markdown_escapes_hostile_knowledge(cli, hostile_kb: Path) -> None:
    md = export(cli, "venetoclax", "-f", "md", "-o", "-", kb=hostile_kb).stdout
    assert "\\<script\\>" in md and "\\[link\\](javascript:alert(1))" in md
    raw_tags = re.findall(r"(?<!\\)<([^>]*)>", md)
    assert all(t.startswith("https://") for t in raw_tags)  # only source autolinks
    assert not re.search(r"(?<!\\)\]\(", md)  # no link syntax survives
    assert "<https://doi.org/10.1002/x%22%3E%3Cscript%3Ealert(2)%3C/script%3E>" in md


@pytest.mark.parametrize("text", ["plain", "a</style>b", 'quote " and \\ back', "µ ≥ é\n"])
def test_css_string_cannot_be_broken_out_of(text: str) -> None:
    literal = css_string(text)
    inner = literal[1:-1]
    assert literal[0] == literal[-1] == '"'
    assert '"' not in inner and "<" not in inner and "\n" not in inner
    decoded = re.sub(r"\\([0-9a-f]{6}) ", lambda m: chr(int(m.group(1), 16)), inner)
    assert decoded == text


# --- answers, --all, errors --------------------------------------------------------------


def test_ask_handout_carries_the_question(cli, tmp_path: Path) -> None:
    out = tmp_path / "a.md"
    result = cli("export", "--ask", "what if trial fails", "-o", str(out))
    assert result.exit_code == 0, result.stderr
    md = out.read_text(encoding="utf-8")
    assert md.startswith("# ") and "**Your question:** “what if trial fails”" in md
    assert "## Also relevant" in md  # Markdown has no pages: nothing is left out


def test_ask_handout_without_an_answer_writes_nothing(cli, tmp_path: Path) -> None:
    out = tmp_path / "a.pdf"
    result = cli("export", "--ask", "best pizza in town", "-o", str(out))
    assert result.exit_code == 1
    assert result.stderr.startswith("cllkb: error: no handout written: cllkb has no good answer")
    assert not out.exists()


def test_all_writes_a_handout_per_entry_and_an_index(cli, tmp_path: Path) -> None:
    out = tmp_path / "all"
    out.mkdir()
    result = export(cli, "--all", "-f", "html", "-o", str(out))
    assert result.exit_code == 0, result.stderr
    names = sorted(p.name for p in out.iterdir())
    assert names == ["bcl2i.html", "index.html", "tumor-lysis-syndrome.html", "venetoclax.html"]
    index = (out / "index.html").read_text(encoding="utf-8")
    assert '<a href="venetoclax.html">Venetoclax</a>' in index


def test_all_refuses_before_writing_anything(cli, tmp_path: Path) -> None:
    out = tmp_path / "all"
    out.mkdir()
    (out / "venetoclax.md").write_text("mine", encoding="utf-8")
    result = export(cli, "--all", "-f", "md", "-o", str(out))
    assert result.exit_code == 1
    assert result.stderr == f"cllkb: error: {out / 'venetoclax.md'} already exists; use --force to replace it\n"
    assert sorted(p.name for p in out.iterdir()) == ["venetoclax.md"]  # nothing half-done
    assert (out / "venetoclax.md").read_text(encoding="utf-8") == "mine"
    assert export(cli, "--all", "-f", "md", "-o", str(out), "--force").exit_code == 0
    assert len(list(out.iterdir())) == 4 and not list(out.glob(".*"))  # no temp files left


def test_existing_file_needs_force(cli, tmp_path: Path) -> None:
    out = tmp_path / "v.md"
    out.write_text("old", encoding="utf-8")
    result = export(cli, "venetoclax", "-o", str(out))
    assert (result.exit_code, result.stderr) == (
        1, f"cllkb: error: {out} already exists; use --force to replace it\n")
    assert out.read_text(encoding="utf-8") == "old"
    assert export(cli, "venetoclax", "-o", str(out), "--force").exit_code == 0
    assert out.read_text(encoding="utf-8").startswith("# Venetoclax")


@pytest.mark.parametrize(("args", "code", "message"), [
    (["nosuch", "-o", "{tmp}/x.pdf"], 1, "no entry named 'nosuch'"),
    (["venetoclax", "-o", "{tmp}/missing/x.pdf"], 1,
     "cannot write {tmp}/missing/x.pdf: folder {tmp}/missing does not exist"),
    (["venetoclax", "-o", "{tmp}/afile/x.pdf"], 1,
     "cannot write {tmp}/afile/x.pdf: {tmp}/afile is not a folder"),
    (["--all", "-o", "{tmp}/afile"], 1,
     "cannot write to {tmp}/afile: it is not a folder (--all needs a folder)"),
    (["venetoclax", "-o", "{tmp}/out.txt"], 2,
     "cannot tell the format from 'out.txt': name it .pdf, .html or .md, or give --format "
     "pdf|html|md"),
    (["venetoclax", "-o", "{tmp}/out.pdf", "-f", "md"], 2,
     "'out.pdf' is named as pdf, but --format says md"),
    ([], 2, "give entry ids, or --ask QUESTION, or --all, or --options (exactly one of them)"),
    (["venetoclax", "--all", "-o", "{tmp}"], 2,
     "give entry ids, or --ask QUESTION, or --all, or --options (exactly one of them)"),
    (["--all"], 2, "--all needs --output DIR, the folder to write the handouts into"),
    (["venetoclax", "--paper", "a5"], 2, "--paper must be letter or a4, not 'a5'"),
    (["venetoclax", "--format", "docx"], 2, "--format must be pdf, html or md, not 'docx'"),
])
def test_export_errors_are_one_line(cli, tmp_path: Path, args: list[str], code: int,
                                    message: str) -> None:
    (tmp_path / "afile").write_text("", encoding="utf-8")
    result = export(cli, *(a.format(tmp=tmp_path) for a in args))
    assert result.exit_code == code
    assert result.stderr == f"cllkb: error: {message.format(tmp=tmp_path)}\n"


def test_unwritable_folder_is_one_line(cli, tmp_path: Path, monkeypatch) -> None:
    # Tests run as root in CI, where chmod cannot refuse a write: simulate the refusal.
    from cll_kb.export import write

    fake_os = SimpleNamespace(access=lambda path, mode: False, W_OK=os.W_OK, X_OK=os.X_OK,
                              path=os.path, sep=os.sep)
    monkeypatch.setattr(write, "os", fake_os)
    result = export(cli, "venetoclax", "-o", str(tmp_path / "v.pdf"))
    assert result.stderr == f"cllkb: error: cannot write {tmp_path / 'v.pdf'}: folder {tmp_path} is not writable\n"
    assert result.exit_code == 1 and not list(tmp_path.glob("*.pdf")) and not list(tmp_path.glob(".*"))


def test_an_output_folder_is_made_when_it_ends_in_a_slash(cli, tmp_path: Path) -> None:
    folder = tmp_path / "handouts" / "december"
    result = export(cli, "venetoclax", "tls", "-f", "md", "-o", f"{folder}/")
    assert result.exit_code == 0, result.stderr
    assert sorted(p.name for p in folder.iterdir()) == ["tumor-lysis-syndrome.md",
                                                         "venetoclax.md"]
    everything = tmp_path / "all"
    assert export(cli, "--all", "-f", "html", "-o", str(everything)).exit_code == 0
    assert (everything / "index.html").exists()


def test_a_failed_export_takes_away_the_folder_it_made(cli, tmp_path: Path,
                                                        monkeypatch) -> None:
    import errno

    from cll_kb.fs import atomic

    def full(*_a: object) -> str:
        raise OSError(errno.ENOSPC, "No space left on device")

    monkeypatch.setattr(atomic, "_stage", full)
    folder = tmp_path / "new" / "deeper"
    result = export(cli, "venetoclax", "-f", "md", "-o", f"{folder}/")
    assert result.exit_code == 1 and "the disk is full; nothing was written" in result.stderr
    assert not (tmp_path / "new").exists()


def test_format_follows_the_output_suffix(cli, tmp_path: Path) -> None:
    for name, start in (("h.html", b"<!DOCTYPE html>"), ("h.md", b"# Venetoclax"),
                        ("h.pdf", b"%PDF-")):
        assert export(cli, "venetoclax", "-o", str(tmp_path / name)).exit_code == 0
        assert (tmp_path / name).read_bytes().startswith(start)


def test_handout_and_screen_say_the_same_things(cli) -> None:
    screen = flat(cli("--kb", str(KB_MIN), "--color", "never", "drug", "venetoclax").stdout)
    md = export(cli, "venetoclax", "-f", "md", "-o", "-").stdout
    points = [line[2:] for line in md.split("## Key points")[1].split("##")[0].splitlines()
              if line.startswith("- ")]
    assert points and all(flat(p.replace("\\", "")) in screen for p in points)


def test_local_and_review_due_pages_are_marked_on_paper(cli, kb_copy: Path, tmp_path: Path) -> None:
    edit(kb_copy, "drugs/venetoclax.yaml", last_reviewed=dt.date(2020, 1, 1))
    local = tmp_path / "local" / "topics"
    local.mkdir(parents=True)
    topic = yaml.safe_load((KB_MIN / "topics/tumor-lysis-syndrome.yaml").read_text(encoding="utf-8"))
    (local / "tumor-lysis-syndrome.yaml").write_text(yaml.safe_dump({**topic, "title": "TLS at our clinic"}),
                                    encoding="utf-8")
    md = cli("--kb", str(kb_copy), "export", "venetoclax", "-f", "md", "-o", "-").stdout
    assert "**Review due: this page is past its review date.**" in md
    result = cli("--kb", str(kb_copy), "--local", str(tmp_path / "local"), "export",
                 "tumor-lysis-syndrome", "-f", "html", "-o", "-")
    assert result.exit_code == 0, result.stderr
    html = result.stdout
    assert "Topic · local page" in html and "written by your clinic" in html


# --- clinic details (issue: clinic edition) ------------------------------------------------

CLINIC_TOML = """[clinic]
name = "Riverside <b>Cancer</b> Centre"
phone = "555-0100"
after_hours_phone = "555-0199"
website = "https://riverside.example"
address = "1 River Road, Springfield"
"""
CALL = "Call Riverside <b>Cancer</b> Centre at 555-0100 (after hours: 555-0199) right away if…"


@pytest.fixture
def clinic_config(tmp_path: Path, monkeypatch) -> Path:
    path = tmp_path / "clinic.toml"
    path.write_text(CLINIC_TOML, encoding="utf-8")
    monkeypatch.setenv("CLLKB_CONFIG", str(path))
    return path


def test_pdf_warning_box_names_the_clinic(cli, clinic_config: Path, tmp_path: Path) -> None:
    out = tmp_path / "v.pdf"
    assert export(cli, "venetoclax", "-o", str(out)).exit_code == 0
    text = flat(pdf_text(out.read_bytes())[0])
    assert CALL in text
    assert "Phone: 555-0100 · After hours: 555-0199 · https://riverside.example" in text
    assert "Call your care team" not in text and "phone number: ___" not in text


def test_html_and_markdown_warning_box_names_the_clinic(cli, clinic_config: Path) -> None:
    html = export(cli, "venetoclax", "-f", "html", "-o", "-").stdout
    assert "<h2>Call Riverside &lt;b&gt;Cancer&lt;/b&gt; Centre at 555-0100 (after hours: 555-0199) right away if…</h2>" in html
    assert "<b>" not in html and "Your care team’s phone number" not in html
    assert '<p class="clinic">Riverside &lt;b&gt;Cancer&lt;/b&gt; Centre · Phone: 555-0100' in html
    md = export(cli, "venetoclax", "-f", "md", "-o", "-").stdout
    assert "> **Call Riverside \\<b\\>Cancer\\</b\\> Centre at 555-0100 (after hours: 555-0199) right away if…**" in md


def test_clinic_without_a_phone_still_leaves_a_line_to_write_one(cli, tmp_path: Path,
                                                                 monkeypatch) -> None:
    path = tmp_path / "c.toml"
    path.write_text('[clinic]\nname = "Riverside"\n', encoding="utf-8")
    monkeypatch.setenv("CLLKB_CONFIG", str(path))
    html = export(cli, "venetoclax", "-f", "html", "-o", "-").stdout
    assert "<h2>Call Riverside right away if…</h2>" in html
    assert "Your care team’s phone number" in html


def test_broken_config_stops_an_export_with_one_line(cli, tmp_path: Path, monkeypatch) -> None:
    path = tmp_path / "c.toml"
    path.write_text('[clinic]\nphone = 5550100\n', encoding="utf-8")
    monkeypatch.setenv("CLLKB_CONFIG", str(path))
    result = export(cli, "venetoclax", "-o", str(tmp_path / "v.pdf"))
    assert result.exit_code == 1 and result.stderr.startswith(f"cllkb: error: {path}:2:")
    assert not (tmp_path / "v.pdf").exists()


def test_handouts_are_readable_like_any_new_file_and_keep_a_replaced_files_mode(
        cli, tmp_path: Path) -> None:
    old = os.umask(0o022)
    try:
        new, kept = tmp_path / "new.md", tmp_path / "kept.md"
        kept.write_text("old", encoding="utf-8")
        kept.chmod(0o640)
        assert export(cli, "venetoclax", "-o", str(new)).exit_code == 0
        assert export(cli, "venetoclax", "-o", str(kept), "--force").exit_code == 0
    finally:
        os.umask(old)
    assert new.stat().st_mode & 0o777 == 0o644  # not the temp file's private 0600
    assert kept.stat().st_mode & 0o777 == 0o640


# --- properties: any text from the YAML comes back as text, in every format ---------------

TEXT = st.text(st.characters(blacklist_categories=("Cs", "Cc")), min_size=1, max_size=80)


class _Summary(HTMLParser):
    def __init__(self) -> None:
        super().__init__()
        self.inside, self.text, self.tags = False, "", []

    def handle_starttag(self, tag, attrs) -> None:
        self.tags.append(tag)
        self.inside = ("class", "summary") in attrs

    def handle_endtag(self, tag) -> None:
        self.inside = False

    def handle_data(self, data) -> None:
        if self.inside:
            self.text += data


@given(text=TEXT)
def test_any_summary_text_stays_text_in_html_and_markdown(text: str) -> None:
    kb = open_kb([Layer(KB_MIN, "shipped")], None)
    entry = _replace(kb.get("venetoclax"), summary=text)
    handout = Handout(pages=(build_page(kb, entry),))
    parser = _Summary()
    parser.feed(render_html(handout))
    assert parser.text == text
    assert set(parser.tags) <= {"html", "head", "meta", "title", "style", "body", "article",
                                "header", "p", "h1", "h2", "h3", "aside", "ul", "ol", "li",
                                "section", "table", "thead", "tbody", "tr", "th", "td", "div",
                                "span", "dl", "dt", "dd", "a", "footer", "wbr"}
    md = render_markdown(handout)
    unescaped = re.sub(r"\\(.)", r"\1", md.split("\n\n")[2])  # the summary paragraph
    assert unescaped == " ".join(text.split()) or not text.split()


# --- options handouts (issue: cllkb options) ------------------------------------------------


@pytest.mark.parametrize("rule", RULES, ids=[r.id for r in RULES])
def test_every_options_rule_prints_within_two_sheets(cli, tmp_path: Path, rule) -> None:
    out = tmp_path / "o.pdf"
    result = cli("export", "--options", *command_args(rule.situation), "-o", str(out))
    assert result.exit_code == 0, result.stderr
    text, reader = pdf_text(out.read_bytes())
    words = flat(text)
    assert len(reader.pages) <= 4
    assert flat(rule.title) in words and "Who decides" in words
    assert "Your options at a glance" in words and "Clinical trials" in words
    assert "Main risks" in words and "not medical advice" in words
    assert not re.search(r"cllkb (show|drug|topic|category|term|options|ask) ", words)


@pytest.mark.parametrize("rule", RULES, ids=[r.id for r in RULES])
def test_every_option_says_how_it_is_given(rule) -> None:
    """A transplant or a trial has no drug to say "by mouth": its category says how instead."""
    from cll_kb.options.matching import Situation
    from cll_kb.options.view import build
    from cll_kb.page.options import glance

    claim = rule.situation
    where = Situation(frozenset(claim.after), frozenset(claim.markers), claim.richter,
                      frozenset(claim.finished))
    view = build(SHIPPED, where)
    assert view.rule is not None and view.rule.id == rule.id
    assert [row[1] for row in glance(view).rows if row[1] == "—"] == []


def test_the_comparison_table_never_splits_a_word(cli, tmp_path: Path) -> None:
    out = tmp_path / "o.pdf"
    assert cli("export", "--options", "--richter", "-o", str(out)).exit_code == 0
    lines = pdf_text(out.read_bytes())[0].replace(ZWSP, "").splitlines()
    for word in ("Chemoimmunotherapy", "Cyclophosphamide", "Pembrolizumab"):
        assert any(word in line for line in lines), word
    assert any(line.rstrip().endswith("Graft-versus-") or "Graft-versus-host" in line
               for line in lines)  # a long hyphenated word breaks only after a hyphen


def test_the_comparison_says_how_each_option_is_given(cli) -> None:
    md = cli("export", "--options", "--untreated", "-f", "md", "-o", "-").stdout
    row = next(line for line in md.splitlines() if line.startswith("| BCL2 inhibitors"))
    assert "| by mouth and by infusion (drip) |" in row  # venetoclax with obinutuzumab


def test_options_handout_matches_the_options_view(cli) -> None:
    args = ["--after", "btki", "--after", "venetoclax"]
    view = json.loads(cli("options", *args, "--json").stdout)
    md = cli("export", "--options", *args, "-f", "md", "-o", "-").stdout
    plain = md.replace("\\", "")
    for option in view["options"]:
        assert flat(option["why"]) in flat(plain)
    for n, source in enumerate(view["sources"], 1):
        assert f"{n}. " in plain and source["link"] in plain


def test_options_handout_without_a_rule_writes_nothing(cli, tmp_path: Path) -> None:
    out = tmp_path / "o.pdf"
    result = cli("export", "--options", "--after", "transplant", "-o", str(out))
    assert result.exit_code == 1 and not out.exists()
    assert result.stderr == ("cllkb: error: no handout written: cllkb has no curated guidance "
                             "for that combination. See `cllkb options --after transplant`.\n")


def test_situation_flags_need_options(cli) -> None:
    result = cli("export", "venetoclax", "--after", "btki")
    assert (result.exit_code, result.stderr) == (
        2, "cllkb: error: --untreated, --after, --finished, --marker and --richter go with "
           "--options\n")


# An xdist worker runs execnet's threads, so Python 3.12+ warns when this test forks; cllkb
# itself forks from a single thread (its progress bar has no refresh thread).
@pytest.mark.filterwarnings("ignore:This process .* is multi-threaded:DeprecationWarning")
def test_all_lays_out_in_parallel_with_the_same_result_as_one_by_one(cli, kb_copy: Path,
                                                                      tmp_path: Path) -> None:
    topic = yaml.safe_load((kb_copy / "topics/tumor-lysis-syndrome.yaml").read_text(encoding="utf-8"))
    (kb_copy / "topics/tls-copy.yaml").write_text(
        yaml.safe_dump({**topic, "id": "tls-copy", "title": "A second topic"}), encoding="utf-8")
    out = tmp_path / "all"
    out.mkdir()
    result = export(cli, "--all", "-f", "md", "-o", str(out), kb=kb_copy)  # 4 entries: forks
    assert result.exit_code == 0, result.stderr
    assert len(result.stdout.split()) == 5
    for entry in ("venetoclax", "bcl2i", "tls-copy", "tumor-lysis-syndrome"):
        alone = export(cli, entry, "-f", "md", "-o", "-", kb=kb_copy).stdout
        assert (out / f"{entry}.md").read_text(encoding="utf-8") == alone
