"""A careless or hostile clinic layer, a shared machine, a full disk: each case through the CLI.

Every test here failed before cllkb bounded what it reads, checked whose cache it trusts and
wrote all-or-nothing (issue 14).
"""

from __future__ import annotations

import errno
import json
import os
import pickle
import re
import stat
import subprocess
import sys
import time
from pathlib import Path

import pytest
import yaml

from .conftest import KB_MIN, REPO

ROOT = hasattr(os, "geteuid") and os.geteuid() == 0


def _write(kb: Path, rel: str, text: str) -> Path:
    path = kb / rel
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(text, encoding="utf-8")
    return path


def _edit_drug(kb: Path, **fields: object) -> None:
    path = kb / "drugs" / "venetoclax.yaml"
    data = yaml.safe_load(path.read_text(encoding="utf-8"))
    data.update(fields)
    path.write_text(yaml.safe_dump(data, allow_unicode=True, sort_keys=False), encoding="utf-8")


def _validate_lines(cli, kb: Path) -> list[str]:
    """`validate` run from inside the folder, as a curator would: paths are relative."""
    here = Path.cwd()
    os.chdir(kb)
    try:
        result = cli("--kb", ".", "validate")
    finally:
        os.chdir(here)
    assert result.exit_code == 1
    return [ln for ln in result.stdout.splitlines() if ": CLLKB" in ln]


# --- 1. a cache planted by another user ------------------------------------------------------

class _Planted:
    """A pickle that, if ever loaded, leaves a file behind: proof that code ran."""

    def __init__(self, marker: Path) -> None:
        self.marker = marker

    def __reduce__(self):
        return (Path.touch, (self.marker,))


def _plant(cache: Path, tmp_path: Path) -> Path:
    """A compiled-knowledge pickle under the exact name the next run looks for."""
    from cll_kb.curate.store import fingerprint
    from cll_kb.knowledge.layers import Layer

    marker = tmp_path / "PWNED"
    key = fingerprint([Layer(KB_MIN)])
    (cache / f"kb-{key}.pickle").write_bytes(pickle.dumps(_Planted(marker)))
    return marker


@pytest.mark.parametrize("how", ["writable by others", "another user's folder"])
def test_a_cache_folder_that_is_not_the_users_own_is_never_read(cli, tmp_path, monkeypatch,
                                                                  how: str) -> None:
    cache = tmp_path / "shared-cache"
    cache.mkdir()
    marker = _plant(cache, tmp_path)
    if how == "writable by others":
        cache.chmod(0o1777)  # like /tmp
        why = "other users can write to it"
    else:
        monkeypatch.setattr(os, "getuid", lambda: os.stat(cache).st_uid + 1)
        why = "it belongs to another user"
    monkeypatch.setenv("CLLKB_CACHE_DIR", str(cache))
    result = cli("--kb", str(KB_MIN), "drug", "venetoclax")
    assert result.exit_code == 0 and "Venetoclax" in result.stdout
    assert result.stderr == (f"cllkb: warning: not using the cache folder {cache}: {why}; "
                             "working in memory\n")
    assert not marker.exists()
    assert sorted(p.name for p in cache.iterdir()) == [next(cache.glob("kb-*")).name]


def test_a_planted_file_in_the_users_own_folder_is_not_read_either(cli, cache, tmp_path,
                                                                    monkeypatch) -> None:
    marker = _plant(cache, tmp_path)
    planted = next(cache.glob("kb-*.pickle"))
    planted.chmod(0o666)  # anyone could have written it
    monkeypatch.setenv("CLLKB_CACHE_DIR", str(cache))
    result = cli("--kb", str(KB_MIN), "drug", "venetoclax")
    assert result.exit_code == 0 and result.stderr == ""
    assert not marker.exists()
    assert stat.S_IMODE(planted.stat().st_mode) == 0o600  # replaced by the user's own


