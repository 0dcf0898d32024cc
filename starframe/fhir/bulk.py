"""Building or reading a large Bundle with Python's cycle collector paused.

A 10,000-reading Bundle is millions of small dicts and lists, none of them garbage until the
whole is written or read; the collector, started by every few hundred new objects, would walk
them all again and again and take half of the time. Reference counting still frees what is
dropped, and the collector runs once at the end.
"""

from __future__ import annotations

import gc
from collections.abc import Iterator
from contextlib import contextmanager


@contextmanager
def collector_paused() -> Iterator[None]:
    was_enabled = gc.isenabled()
    gc.disable()
    try:
        yield
    finally:
        if was_enabled:
            gc.enable()
