"""Where knowledge and the cache live: flags, then environment, then defaults."""

from __future__ import annotations

import os
from pathlib import Path

PACKAGED = "_knowledge"  # the wheel carries knowledge/ here (see pyproject.toml)


def packaged_knowledge() -> Path:
    """The knowledge shipped with the package; in a source checkout, the repo's knowledge/.

    The two plain folder checks come first: importlib.resources is slow to import, and is
    only needed for an install that is not a folder on disk.
    """
    here = Path(__file__).resolve().parent
    if (here / PACKAGED).is_dir():  # an installed wheel
        return here / PACKAGED
    checkout = here.parent
    if (checkout / "pyproject.toml").is_file() and (checkout / "knowledge").is_dir():
        return checkout / "knowledge"  # a source checkout, or an editable install of one
    from importlib import resources

    return Path(str(resources.files("cll_kb") / PACKAGED))


def knowledge_dir(flag: Path | None = None) -> Path:
    if flag is not None:
        return flag
    env = os.environ.get("CLLKB_KNOWLEDGE")
    return Path(env) if env else packaged_knowledge()


def local_dirs(flags: list[Path] | None = None) -> list[Path]:
    """A clinic's local layers: --local DIR (repeatable), else CLLKB_LOCAL_KNOWLEDGE."""
    if flags:
        return list(flags)
    env = os.environ.get("CLLKB_LOCAL_KNOWLEDGE", "")
    return [Path(p) for p in env.split(os.pathsep) if p]


def cache_dir() -> Path:
    env = os.environ.get("CLLKB_CACHE_DIR")
    if env:
        return Path(env)
    from platformdirs import user_cache_dir

    return Path(user_cache_dir("cllkb", appauthor=False))


def config_file() -> Path:
    """The clinic's config: CLLKB_CONFIG, else config.toml in the user config dir."""
    env = os.environ.get("CLLKB_CONFIG")
    if env:
        return Path(env).expanduser()
    from platformdirs import user_config_dir

    return Path(user_config_dir("cllkb", appauthor=False)) / "config.toml"