def test_an_index_folder_that_is_not_the_users_own_is_rebuilt_not_opened(cli, cache,
                                                                          monkeypatch) -> None:
    monkeypatch.setenv("CLLKB_CACHE_DIR", str(cache))
    assert cli("--kb", str(KB_MIN), "index").exit_code == 0
    (index,) = cache.glob("index-*")
    postings = next(index.iterdir())
    postings.chmod(0o666)
    result = cli("--kb", str(KB_MIN), "index")
    assert result.stdout.startswith("index built: "), result.stdout
    assert stat.S_IMODE(next(next(cache.glob("index-*")).iterdir()).stat().st_mode) == 0o600


def test_a_new_cache_folder_is_private_and_marked(cli, tmp_path, monkeypatch) -> None:
    cache = tmp_path / "new" / "cache"
    monkeypatch.setenv("CLLKB_CACHE_DIR", str(cache))
    assert cli("--kb", str(KB_MIN), "ask", "tumor lysis syndrome").exit_code == 0
    assert stat.S_IMODE(cache.stat().st_mode) == 0o700
    assert (cache / "CACHEDIR.TAG").read_bytes().startswith(
        b"Signature: 8a477f597d28d172789f06886806bc55")


def test_pruning_never_touches_a_folder_cllkb_did_not_make(cli, tmp_path, monkeypatch) -> None:
    mine = tmp_path / "Documents"
    mine.mkdir()
    keep = ["index-01.html", "kb-notes.pickle", "kb-0123456789abcdef01234567.pickle"]
    for name in keep:
        (mine / name).write_text("the user's own file")
    (mine / "index-archive").mkdir()
    (mine / "index-archive" / "a.txt").write_text("kept")
    (mine / ".index-x.tmp-1-2").mkdir()
    old = time.time() - 3600
    os.utime(mine / ".index-x.tmp-1-2", (old, old))
    monkeypatch.setenv("CLLKB_CACHE_DIR", str(mine))
    for args in (["ask", "tumor lysis syndrome"], ["index", "--rebuild"], ["drug", "venetoclax"]):
        assert cli("--kb", str(KB_MIN), *args).exit_code == 0
    for name in keep:
        assert (mine / name).read_text() == "the user's own file"
    assert (mine / "index-archive" / "a.txt").exists() and (mine / ".index-x.tmp-1-2").exists()


def test_pruning_in_a_marked_folder_takes_only_exact_names_and_no_symlinks(cli, cache,
                                                                           tmp_path,
                                                                           monkeypatch) -> None:
    outside = tmp_path / "outside"
    outside.mkdir()
    (outside / "precious.txt").write_text("x")
    names = [f"kb-{n:024x}.pickle" for n in range(12)]
    for n, name in enumerate(names):
        (cache / name).write_bytes(b"old")
        os.utime(cache / name, (1_000_000 + n, 1_000_000 + n))
    (cache / f"index-{0:024x}-l1-w3.54.0").symlink_to(outside)
    os.utime(cache / f"index-{0:024x}-l1-w3.54.0", (1, 1), follow_symlinks=False)
    (cache / "index-notes.txt").write_text("not a name cllkb makes")
    monkeypatch.setenv("CLLKB_CACHE_DIR", str(cache))
    assert cli("--kb", str(KB_MIN), "ask", "tumor lysis syndrome").exit_code == 0
    assert (outside / "precious.txt").exists() and (cache / "index-notes.txt").exists()
    assert len(list(cache.glob("kb-*.pickle"))) == 8


# --- 2, 3. curated text is text ----------------------------------------------------------------

ESCAPES = {
    "title": "\x1b]0;pwned\x07",
    "clipboard": "\x1b]52;c;ZWNobyBwd25lZA==\x07",
    "hidden link": "\x1b]8;;https://evil.example\x1b\\click\x1b]8;;\x1b\\",
    "conceal": "\x1b[8m",
    "bidi override": "call 555\u202e0100",
    "lone surrogate": "x\ud800y",
    "C1 control": "x\x9by",
}


