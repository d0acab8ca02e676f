"""Clinic details: the config file round trip, its exact error lines, and the warning box."""

from __future__ import annotations

import json
import os
import shlex
import stat
import sys
import tempfile
from pathlib import Path

import pytest
from hypothesis import given
from hypothesis import strategies as st
from typer.main import get_command

from cll_kb.cli import load
from cll_kb.config.clinic import (
    KEYS,
    Clinic,
    call_line,
    config_path,
    load_clinic,
    read_values,
    set_value,
    unset_value,
)
from cll_kb.config.toml_file import fresh, loads, quoted
from cll_kb.errors import ConfigError
from cll_kb.fs import atomic

from .conftest import KB_MIN, REPO

app = load()  # every command registered

GOLDEN = Path(__file__).parent / "golden"
ALLOWED = "name, phone, after_hours_phone, website, address"
ROOT = hasattr(os, "geteuid") and os.geteuid() == 0  # root reads and writes through chmod


@pytest.fixture
def cfg() -> Path:
    """The isolated config path conftest points CLLKB_CONFIG at (its folder does not exist yet)."""
    return Path(os.environ["CLLKB_CONFIG"])


def write(path: Path, text: str) -> Path:
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(text, encoding="utf-8")
    return path


# --- the round trip -------------------------------------------------------------------------

def test_set_show_load_round_trip(cli, cfg: Path) -> None:
    result = cli("config", "set", "clinic.phone", "555-0100")
    assert result.exit_code == 0
    assert result.stdout == f'wrote clinic.phone = "555-0100" to {cfg}\n'
    assert cli("config", "set", "clinic.name", 'St. Mary\'s "Blood" Clinic').exit_code == 0
    assert cli("config", "set", "clinic.address", "1 Main St\nSpringfield").exit_code == 0
    show = cli("config", "show")
    assert show.exit_code == 0
    assert show.stdout == (
        f"config file: {cfg}\n"
        "[clinic]\n"
        "  name               St. Mary's \"Blood\" Clinic\n"
        "  phone              555-0100\n"
        "  after_hours_phone  (not set)\n"
        "  website            (not set)\n"
        "  address            1 Main St\n"
        "                     Springfield\n"
        "Warning boxes read: “Call St. Mary's \"Blood\" Clinic at 555-0100 right away if…”\n"
    )
    data = json.loads(cli("config", "show", "--json").stdout)
    assert data == {"path": str(cfg), "exists": True, "clinic": {
        "name": 'St. Mary\'s "Blood" Clinic', "phone": "555-0100", "after_hours_phone": "",
        "website": "", "address": "1 Main St\nSpringfield"}}
    assert load_clinic() == Clinic(name='St. Mary\'s "Blood" Clinic', phone="555-0100",
                                   address="1 Main St\nSpringfield")


def test_show_without_a_file_says_how_to_make_one(cli, cfg: Path) -> None:
    result = cli("config", "show")
    assert result.exit_code == 0
    assert result.stdout == (
        f"No config file at {cfg}.\n"
        "Warning boxes say “Call your care team”. To name your clinic, run for example:\n"
        '  cllkb config set clinic.phone "555-0100"\n')
    data = json.loads(cli("config", "show", "--json").stdout)
    assert data == {"path": str(cfg), "exists": False, "clinic": dict.fromkeys(KEYS, "")}
    assert not cfg.exists()


def test_unset_removes_one_key_and_is_quiet_when_absent(cli, cfg: Path) -> None:
    assert cli("config", "unset", "clinic.phone").stdout == (
        f"clinic.phone is not set in {cfg}; nothing changed\n")
    assert not cfg.exists()
    set_value("clinic.phone", "555-0100")
    set_value("clinic.name", "Hem Clinic")
    result = cli("config", "unset", "clinic.phone")
    assert result.exit_code == 0 and result.stdout == f"removed clinic.phone from {cfg}\n"
    assert read_values(cfg) == {"name": "Hem Clinic"}


