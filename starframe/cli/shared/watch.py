"""Re-run a command whenever the files it reads change: live preview while writing a Star.

A change is a difference between two of `starframe.file_state`'s snapshots, taken twice a
second.
"""

from __future__ import annotations

import time
from collections.abc import Callable
from pathlib import Path

import click

from starframe.file_state import snapshot


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