@pytest.mark.parametrize("bad", ESCAPES.values(), ids=ESCAPES.keys())
def test_control_characters_in_knowledge_are_refused_with_file_and_line(cli, kb_copy,
                                                                         bad: str) -> None:
    escaped = bad.encode("unicode_escape").decode("ascii").replace('"', '\\"')
    path = kb_copy / "topics" / "tumor-lysis-syndrome.yaml"
    path.write_text(path.read_text(encoding="utf-8").replace(
        "title: Tumor lysis syndrome (TLS)", f'title: "Tumor lysis syndrome {escaped}"'))
    lines = _validate_lines(cli, kb_copy)
    assert len(lines) == 1 and lines[0].startswith(
        "topics/tumor-lysis-syndrome.yaml:2: CLLKB017 text holds ")
    result = cli("--kb", str(kb_copy), "--color", "never", "drug", "venetoclax")
    assert result.exit_code == 1 and result.stdout == ""
    assert "\x1b" not in result.stderr and "\u202e" not in result.stderr


def test_raw_control_bytes_in_a_file_name_their_line(cli, kb_copy) -> None:
    path = kb_copy / "topics" / "raw.yaml"
    path.write_bytes(b"id: raw\ntitle: ok\nsummary: bad \x1b[8m hidden\n")
    assert "topics/raw.yaml:3: CLLKB017 this line holds a control character (U+001B) — " \
           "delete it: knowledge files are plain text" in _validate_lines(cli, kb_copy)


MARKUP = "Take it with food [or milk] and do not stop [unless your doctor says so]."
LINKY = "See [link=https://evil.example]this[/link] and [bold]that[/] [/]."


@pytest.mark.parametrize("args", [
    ["drug", "venetoclax"], ["drug", "venetoclax", "--detailed"], ["show", "venetoclax"],
    ["ask", "venetoclax"], ["category", "bcl2i"], ["list"], ["sources"],
    ["sources", "fda-venetoclax"], ["search", "venetoclax"], ["options", "--untreated"],
])
def test_brackets_in_knowledge_show_as_written(cli, kb_copy, args: list[str]) -> None:
    _edit_drug(kb_copy, title="Venetoclax [or generic]",
               key_points=[MARKUP, LINKY, "A third point."], call_care_team_if=[MARKUP],
               summary="Venetoclax [bold]is[/bold] a pill.")
    src = (kb_copy / "sources.yaml").read_text(encoding="utf-8")
    (kb_copy / "sources.yaml").write_text(src.replace(
        "VENCLEXTA (venetoclax tablets) prescribing information",
        "VENCLEXTA [red]prescribing[/] information"), encoding="utf-8")
    result = cli("--kb", str(kb_copy), "--color", "always", *args)
    assert result.exit_code == 0, result.stderr
    plain = cli("--kb", str(kb_copy), "--color", "never", *args).stdout
    assert "]8;;https://evil" not in result.stdout  # no live link was made from the text
    shown = " ".join(plain.split())
    if args[0] in ("drug", "show", "ask"):  # the key points: every card draws them
        assert MARKUP in shown and "[link=https://evil.example]this[/link]" in shown
        assert "[bold]that[/] [/]." in shown
    if args[0] == "list":  # piped, it lists ids only: read the table drawn for a terminal
        assert "Venetoclax [or generic]" in re.sub(r"\x1b\[[0-9;]*m", "", result.stdout)
    if args[0] == "sources":
        assert "VENCLEXTA [red]prescribing[/] information" in shown
    if args[0] in ("category", "search", "options"):
        assert "Venetoclax [or generic]" in shown


# --- 4. bounded YAML -----------------------------------------------------------------------

