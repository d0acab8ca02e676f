"""`cllkb config`: the clinic's details (name, phones, website, address) in a TOML file."""

from __future__ import annotations

import json
import unicodedata

import typer

from ..status import ExitCode
from .app import app, state

config_app = typer.Typer(
    help="Show or change the clinic details that warning boxes and handouts name.\n\n"
    "The file is TOML with one [clinic] table (format in the README); CLLKB_CONFIG overrides "
    "where it lives.\n\nExample: cllkb config show",
    invoke_without_command=True,
    rich_markup_mode=None,
)
app.add_typer(config_app, name="config")


@config_app.callback()
def config_group(ctx: typer.Context) -> None:
    if ctx.invoked_subcommand is None:  # like bare `cllkb`: help on stdout, exit 0
        state(ctx).echo(ctx.get_help())
        raise typer.Exit(int(ExitCode.OK))

KEY = typer.Argument(..., metavar="KEY", help="clinic.name, clinic.phone, clinic.after_hours_phone, clinic.website or clinic.address.")


def _shown(value: str) -> str:
    """A value on screen as it is, except that newlines indent and controls show as escapes."""
    out = "".join(ch if ch == "\n" or unicodedata.category(ch) != "Cc" else f"\\u{ord(ch):04X}"
                  for ch in value)
    return out.replace("\n", "\n" + " " * 21)


@config_app.command()
def show(ctx: typer.Context,
         as_json: bool = typer.Option(False, "--json", help="Print the path and values as JSON.")) -> None:
    """Show where the config file is and what it says.

    Example: cllkb config show
    """
    from ..config.clinic import (
        KEYS,
        SET_EXAMPLE,
        TABLE,
        Clinic,
        config_path,
        read_values,
        warning_title,
    )

    st = state(ctx)
    path = config_path()
    values = read_values(path)
    if as_json:
        st.echo(json.dumps({"path": str(path), "exists": values is not None,
                            TABLE: Clinic(**(values or {})).to_data()},
                           indent=2, ensure_ascii=False))
        return
    if values is None:
        st.echo(f"No config file at {path}.\nWarning boxes say “Call your care team”. "
                f"To name your clinic, run for example:\n  {SET_EXAMPLE}")
        return
    lines = [f"config file: {path}", f"[{TABLE}]"]
    lines += [f"  {k:<18} {_shown(values[k]) if k in values else '(not set)'}" for k in KEYS]
    lines.append(f"Warning boxes read: “{warning_title(Clinic(**values).call_line())}”")
    st.echo("\n".join(lines))


@config_app.command(name="set")
def set_(ctx: typer.Context, key: str = KEY,
         value: str = typer.Argument(..., metavar="VALUE", help="The text to store; quote it in the shell.")) -> None:
    """Set one clinic detail, keeping the rest of the file and its comments.

    Example: cllkb config set clinic.phone "555-0100"
    """
    from ..config.clinic import set_value
    from ..config.toml_file import quoted

    path = set_value(key, value)
    state(ctx).echo(f"wrote {key} = {quoted(value)} to {path}")


@config_app.command()
def unset(ctx: typer.Context, key: str = KEY) -> None:
    """Remove one clinic detail (nothing happens if it is not set).

    Example: cllkb config unset clinic.website
    """
    from ..config.clinic import config_path, unset_value

    path = config_path()
    removed = unset_value(key, path)
    state(ctx).echo(f"removed {key} from {path}" if removed
                    else f"{key} is not set in {path}; nothing changed")


@config_app.command()
def path(ctx: typer.Context) -> None:
    """Print where the config file is (or would be), set or not.

    Example: cllkb config path
    """
    from ..config.clinic import config_path

    state(ctx).echo(str(config_path()))
