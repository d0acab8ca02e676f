"""A clinic's own details (name, phones, website, address), kept in one small TOML file.

They turn the generic "Call your care team" in warning boxes and on handouts into the clinic's
own line. The file is optional: with none, everything reads as it always did. It is strict:
an unknown key or a number where text belongs is an error naming the file and line, because a
phone number that silently failed to load would be worse than none.
"""

from __future__ import annotations

import os
import unicodedata
from pathlib import Path

from ..errors import ConfigError, UsageError
from ..fs.files import os_words
from ..paths import config_file as config_path  # re-exported: the config module's one path
from ..record import Record, items
from ..textcheck import unsafe_char

TABLE = "clinic"
KEYS = ("name", "phone", "after_hours_phone", "website", "address")
DEFAULT_CALL = "Call your care team"
SET_EXAMPLE = 'cllkb config set clinic.phone "555-0100"'
MAX_VALUE = 300  # characters: a long address fits; a 10 MB name does not reach a handout
MAX_FILE_BYTES = 64 * 1024  # the file holds five short values


class Clinic(Record):
    name: str = ""
    phone: str = ""
    after_hours_phone: str = ""
    website: str = ""
    address: str = ""

    def call_line(self) -> str:
        """Call <name> at <phone> (after hours: <phone>), leaving out whatever is not set."""
        name, phone, late = (_one_line(v) for v in (self.name, self.phone, self.after_hours_phone))
        line = f"Call {name}" if name else DEFAULT_CALL
        if phone:
            line += f" at {phone}"
        if late:
            line += f" (after hours: {late})"
        return line

    def contact_lines(self) -> tuple[str, ...]:
        """The details a handout prints under its title, each on one clean line."""
        labelled = ((self.name, ""), (self.phone, "Phone: "),
                    (self.after_hours_phone, "After hours: "), (self.website, ""),
                    (self.address, ""))
        return tuple(label + _one_line(v) for v, label in labelled if _one_line(v))

    def to_data(self) -> dict[str, str]:
        return dict(items(self))


def warning_title(call: str) -> str:
    """The warning box's title, worded once for the screen, handouts and `config show`."""
    return f"{call} right away if…"


def call_line(clinic: Clinic | None) -> str:
    return clinic.call_line() if clinic is not None else DEFAULT_CALL


def load_clinic(path: Path | None = None) -> Clinic | None:
    """The clinic's details; None when there is no file or it sets nothing."""
    values = read_values(path or config_path())
    if values is None or not any(v.strip() for v in values.values()):
        return None
    return Clinic(**values)


def read_values(path: Path) -> dict[str, str] | None:
    """The validated `[clinic]` values as written (None when there is no file)."""
    text = _read_text(path)
    return None if text is None else _parse(path, text)


def qualified(key: str) -> str:
    """`clinic.phone` → `phone`; anything else is a usage error listing the keys there are
    (raised before any file is read or written)."""
    table, _, name = key.partition(".")
    if table != TABLE or name not in KEYS:
        allowed = ", ".join(f"{TABLE}.{k}" for k in KEYS)
        raise UsageError(f"unknown key '{key}'; the keys are {allowed}")
    return name


def set_value(key: str, value: str, path: Path | None = None) -> Path:
    """Write one value, keeping the rest of the file (comments too, where it can)."""
    name = qualified(key)
    try:
        value.encode("utf-8")
    except UnicodeEncodeError:
        raise ConfigError(f"the value for {key} is not valid text (UTF-8)") from None
    if problem := value_problem(value):
        raise UsageError(f"the value for {key} {problem}")
    path = path or config_path()
    text = _read_text(path)
    return _change(path, text, _parse(path, text) if text is not None else {}, name, value)


def unset_value(key: str, path: Path | None = None) -> bool:
    """Remove one value; False (and nothing written) when it was not set."""
    name = qualified(key)
    path = path or config_path()
    text = _read_text(path)
    values = _parse(path, text) if text is not None else {}
    if name not in values:
        return False
    _change(path, text, values, name, None)
    return True


