"""Read an input file: a regular file only, never more than the size limit, never blocking.

Every file starframe reads (Stars, translations, practice cases and answers, readings,
exports) comes through `read_input`, so none can be a device that never ends (`/dev/zero`,
or a symlink to it), a named pipe that blocks for ever, or a file far larger than starframe
reads. The file is opened without blocking and checked again once open, so it cannot be
swapped for a pipe between the check and the read; at most the limit plus one byte is read.
"""

from __future__ import annotations

import os
import re
import stat
from pathlib import Path
from typing import BinaryIO, NoReturn

from starframe.limits import MAX_BYTES
from starframe.problems import Problem

_CONTROL = re.compile("[\x00-\x1f\x7f-\x9f]")
_KINDS = (
    (stat.S_ISDIR, "a folder"),
    (stat.S_ISFIFO, "a named pipe"),
    (stat.S_ISCHR, "a device"),
    (stat.S_ISBLK, "a device"),
    (stat.S_ISSOCK, "a socket"),
)


class InputRefused(Exception):
    """The file cannot be read as input; `problem` says why, at the file."""

    def __init__(self, problem: Problem) -> None:
        super().__init__(problem.message)
        self.problem = problem


def shown_path(path: str | os.PathLike[str]) -> str:
    """The path as it may be printed: control characters written as escapes."""
    return _CONTROL.sub(lambda m: f"\\x{ord(m.group()):02x}", os.fspath(path))


def read_input(
    path: str | os.PathLike[str], *, display: str | None = None, limit: int = MAX_BYTES
) -> bytes:
    """The bytes of the regular file at `path` (symlinks followed), at most `limit` of them.

    Raises InputRefused (SF001 cannot read, SF002 too large) with the reason.
    """
    shown = shown_path(display or os.fspath(path))
    fd = _open_regular(path, shown)
    try:
        info = os.fstat(fd)
        _check_regular(info.st_mode, shown)
        chunks: list[bytes] = []
        remaining = limit + 1
        while remaining > 0:
            chunk = os.read(fd, min(remaining, 1 << 20))
            if not chunk:
                break
            chunks.append(chunk)
            remaining -= len(chunk)
    except OSError as exc:
        _refuse(shown, f"cannot read the file: {exc.strerror or type(exc).__name__}.")
    finally:
        os.close(fd)
    raw = b"".join(chunks)
    if len(raw) > limit:
        size = max(info.st_size, len(raw))
        raise InputRefused(
            Problem(
                "SF002",
                "error",
                f"the file is {size:,} bytes; starframe reads files up to {limit:,} bytes. "
                "Split it (translations and practice cases can live in their own files).",
                shown,
            )
        )
    return raw


def open_input(path: str | os.PathLike[str], *, display: str | None = None) -> BinaryIO:
    """The regular file at `path` opened for reading in binary, for a reader that streams it.

    The same checks as `read_input` (a regular file, once open too; no control characters in
    the path), but no size limit: a JSON Lines export of a million readings is read a line at
    a time, and its reader bounds each line instead. Raises InputRefused.
    """
    shown = shown_path(display or os.fspath(path))
    fd = _open_regular(path, shown)
    try:
        _check_regular(os.fstat(fd).st_mode, shown)
        os.set_blocking(fd, True)
        return os.fdopen(fd, "rb")
    except BaseException:
        os.close(fd)
        raise


def _open_regular(path: str | os.PathLike[str], shown: str) -> int:
    """A descriptor of the file at `path`, opened without blocking once checked regular."""
    name = os.fspath(path)
    control = _CONTROL.search(name)
    if control:
        char = ord(control.group())
        _refuse(shown, f"the path holds the control character U+{char:04X}: rename the file.")
    try:
        _check_regular(os.stat(name).st_mode, shown)
        return os.open(name, os.O_RDONLY | os.O_NONBLOCK | os.O_NOCTTY | os.O_CLOEXEC)
    except OSError as exc:
        _refuse(
            shown, f"cannot read the file: {exc.strerror or type(exc).__name__}. Check the path."
        )


def read_problem(path: Path | str, *, display: str | None = None) -> tuple[bytes, Problem | None]:
    """`read_input` for callers that collect problems: (bytes, None) or (b"", why not)."""
    try:
        return read_input(path, display=display), None
    except InputRefused as exc:
        return b"", exc.problem


def _check_regular(mode: int, shown: str) -> None:
    if stat.S_ISREG(mode):
        return
    kind = next((name for test, name in _KINDS if test(mode)), "not a regular file")
    _refuse(shown, f"this is {kind}, not a file: starframe reads regular files only.")


def _refuse(shown: str, message: str) -> NoReturn:
    raise InputRefused(Problem("SF001", "error", message, shown))
