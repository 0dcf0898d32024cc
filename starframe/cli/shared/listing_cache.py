"""A warm `starframe stars list` of the installed Stars, printed again from the last one.

Listing the installed Stars imports pluggy, the catalog's modules (hashlib, the check cache,
the lint rules) and every plugin, and calls the plugins' hooks: about 40 ms of CPU above
what click and the command's own modules cost, where the whole start's target is 60 ms.
What such a listing prints depends only on the code and files that produce it, so the text
printed (stdout and stderr) is kept in the cache folder under a key of everything it was
made from: the Python version, the working folder, the terminal's width and the environment
(but `_`, which the shell sets to the command's path; kept as a BLAKE2 digest, never as
written, since it can hold passwords), the installed distributions
(`installed.installed_state`) and the size and modification time of every file in
starframe's package and in each plugin's package folders, which hold the plugins' code,
lint rules and Star files. Any difference, or STARFRAME_NO_CACHE, lists afresh. A listing
is kept only when every plugin loaded (or was blocked) and has package folders of its own,
and no draft folder was listed, so nothing it read lies outside the key.
"""

from __future__ import annotations

import json
import os
import sys

import starframe
from starframe.paths import cache_folder
from starframe.plugins.installed import installed_state

TYPE_CHECKING = False
if TYPE_CHECKING:
    from collections.abc import Mapping, Sequence

CACHE_FILE = "stars-list.json"
JSON_CACHE_FILE = "stars-list-json.json"
"""`stars list --json` keeps its own, so the table and the JSON never push each other out."""
_FORMAT = 1


class Printed:
    """What a listing wrote to stdout and to stderr."""

    __slots__ = ("err", "out")

    def __init__(self, out: str, err: str) -> None:
        self.out = out
        self.err = err


class ListingCache:
    """The kept listing for one key: `printed` is None when there is none to reuse."""

    __slots__ = ("key", "path", "printed")

    def __init__(self, path: str, key: list[object], printed: Printed | None) -> None:
        self.path = path
        self.key = key
        self.printed = printed

    def keep(self, plugin_folders: Sequence[str], printed: Printed) -> None:
        """Keep `printed` for the next start; an unwritable cache only costs time."""
        from pathlib import Path

        from starframe.output_files import OutputError, make_folder, write_text

        folders = sorted(set(plugin_folders))
        record = {
            "key": self.key,
            "folders": folders,
            "files": files_state(folders),
            "out": printed.out,
            "err": printed.err,
        }
        path = Path(self.path)
        try:
            make_folder(path.parent)
            write_text(path, json.dumps(record), force=True)
        except (OSError, OutputError):
            return


def open_listing(as_json: bool, environ: Mapping[str, str]) -> ListingCache | None:
    """The kept listing of the installed Stars, or None when STARFRAME_NO_CACHE is set."""
    if environ.get("STARFRAME_NO_CACHE"):
        return None
    key: list[object] = [
        _FORMAT,
        as_json,
        sys.version,
        os.getcwd(),
        _terminal_columns(),
        _digest(sorted([name, value] for name, value in environ.items() if name != "_")),
        installed_state(sys.path),
        files_state([os.path.dirname(starframe.__file__)]),
    ]
    path = os.path.join(cache_folder(environ), JSON_CACHE_FILE if as_json else CACHE_FILE)
    return ListingCache(path, key, _read(path, key))


def _digest(value: object) -> str:
    """A digest of `value` for the key: the environment can hold passwords and tokens
    (a database URL, PGPASSWORD), which must not be written to the cache folder as they are.
    BLAKE2 from the interpreter's own `_blake2`, which costs a tenth of importing hashlib."""
    from _blake2 import blake2b

    return blake2b(json.dumps(value).encode("utf-8", "surrogatepass")).hexdigest()


def _terminal_columns() -> int | None:
    """The terminal's width as `shutil.get_terminal_size` asks it, without importing shutil.

    It answers COLUMNS (in the key with the environment) when set, else this, else its
    fallback: so whenever the width a listing wraps to differs, the key differs too.
    """
    try:
        return os.get_terminal_size(sys.__stdout__.fileno()).columns if sys.__stdout__ else None
    except (AttributeError, ValueError, OSError):
        return None


def files_state(folders: Sequence[str]) -> list[list[object]]:
    """Each folder with every file below it (bytecode caches aside), its size and time."""
    state: list[list[object]] = []
    for folder in folders:
        found: list[list[object]] = []
        _scan(folder, "", found)
        state.append([folder, found])
    return state


def _scan(folder: str, prefix: str, found: list[list[object]]) -> None:
    try:
        with os.scandir(folder) as entries:
            listed = sorted(entries, key=lambda entry: entry.name)
    except OSError:
        found.append([prefix, None])
        return
    for entry in listed:
        name = prefix + entry.name
        if entry.is_dir(follow_symlinks=True):
            if entry.name != "__pycache__":
                _scan(entry.path, name + "/", found)
            continue
        try:
            stat = entry.stat()
        except OSError:
            found.append([name, None])
            continue
        found.append([name, stat.st_size, stat.st_mtime_ns])


def _read(path: str, key: list[object]) -> Printed | None:
    try:
        with open(path, encoding="utf-8") as handle:
            record = json.load(handle)
        if record["key"] != key:
            return None
        folders = record["folders"]
        if not all(isinstance(folder, str) for folder in folders):
            return None
        if record["files"] != files_state(folders):
            return None
        out, err = record["out"], record["err"]
    except (OSError, ValueError, RecursionError, KeyError, TypeError):
        return None  # missing, or not what we wrote: list afresh
    return Printed(out, err) if isinstance(out, str) and isinstance(err, str) else None