def test_set_keeps_comments_and_other_keys(cfg: Path) -> None:
    write(cfg, "# Main campus numbers, checked 2026-11\n[clinic]\n"
               "name = 'Hem Clinic'  # as on the letterhead\n\n# the desk\nphone = \"1\"\n")
    set_value("clinic.phone", "555-0100")
    set_value("clinic.website", "https://example.org")
    assert unset_value("clinic.name")
    assert cfg.read_text(encoding="utf-8") == (
        "# Main campus numbers, checked 2026-11\n[clinic]\n\n# the desk\n"
        'phone = "555-0100"\nwebsite = "https://example.org"\n')


@pytest.mark.parametrize(("layout", "after"), [
    ('clinic = { name = "Hem Clinic" }  # inline\n',
     'clinic = { name = "Hem Clinic", phone = "555-0100"}  # inline\n'),
    ('# dotted\nclinic.name = "Hem Clinic"\n',
     '# dotted\nclinic.name = "Hem Clinic"\nclinic.phone = "555-0100"\n'),
])
def test_set_keeps_inline_tables_and_dotted_keys(cfg: Path, layout: str, after: str) -> None:
    write(cfg, layout)
    set_value("clinic.phone", "555-0100")
    assert cfg.read_text(encoding="utf-8") == after


def test_set_keeps_the_file_mode_and_writes_through_a_symlink(tmp_path: Path) -> None:
    real = write(tmp_path / "shared" / "cllkb.toml", '[clinic]\nname = "Hem Clinic"\n')
    real.chmod(0o644)
    link = tmp_path / "config.toml"
    link.symlink_to(real)
    set_value("clinic.phone", "555-0100", link)
    assert link.is_symlink()
    assert stat.S_IMODE(real.stat().st_mode) == 0o644
    assert read_values(real) == {"name": "Hem Clinic", "phone": "555-0100"}


@given(st.text(st.characters(blacklist_categories=("Cs",))))
def test_quoted_reads_back_exactly(value: str) -> None:
    written = quoted(value)
    assert "\n" not in written and "\r" not in written
    assert loads(f"v = {written}\n") == {"v": value}


@given(st.dictionaries(st.sampled_from(KEYS), st.text(st.characters(blacklist_categories=("Cs",)))))
def test_a_fresh_file_reads_back_exactly(values: dict[str, str]) -> None:
    assert loads(fresh("clinic", values, KEYS)) == {"clinic": values}


# Any text a clinic detail may hold: what `value_problem` refuses (control characters but the
# newline, bidi controls, lone surrogates, more than MAX_VALUE characters) is tested apart.
VALUES = st.text(st.characters(blacklist_categories=("Cs", "Cc", "Cf")) | st.just("\n"),
                 max_size=40)


@given(st.lists(st.tuples(st.sampled_from(KEYS), st.one_of(st.none(), VALUES)), max_size=8),
       st.sampled_from(["", "# notes\n", "[clinic]\n", "[clinic] # x\nname = '''a\nb'''\n"]))
def test_set_and_unset_read_back_exactly(steps: list[tuple[str, str | None]], start: str) -> None:
    """Any text a value may hold: quotes, backslashes, newlines, any script."""
    with tempfile.TemporaryDirectory() as tmp:
        path = write(Path(tmp) / "config.toml", start)
        expected = dict(read_values(path) or {})
        for key, value in steps:
            if value is None:
                unset_value(f"clinic.{key}", path)
                expected.pop(key, None)
            else:
                set_value(f"clinic.{key}", value, path)
                expected[key] = value
        assert read_values(path) == expected
        assert sorted(p.name for p in Path(tmp).iterdir()) == ["config.toml"]


# --- whom to call ---------------------------------------------------------------------------

@pytest.mark.parametrize(("clinic", "line"), [
    (Clinic(name="Hem Clinic", phone="555-0100", after_hours_phone="555-0199"),
     "Call Hem Clinic at 555-0100 (after hours: 555-0199)"),
    (Clinic(name="Hem Clinic", phone="555-0100"), "Call Hem Clinic at 555-0100"),
    (Clinic(phone="555-0100"), "Call your care team at 555-0100"),
    (Clinic(phone="555-0100", after_hours_phone="555-0199"),
     "Call your care team at 555-0100 (after hours: 555-0199)"),
    (Clinic(name="Hem Clinic"), "Call Hem Clinic"),
    (Clinic(name="Hem Clinic", after_hours_phone="555-0199"),
     "Call Hem Clinic (after hours: 555-0199)"),
    (Clinic(website="https://example.org"), "Call your care team"),
    (Clinic(name="  Hem\n Clinic\x1b ", phone="\t555-0100\n"), "Call Hem Clinic at 555-0100"),
    (None, "Call your care team"),
])  # fmt: skip
def test_call_line_leaves_out_what_is_not_set(clinic: Clinic | None, line: str) -> None:
    assert call_line(clinic) == line


