"""Where starframe keeps its files, overridable by environment for tests and organisations.

STARFRAME_DATA_DIR and STARFRAME_CACHE_DIR win. Otherwise each is a `starframe` folder in the
platform's own place for the user's data and caches:

- Linux and other Unix: `$XDG_DATA_HOME`, else `~/.local/share`; `$XDG_CACHE_HOME`, else
  `~/.cache`;
- macOS: `~/Library/Application Support`; `~/Library/Caches`;
- Windows: `%LOCALAPPDATA%` for both (there is no separate cache folder).

These are the folders starframe has always used, and tests/test_paths.py pins them: were the
default database to move, it would look lost after an upgrade. platformdirs names them,
except where its answer would move a folder a database may already be in:

- macOS: platformdirs lets `$XDG_DATA_HOME` and `$XDG_CACHE_HOME` move these folders, which
  starframe has never followed there, so the Library folders are named here.
- Windows: `%LOCALAPPDATA%` when it is set, as before (platformdirs asks Windows for its Local
  AppData folder, ignoring a changed variable); platformdirs' answer where it is missing.

One difference is deliberate: on Linux a relative `$XDG_*` value is ignored, as the XDG
specification asks. starframe used to take it from whatever folder it was started in, so a
database there was found only when starting from that same folder.

`environ` supplies starframe's own variables (tests pass their own); the platform's
(`XDG_*`, `LOCALAPPDATA`) are read from the process, where platformdirs reads them.
"""

from __future__ import annotations

import os
import sys
from collections.abc import Mapping
from pathlib import Path
from typing import Literal

APP = "starframe"
Kind = Literal["data", "cache"]


def _folder(kind: Kind) -> Path:
    if sys.platform == "win32":
        local = os.environ.get("LOCALAPPDATA")
        if local:
            return Path(local) / APP
        from platformdirs.windows import Windows

        return Path(Windows(APP, appauthor=False).user_data_dir)
    if sys.platform == "darwin":
        sub = "Caches" if kind == "cache" else "Application Support"
        return Path.home() / "Library" / sub / APP
    from platformdirs.unix import Unix

    folders = Unix(APP)
    return Path(folders.user_cache_dir if kind == "cache" else folders.user_data_dir)


def cache_dir(environ: Mapping[str, str] | None = None) -> Path:
    """The check cache's folder: STARFRAME_CACHE_DIR, else the platform's cache folder."""
    env = os.environ if environ is None else environ
    chosen = env.get("STARFRAME_CACHE_DIR")
    return Path(chosen) if chosen else _folder("cache")


def data_dir(environ: Mapping[str, str] | None = None) -> Path:
    """The default database's folder: STARFRAME_DATA_DIR, else the platform's data folder."""
    env = os.environ if environ is None else environ
    chosen = env.get("STARFRAME_DATA_DIR")
    return Path(chosen) if chosen else _folder("data")