def _change(path: Path, text: str | None, values: dict[str, str], name: str,
            value: str | None) -> Path:
    """Write the file as read (`text`, None if absent; `values`, its parsed clinic table) with
    one value set, or removed when `value` is None."""
    from ..fs.atomic import write_text
    from . import toml_file as config_toml  # tomllib is imported only when a config file is read

    wanted = {k: v for k, v in {**values, name: value}.items() if v is not None}
    new = config_toml.edit(text, TABLE, name, value)
    if not _says(new, wanted):  # a layout tomlkit could not change in place: write it afresh
        new = config_toml.fresh(TABLE, wanted, KEYS)
    target = path.resolve() if path.is_symlink() else path
    if target.parent.exists() and not target.parent.is_dir():
        raise ConfigError(f"{path}: cannot write the config file: {target.parent} is not a "
                          "folder; nothing was changed")
    try:
        target.parent.mkdir(parents=True, exist_ok=True)
        # An existing (perhaps shared) clinic file keeps its mode; a new one is the user's own.
        write_text(target, new, new_mode=0o600)
    except OSError as exc:
        raise ConfigError(f"{path}: cannot write the config file: {os_words(exc)}; "
                          "nothing was changed") from None
    return target


def _says(text: str, wanted: dict[str, str]) -> bool:
    from . import toml_file as config_toml  # tomllib is imported only when a config file is read

    try:
        doc = config_toml.loads(text)
    except config_toml.TOMLDecodeError:
        return False
    return set(doc) == {TABLE} and doc[TABLE] == wanted


def _read_text(path: Path) -> str | None:
    from ..fs.files import FileRefused, read_regular

    if path.is_dir():
        raise ConfigError(f"{path}: is a folder, not a config file; "
                          "CLLKB_CONFIG must name a file such as config.toml")
    if not os.path.lexists(path) or not os.path.isdir(path.parent):
        return None  # no file there (or a parent is a file: `set` says so)
    try:
        data = read_regular(path, MAX_FILE_BYTES)
    except FileRefused as exc:
        if not os.path.lexists(path):
            return None  # removed since we looked, or a dangling symlink
        raise ConfigError(f"{path}: cannot read the config file: {exc}") from None
    try:
        return data.decode("utf-8").removeprefix("\ufeff")
    except UnicodeDecodeError as exc:
        line = data[: exc.start].count(b"\n") + 1
        raise ConfigError(f"{path}:{line}: not UTF-8 text; save the file as UTF-8") from None


def _parse(path: Path, text: str) -> dict[str, str]:
    from . import toml_file as config_toml  # tomllib is imported only when a config file is read

    try:
        doc = config_toml.loads(text)
    except config_toml.TOMLDecodeError as exc:
        line, detail = config_toml.decode_error(text, exc)
        raise ConfigError(f"{path}:{line}: invalid TOML: {detail}") from None
    except RecursionError:  # `a = [[[[…` thousands deep: no config nests at all
        raise ConfigError(f"{path}: invalid TOML: nested too deeply") from None

    def where(*keys: str) -> str:
        return f"{path}:{config_toml.line_of(text, keys)}"

    allowed = ", ".join(KEYS)
    for key, value in doc.items():
        if key == TABLE:
            continue
        if isinstance(value, dict):
            raise ConfigError(f"{where(key)}: unknown table [{key}]; the only table is "
                              f"[{TABLE}], with keys {allowed}")
        raise ConfigError(f"{where(key)}: unknown key '{key}' outside a table; put it under "
                          f"[{TABLE}], whose keys are {allowed}")
    table = doc.get(TABLE, {})
    if not isinstance(table, dict):
        raise ConfigError(f"{where(TABLE)}: '{TABLE}' must be a table: a line [{TABLE}], "
                          'then key = "value" lines')
    for key, value in table.items():
        if key not in KEYS:
            raise ConfigError(f"{where(TABLE, key)}: unknown key '{key}' in [{TABLE}]; "
                              f"allowed keys: {allowed}")
        if not isinstance(value, str):
            raise ConfigError(f"{where(TABLE, key)}: {TABLE}.{key} must be text in quotes, "
                              f'not {_kind(value)}: {key} = "…"')
        if problem := value_problem(value):
            raise ConfigError(f"{where(TABLE, key)}: {TABLE}.{key} {problem}")
    return {k: table[k] for k in KEYS if k in table}


def value_problem(value: str) -> str:
    """Why a clinic detail cannot be used ("is longer than 300 characters"), or ""."""
    if len(value) > MAX_VALUE:
        return f"is longer than {MAX_VALUE} characters; shorten it"
    if problem := unsafe_char(value):
        return f"holds {problem}; retype it as plain text"
    return ""


def _kind(value: object) -> str:
    if isinstance(value, bool):
        return "true/false"
    if isinstance(value, int | float):
        return "a number"
    if isinstance(value, list):
        return "a list"
    if isinstance(value, dict):
        return "a table"
    return "a date or time"


def _one_line(value: str) -> str:
    """A value fit for a one-line title: whitespace runs become one space, controls go."""
    kept = "".join(" " if ch.isspace() else ch for ch in value
                   if ch.isspace() or unicodedata.category(ch) != "Cc")
    return " ".join(kept.split())