def test_no_file_or_no_details_means_no_clinic(cfg: Path) -> None:
    assert load_clinic() is None
    write(cfg, "# nothing yet\n")
    assert load_clinic() is None
    write(cfg, '[clinic]\nname = "  "\n')
    assert load_clinic() is None


def test_config_path_env_override_and_default(monkeypatch: pytest.MonkeyPatch,
                                              tmp_path: Path, cli) -> None:
    monkeypatch.setenv("CLLKB_CONFIG", str(tmp_path / "elsewhere.toml"))
    assert config_path() == tmp_path / "elsewhere.toml"
    assert cli("config", "path").stdout == f"{tmp_path / 'elsewhere.toml'}\n"
    monkeypatch.delenv("CLLKB_CONFIG")
    monkeypatch.setenv("XDG_CONFIG_HOME", str(tmp_path / "xdg"))
    from platformdirs import user_config_dir

    assert config_path() == Path(user_config_dir("cllkb", appauthor=False)) / "config.toml"
    if sys.platform.startswith("linux"):
        assert config_path() == tmp_path / "xdg" / "cllkb" / "config.toml"


# --- errors: one line, the file and the line -----------------------------------------------

@pytest.mark.parametrize(("text", "message"), [
    ("[clinic\n", "1: invalid TOML: Expected ']' at the end of a table declaration (column 8)"),
    ("[clinic]\nphone = 555-0100\n",
     "2: invalid TOML: Expected newline or end of document after a statement (column 12); "
     'values go in quotes: key = "…"'),
    ('[clinic]\nname = "a"\nname = "b"\n', "3: invalid TOML: Cannot overwrite a value (column 11)"),
    ("[clinik]\nphone = '555-0100'\n",
     f"1: unknown table [clinik]; the only table is [clinic], with keys {ALLOWED}"),
    ("phone = '555-0100'\n",
     f"1: unknown key 'phone' outside a table; put it under [clinic], whose keys are {ALLOWED}"),
    ("# ours\n[clinic]\nname = 'Hem'\nfax = '555-0102'\n",
     f"4: unknown key 'fax' in [clinic]; allowed keys: {ALLOWED}"),
    ("[clinic]\naddress = '''1 Main St\nSpringfield'''\nfax = '''555\n0102'''\n",
     f"4: unknown key 'fax' in [clinic]; allowed keys: {ALLOWED}"),
    ("[clinic]\n\nphone = 5550100\n", '3: clinic.phone must be text in quotes, not a number: phone = "…"'),
    ("[clinic]\nname = true\n", '2: clinic.name must be text in quotes, not true/false: name = "…"'),
    ("[clinic]\nwebsite = ['a']\n", '2: clinic.website must be text in quotes, not a list: website = "…"'),
    ("clinic = 'Hem'\n", "1: 'clinic' must be a table: a line [clinic], then key = \"value\" lines"),
])  # fmt: skip
def test_bad_files_are_one_line_naming_file_and_line(cli, cfg: Path, text: str,
                                                     message: str) -> None:
    write(cfg, text)
    for args in (["config", "show"], ["--kb", str(KB_MIN), "drug", "venetoclax"]):
        result = cli(*args)
        assert result.exit_code == 1 and result.stdout == ""
        assert result.stderr == f"cllkb: error: {cfg}:{message}\n"
    before = cfg.read_bytes()
    assert cli("config", "set", "clinic.phone", "555-0100").exit_code == 1
    assert cfg.read_bytes() == before  # a broken file is never overwritten


def test_not_utf8_names_the_line(cli, cfg: Path) -> None:
    cfg.parent.mkdir(parents=True)
    cfg.write_bytes(b"[clinic]\nname = 'Cl\xe9nique'\n")
    result = cli("config", "show")
    assert result.exit_code == 1
    assert result.stderr == f"cllkb: error: {cfg}:2: not UTF-8 text; save the file as UTF-8\n"


