"""Every file a command writes goes through here, so none can lose or leak what it replaces.

A file is written to a temporary file in its target's folder, flushed to disk (the file, then
the folder) and renamed into place only when complete: an interrupted or failed write leaves
the old file as it was and no temporary behind. Outputs hold personal data (exports, reports,
backups), so each is readable by its owner only (0600, folders 0700), even when it replaces a
file that others could read. starframe never writes through a symbolic link at the target
(the link could point anywhere), never onto the database in use or its -wal/-shm files (the
caller names them), and never onto an existing file unless asked to replace it (`--force`).

This module imports nothing else from starframe, so every layer may use it.
"""

from __future__ import annotations

import os
import stat
from collections.abc import Iterator, Sequence
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path
from typing import TextIO

FILE_MODE = 0o600
FOLDER_MODE = 0o700
TEMPORARY_PREFIX = ".starframe-"
"""Starts the temporary files' names (then random characters, then `.partial`), so a leftover
is recognisable."""


class OutputError(Exception):
    """A file that was not written, worded as what to do instead (one line for the user)."""


class TargetExists(OutputError):
    """The one refusal a person may overrule: a regular file is there and replacing it was not
    asked for. The CLI says to add --force; the TUI asks whether to replace it."""


def check_target(path: Path, *, force: bool = False, protected: Sequence[Path] = ()) -> None:
    """Raise OutputError when `path` may not be written; call it before long work, too.

    `protected` is the database in use followed by its companion files (-wal, -shm, ...).
    Without `force`, an existing regular file raises TargetExists; everything else that is
    refused (the database, a link, a folder) raises OutputError, whatever `force` says.
    """
    _target(path, force, protected)


def check_folder(path: Path) -> Path:
    """The absolute path of `path`, once its folder is known to exist and be writable.

    Raises OutputError otherwise; for a command that checks what it was asked before it
    checks whether the file is already there.
    """
    target = Path(os.path.abspath(path.expanduser()))
    folder = target.parent
    if folder.exists() and not folder.is_dir():
        raise OutputError(f"cannot write {path}: {path.parent} is a file, not a folder.")
    if not folder.is_dir():
        raise OutputError(f"cannot write {path}: the folder {path.parent} does not exist.")
    if not os.access(folder, os.W_OK | os.X_OK):
        raise OutputError(f"cannot write {path}: the folder {path.parent} is not writable.")
    return target


def write_bytes(
    path: Path, data: bytes, *, force: bool = False, protected: Sequence[Path] = ()
) -> None:
    """Write `data` to `path` atomically and owner-only; raises OutputError."""
    with staged(path, force=force, protected=protected) as temporary:
        temporary.write_bytes(data)


def write_text(
    path: Path, text: str, *, force: bool = False, protected: Sequence[Path] = ()
) -> None:
    """Write `text` (UTF-8, newlines as given) to `path` atomically; raises OutputError."""
    with open_text(path, force=force, protected=protected) as handle:
        handle.write(text)


@contextmanager
def open_text(
    path: Path, *, force: bool = False, protected: Sequence[Path] = ()
) -> Iterator[TextIO]:
    """A UTF-8 text handle onto a temporary file that becomes `path` when the block ends.

    Newlines are written as given (a CSV writer chooses its own). Whatever the block raises
    leaves `path` untouched; a large export streams to disk instead of being held in memory.
    """
    with (
        staged(path, force=force, protected=protected) as temporary,
        temporary.open("w", encoding="utf-8", newline="") as handle,
    ):
        yield handle


@contextmanager
def staged(path: Path, *, force: bool = False, protected: Sequence[Path] = ()) -> Iterator[Path]:
    """The path of an empty owner-only temporary file, renamed to `path` when the block ends.

    For writers that need a file name rather than a handle (SQLite's backup). Any exception
    in the block removes the temporary and leaves `path` as it was; an OSError becomes an
    OutputError naming the file.
    """
    target = _target(path, force, protected)
    fd, name = _temporary(path, target.parent)
    os.close(fd)
    temporary = Path(name)
    try:
        yield temporary
        os.chmod(temporary, FILE_MODE)
        _sync(temporary)
        # Checked again: the file may have appeared (or become a link) during the work.
        _target(path, force, protected)
        os.replace(temporary, target)
        _sync(target.parent)
    except OSError as exc:
        raise OutputError(f"cannot write {path}: {exc.strerror or exc}.") from None
    finally:
        temporary.unlink(missing_ok=True)


def make_folder(path: Path) -> None:
    """Create `path` and any missing parents owner-only (0700); an existing folder is kept.

    Raises OutputError when `path` is a file or cannot be created.
    """
    missing: list[Path] = []
    current = Path(os.path.abspath(path.expanduser()))
    while not current.exists() and not current.is_symlink():
        missing.append(current)
        current = current.parent
    if not current.is_dir():
        raise OutputError(f"cannot create the folder {path}: {current} is not a folder.")
    try:
        for folder in reversed(missing):
            folder.mkdir(mode=FOLDER_MODE)
            os.chmod(folder, FOLDER_MODE)  # the umask may have taken bits away
    except OSError as exc:
        raise OutputError(f"cannot create the folder {path}: {exc.strerror or exc}.") from None


