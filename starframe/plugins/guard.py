"""Run plugin code so that nothing it does can stop, crash or corrupt a starframe command.

Every import of a plugin and every call of one of its hooks runs here, in a daemon worker
thread with a deadline:

- a plugin that hangs is abandoned after the time limit and reported as broken; the thread is a
  daemon, so it never keeps the process from exiting;
- any exception from plugin code — `SystemExit`, `GeneratorExit`, `KeyboardInterrupt` and bare
  `BaseException` included — makes that plugin broken. A real Ctrl+C of the user is delivered by
  the signal to the main thread, which is only waiting here, so it still cancels the command;
  a `KeyboardInterrupt` raised inside the worker thread can only be the plugin's own;
- what the plugin prints to `sys.stdout` or `sys.stderr` is kept for `starframe plugins`
  instead of reaching the terminal, where it would corrupt `--json` output.

Output is captured at the `sys.stdout` level, not by redirecting file descriptors 1 and 2: a
descriptor is shared by every thread, so redirecting it would also swallow what starframe's
own main thread prints, and would have to stay redirected for as long as an abandoned thread
lives. A router on `sys.stdout` instead sends each write by the thread that makes it: plugin
worker threads into their own buffer, every other thread to the real stream.
"""

from __future__ import annotations

import sys
import threading
import unicodedata
from collections.abc import Callable, Mapping
from dataclasses import dataclass
from typing import Any, Generic, TextIO, TypeVar

T = TypeVar("T")

TIMEOUT_ENV = "STARFRAME_PLUGIN_TIMEOUT"
DEFAULT_TIMEOUT = 5.0
OUTPUT_LIMIT = 2_000
"""Characters of a plugin's output kept for `starframe plugins`; the rest is counted."""
MESSAGE_LIMIT = 500
"""Characters of a plugin's exception message kept in the reason it is broken."""


def plugin_timeout(environ: Mapping[str, str]) -> float:
    """Seconds one import or hook call may take (STARFRAME_PLUGIN_TIMEOUT, default 5)."""
    try:
        seconds = float(environ.get(TIMEOUT_ENV, ""))
    except ValueError:
        return DEFAULT_TIMEOUT
    return seconds if 0 < seconds < float("inf") else DEFAULT_TIMEOUT


@dataclass(frozen=True)
class Outcome(Generic[T]):
    """What one guarded call gave: its value, or why the plugin is broken, and its output."""

    value: T | None
    failure: str | None
    output: str
    hung: bool = False


def call_plugin(func: Callable[[], T], timeout: float) -> Outcome[T]:
    """Run `func` (plugin code) in a daemon thread for at most `timeout` seconds.

    `failure` is "did not answer in N s" or "TypeName: message" (the message is formatted in
    the worker too, since a plugin's exception may hang or raise in `__str__`). A
    `KeyboardInterrupt` in the calling thread — the user's Ctrl+C — is not caught.
    """
    box: dict[str, Any] = {}
    capture = _Capture()

    def run() -> None:
        _ROUTER.attach(capture)
        try:
            box["value"] = func()
        except BaseException as exc:
            box["failure"] = describe(exc)
        finally:
            _ROUTER.detach()
            box["done"] = True

    worker = threading.Thread(target=run, name="starframe-plugin", daemon=True)
    with _ROUTER.installed():
        worker.start()
        worker.join(timeout)
    if "done" not in box:
        failure = f"did not answer in {timeout:g} s"
        return Outcome(None, failure, capture.text(), hung=True)
    return Outcome(box.get("value"), box.get("failure"), capture.text())


def describe(exc: BaseException) -> str:
    """`TypeName: message`, even when the exception's own `__str__` fails."""
    try:
        message = str(exc)
    except BaseException:
        message = "(its message could not be shown)"
    name = type(exc).__name__
    return shown_text(f"{name}: {message}" if message else name, MESSAGE_LIMIT)


def shown_text(text: str, limit: int) -> str:
    """Text from plugin code made safe to print: control characters escaped, length capped.

    Newlines are kept; everything else a terminal would act on (ESC, BEL, bidirectional
    overrides) is shown as an escape such as `\\x1b`, so a plugin cannot drive the terminal.
    It is stricter than `characters.shown`, which must leave people's own text readable: every
    format character is escaped too (zero-width spaces, tag characters), since nothing a plugin
    prints needs them and they can hide text from the person reading the output.
    """
    kept = text[:limit]
    safe = "".join(
        ch if ch == "\n" or unicodedata.category(ch) not in ("Cc", "Cf", "Cs") else _escaped(ch)
        for ch in kept
    )
    dropped = len(text) - len(kept)
    return f"{safe}… ({dropped} more characters)" if dropped else safe