BOMB = "\n".join([
    'a: &a ["lol","lol","lol","lol","lol","lol","lol","lol","lol"]',
    *(f"{c}: &{c} [{', '.join([f'*{p}'] * 9)}]" for p, c in zip("abcdefgh", "bcdefghi",
                                                                   strict=True)),
    "",
])


@pytest.mark.parametrize(("text", "line"), [
    (BOMB, "topics/bomb.yaml:1: CLLKB019 YAML anchors and aliases (&name, *name) are not "
           "allowed — write the text out in full where it is needed"),
    ("a: &x [*x]\n", "topics/bomb.yaml:1: CLLKB019 YAML anchors and aliases (&name, *name) "
                     "are not allowed — write the text out in full where it is needed"),
    ("x: " + "[" * 50_000 + "]" * 50_000 + "\n",
     "topics/bomb.yaml:1: CLLKB019 nested more than 32 levels deep — flatten the structure "
     "(see knowledge/README.md)"),
    ("id: bomb\n" + "x:\n" + "".join("  " * i + "- \n" for i in range(1, 60)),
     "topics/bomb.yaml:34: CLLKB019 nested more than 32 levels deep — flatten the structure "
     "(see knowledge/README.md)"),
], ids=["billion-laughs", "self-alias", "deep-flow", "deep-block"])
def test_yaml_bombs_are_refused_quickly(cli, kb_copy, text: str, line: str) -> None:
    _write(kb_copy, "topics/bomb.yaml", text)
    start = time.perf_counter()
    assert line in _validate_lines(cli, kb_copy)
    assert time.perf_counter() - start < 10


def test_a_file_over_the_size_limit_is_refused(cli, kb_copy) -> None:
    _write(kb_copy, "topics/big.yaml", "# " + "x" * 1_000_001 + "\n")
    assert ("topics/big.yaml:1: CLLKB018 cannot read this file: larger than 1,000 kB — "
            "knowledge files are regular YAML files under 1,000 kB; move anything else out of "
            "the knowledge folder") in _validate_lines(cli, kb_copy)


# --- 5. special files ----------------------------------------------------------------------

@pytest.mark.skipif(not hasattr(os, "mkfifo"), reason="no FIFOs here")
@pytest.mark.parametrize("kind", ["fifo", "dev-zero", "folder", "unreadable"])
def test_special_files_in_a_layer_are_refused_not_read(cli, kb_copy, monkeypatch,
                                                       kind: str) -> None:
    path = kb_copy / "topics" / "odd.yaml"
    what = {"fifo": "a pipe (FIFO)", "dev-zero": "a device", "folder": "a folder",
            "unreadable": "Permission denied"}[kind]
    if kind == "fifo":
        os.mkfifo(path)
    elif kind == "dev-zero":
        path.symlink_to("/dev/zero")
    elif kind == "folder":
        path.mkdir()
    else:
        path.write_text("id: odd\n")
        from cll_kb.fs import files

        real = files.os.open

        def deny(p, *a, **k):  # root reads any file: simulate a file it may not read
            if Path(p).resolve() == path.resolve():
                raise PermissionError(errno.EACCES, "Permission denied")
            return real(p, *a, **k)

        monkeypatch.setattr(files.os, "open", deny)
    start = time.perf_counter()
    assert (f"topics/odd.yaml:1: CLLKB018 cannot read this file: {what} — knowledge files are "
            "regular YAML files under 1,000 kB; move anything else out of the knowledge folder"
            ) in _validate_lines(cli, kb_copy)
    result = cli("--kb", str(kb_copy), "drug", "venetoclax")
    assert result.exit_code == 1 and "CLLKB018" in result.stderr
    assert time.perf_counter() - start < 10


# --- 6. links --------------------------------------------------------------------------------