def test_a_folder_as_config_path(cli, cfg: Path) -> None:
    cfg.mkdir(parents=True)
    line = (f"cllkb: error: {cfg}: is a folder, not a config file; "
            "CLLKB_CONFIG must name a file such as config.toml\n")
    for args in (["config", "show"], ["config", "set", "clinic.phone", "1"]):
        result = cli(*args)
        assert result.exit_code == 1 and result.stderr == line


def test_unknown_key_on_set_is_a_usage_error(cli, cfg: Path) -> None:
    result = cli("config", "set", "clinic.fax", "555-0102")
    assert result.exit_code == 2 and result.stdout == ""
    assert result.stderr == (
        "cllkb: error: unknown key 'clinic.fax'; the keys are clinic.name, clinic.phone, "
        "clinic.after_hours_phone, clinic.website, clinic.address\n")
    assert cli("config", "unset", "phone").exit_code == 2
    assert not cfg.exists()


def test_text_that_is_not_unicode_is_refused(cli, cfg: Path) -> None:
    # A command-line byte that is not UTF-8 arrives as a lone surrogate (PEP 383).
    result = cli("config", "set", "clinic.name", "Cl\udce9nique")
    assert result.exit_code == 1
    assert result.stderr == "cllkb: error: the value for clinic.name is not valid text (UTF-8)\n"
    assert not cfg.exists()


