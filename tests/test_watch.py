"""Live preview: a draft is checked again as soon as its file changes."""

from __future__ import annotations

import os
import select
import signal
import subprocess
import sys
import time
from pathlib import Path

import pytest

from starframe.cli.shared.watch import watch
from tests.conftest import TINY_STAR

STARFRAME = str(Path(sys.executable).parent / "starframe")


def test_runs_once_then_again_after_each_change_until_interrupted(tmp_path: Path) -> None:
    draft = tmp_path / "star.yaml"
    draft.write_text("one", encoding="utf-8")
    runs: list[str] = []
    ticks = iter(range(10))

    def fake_sleep(_seconds: float) -> None:
        tick = next(ticks)
        if tick == 1:
            draft.write_text("two, longer", encoding="utf-8")
        if tick == 3:
            raise KeyboardInterrupt

    watch([tmp_path], lambda: runs.append(draft.read_text(encoding="utf-8")), sleep=fake_sleep)
    assert runs == ["one", "two, longer"]


def _read_until(process: subprocess.Popen[bytes], marker: str, timeout: float = 20) -> str:
    assert process.stdout is not None
    fd = process.stdout.fileno()
    seen = ""
    deadline = time.monotonic() + timeout
    while marker not in seen:
        remaining = deadline - time.monotonic()
        assert remaining > 0, f"never saw {marker!r} in {seen!r}"
        ready, _, _ = select.select([fd], [], [], remaining)
        if ready:
            seen += os.read(fd, 65536).decode("utf-8", "replace")
    return seen


@pytest.mark.slow
def test_cli_validate_watch_reports_a_new_mistake_as_it_is_saved(tmp_path: Path) -> None:
    draft = tmp_path / "star.yaml"
    text = TINY_STAR.read_text(encoding="utf-8")
    draft.write_text(text, encoding="utf-8")
    process = subprocess.Popen(
        [STARFRAME, "validate", "--watch", str(draft)],
        stdout=subprocess.PIPE,
        stderr=subprocess.STDOUT,
        env={**os.environ, "STARFRAME_CACHE_DIR": str(tmp_path / "cache")},
    )
    try:
        _read_until(process, "Watching")
        draft.write_text(text.replace("audience:", "audiance:"), encoding="utf-8")
        output = _read_until(process, "SF101")
        assert "changed, checking again" in output
        process.send_signal(signal.SIGINT)
        assert process.wait(timeout=10) == 0
    finally:
        # A failed step must not leave the watcher running (Popen's own exit would wait on it).
        if process.poll() is None:
            process.kill()
            process.wait()
        assert process.stdout is not None
        process.stdout.close()
