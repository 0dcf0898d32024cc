"""Served rooms for the tests: the real `starframe serve` command, started and stopped.

Each server runs as `starframe serve ...` through the installed entry point, in the test's own
HOME, and is stopped with Ctrl+C (SIGINT) as a trainer would. A server's apps keep their screen
as text in `screens/` (the test-only switch `STARFRAME_SERVE_SCREENS`), which is how a browser
test reads a page drawn on a canvas. The browser is Debian's Chromium, installed here with
apt-get when it is missing (never Playwright's own download).
"""

from __future__ import annotations

import os
import shutil
import signal
import socket
import subprocess
import sys
import threading
import time
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest

STARFRAME = Path(sys.executable).parent / "starframe"
CHROMIUM = Path("/usr/bin/chromium")
START_SECONDS = 60.0
"""Guards against a hang only: a server is listening within a few seconds."""
STOP_SECONDS = 30.0


def free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return int(probe.getsockname()[1])


def children_of(pid: int) -> set[int]:
    """Every process whose parent is `pid`, from /proc."""
    found: set[int] = set()
    for entry in Path("/proc").iterdir():
        if not entry.name.isdigit():
            continue
        try:
            stat = (entry / "stat").read_text()
        except OSError:
            continue
        parent = int(stat.rsplit(")", 1)[1].split()[1])
        if parent == pid:
            found.add(int(entry.name))
    return found


def alive(pid: int) -> bool:
    try:
        state = (Path("/proc") / str(pid) / "stat").read_text().rsplit(")", 1)[1].split()[0]
    except OSError:
        return False
    return state != "Z"


def run_starframe(*args: str, timeout: float = 60) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [str(STARFRAME), *args], capture_output=True, text=True, timeout=timeout, check=False
    )


class Served:
    """One `starframe serve ...` process, its output collected as it comes."""

    def __init__(self, *args: str, env: dict[str, str] | None = None) -> None:
        self.args = args
        self.process = subprocess.Popen(
            [str(STARFRAME), "serve", *args],
            stdout=subprocess.PIPE,
            stderr=subprocess.PIPE,
            text=True,
            env={**os.environ, **(env or {})},
        )
        self.out: list[str] = []
        self.err: list[str] = []
        self._readers = [
            threading.Thread(target=self._read, args=(self.process.stdout, self.out), daemon=True),
            threading.Thread(target=self._read, args=(self.process.stderr, self.err), daemon=True),
        ]
        for reader in self._readers:
            reader.start()

    @staticmethod
    def _read(stream: Any, into: list[str]) -> None:
        for line in stream:
            into.append(line)

    @property
    def pid(self) -> int:
        return self.process.pid

    def wait_listening(self, port: int) -> str:
        """The address line once the server answers on `port`."""
        deadline = time.monotonic() + START_SECONDS
        while time.monotonic() < deadline:
            if self.process.poll() is not None:
                raise AssertionError(f"the server ended: {''.join(self.out + self.err)}")
            try:
                with socket.create_connection(("127.0.0.1", port), timeout=1):
                    return next(line for line in self.out if "http" in line)
            except (OSError, StopIteration):
                time.sleep(0.1)
        raise AssertionError(f"the server did not listen: {''.join(self.out + self.err)}")

    def stop(self) -> int:
        """Ctrl+C, as a trainer stops it; the exit code."""
        if self.process.poll() is None:
            self.process.send_signal(signal.SIGINT)
        try:
            code = self.process.wait(STOP_SECONDS)
        except subprocess.TimeoutExpired:
            self.process.kill()
            raise
        for reader in self._readers:
            reader.join(5)
        for stream in (self.process.stdout, self.process.stderr):
            if stream is not None:
                stream.close()
        return code


@pytest.fixture
def room_home(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    """The test's folder as HOME, no STARFRAME_DB of the user's, screens kept in `screens/`."""
    monkeypatch.setenv("HOME", str(tmp_path))
    monkeypatch.delenv("STARFRAME_DB", raising=False)
    (tmp_path / "screens").mkdir()
    return tmp_path


@pytest.fixture
def room_db(room_home: Path) -> Path:
    return room_home / "room.db"


@pytest.fixture
def serve(room_home: Path) -> Iterator[Any]:
    """Start servers with `serve(args...)`; each is stopped (Ctrl+C) at the end of the test and
    must leave none of its apps running."""
    started: list[Served] = []

    def start(*args: str, env: dict[str, str] | None = None) -> Served:
        served = Served(*args, env=env)
        started.append(served)
        return served

    yield start
    for served in started:
        apps = children_of(served.pid)
        served.stop()
        left = [pid for pid in apps if alive(pid)]
        assert left == [], f"apps still running after Ctrl+C: {left}"


def ensure_chromium() -> Path:
    """Debian's Chromium, installed with apt-get when missing. Without it the browser tests
    skip (with the reason) on a workstation, and fail in CI, where they must run."""
    if CHROMIUM.exists():
        return CHROMIUM
    reason = ""
    if shutil.which("apt-get"):
        result = subprocess.run(
            ["apt-get", "install", "-y", "chromium"],
            capture_output=True,
            text=True,
            timeout=1200,
            check=False,
        )
        if CHROMIUM.exists():
            return CHROMIUM
        reason = (result.stderr or result.stdout).strip().splitlines()[-1:] or ["no output"]
        reason = f"`apt-get install -y chromium` failed: {reason[0]}"
    else:
        reason = "no /usr/bin/chromium and no apt-get to install it"
    if os.environ.get("CI") == "true":
        pytest.fail(f"the browser tests must run in CI: {reason}")
    pytest.skip(reason)


@pytest.fixture(scope="module")
def browser() -> Iterator[Any]:
    """Chromium under Playwright, headless, for one test module.

    Not for the whole session: Playwright's sync API keeps an asyncio loop running in the
    main thread while it is open, and every later `asyncio.run` (the TUI's Pilot tests, the
    served-app tests) would then fail with "cannot be called from a running event loop"."""
    executable = ensure_chromium()
    from playwright.sync_api import sync_playwright

    with sync_playwright() as playwright:
        launched = playwright.chromium.launch(
            executable_path=str(executable), args=["--no-sandbox"], timeout=60_000
        )
        yield launched
        launched.close()
