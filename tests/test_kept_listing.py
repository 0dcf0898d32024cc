"""A warm `stars list` printed before click is imported prints what the command prints.

Each case runs the entry point in a child twice on the same kept listing: once as it starts
(`quick`), once with the quick start switched off (`full`: the click command, which prints
the same kept listing), and compares the bytes of stdout and stderr and the exit code. Each
run also reports whether it imported click, so a case knows which way it went.
"""

from __future__ import annotations

import os
import subprocess
import sys
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import pytest

from starframe.cli.shared.listing_cache import CACHE_FILE
from tests.conftest import registering
from tests.plugin_cli import HANG_GUARD, environ

ALLOW = ("fakegood",)
PROBE = """
import atexit, sys
from starframe.cli import kept_listing, main
if sys.argv[1] == "full":
    kept_listing.SPELLINGS.clear()
atexit.register(lambda: open(sys.argv[2], "w").write(str("click" in sys.modules)))
main(sys.argv[3:])
"""
"""The entry point, `quick` as installed or `full` (always the click command)."""


@dataclass
class Start:
    code: int
    out: bytes
    err: bytes
    click: bool


def _start(
    fake_dists: Any, tmp_path: Path, way: str, *args: str, stdout: int | None = None, **extra: str
) -> Start:
    flag = tmp_path / "click.txt"
    done = subprocess.run(
        [sys.executable, "-c", PROBE, way, str(flag), *args],
        env=environ(fake_dists, ALLOW, COLUMNS="100", **extra),
        cwd=tmp_path,
        stdout=subprocess.PIPE if stdout is None else stdout,
        stderr=subprocess.PIPE,
        timeout=HANG_GUARD,
    )
    return Start(done.returncode, done.stdout or b"", done.stderr, flag.read_text() == "True")


def _both(fake_dists: Any, tmp_path: Path, *args: str, **extra: str) -> tuple[Start, Start]:
    """The quick start and the full command on the same kept listing: (quick, full)."""
    return (
        _start(fake_dists, tmp_path, "quick", *args, **extra),
        _start(fake_dists, tmp_path, "full", *args, **extra),
    )


def _same(quick: Start, full: Start) -> bool:
    return (quick.code, quick.out, quick.err) == (full.code, full.out, full.err)


@pytest.fixture
def plugin(fake_dists: Any, make_star_text: Callable[..., str]) -> Path:
    """A plugin with a good Star, one named in Welsh (not ASCII) and a broken one (a reason on
    stderr), the broken one's file named with a control character (escaped when printed)."""
    stars = {"good.yaml": make_star_text("good"), "bad\x07.yaml": "id: [unclosed\n"}
    stars["cy.yaml"] = make_star_text("welsh", name="Seren Ŵyl")
    return fake_dists.add("fake-good", module="fakegood", source=registering(*stars), files=stars)


@pytest.mark.parametrize("args", [(), ("--json",)])
@pytest.mark.parametrize("extra", [{}, {"NO_COLOR": "1"}])
def test_the_quick_start_prints_the_commands_bytes(
    fake_dists: Any, tmp_path: Path, plugin: Path, args: tuple[str, ...], extra: dict[str, str]
) -> None:
    command = ("stars", "list", *args)
    cold = _start(fake_dists, tmp_path, "quick", *command, **extra)
    assert cold.click  # nothing kept yet: the command listed afresh, and kept it
    assert cold.code == 0
    assert b"good" in cold.out
    assert (b"\\u0007" if args else b"\\x07") in cold.out  # escaped as JSON, or for a terminal
    assert args or b"is broken" in cold.err
    quick, full = _both(fake_dists, tmp_path, *command, **extra)
    assert not quick.click
    assert full.click
    assert _same(quick, full)
    assert _same(quick, cold)


def test_a_changed_plugin_or_environment_goes_to_the_command(
    fake_dists: Any, tmp_path: Path, plugin: Path, make_star_text: Callable[..., str]
) -> None:
    _start(fake_dists, tmp_path, "quick", "stars", "list")
    assert not _start(fake_dists, tmp_path, "quick", "stars", "list").click

    (plugin / "good.yaml").write_text(make_star_text("renamed-good"), encoding="utf-8")
    edited = _start(fake_dists, tmp_path, "quick", "stars", "list")
    assert edited.click
    assert b"renamed-good" in edited.out
    fresh = _start(fake_dists, tmp_path, "quick", "stars", "list", STARFRAME_NO_CACHE="1")
    assert _same(edited, fresh)
    again = _start(fake_dists, tmp_path, "quick", "stars", "list")
    assert not again.click
    assert _same(again, edited)

    moved = _start(fake_dists, tmp_path, "quick", "stars", "list", STARFRAME_DISABLE_PLUGINS="x")
    assert moved.click
    assert _same(moved, edited)


@pytest.mark.parametrize(
    "args",
    [
        ("stars", "list", "--help"),
        ("--debug", "stars", "list"),
        ("stars", "list", "--json", "--json"),
        ("stars", "list", "--stars-dir", "."),
        ("stars", "lis"),
    ],
)
def test_any_other_spelling_goes_to_the_command(
    fake_dists: Any, tmp_path: Path, plugin: Path, args: tuple[str, ...]
) -> None:
    _start(fake_dists, tmp_path, "quick", "stars", "list")
    _start(fake_dists, tmp_path, "quick", "stars", "list", "--json")
    quick, full = _both(fake_dists, tmp_path, *args)
    assert quick.click
    assert _same(quick, full)


def test_a_listing_holding_an_escape_is_left_to_the_command(
    fake_dists: Any, tmp_path: Path, make_star_text: Callable[..., str]
) -> None:
    """click.echo strips escape sequences from what is not a terminal: the command decides."""
    stars = {"good.yaml": make_star_text("good"), "red\x1b[31m.yaml": "id: [unclosed\n"}
    fake_dists.add("fake-good", module="fakegood", source=registering(*stars), files=stars)
    cold = _start(fake_dists, tmp_path, "quick", "stars", "list")
    assert (Path(os.environ["STARFRAME_CACHE_DIR"]) / CACHE_FILE).is_file()
    quick, full = _both(fake_dists, tmp_path, "stars", "list")
    assert quick.click
    assert _same(quick, full)
    assert _same(quick, cold)
    assert b"\x1b" not in quick.out + quick.err


def test_a_closed_pipe_ends_as_the_command_ends(
    fake_dists: Any, tmp_path: Path, plugin: Path
) -> None:
    _start(fake_dists, tmp_path, "quick", "stars", "list")
    ends = []
    for way in ("quick", "full"):
        read, write = os.pipe()
        os.close(read)
        try:
            ends.append(_start(fake_dists, tmp_path, way, "stars", "list", stdout=write))
        finally:
            os.close(write)
    quick, full = ends
    assert not quick.click
    assert full.click
    assert (quick.code, quick.err) == (full.code, full.err) == (1, b"")


def test_a_stream_that_cannot_take_the_listing_fails_as_the_command_fails(
    fake_dists: Any, tmp_path: Path, plugin: Path
) -> None:
    """A Star's name an ASCII terminal cannot encode: exit 3, and nothing half printed."""
    ascii_only = {"PYTHONIOENCODING": "ascii"}
    cold = _start(fake_dists, tmp_path, "quick", "stars", "list", **ascii_only)
    assert (Path(os.environ["STARFRAME_CACHE_DIR"]) / CACHE_FILE).is_file()
    quick, full = _both(fake_dists, tmp_path, "stars", "list", **ascii_only)
    assert quick.click
    assert _same(quick, full)
    assert _same(quick, cold)
    assert quick.code == 3
    assert quick.out == b""
