"""Make an import's payloads in a second process while this one writes: two cores, not one.

An import of a million readings spends about as long reading and validating its lines as
SQLite spends writing them, on one core. Here the reading runs in a forked child
(`read_ahead`) that sends what it makes, in order, through a pipe, keeping a few payloads
made ahead (`DEPTH`), so it works on while the writer is busy. The payloads are bytes the
caller makes and reads back (`streams.py`: records packed as plain tuples, `packing.py`), so
nothing the child holds is shared.

The child ignores Ctrl+C (the terminal sends it to both: this process stops the child as it
unwinds) and ends with this one: a write into a pipe nobody reads fails. Where fork is not
to be had safely (anywhere but Linux), or other threads are running (a fork copies their
locks as they are), `can_fork` says no and the caller reads in its own process, as before.
"""

from __future__ import annotations

import pickle
import queue
import signal
import sys
import threading
from collections.abc import Callable, Iterator
from multiprocessing import get_all_start_methods, get_context
from multiprocessing.connection import Connection

DEPTH = 4
"""Payloads the child holds made ahead of the pipe: memory for them, and room to work on."""
_DATA, _ERROR, _END, _GONE = b"D", b"E", b"Z", b"X"


class ReaderGone(RuntimeError):
    """The child stopped without saying why (killed, out of memory): nothing is written."""


def can_fork() -> bool:
    """True where a child can be forked safely: on Linux (macOS's system libraries may not
    survive a fork), with no other thread running."""
    return (
        sys.platform.startswith("linux")
        and "fork" in get_all_start_methods()
        and threading.active_count() == 1
    )


def read_ahead(produce: Callable[[], Iterator[bytes]]) -> Iterator[bytes]:
    """The payloads `produce()` yields, made in a forked child, in the order it yields them.

    An exception in the child is raised here, where the payload would have been. Closing the
    iterator early (or an exception in the caller) stops the child.
    """
    context = get_context("fork")
    receiving, sending = context.Pipe(duplex=False)
    _widen(receiving)
    child = context.Process(target=_child, args=(produce, receiving, sending), daemon=True)
    child.start()
    sending.close()
    try:
        while True:
            try:
                payload = receiving.recv_bytes()
            except (EOFError, OSError):
                payload = _GONE
            tag, body = payload[:1], memoryview(payload)[1:]
            if tag == _DATA:
                yield bytes(body)
            elif tag == _ERROR:
                raise pickle.loads(body)
            elif tag == _END:
                return
            else:
                child.join()
                raise ReaderGone(
                    f"the process reading the files stopped (exit code {child.exitcode}): "
                    "nothing was imported."
                )
    finally:
        if child.is_alive():
            child.terminate()
        child.join()
        receiving.close()


PIPE_BYTES = 1 << 20
"""The pipe's buffer (Linux allows any user 1 MiB): a payload passes in one read or two."""


def _widen(receiving: Connection) -> None:
    try:
        import fcntl

        fcntl.fcntl(receiving.fileno(), fcntl.F_SETPIPE_SZ, PIPE_BYTES)
    except (ImportError, AttributeError, OSError):
        pass  # not Linux, or not allowed: smaller reads, the same payloads


def _child(
    produce: Callable[[], Iterator[bytes]], receiving: Connection, sending: Connection
) -> None:
    """Make the payloads; a thread sends them, up to `DEPTH` ahead, so making goes on while
    the pipe is full (the reader's process then has no thread of its own to switch to)."""
    signal.signal(signal.SIGINT, signal.SIG_IGN)
    receiving.close()
    outbox: queue.Queue[bytes] = queue.Queue(maxsize=DEPTH)
    gone = threading.Event()
    sender = threading.Thread(target=_send, args=(outbox, sending, gone), daemon=True)
    sender.start()
    try:
        for payload in produce():
            if not _post(outbox, _DATA + payload, gone):
                return  # the reader has gone: nobody to tell
        last = _END
    except BaseException as exc:
        try:
            last = _ERROR + pickle.dumps(exc)
        except Exception:
            last = _ERROR + pickle.dumps(RuntimeError(f"{type(exc).__name__}: {exc}"))
    _post(outbox, last, gone)
    sender.join()


def _post(outbox: queue.Queue[bytes], payload: bytes, gone: threading.Event) -> bool:
    """Queue `payload` for the sender; False once the reader has gone."""
    while not gone.is_set():
        try:
            outbox.put(payload, timeout=0.1)
            return True
        except queue.Full:
            continue
    return False


def _send(outbox: queue.Queue[bytes], sending: Connection, gone: threading.Event) -> None:
    while True:
        payload = outbox.get()
        try:
            sending.send_bytes(payload)
        except OSError:  # a broken pipe: the reader has gone
            gone.set()
            return
        if payload[:1] != _DATA:
            return
