"""Where starframe keeps its files, overridable by environment for tests and organisations."""

from __future__ import annotations

import os
import sys
from collections.abc import Mapping
from pathlib import Path


def _base(kind: str, environ: Mapping[str, str]) -> Path:
    home = Path.home()
    if sys.platform == "win32":
        return Path(environ.get("LOCALAPPDATA", home / "AppData" / "Local"))
    if sys.platform == "darwin":
        sub = "Caches" if kind == "cache" else "Application Support"
        return home / "Library" / sub
    if kind == "cache":
        return Path(environ.get("XDG_CACHE_HOME") or home / ".cache")
    return Path(environ.get("XDG_DATA_HOME") or home / ".local" / "share")


def cache_dir(environ: Mapping[str, str] | None = None) -> Path:
    env = os.environ if environ is None else environ
    return (
        Path(env["STARFRAME_CACHE_DIR"])
        if env.get("STARFRAME_CACHE_DIR")
        else _base("cache", env) / "starframe"
    )


def data_dir(environ: Mapping[str, str] | None = None) -> Path:
    env = os.environ if environ is None else environ
    return (
        Path(env["STARFRAME_DATA_DIR"])
        if env.get("STARFRAME_DATA_DIR")
        else _base("data", env) / "starframe"
    )
