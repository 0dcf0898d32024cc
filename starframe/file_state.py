"""What a set of YAML files looks like now, so a change to any of them can be noticed.

`starframe stars show --watch` re-runs on a change, and the terminal UI rebuilds its catalog
when a draft folder changes; both compare two snapshots. Polling each file's modification
time and size is plain and portable (no file-system event library), and at two checks a
second on a folder of drafts it costs nothing noticeable.
"""

from __future__ import annotations

from collections.abc import Iterable
from pathlib import Path

Snapshot = dict[Path, tuple[int, int]]


def snapshot(paths: Iterable[Path]) -> Snapshot:
    """Each file's modification time (ns) and size: every `*.yaml`/`*.yml` under a folder,
    a file as itself; one that vanishes while being looked at is left out."""
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