@pytest.mark.parametrize(("field", "value", "message"), [
    ("url", "javascript:alert(1)", "'url' value 'javascript:alert(1)' is not a web address"),
    ("url", "https://x.example/a><script>", "'url' value 'https://x.example/a><script>' is not "
                                            "a web address"),
    ("url", "https://x.example/a b", "'url' value 'https://x.example/a b' is not a web address"),
    ("doi", "https://doi.org/10.1/x", "'doi' value 'https://doi.org/10.1/x' is not a DOI"),
    ("doi", "10.1182/a b", "'doi' value '10.1182/a b' is not a DOI"),
])
def test_source_links_must_be_web_addresses_or_dois(cli, kb_copy, field, value, message) -> None:
    src = (kb_copy / "sources.yaml").read_text(encoding="utf-8")
    src = src.replace("    kind: label\n", f"    kind: label\n    {field}: '{value}'\n", 1)
    if field == "url":
        src = src.replace("    url: https://www.accessdata", "    old: https://www.accessdata", 1)
        src = src.replace("    old: https://www.accessdata.fda.gov/drugsatfda_docs/label/2024/"
                          "208573s032lbl.pdf\n", "", 1)
    (kb_copy / "sources.yaml").write_text(src, encoding="utf-8")
    assert any(f"CLLKB020 {message}" in ln for ln in _validate_lines(cli, kb_copy))


# --- 8. export all-or-nothing --------------------------------------------------------------

def test_export_on_a_full_disk_writes_nothing_and_keeps_old_files(cli, kb_copy, tmp_path,
                                                                  monkeypatch) -> None:
    from cll_kb.fs import atomic

    out = tmp_path / "handouts"
    out.mkdir()
    (out / "venetoclax.md").write_text("the old handout")
    real, calls = atomic._stage, []

    def fill_up(path, data, mode):
        calls.append(path)
        if len(calls) == 3:
            raise OSError(errno.ENOSPC, "No space left on device")
        return real(path, data, mode)

    monkeypatch.setattr(atomic, "_stage", fill_up)
    result = cli("--kb", str(kb_copy), "export", "--all", "--force", "-f", "md", "-o", str(out))
    assert result.exit_code == 1
    assert result.stderr == (f"cllkb: error: cannot write to {out}: the disk is full; nothing "
                             "was written\n")
    assert sorted(p.name for p in out.iterdir()) == ["venetoclax.md"]
    assert (out / "venetoclax.md").read_text() == "the old handout"


def test_a_failed_rename_puts_every_old_file_back(cli, tmp_path, monkeypatch) -> None:
    from cll_kb.fs import atomic

    out = tmp_path / "h"
    out.mkdir()
    for name in ("venetoclax.md", "bcl2i.md"):
        (out / name).write_text(f"old {name}")
    real, seen = os.replace, []

    def flaky(src, dst):
        if str(dst).endswith(".md") and not str(src).endswith(".old"):
            seen.append(dst)
            if len(seen) == 2:
                raise OSError(errno.EIO, "Input/output error")
        return real(src, dst)

    monkeypatch.setattr(atomic.os, "replace", flaky)
    result = cli("--kb", str(KB_MIN), "export", "venetoclax", "bcl2i", "tls", "-f", "md",
                 "-o", f"{out}/", "--force")
    assert result.exit_code == 1 and "nothing was written" in result.stderr
    assert {p.name: p.read_text() for p in out.iterdir()} == {
        "venetoclax.md": "old venetoclax.md", "bcl2i.md": "old bcl2i.md"}


_KILL = r"""
import os, sys
from cll_kb.cli import run
sys.argv = ["cllkb", "export", "--all", "-f", "pdf", "-o", sys.argv[1]]
run()
"""


def _children(pid: int) -> set[int]:
    try:
        return {int(c) for c in Path(f"/proc/{pid}/task/{pid}/children").read_text().split()}
    except OSError:
        return set()


def _alive(pid: int) -> bool:
    try:
        status = Path(f"/proc/{pid}/status").read_text()
    except OSError:
        return False
    return "\nState:\tZ" not in status