def _target(path: Path, force: bool, protected: Sequence[Path]) -> Path:
    """The absolute target (its last part not resolved: a link there is refused, not followed)."""
    target = check_folder(path)
    resolved = Path(os.path.realpath(target.parent)) / target.name
    for index, kept in enumerate(protected):
        if _same_file(resolved, kept):
            if index == 0:
                raise OutputError(f"{path} is the database in use: choose another file.")
            raise OutputError(
                f"{path} is a working file of the database in use ({protected[0]}): "
                "choose another file."
            )
    try:
        found = os.lstat(target)
    except FileNotFoundError:
        return target
    if stat.S_ISLNK(found.st_mode):
        raise OutputError(
            f"{path} is a symbolic link: starframe does not write through links; "
            "name the file itself or another file."
        )
    if stat.S_ISDIR(found.st_mode):
        raise OutputError(f"{path} is a folder: name a file to write.")
    if not stat.S_ISREG(found.st_mode):
        raise OutputError(f"{path} is not a regular file: choose another file.")
    if not force:
        raise TargetExists(
            f"{path} already exists: add --force to replace it, or choose another file."
        )
    return target


def _same_file(resolved: Path, kept: Path) -> bool:
    """The same path once links are resolved, or another name (a hard link) for the same file."""
    if resolved == Path(os.path.realpath(kept)):
        return True
    try:
        return os.path.samefile(resolved, kept)
    except OSError:
        return False


def _sync(path: Path) -> None:
    """Flush a file's or a folder's contents to disk (a rename is durable once its folder is)."""
    fd = os.open(path, os.O_RDONLY)
    try:
        os.fsync(fd)
    finally:
        os.close(fd)


@dataclass(frozen=True)
class ReadForEdit:
    """An author's own file as it was read, to be replaced only if it is still just that.

    `edit_in_place` compares the file on disk with `data` and `identity` before replacing it,
    so an edit made in an editor while starframe was working is never overwritten.
    """

    path: Path
    data: bytes
    identity: tuple[int, int, int, int]
    """Device, inode, size and modification time (ns) when it was read."""
    mode: int


def read_for_edit(path: Path) -> ReadForEdit:
    """Read the file a command was asked to change (`--into`); raises OutputError.

    A link is refused for the same reason as for outputs: the change would land elsewhere.
    """
    target = check_folder(path)
    try:
        found = os.lstat(target)
        if stat.S_ISLNK(found.st_mode):
            raise OutputError(
                f"{path} is a symbolic link: starframe does not write through links; "
                "name the file itself."
            )
        if not stat.S_ISREG(found.st_mode):
            raise OutputError(f"{path} is not a regular file: name the file to change.")
        data = target.read_bytes()
    except FileNotFoundError:
        raise OutputError(f"{path} does not exist: name the file to change.") from None
    except OSError as exc:
        raise OutputError(f"cannot read {path}: {exc.strerror or exc}.") from None
    return ReadForEdit(target, data, _identity(found), stat.S_IMODE(found.st_mode))


def edit_in_place(original: ReadForEdit, data: bytes) -> bool:
    """Replace the author's file with `data` atomically; False (and nothing written) when
    `data` is what the file already holds, so an unchanged file stays byte for byte the same.

    This is not an output (the user named the file to change, so no `--force`): the file keeps
    its own permissions, since it is the author's definition rather than personal data. Raises
    OutputError when the file changed, moved or became a link since it was read.
    """
    if data == original.data:
        return False
    path = original.path
    changed = OutputError(
        f"{path} changed since starframe read it: nothing was written; run the command again."
    )
    fd, name = _temporary(path, path.parent)
    temporary = Path(name)
    try:
        with os.fdopen(fd, "wb") as handle:
            handle.write(data)
        os.chmod(temporary, original.mode)
        _sync(temporary)
        try:
            now = os.lstat(path)
        except FileNotFoundError:
            raise changed from None
        if _identity(now) != original.identity or path.read_bytes() != original.data:
            raise changed
        os.replace(temporary, path)
        _sync(path.parent)
    except OSError as exc:
        raise OutputError(f"cannot write {path}: {exc.strerror or exc}.") from None
    finally:
        temporary.unlink(missing_ok=True)
    return True


def _identity(found: os.stat_result) -> tuple[int, int, int, int]:
    return (found.st_dev, found.st_ino, found.st_size, found.st_mtime_ns)


def _temporary(path: Path, folder: Path) -> tuple[int, str]:
    """An open owner-only temporary file in `folder`, for writing `path`.

    `tempfile` is imported here, not at the top: every command imports this module (the CLI
    catches OutputError), and `tempfile` costs a start that writes nothing a few milliseconds.
    """
    import tempfile

    try:
        return tempfile.mkstemp(prefix=TEMPORARY_PREFIX, suffix=".partial", dir=folder)
    except OSError as exc:
        raise OutputError(f"cannot write {path}: {exc.strerror or exc}.") from None
