"""Writing a PDF so that a failed or interrupted write never leaves half a file behind."""

from __future__ import annotations

import os
import tempfile
from pathlib import Path


def write_atomically(path: Path, data: bytes, *, private: bool) -> None:
    """Write `data` to `path` through a temporary file in the same folder; raises OSError.

    A private file (a report about a person) is readable by its owner only, like the
    database; otherwise the file gets the permissions the user's umask gives.
    """
    fd, temporary = tempfile.mkstemp(prefix=".starframe-", suffix=".pdf", dir=path.parent)
    try:
        with os.fdopen(fd, "wb") as handle:
            handle.write(data)
        if not private:
            umask = os.umask(0)
            os.umask(umask)
            os.chmod(temporary, 0o666 & ~umask)
        os.replace(temporary, path)
    except BaseException:
        Path(temporary).unlink(missing_ok=True)
        raise