@pytest.mark.slow
@pytest.mark.skipif(not Path("/proc/self/task").exists() or (os.cpu_count() or 1) < 2,
                    reason="needs Linux /proc and two cores (workers only fork then)")
def test_export_workers_exit_when_their_parent_is_killed(tmp_path) -> None:
    out = tmp_path / "out"
    out.mkdir()
    env = {**os.environ, "PYTHONPATH": str(REPO)}
    proc = subprocess.Popen([sys.executable, "-c", _KILL, str(out)], env=env,
                            stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    try:
        deadline = time.monotonic() + 60
        workers: set[int] = set()
        while time.monotonic() < deadline and len(workers) < 2:
            workers = _children(proc.pid)
            time.sleep(0.05)
        assert len(workers) >= 2, "the export never forked its workers"
        proc.kill()
        proc.wait()
        deadline = time.monotonic() + 10
        while time.monotonic() < deadline and any(_alive(w) for w in workers):
            time.sleep(0.1)
        assert not any(_alive(w) for w in workers)
    finally:
        proc.kill()
        for w in _children(proc.pid):
            os.kill(w, 9)


# --- 9. the smaller points -----------------------------------------------------------------

def test_a_dangling_symlink_at_output_needs_force(cli, tmp_path) -> None:
    link = tmp_path / "v.pdf"
    link.symlink_to(tmp_path / "nowhere")
    result = cli("--kb", str(KB_MIN), "export", "venetoclax", "-o", str(link))
    assert result.exit_code == 1
    assert result.stderr == f"cllkb: error: {link} already exists; use --force to replace it\n"
    assert link.is_symlink()


def test_a_replaced_file_loses_its_set_uid_bit(cli, tmp_path) -> None:
    path = tmp_path / "v.md"
    path.write_text("old")
    path.chmod(0o4755)
    assert cli("--kb", str(KB_MIN), "export", "venetoclax", "-o", str(path),
               "--force").exit_code == 0
    assert stat.S_IMODE(path.stat().st_mode) == 0o755


@pytest.mark.parametrize("args", [["drug", "venetoclax"], ["list", "--json"],
                                  ["export", "venetoclax", "-f", "md", "-o", "-"]])
@pytest.mark.parametrize("stdout", ["/dev/full", "closed"])
def test_a_full_or_closed_stdout_is_one_line(tmp_path, args: list[str], stdout: str) -> None:
    if stdout == "/dev/full" and not Path("/dev/full").exists():
        pytest.skip("no /dev/full here")
    code = "import sys; from cll_kb.cli import run; sys.argv = ['cllkb', *sys.argv[1:]]; run()"
    env = {**os.environ, "PYTHONPATH": str(REPO), "CLLKB_CACHE_DIR": str(tmp_path / "c")}
    with open(os.devnull if stdout == "closed" else stdout, "w") as sink:
        proc = subprocess.run([sys.executable, "-c", code, "--kb", str(KB_MIN), *args],
                              stdout=sink if stdout != "closed" else None, stderr=subprocess.PIPE,
                              text=True, env=env, check=False,
                              **({"pass_fds": ()} if stdout != "closed" else {}),
                              preexec_fn=(lambda: os.close(1)) if stdout == "closed" else None)
    assert proc.returncode == 1
    reason = "the disk is full" if stdout == "/dev/full" else "standard output is closed"
    assert proc.stderr == f"cllkb: error: cannot write the output: {reason}\n"


@pytest.mark.parametrize(("text", "message"), [
    ('[clinic]\nname = "' + "x" * 10_000_000 + '"\n', "larger than 65 kB"),
    ("[clinic]\nname = \"Hem\"\nx = " + "[" * 5000 + "]" * 5000 + "\n", None),
    ('[clinic]\nphone = "555\u202e0100"\n', "clinic.phone holds a bidirectional text control "
                                             "(U+202E); retype it as plain text"),
    ('[clinic]\nname = "' + "x" * 301 + '"\n', "clinic.name is longer than 300 characters; "
                                               "shorten it"),
], ids=["10MB", "deep", "bidi", "long"])
def test_odd_config_files_are_one_line_and_quick(cli, tmp_path, text, message) -> None:
    cfg = tmp_path / "config" / "config.toml"
    cfg.parent.mkdir(parents=True, exist_ok=True)
    cfg.write_text(text, encoding="utf-8")
    start = time.perf_counter()
    result = cli("--kb", str(KB_MIN), "export", "venetoclax", "-o", str(tmp_path / "v.pdf"))
    assert time.perf_counter() - start < 10
    assert result.exit_code == 1 and result.stderr.startswith(f"cllkb: error: {cfg}")
    assert result.stderr.count("\n") == 1
    if message:
        assert message in result.stderr
    assert not (tmp_path / "v.pdf").exists()


@pytest.mark.skipif(not hasattr(os, "mkfifo"), reason="no FIFOs here")
def test_a_fifo_as_the_config_does_not_hang(cli, tmp_path) -> None:
    cfg = tmp_path / "config" / "config.toml"
    cfg.parent.mkdir(parents=True, exist_ok=True)
    os.mkfifo(cfg)
    result = cli("config", "show")
    assert result.exit_code == 1
    assert result.stderr == (f"cllkb: error: {cfg}: cannot read the config file: "
                             "a pipe (FIFO)\n")


def test_a_bidi_override_cannot_be_set_as_a_phone(cli) -> None:
    result = cli("config", "set", "clinic.phone", "555\u202e0100")
    assert result.exit_code == 2
    assert result.stderr == ("cllkb: error: the value for clinic.phone holds a bidirectional "
                             "text control (U+202E); retype it as plain text\n")


def test_index_on_a_full_disk_says_so(cli, cache, monkeypatch) -> None:
    from cll_kb.search import index

    def full(*_a: object, **_k: object) -> None:
        raise OSError(errno.ENOSPC, "No space left on device")

    monkeypatch.setattr(index, "_build_on_disk", full)
    monkeypatch.setenv("CLLKB_CACHE_DIR", str(cache))
    result = cli("--kb", str(KB_MIN), "index")
    assert result.exit_code == 0
    assert result.stdout.startswith("index memory: ") and result.stdout.rstrip().endswith(
        "at memory (the disk is full)")


# --- honest tests --------------------------------------------------------------------------

def test_the_cli_harness_fails_on_an_internal_error(cli, monkeypatch) -> None:
    from cll_kb.search.engine import SearchEngine

    def broken(*_a: object, **_k: object) -> None:
        raise KeyError("injected")

    monkeypatch.setattr(SearchEngine, "search", broken)
    with pytest.raises(pytest.fail.Exception, match="internal error: KeyError"):
        cli("search", "anything")
    assert cli("search", "anything", internal=True).exit_code == 1


def test_review_dates_follow_the_injected_clock(cli, monkeypatch) -> None:
    monkeypatch.setenv("CLLKB_TODAY", "2040-01-01")
    data = cli("--kb", str(KB_MIN), "--version").stdout
    assert "entries due for review" in data
    monkeypatch.setenv("CLLKB_TODAY", "2026-11-02")
    assert "due for review" not in cli("--kb", str(KB_MIN), "--version").stdout
    monkeypatch.setenv("CLLKB_TODAY", "2026-10-01")  # before the fixture's review dates
    result = cli("--kb", str(KB_MIN), "validate", "--json")
    assert result.exit_code == 1
    assert {e["code"] for e in json.loads(result.stdout)["errors"]} == {"CLLKB012"}
    monkeypatch.setenv("CLLKB_TODAY", "someday")
    result = cli("--kb", str(KB_MIN), "validate")
    assert result.exit_code == 2
    assert result.stderr == "cllkb: error: CLLKB_TODAY='someday' is not a date written " \
                            "YYYY-MM-DD\n"
