"""A person types the README's command, `starframe`, in a real terminal (tmux) and quits.

`starframe` alone opens the UI only when it runs at a terminal, so this is the one test that
needs a real one; the database is named by STARFRAME_DB, as a person would set it.
"""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
import time
from pathlib import Path

import pytest

from tests.conftest import SHIPPED_STARS

STARFRAME = Path(sys.executable).parent / "starframe"
pytestmark = pytest.mark.skipif(shutil.which("tmux") is None, reason="needs tmux")


def tmux(socket: str, *args: str) -> str:
    done = subprocess.run(["tmux", "-L", socket, *args], capture_output=True, text=True, timeout=10)
    return done.stdout


def wait_for(socket: str, text: str, seconds: float = 20.0) -> str:
    screen = ""
    deadline = time.monotonic() + seconds
    while time.monotonic() < deadline:
        screen = tmux(socket, "capture-pane", "-p", "-t", "starframe")
        if text in screen:
            return screen
        time.sleep(0.2)
    raise AssertionError(f"never showed {text!r}; the terminal reads:\n{screen}")


def test_starframe_opens_the_ui_in_a_terminal_and_quits(tmp_path: Path) -> None:
    socket = f"starframe-test-{os.getpid()}"
    env = {k: v for k, v in os.environ.items() if not k.startswith(("STARFRAME_", "TMUX"))}
    env.update(
        HOME=str(tmp_path),
        TERM="xterm-256color",
        STARFRAME_CACHE_DIR=str(tmp_path / "cache"),
        STARFRAME_DB=str(tmp_path / "starframe.db"),
        STARFRAME_LOAD_PLUGINS="",
        STARFRAME_STARS_PATH=str(SHIPPED_STARS["justice"].parent),
    )
    start = ["new-session", "-d", "-s", "starframe", "-x", "100", "-y", "30", str(STARFRAME)]
    subprocess.run(
        ["tmux", "-L", socket, "-f", os.devnull, *start],
        env=env,
        check=True,
        timeout=10,
    )
    try:
        home = wait_for(socket, "What would you like to do?")
        assert "Database ~/starframe.db" in wait_for(socket, "Database ~/starframe.db")
        assert "n New reading" in home
        tmux(socket, "send-keys", "-t", "starframe", "b")
        wait_for(socket, "Journey of change")
        tmux(socket, "send-keys", "-t", "starframe", "C-q")
        deadline = time.monotonic() + 10
        while tmux(socket, "list-sessions") and time.monotonic() < deadline:
            time.sleep(0.2)
        assert not tmux(socket, "list-sessions"), "starframe did not quit on ctrl+q"
    finally:
        subprocess.run(
            ["tmux", "-L", socket, "kill-session", "-t", "starframe"],
            capture_output=True,
            timeout=10,
        )
