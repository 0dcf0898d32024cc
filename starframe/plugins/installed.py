"""What is installed on `sys.path`, in a form that changes whenever an installer changes it.

Apart from `entry_points` (which needs `re` and dataclasses to read entry points) because a
warm `stars list` keys its kept listing on this state before anything else is imported
(`starframe.cli.kept_listing`): this needs only `os`.
"""

from __future__ import annotations

import os

_METADATA_FOLDER = (".dist-info", ".egg-info")


def installed_state(folders: list[str]) -> list[list[object]]:
    """Each `sys.path` entry with its metadata folders' names and modification times.

    An entry holding none is left out: it adds no entry point, and would appear here the
    moment one were installed in it. So `python -m starframe` run from any folder, and the
    `starframe` script in the environment's `bin`, find the same state.
    """
    state: list[list[object]] = []
    for folder in folders:
        try:
            with os.scandir(folder or ".") as entries:
                found = sorted(
                    [entry.name, entry.stat().st_mtime_ns]
                    for entry in entries
                    if entry.name.endswith(_METADATA_FOLDER)
                )
        except OSError:  # missing, a file (a zip), or unreadable: its own time stands for it
            try:
                found = [["", os.stat(folder).st_mtime_ns]]
            except OSError:
                found = []
        if found:
            state.append([folder, found])
    return state