def test_a_parent_that_is_a_file(cli, tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    blocker = write(tmp_path / "blocker", "")
    monkeypatch.setenv("CLLKB_CONFIG", str(blocker / "config.toml"))
    assert cli("config", "show").stdout.startswith("No config file at")
    result = cli("config", "set", "clinic.phone", "555-0100")
    assert result.exit_code == 1
    assert result.stderr == (f"cllkb: error: {blocker / 'config.toml'}: cannot write the config "
                             f"file: {blocker} is not a folder; nothing was changed\n")


def test_a_failed_write_leaves_the_old_file_whole(cli, cfg: Path,
                                                  monkeypatch: pytest.MonkeyPatch) -> None:
    write(cfg, '[clinic]\nphone = "555-0100"\n')

    def disk_full(src: object, dst: object) -> None:
        raise OSError(28, "No space left on device")

    monkeypatch.setattr(atomic.os, "replace", disk_full)
    result = cli("config", "set", "clinic.phone", "555-0199")
    assert result.exit_code == 1
    assert result.stderr == (f"cllkb: error: {cfg}: cannot write the config file: "
                             "No space left on device; nothing was changed\n")
    assert cfg.read_text(encoding="utf-8") == '[clinic]\nphone = "555-0100"\n'
    assert [p.name for p in cfg.parent.iterdir()] == ["config.toml"]


def test_permission_errors_simulated(cli, cfg: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """The same two lines as the chmod test below, which root (as in CI containers) skips."""
    write(cfg, '[clinic]\nphone = "555-0100"\n')

    def denied(*args: object, **kwargs: object) -> None:
        raise PermissionError(13, "Permission denied")

    monkeypatch.setattr(atomic.tempfile, "mkstemp", denied)
    result = cli("config", "set", "clinic.phone", "555-0199")
    assert result.stderr == (f"cllkb: error: {cfg}: cannot write the config file: "
                             "Permission denied; nothing was changed\n")
    from cll_kb.fs import files

    def refused(*args: object, **kwargs: object) -> None:
        raise files.FileRefused("Permission denied")

    monkeypatch.setattr(files, "read_regular", refused)
    result = cli("config", "show")
    assert result.exit_code == 1
    assert result.stderr == f"cllkb: error: {cfg}: cannot read the config file: Permission denied\n"


@pytest.mark.skipif(ROOT or sys.platform == "win32", reason="root and Windows ignore chmod")
def test_unreadable_file_and_unwritable_folder(cli, cfg: Path) -> None:
    write(cfg, '[clinic]\nphone = "555-0100"\n').chmod(0)
    result = cli("config", "show")
    assert result.exit_code == 1
    assert result.stderr == f"cllkb: error: {cfg}: cannot read the config file: Permission denied\n"
    cfg.chmod(0o600)
    cfg.parent.chmod(0o500)
    try:
        result = cli("config", "set", "clinic.phone", "555-0199")
    finally:
        cfg.parent.chmod(0o700)
    assert result.exit_code == 1
    assert result.stderr == (f"cllkb: error: {cfg}: cannot write the config file: "
                             "Permission denied; nothing was changed\n")
    assert read_values(cfg) == {"phone": "555-0100"}


def test_core_errors_are_config_errors(cfg: Path) -> None:
    write(cfg, "[clinic]\nfax = '1'\n")
    with pytest.raises(ConfigError, match=r":2: unknown key 'fax'"):
        load_clinic()


# --- the warning box ------------------------------------------------------------------------

CLINIC = {"name": "Hem Clinic", "phone": "555-0100", "after_hours_phone": "555-0199"}
TITLE = "Call Hem Clinic at 555-0100 (after hours: 555-0199) right away if…"


def test_warning_box_without_a_clinic_is_the_golden_output(cli) -> None:
    result = cli("--kb", str(KB_MIN), "--color", "never", "drug", "venetoclax")
    assert result.stdout == (GOLDEN / "drug-venetoclax.txt").read_text(encoding="utf-8")


def test_warning_box_names_the_clinic_and_nothing_else_changes(cli) -> None:
    for key, value in CLINIC.items():
        set_value(f"clinic.{key}", value)
    golden = (GOLDEN / "drug-venetoclax.txt").read_text(encoding="utf-8").splitlines()
    result = cli("--kb", str(KB_MIN), "--color", "never", "drug", "venetoclax")
    assert result.exit_code == 0
    out = result.stdout.splitlines()
    at = next(i for i, line in enumerate(golden) if "Call your care team right away if…" in line)
    width = len(golden[at])
    assert out[at] == f"┏━ {TITLE} ".ljust(width - 1, "━") + "┓"
    assert out[:at] + out[at + 1:] == golden[:at] + golden[at + 1:]


def test_a_title_too_wide_moves_the_call_line_into_the_box(cli, monkeypatch) -> None:
    for key, value in CLINIC.items():
        set_value(f"clinic.{key}", value)
    monkeypatch.setenv("COLUMNS", "60")
    out = cli("--kb", str(KB_MIN), "--color", "never", "drug", "venetoclax").stdout.splitlines()
    at = next(i for i, line in enumerate(out) if line.startswith("┏"))
    assert out[at] == "┏━ Call right away if… ".ljust(59, "━") + "┓"
    body = " ".join(line.strip("┃ ") for line in out[at + 1:at + 3])
    assert body.startswith("Call Hem Clinic at 555-0100 (after hours: 555-0199) •")


def test_ask_names_the_clinic_too(cli) -> None:
    for key, value in CLINIC.items():
        set_value(f"clinic.{key}", value)
    result = cli("ask", "tumor lysis syndrome")
    assert result.exit_code == 0
    assert f"┏━ {TITLE} ━" in result.stdout
    assert "Call your care team right away" not in result.stdout


def test_json_and_version_never_read_the_config(cli, cfg: Path) -> None:
    write(cfg, "not toml at all\n")
    assert cli("--kb", str(KB_MIN), "drug", "venetoclax", "--json").exit_code == 0
    assert cli("--kb", str(KB_MIN), "--version").exit_code == 0
    assert cli("--kb", str(KB_MIN), "drug", "venetoclax").exit_code == 1


# --- docs -----------------------------------------------------------------------------------

SUBCOMMANDS = sorted(get_command(app).commands["config"].commands.items())  # type: ignore[attr-defined]


@pytest.mark.parametrize(("name", "command"), SUBCOMMANDS, ids=[c[0] for c in SUBCOMMANDS])
def test_every_config_command_has_a_runnable_example_and_a_readme_line(cli, name, command) -> None:
    example = (command.help or "").strip().splitlines()[-1]
    assert example.startswith(f"Example: cllkb config {name}"), example
    assert cli(*shlex.split(example.removeprefix("Example: cllkb "))).exit_code == 0, example
    assert f"cllkb config {name}" in (REPO / "README.md").read_text(encoding="utf-8")


def test_readme_documents_every_key() -> None:
    readme = (REPO / "README.md").read_text(encoding="utf-8")
    for key in KEYS:
        assert f"{key} = " in readme, key
