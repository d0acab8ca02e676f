"""cllkb on a real terminal (a pty), as a person sees it: paging like git, clickable links, and
plain text when piped. The CliRunner tests cannot show these: they never have a terminal."""

from __future__ import annotations

import os
import select
import subprocess
import sys
from pathlib import Path

import pytest

pty = pytest.importorskip("pty")  # POSIX only
fcntl = pytest.importorskip("fcntl")
termios = pytest.importorskip("termios")

CLLKB = Path(sys.executable).with_name("cllkb")
OSC8 = b"\x1b]8;"


def run_on_terminal(args: list[str], env: dict[str, str], rows: int = 24,
                    cols: int = 80) -> tuple[int, bytes]:
    """Run cllkb with a pty of rows × cols as its terminal; what it drew, and its exit code."""
    import struct

    main, sub = pty.openpty()
    fcntl.ioctl(sub, termios.TIOCSWINSZ, struct.pack("HHHH", rows, cols, 0, 0))
    proc = subprocess.Popen([str(CLLKB), *args], stdin=sub, stdout=sub, stderr=sub, env=env,
                            close_fds=True)
    os.close(sub)
    out = b""
    while select.select([main], [], [], 30)[0]:
        try:
            chunk = os.read(main, 65536)
        except OSError:  # the child closed the terminal
            break
        if not chunk:
            break
        out += chunk
    os.close(main)
    return proc.wait(30), out


@pytest.fixture
def term_env(tmp_path: Path) -> dict[str, str]:
    """A colour terminal whose pager records what it was given, and with which LESS."""
    env = {k: v for k, v in os.environ.items() if k not in ("NO_COLOR", "LESS", "PAGER")}
    pager = tmp_path / "pager.sh"
    pager.write_text(f'#!/bin/sh\nprintf "%s" "$LESS" > {tmp_path}/less\ncat > {tmp_path}/paged\n',
                     encoding="utf-8")
    pager.chmod(0o755)
    return {**env, "TERM": "xterm-256color", "CLLKB_PAGER": str(pager),
            "CLLKB_CACHE_DIR": str(tmp_path / "cache"), "CLLKB_CONFIG": str(tmp_path / "none.toml")}


def test_a_card_taller_than_the_screen_goes_through_the_pager(term_env, tmp_path: Path) -> None:
    code, shown = run_on_terminal(["drug", "venetoclax"], term_env)
    assert code == 0
    paged = (tmp_path / "paged").read_bytes()
    assert b"Venetoclax (Venclexta)" in paged and b"\x1b[" in paged  # colours go to the pager
    assert (tmp_path / "less").read_text() == "FRX"  # colours show, short output is not paged
    assert b"Venetoclax is a pill" not in shown  # the pager drew it, not cllkb


def test_the_pager_is_skipped_when_asked_when_short_and_when_piped(term_env,
                                                                   tmp_path: Path) -> None:
    for args in (["drug", "venetoclax", "--no-pager"], ["--no-pager", "drug", "venetoclax"],
                 ["sources", "--no-pager"]):  # like git: before or after the command, any command
        code, shown = run_on_terminal(args, term_env)
        assert code == 0 and not (tmp_path / "paged").exists(), args
        assert (b"Venetoclax is a pill" if "drug" in args else b"iwCLL") in shown, args
    code, shown = run_on_terminal(["term", "MRD"], term_env, rows=200)  # fits the screen
    assert code == 0 and b"residual disease" in shown and not (tmp_path / "paged").exists()
    piped = subprocess.run([str(CLLKB), "drug", "venetoclax"], env=term_env, capture_output=True,
                           check=True)
    assert b"Venetoclax is a pill" in piped.stdout and not (tmp_path / "paged").exists()
    assert b"\x1b" not in piped.stdout and OSC8 not in piped.stdout


def test_links_are_clickable_and_whole_on_a_terminal_and_plain_when_piped(term_env) -> None:
    link = b"https://dailymed.nlm.nih.gov/dailymed/drugInfo.cfm?setid="
    code, shown = run_on_terminal(["sources", "fda-venetoclax"], term_env, rows=60, cols=60)
    assert code == 0
    assert OSC8 in shown and shown.count(link) == 2  # the hyperlink's target and its text
    text = shown.split(b"\x1b\\", 1)[1]  # after the hyperlink opens
    assert b"\r\n" not in text.split(b"ded821a97018", 1)[0]  # cllkb never breaks it
    piped = subprocess.run([str(CLLKB), "sources", "fda-venetoclax"], env=term_env,
                           capture_output=True, check=True)
    assert OSC8 not in piped.stdout and link in piped.stdout


def test_no_color_turns_styles_off_on_a_terminal(term_env) -> None:
    code, shown = run_on_terminal(["term", "MRD"], {**term_env, "NO_COLOR": "1"}, rows=200)
    assert code == 0 and b"\x1b[1" not in shown and b"residual disease" in shown
    code, shown = run_on_terminal(["term", "MRD"], {**term_env, "NO_COLOR": ""}, rows=200)
    assert code == 0 and b"\x1b[" in shown  # an empty NO_COLOR does not count


def test_export_all_shows_its_progress_on_a_terminal_only(term_env, tmp_path: Path) -> None:
    """A bar on the terminal while handouts are laid out; nothing of it when piped."""
    code, shown = run_on_terminal(["export", "--all", "-f", "md", "-o", f"{tmp_path}/t/"], term_env)
    assert code == 0 and b"Laying out handouts" in shown
    assert (tmp_path / "t" / "index.md").is_file()
    piped = subprocess.run([str(CLLKB), "export", "--all", "-f", "md", "-o", f"{tmp_path}/p/"],
                           env=term_env, capture_output=True, check=True)
    assert b"Laying out" not in piped.stderr + piped.stdout
    assert sorted(p.name for p in (tmp_path / "t").iterdir()) == sorted(
        p.name for p in (tmp_path / "p").iterdir())


def test_piped_output_fits_the_screen_it_is_read_on(term_env) -> None:
    """`cllkb drug venetoclax | less` on a 60-column terminal: stdout is a pipe, stderr is still
    the terminal, so lines fit 60 columns (without a terminal, 88 or COLUMNS)."""
    import struct

    main, sub = pty.openpty()
    fcntl.ioctl(sub, termios.TIOCSWINSZ, struct.pack("HHHH", 24, 60, 0, 0))
    env = {k: v for k, v in term_env.items() if k != "COLUMNS"}
    try:
        out = subprocess.run([str(CLLKB), "drug", "venetoclax"], env=env, stdout=subprocess.PIPE,
                             stderr=sub, check=True, timeout=60).stdout.decode()
    finally:
        os.close(sub)
        os.close(main)
    lines = out.splitlines()
    assert "Venetoclax" in out and max(len(line) for line in lines if "://" not in line) <= 60
    alone = subprocess.run([str(CLLKB), "drug", "venetoclax"], env=env, capture_output=True,
                           check=True).stdout.decode()
    assert max(len(line) for line in alone.splitlines()) > 60  # no terminal: the 88 default
