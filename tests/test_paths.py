"""The default folders stay where they have always been on every platform.

A database or cache that moved would look lost after an upgrade, so each platform's folders
are pinned here, with and without the variables that move them. The platform is chosen by
`sys.platform`, which each test sets; Windows' own folder lookup (which needs Windows) is
replaced by a fake one, so its fallback can be checked on any machine.
"""

from __future__ import annotations

import sys
from pathlib import Path

import platformdirs.unix
import platformdirs.windows
import pytest

from starframe.paths import cache_dir, data_dir

MOVERS = (
    "XDG_DATA_HOME",
    "XDG_CACHE_HOME",
    "LOCALAPPDATA",
    "STARFRAME_DATA_DIR",
    "STARFRAME_CACHE_DIR",
)
"""Every variable that moves a folder: none is set unless a test sets it."""


@pytest.fixture
def home(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    """A fresh home folder, with none of the variables that move the folders."""
    for name in MOVERS:
        monkeypatch.delenv(name, raising=False)
    monkeypatch.setenv("HOME", str(tmp_path))
    monkeypatch.setattr(Path, "home", classmethod(lambda cls: tmp_path))
    return tmp_path


def test_linux_defaults(home: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(sys, "platform", "linux")
    assert data_dir() == home / ".local" / "share" / "starframe"
    assert cache_dir() == home / ".cache" / "starframe"


def test_linux_follows_the_xdg_variables(home: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(sys, "platform", "linux")
    monkeypatch.setenv("XDG_DATA_HOME", str(home / "data"))
    monkeypatch.setenv("XDG_CACHE_HOME", str(home / "cache"))
    assert data_dir() == home / "data" / "starframe"
    assert cache_dir() == home / "cache" / "starframe"


def test_linux_treats_empty_xdg_variables_as_unset(
    home: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(sys, "platform", "linux")
    monkeypatch.setenv("XDG_DATA_HOME", "")
    monkeypatch.setenv("XDG_CACHE_HOME", "")
    assert data_dir() == home / ".local" / "share" / "starframe"
    assert cache_dir() == home / ".cache" / "starframe"


@pytest.mark.parametrize("xdg", [None, "", "  ", "relative/place", "/elsewhere", "/elsewhere/"])
@pytest.mark.parametrize("home_value", ["/home/someone", "/home/someone/", "/", "relative", None])
def test_linux_names_the_folders_as_platformdirs_does(
    home: Path, monkeypatch: pytest.MonkeyPatch, xdg: str | None, home_value: str | None
) -> None:
    """starframe names them itself (importing platformdirs costs a tenth of a warm start)."""
    monkeypatch.setattr(sys, "platform", "linux")
    if home_value is None:
        monkeypatch.delenv("HOME")
    else:
        monkeypatch.setenv("HOME", home_value)
    if xdg is not None:
        monkeypatch.setenv("XDG_DATA_HOME", xdg and xdg + "-data")
        monkeypatch.setenv("XDG_CACHE_HOME", xdg)
    folders = platformdirs.unix.Unix("starframe")
    assert data_dir() == Path(folders.user_data_dir)
    assert cache_dir() == Path(folders.user_cache_dir)


@pytest.mark.parametrize("xdg", [False, True])
def test_macos_uses_the_library_folders(
    home: Path, monkeypatch: pytest.MonkeyPatch, xdg: bool
) -> None:
    """XDG variables, which some people set on a Mac too, never moved these folders."""
    monkeypatch.setattr(sys, "platform", "darwin")
    if xdg:
        monkeypatch.setenv("XDG_DATA_HOME", str(home / "data"))
        monkeypatch.setenv("XDG_CACHE_HOME", str(home / "cache"))
    assert data_dir() == home / "Library" / "Application Support" / "starframe"
    assert cache_dir() == home / "Library" / "Caches" / "starframe"


def test_windows_uses_localappdata_for_both(home: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(sys, "platform", "win32")
    monkeypatch.setattr(platformdirs.windows, "_RESOLVE_WIN_FOLDER", _never_asked)
    monkeypatch.setenv("LOCALAPPDATA", str(home / "Local"))
    assert data_dir() == home / "Local" / "starframe"
    assert cache_dir() == home / "Local" / "starframe"


def test_windows_without_localappdata_asks_windows(
    home: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """No author folder and no `Cache` folder inside, as platformdirs would add by default."""
    local = home / "AppData" / "Local"
    monkeypatch.setattr(sys, "platform", "win32")
    monkeypatch.setattr(
        platformdirs.windows,
        "_RESOLVE_WIN_FOLDER",
        lambda name: str(local) if name == "CSIDL_LOCAL_APPDATA" else _never_asked(name),
    )
    assert data_dir() == local / "starframe"
    assert cache_dir() == local / "starframe"


@pytest.mark.parametrize("platform", ["linux", "darwin", "win32"])
def test_starframe_variables_win_everywhere(
    home: Path, monkeypatch: pytest.MonkeyPatch, platform: str
) -> None:
    monkeypatch.setattr(sys, "platform", platform)
    monkeypatch.setenv("LOCALAPPDATA", str(home / "Local"))
    env = {"STARFRAME_DATA_DIR": str(home / "d"), "STARFRAME_CACHE_DIR": str(home / "c")}
    assert data_dir(env) == home / "d"
    assert cache_dir(env) == home / "c"


def _never_asked(name: str) -> str:
    raise AssertionError(f"Windows was asked for {name}")
