"""The installed `starframe` entry points, remembered between starts.

`importlib.metadata` reads every installed distribution's metadata, and importing it loads
`email`, `csv` and more: about 20 ms of CPU, a sixth of a warm `starframe stars list`, whose
target is 60 ms. What it finds changes only when a distribution is installed, upgraded
or removed, and each of those adds, renames or removes a `*.dist-info` (or `*.egg-info`)
folder on `sys.path`. So the entry points found are kept in the cache folder with the names
and modification times of those folders (`installed.installed_state`), and read again only
when one of them has changed. Setting STARFRAME_NO_CACHE, or deleting the cache, always reads
them afresh.
"""

from __future__ import annotations

import json
import re
import sys
from collections.abc import Mapping
from dataclasses import asdict, dataclass
from pathlib import Path

from starframe.plugins.installed import installed_state

CACHE_FILE = "entry-points.json"
_VALUE = re.compile(r"(?P<module>[\w.]+)\s*(:\s*(?P<attr>[\w.]+)\s*)?((?P<extras>\[.*\])\s*)?$")
"""An entry point's value, `module[:attr]` with optional extras, as importlib.metadata reads it."""


@dataclass(frozen=True)
class EntryPoint:
    """One installed entry point, and the distribution that declares it."""

    name: str
    value: str
    distribution: str | None
    version: str | None

    @property
    def module(self) -> str:
        found = _VALUE.match(self.value)
        return found.group("module") if found else self.value

    def load(self) -> object:
        """Import the module and look up the attribute, as `importlib.metadata` does."""
        import importlib

        found = _VALUE.match(self.value)
        if found is None:
            raise ValueError(f"not an entry point value: {self.value!r}")
        loaded: object = importlib.import_module(found.group("module"))
        for attribute in filter(None, (found.group("attr") or "").split(".")):
            loaded = getattr(loaded, attribute)
        return loaded


def installed_entry_points(group: str, environ: Mapping[str, str]) -> list[EntryPoint]:
    """The entry points of `group` on `sys.path`, unique and sorted by name."""
    state = installed_state(sys.path)
    cache = None
    if not environ.get("STARFRAME_NO_CACHE"):
        from starframe.paths import cache_dir

        cache = cache_dir(environ) / CACHE_FILE
        kept = _read(cache, group, state)
        if kept is not None:
            return kept
    found = _discover(group)
    if cache is not None:
        _write(cache, group, state, found)
    return found


def _discover(group: str) -> list[EntryPoint]:
    from importlib import metadata

    unique: dict[tuple[str, str], EntryPoint] = {}
    for found in metadata.entry_points(group=group):
        dist = found.dist
        entry = EntryPoint(
            found.name, found.value, dist.name if dist else None, dist.version if dist else None
        )
        unique[(entry.name, entry.value)] = entry  # the last of duplicates, as before
    return sorted(unique.values(), key=lambda entry: entry.name)


def _read(cache: Path, group: str, state: list[list[object]]) -> list[EntryPoint] | None:
    try:
        with open(cache, encoding="utf-8") as handle:
            record = json.load(handle)
        if record["state"] != state or record["group"] != group:
            return None
        kept = [EntryPoint(**found) for found in record["entry_points"]]
    except (OSError, ValueError, RecursionError, KeyError, TypeError):
        return None  # missing, or not what we wrote: read the entry points afresh
    fits = all(
        isinstance(e.name, str)
        and isinstance(e.value, str)
        and all(isinstance(part, str | None) for part in (e.distribution, e.version))
        for e in kept
    )
    return kept if fits else None


def _write(cache: Path, group: str, state: list[list[object]], found: list[EntryPoint]) -> None:
    """Keep what was found for the next start, through the one atomic writer (it loads
    `tempfile`, so only when the installed distributions changed); an unwritable cache only
    costs time."""
    from starframe.output_files import OutputError, make_folder, write_text

    record = {"group": group, "state": state, "entry_points": [asdict(e) for e in found]}
    try:
        make_folder(cache.parent)
        write_text(cache, json.dumps(record), force=True)
    except (OSError, OutputError):
        return