def shown_output(text: str) -> str:
    """A plugin's output as `starframe plugins` shows it (escaped, cut to OUTPUT_LIMIT)."""
    return shown_text(text, OUTPUT_LIMIT)


def _escaped(ch: str) -> str:
    code = ord(ch)
    if code < 0x100:
        return f"\\x{code:02x}"
    return f"\\u{code:04x}" if code < 0x10000 else f"\\U{code:08x}"


class _Capture:
    """One call's output, bounded so a plugin printing for ever cannot fill the memory."""

    def __init__(self) -> None:
        self._parts: list[str] = []
        self._size = 0
        self._lock = threading.Lock()

    def write(self, text: str) -> None:
        with self._lock:
            room = OUTPUT_LIMIT + 1 - self._size
            if room > 0:
                self._parts.append(text[:room])
            self._size += len(text)

    def text(self) -> str:
        """What was printed, with a note of how much was left out past the limit."""
        with self._lock:
            kept = "".join(self._parts)[:OUTPUT_LIMIT]
            dropped = self._size - len(kept)
        return f"{kept}… ({dropped} more characters)" if dropped > 0 else kept


class _Stream:
    """Stands in for sys.stdout or sys.stderr while plugin code runs."""

    def __init__(self, router: _Router, real: TextIO) -> None:
        self._router = router
        self._real = real

    def write(self, text: str) -> int:
        capture = self._router.current()
        if capture is None:
            return self._real.write(text)
        capture.write(str(text))
        return len(text)

    def flush(self) -> None:
        if self._router.current() is None:
            self._real.flush()

    def isatty(self) -> bool:
        return False if self._router.current() is not None else self._real.isatty()

    @property
    def buffer(self) -> Any:
        """Bytes written to `sys.stdout.buffer` by a plugin are kept too (decoded)."""
        capture = self._router.current()
        return self._real.buffer if capture is None else _Bytes(capture)

    def __getattr__(self, name: str) -> Any:
        return getattr(self._real, name)


class _Bytes:
    """`sys.stdout.buffer` as a plugin thread sees it."""

    def __init__(self, capture: _Capture) -> None:
        self._capture = capture

    def write(self, data: bytes) -> int:
        self._capture.write(bytes(data).decode("utf-8", errors="replace"))
        return len(data)

    def flush(self) -> None:
        return None


class _Router:
    """Routes writes by thread: plugin workers to their capture, others to the real stream.

    It is installed on sys.stdout and sys.stderr while plugin code runs. When a call times
    out, the abandoned thread may still print; the router then stays installed (passing the
    main thread's output through unchanged) so that late output is still kept off the
    terminal.
    """

    def __init__(self) -> None:
        self._local = threading.local()
        self._lock = threading.Lock()
        self._live = 0

    def current(self) -> _Capture | None:
        capture: _Capture | None = getattr(self._local, "capture", None)
        return capture

    def attach(self, capture: _Capture) -> None:
        self._local.capture = capture
        with self._lock:
            self._live += 1

    def detach(self) -> None:
        self._local.capture = None
        with self._lock:
            self._live -= 1

    def installed(self) -> _Installed:
        return _Installed(self)

    def idle(self) -> bool:
        with self._lock:
            return self._live == 0


class _Installed:
    """Puts the router on sys.stdout/sys.stderr; takes it off once no plugin thread runs."""

    def __init__(self, router: _Router) -> None:
        self._router = router
        self._streams: list[tuple[str, _Stream]] = []

    def __enter__(self) -> None:
        for name in ("stdout", "stderr"):
            current = getattr(sys, name)
            if isinstance(current, _Stream) or current is None:
                continue
            stream = _Stream(self._router, current)
            setattr(sys, name, stream)
            self._streams.append((name, stream))

    def __exit__(self, *exc: object) -> None:
        if not self._router.idle():
            return
        for name, stream in self._streams:
            if getattr(sys, name) is stream:
                setattr(sys, name, stream._real)


_ROUTER = _Router()
"""Process-wide, as sys.stdout itself is: one router serves every plugin host."""

__all__ = [
    "DEFAULT_TIMEOUT",
    "TIMEOUT_ENV",
    "Outcome",
    "call_plugin",
    "describe",
    "plugin_timeout",
    "shown_output",
]
