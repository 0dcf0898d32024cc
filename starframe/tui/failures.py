"""Turn what can go wrong into one or two plain sentences for a dialog, never a traceback.

The store, the catalog and the models already word their errors for people; this only picks
the words out of the exception (and the first of a model's validation errors).
"""

from __future__ import annotations

from pydantic import ValidationError

from starframe.catalog import StarNotFound
from starframe.output_files import OutputError
from starframe.store.errors import StoreError

EXPECTED: tuple[type[Exception], ...] = (
    StoreError,
    StarNotFound,
    ValidationError,
    OutputError,
    OSError,
)
"""Errors a person can act on; anything else is a bug and is reported as such."""


def plain_words(error: BaseException) -> str:
    if isinstance(error, ValidationError):
        first = error.errors()[0]
        where = " › ".join(str(part) for part in first["loc"])
        return f"{where}: {first['msg']}" if where else str(first["msg"])
    if isinstance(error, OSError):
        target = f"{error.filename}: " if error.filename else ""
        return f"{target}{error.strerror or error}"
    return str(error)
