"""Where starframe keeps its files, overridable by environment for tests and organisations.

STARFRAME_DATA_DIR and STARFRAME_CACHE_DIR win. Otherwise each is a `starframe` folder in the
platform's own place for the user's data and caches:

- Linux and other Unix: `$XDG_DATA_HOME`, else `~/.local/share`; `$XDG_CACHE_HOME`, else
  `~/.cache`;
- macOS: `~/Library/Application Support`; `~/Library/Caches`;
- Windows: `%LOCALAPPDATA%` for both (there is no separate cache folder).

These are the folders starframe has always used, and tests/test_paths.py pins them: were the
default database to move, it would look lost after an upgrade.

- Linux: named here by the XDG rule, as platformdirs names them, because importing
  platformdirs loads `tempfile`, `shutil` and `random`, a tenth of a warm `stars list`
  (whose target is 60 ms of CPU). An absolute `$XDG_*` value wins; a relative one is ignored,
  as the XDG specification asks (starframe used to take it from whatever folder it was
  started in, so a database there was found only when starting from that same folder); then
  `$HOME`, when absolute. Without such a `$HOME`, platformdirs finds the home folder (in the
  password database). tests/test_paths.py checks this against platformdirs' own answer.
- macOS: platformdirs lets `$XDG_DATA_HOME` and `$XDG_CACHE_HOME` move these folders, which
  starframe has never followed there, so the Library folders are named here.
- Windows: `%LOCALAPPDATA%` when it is set, as before (platformdirs asks Windows for its Local
  AppData folder, ignoring a changed variable); platformdirs' answer where it is missing.

`environ` supplies starframe's own variables (tests pass their own); the platform's
(`XDG_*`, `LOCALAPPDATA`) are read from the process, where platformdirs reads them.
"""

from __future__ import annotations

import os
import sys

TYPE_CHECKING = False
if TYPE_CHECKING:
    from collections.abc import Mapping
    from pathlib import Path
    from typing import Literal

    Kind = Literal["data", "cache"]

APP = "starframe"
_XDG: dict[Kind, tuple[str, str]] = {
    "data": ("XDG_DATA_HOME", ".local/share"),
    "cache": ("XDG_CACHE_HOME", ".cache"),
}
"""Each folder's XDG variable, and where it is in the home folder when that is not set."""


def _folder(kind: Kind) -> str:
    if sys.platform == "win32":
        local = os.environ.get("LOCALAPPDATA")
        if local:
            return os.path.join(local, APP)
        from platformdirs.windows import Windows

        return Windows(APP, appauthor=False).user_data_dir
    if sys.platform == "darwin":
        sub = "Caches" if kind == "cache" else "Application Support"
        return os.path.join(os.path.expanduser("~"), "Library", sub, APP)
    variable, under_home = _XDG[kind]
    chosen = os.environ.get(variable, "")
    if os.path.isabs(chosen):
        return os.path.join(chosen, APP)
    home = os.environ.get("HOME", "")
    if os.path.isabs(home):
        return os.path.join(home, under_home, APP)
    from platformdirs.unix import Unix

    folders = Unix(APP)
    return folders.user_cache_dir if kind == "cache" else folders.user_data_dir


def cache_folder(environ: Mapping[str, str] | None = None) -> str:
    """`cache_dir` as a string, for a start that has not imported pathlib (`stars list`)."""
    env = os.environ if environ is None else environ
    return env.get("STARFRAME_CACHE_DIR") or _folder("cache")


def cache_dir(environ: Mapping[str, str] | None = None) -> Path:
    """The check cache's folder: STARFRAME_CACHE_DIR, else the platform's cache folder."""
    from pathlib import Path

    return Path(cache_folder(environ))


def data_dir(environ: Mapping[str, str] | None = None) -> Path:
    """The default database's folder: STARFRAME_DATA_DIR, else the platform's data folder."""
    from pathlib import Path

    env = os.environ if environ is None else environ
    return Path(env.get("STARFRAME_DATA_DIR") or _folder("data"))
