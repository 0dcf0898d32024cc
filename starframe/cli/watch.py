"""Re-run a command whenever the files it reads change: live preview while writing a Star.

Polling the files' modification times is plain and portable (no file-system event library),
and at two checks a second on a folder of drafts it costs nothing noticeable.
"""

from __future__ import annotations

import time
from collections.abc import Callable, Iterable
from pathlib import Path

import click

Snapshot = dict[Path, tuple[int, int]]


def snapshot(paths: Iterable[Path]) -> Snapshot:
    state: Snapshot = {}
    for path in paths:
        files = path.rglob("*.y*ml") if path.is_dir() else [path]
        for file in files:
            try:
                stat = file.stat()
            except OSError:
                continue
            state[file] = (stat.st_mtime_ns, stat.st_size)
    return state


def watch(
    paths: list[Path],
    run: Callable[[], object],
    *,
    interval: float = 0.5,
    sleep: Callable[[float], None] = time.sleep,
) -> None:
    """Run now, then again after every change to `paths`, until interrupted (Ctrl+C)."""
    last = snapshot(paths)
    run()
    click.echo(f"Watching {len(last)} file(s) for changes; press Ctrl+C to stop.", err=True)
    try:
        while True:
            sleep(interval)
            now = snapshot(paths)
            if now != last:
                last = now
                click.echo(f"\n--- {time.strftime('%H:%M:%S')}: changed, checking again ---")
                run()
    except KeyboardInterrupt:
        click.echo("Stopped watching.", err=True)
