"""Which files a plugin may register, and how far a registered folder is searched.

A plugin offers Stars and practice cases by handing the host a path. Left unchecked, a plugin
could register `/etc/passwd` (whose lines would then be quoted in problem messages), a path
with a NUL character (which crashes `os.stat`), a FIFO (which blocks the reader for ever) or
`/usr` (whose recursive search takes hours). So a registered path must be a regular file or a
folder, inside the plugin's own package folder or a folder the user named (`--stars-dir`,
STARFRAME_STARS_PATH, `--cases-dir`); and every folder, the user's included, is searched to a
bounded depth and number of files.

The check runs inside the plugin's guarded `register` call (`starframe.plugins.guard`), so even
a path object whose `__fspath__` hangs only breaks that plugin.
"""

from __future__ import annotations

import os
import stat
import zipfile
from collections.abc import Callable, Iterator, Sequence
from dataclasses import dataclass
from importlib.readers import MultiplexedPath
from importlib.resources.abc import Traversable
from itertools import islice
from pathlib import Path

from starframe.plugins.guard import shown_text

MAX_DEPTH = 8
"""Folder levels searched below a registered folder; deeper folders are not searched."""
MAX_FILES = 5_000
"""Definition files taken from one registered folder (1,000 Stars with four translations each)."""
MAX_ENTRIES = 50_000
"""Folder entries looked at in one registered folder, whatever their kind."""
YAML_SUFFIXES = (".yaml", ".yml")
PATH_LIMIT = 300
"""Characters of a refused path repeated in the reason."""


class RefusedSource(Exception):
    """A registered path the host will not read; the reason names the path and the rule."""


@dataclass(frozen=True)
class NotAPath:
    """A registration that is neither a path nor an `importlib.resources` file (SF304).

    `shown` is its repr, taken inside the plugin's guarded call (a repr is plugin code too).
    """

    type_name: str
    shown: str

    def __str__(self) -> str:
        return self.shown


def _not_a_path(source: object) -> NotAPath:
    return NotAPath(type(source).__name__, shown_text(repr(source), PATH_LIMIT))


Source = Path | Traversable | NotAPath
SourceCheck = Callable[[object], Source]


def source_check(own_folders: Sequence[str] | None, user_paths: Sequence[Path]) -> SourceCheck:
    """A check for one plugin's registrations; `own_folders` None means anywhere (trusted)."""
    allowed = (
        None if own_folders is None else (*own_folders, *(os.path.realpath(p) for p in user_paths))
    )

    def check(source: object) -> Source:
        if type(source) is zipfile.Path:
            return _checked_zip(source, allowed)
        if type(source) is MultiplexedPath:
            for folder in source._paths:  # type: ignore[attr-defined]
                _checked_path(Path(folder), allowed)
            return source
        if isinstance(source, str | os.PathLike):
            text = os.fspath(source)
            if not isinstance(text, str):
                return _not_a_path(source)
            return _checked_path(Path(str(text)), allowed)
        return _not_a_path(source)

    return check


def _checked_path(path: Path, allowed: Sequence[str] | None) -> Path:
    shown = shown_text(str(path), PATH_LIMIT)
    if "\0" in str(path):
        raise RefusedSource(f"registered a path with a NUL character in it: {shown}")
    if not os.path.exists(path):
        return path  # reported as SF304 where it is read, like any missing file
    real = os.path.realpath(path)
    if allowed is not None and not any(_inside(real, folder) for folder in allowed):
        raise RefusedSource(
            f"registered {shown}, which is outside its own package folder: a plugin may "
            "register only files it ships, or folders named with --stars-dir, "
            "STARFRAME_STARS_PATH or --cases-dir"
        )
    mode = os.stat(real).st_mode
    if not (stat.S_ISREG(mode) or stat.S_ISDIR(mode)):
        raise RefusedSource(f"registered {shown}, which is not a regular file or a folder")
    return path


def _checked_zip(source: zipfile.Path, allowed: Sequence[str] | None) -> zipfile.Path:
    """A resource inside a zipped install: its archive must be the plugin's own."""
    where = os.path.join(os.path.realpath(str(source.root.filename)), source.at)
    if allowed is not None and not any(_inside(where, folder) for folder in allowed):
        shown = shown_text(str(source), PATH_LIMIT)
        raise RefusedSource(f"registered {shown}, which is outside its own package")
    return source


def _inside(path: str, folder: str) -> bool:
    return path == folder or path.startswith(folder.rstrip(os.sep) + os.sep)


@dataclass
class FolderFiles:
    """The definition files found in a folder, and what was left unsearched (if anything)."""

    files: list[tuple[str, Traversable]]
    not_searched: str | None = None


def folder_files(folder: Traversable) -> FolderFiles:
    """Every `*.yaml`/`*.yml` entry under `folder`, sorted, within the search limits.

    Hidden folders are passed over, as are folders reached through a symbolic link (they may
    lead anywhere, even back up the tree). An entry named like a definition that is not a
    regular file (a pipe, a device, a link to one) is still listed: reading it through
    `read_input` refuses it with a located problem, so the author sees why it is not a Star.
    """
    found: list[tuple[str, Traversable]] = []
    limits: list[str] = []
    looked = 0
    for item in _entries(folder, 0, limits):
        looked += 1
        if looked > MAX_ENTRIES:
            limits.append(f"more than {MAX_ENTRIES:,} entries")
            break
        if not item.name.endswith(YAML_SUFFIXES):
            continue
        if len(found) == MAX_FILES:
            limits.append(f"more than {MAX_FILES:,} definition files")
            break
        found.append((str(item), item))
    found.sort(key=lambda pair: pair[0])
    note = None
    if limits:
        note = (
            f"{folder} holds {' and '.join(dict.fromkeys(limits))}: only {MAX_DEPTH} folder "
            f"levels, {MAX_FILES:,} definition files and {MAX_ENTRIES:,} entries are searched; "
            "the rest was not searched"
        )
    return FolderFiles(found, note)


def _entries(folder: Traversable, depth: int, limits: list[str]) -> Iterator[Traversable]:
    """Files under `folder`, depth first; a folder too full is cut off by the caller's count."""
    for item, is_folder in _listed(folder):
        if is_folder:
            if item.name.startswith("."):
                continue
            if depth + 1 > MAX_DEPTH:
                limits.append(f"folders more than {MAX_DEPTH} levels deep")
                continue
            yield from _entries(item, depth + 1, limits)
        else:
            yield item


def _listed(folder: Traversable) -> list[tuple[Traversable, bool]]:
    """The folder's entries by name, each with whether it is a folder to search.

    On disk through `os.scandir`, whose entries know their type without a `stat` each: a
    folder of a thousand drafts was two thousand calls (`is_dir`, `is_symlink`)."""
    if not isinstance(folder, Path):
        listed = sorted(islice(folder.iterdir(), MAX_ENTRIES + 1), key=lambda entry: entry.name)
        return [(item, _is_folder(item)) for item in listed]
    with os.scandir(folder) as entries:
        found = sorted(islice(entries, MAX_ENTRIES + 1), key=lambda entry: entry.name)
        return [(folder / entry.name, _is_real_folder(entry)) for entry in found]


def _is_real_folder(entry: os.DirEntry[str]) -> bool:
    """A folder, not a link to one (as `_is_folder`)."""
    try:
        return entry.is_dir(follow_symlinks=False)
    except OSError:
        return False


def _is_folder(item: Traversable) -> bool:
    if isinstance(item, Path):
        return item.is_dir() and not item.is_symlink()
    return item.is_dir()
