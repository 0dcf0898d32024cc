"""Knowing that a file is unchanged from its `stat`, as git does, so a warm listing reads none.

A warm `stars list` of a thousand drafts spent a third of its time opening, reading and
hashing files that had not changed. Like git's index, the check cache's catalog index keeps,
for each file it was given, a stamp of what `stat` said when the file was read — size,
modification and status-change times in nanoseconds, inode and device — with the key its
bytes had. A file whose stamp is the same is taken to hold the same bytes; any difference
and it is read and hashed as before.

Why that is safe enough: an editor, `git checkout`, `cp` and `rsync` all set a new
modification time, and any write, rename or `chmod` sets a new status-change time, which no
user can set back (`touch -d` and `cp -p` set only the modification time). An edit that
keeps the size is noticed by its times; a file replaced by another has a new inode or new
times. What remains is the case git calls "racily clean": a file changed twice within one
tick of the file system's clock (a jiffy on Linux; two seconds on FAT) after it was read,
with the same size both times. So a stamp is kept only for a file whose times are already
`SETTLED_NS` old when it is read: a file edited just now is read again next time, until its
times are old enough to tell any later edit apart. A clock set back, or a network file
system whose clock disagrees with this one, can defeat this, as it can git; deleting the
cache (or STARFRAME_NO_CACHE) always reads everything.
"""

from __future__ import annotations

import os
import stat
import time

Stamp = tuple[int, int, int, int, int]
"""Size, modification time (ns), status-change time (ns), inode, device."""
SETTLED_NS = 2_000_000_000
"""How old a file's times must be when it is read for its stamp to be kept (FAT: 2 s)."""


def stamp_of(path: str) -> Stamp | None:
    """The stamp of the regular file at `path` (symlinks followed), or None if there is none."""
    try:
        info = os.stat(path)
    except (OSError, ValueError):
        return None
    if not stat.S_ISREG(info.st_mode):
        return None
    return (info.st_size, info.st_mtime_ns, info.st_ctime_ns, info.st_ino, info.st_dev)


def settled(stamp: Stamp, now_ns: int | None = None) -> bool:
    """True when neither of the stamp's times is within `SETTLED_NS` of now (or the future)."""
    limit = (time.time_ns() if now_ns is None else now_ns) - SETTLED_NS
    return stamp[1] < limit and stamp[2] < limit


def stamp_from_json(value: object) -> tuple[Stamp, str] | None:
    """A stamp and key as the index holds them (`[size, mtime, ctime, inode, device, key]`)."""
    if not isinstance(value, list) or len(value) != 6 or not isinstance(value[5], str):
        return None
    numbers = value[:5]
    if not all(type(number) is int for number in numbers):
        return None
    return (numbers[0], numbers[1], numbers[2], numbers[3], numbers[4]), value[5]
