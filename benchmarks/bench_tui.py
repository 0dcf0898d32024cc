"""The terminal UI's speed: launch to the first interactive screen, and a key to the screen.

Targets (issue 4): ready in under 1.0 s, a score key shown in under 50 ms, on a database
with thousands of people. Each figure is a median, printed in seconds and as a ratio to a
bare `python -I -c pass` measured in the same run. Practice (issue 7): from choosing a case to
the scoring screen showing its vignette.

Launch is timed from outside, two ways. Headless: a fresh `python` process imports the app
(with a fixed plugin host and the test helpers), opens it under Textual's test harness and
prints a line once the home screen's menu has focus; the clock runs from starting the process
to reading that line. In a terminal (issue 21): the installed `starframe tui --db demo.db` runs
in a pseudo-terminal (100 × 30, TERM=xterm-256color) with the installed plugins found through
their entry points, as a person starts it; the clock runs from starting the process to the
home screen's menu title appearing in what it draws.

Key latency is timed inside the app with Textual's Pilot: the key event is sent as Pilot
sends it, and the clock stops at the first frame the app renders that shows the change
(Textual's own Pilot helpers wait for the process to go idle, which adds tens of
milliseconds of test-harness sleep that a person never sees).
"""

from __future__ import annotations

import asyncio
import datetime as dt
import fcntl
import os
import re
import resource
import select
import statistics
import struct
import subprocess
import sys
import tempfile
import termios
import time
from collections.abc import Callable
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

STARFRAME = str(Path(sys.executable).parent / "starframe")
HOME_DRAWN = "What would you like to do?"
"""The home menu's title: once a frame shows it, the home screen is on the terminal."""
TERMINAL = (100, 30)
CONTROL = re.compile(rb"\x1b\[[0-?]*[ -/]*[@-~]|\x1b\][^\x07\x1b]*(?:\x07|\x1b\\)|\x1b[@-Z\\-_]")
"""Escape sequences (CSI, OSC, two-byte): what is left is the text a terminal shows."""
PEOPLE = int(os.environ.get("BENCH_PEOPLE", "3000"))
RUNS = int(os.environ.get("BENCH_RUNS", "7"))
TODAY = dt.date(2024, 6, 1)

LAUNCH = """
import asyncio, sys, time
sys.path.insert(0, {root!r})
from starframe.tui.app import make_app
from tests.tui.conftest import fixed_host

async def main():
    app = make_app(db={db!r}, make_host=fixed_host)
    async with app.run_test(size=(80, 24)) as pilot:
        while not (app.focused is not None and app.focused.id == "home-menu"):
            await asyncio.sleep(0.001)
        print("ready", flush=True)
        await app.workers.wait_for_complete()

asyncio.run(main())
"""


def wall(command: list[str], env: dict[str, str], runs: int) -> float:
    times = []
    for _ in range(runs):
        start = time.perf_counter()
        subprocess.run(command, env=env, check=True, stdout=subprocess.DEVNULL)
        times.append(time.perf_counter() - start)
    return statistics.median(times)


def until_ready(command: list[str], env: dict[str, str], runs: int) -> float:
    """Median time from starting `command` to it printing its first line."""
    times = []
    for _ in range(runs):
        start = time.perf_counter()
        with subprocess.Popen(command, env=env, stdout=subprocess.PIPE, text=True) as process:
            assert process.stdout is not None
            line = process.stdout.readline()
            times.append(time.perf_counter() - start)
            assert line.startswith("ready"), line
            process.wait()
    return statistics.median(times)


def in_terminal(command: list[str], env: dict[str, str]) -> tuple[float, float]:
    """Seconds from starting `command` in a pseudo-terminal to it drawing HOME_DRAWN, and the
    child's CPU seconds (user + system) from start to quitting with Ctrl+Q."""
    columns, rows = TERMINAL
    master, child_side = os.openpty()
    fcntl.ioctl(child_side, termios.TIOCSWINSZ, struct.pack("HHHH", rows, columns, 0, 0))
    start = time.perf_counter()
    child = subprocess.Popen(
        command,
        stdin=child_side,
        stdout=child_side,
        stderr=child_side,
        env={**env, "TERM": "xterm-256color", "COLUMNS": str(columns), "LINES": str(rows)},
        start_new_session=True,
    )
    os.close(child_side)
    drawn = b""
    ready: float | None = None
    try:
        while ready is None:
            if not select.select([master], [], [], 60)[0]:
                raise TimeoutError(f"{command[0]} never drew {HOME_DRAWN!r}")
            drawn += os.read(master, 1 << 16)
            if HOME_DRAWN.encode() in CONTROL.sub(b"", drawn):
                ready = time.perf_counter() - start
        os.write(master, b"\x11")  # Ctrl+Q; keep reading so the app can write as it quits
        deadline = time.monotonic() + 30
        while time.monotonic() < deadline and select.select([master], [], [], 0.1)[0]:
            try:
                os.read(master, 1 << 16)
            except OSError:  # the child closed its side: it has quit
                break
    except BaseException:
        child.kill()
        raise
    finally:
        usage = reaped(child, 30)
        os.close(master)
    assert ready is not None
    return ready, usage.ru_utime + usage.ru_stime


def reaped(child: subprocess.Popen[bytes], seconds: float) -> resource.struct_rusage:
    """The child's resource use once it has exited; killed after `seconds` if it has not."""
    deadline = time.monotonic() + seconds
    while True:
        pid, status, usage = os.wait4(child.pid, os.WNOHANG)
        if pid:
            break
        if time.monotonic() > deadline:
            child.kill()
            _pid, status, usage = os.wait4(child.pid, 0)
            break
        time.sleep(0.005)
    child.returncode = os.waitstatus_to_exitcode(status)
    return usage


def seed(db: Path) -> None:
    """A database with PEOPLE people, each with one complete Justice reading."""
    from starframe.catalog import build_catalog
    from starframe.readings.models import Person, Reading, Worker
    from starframe.readings.sources import InstalledDefinitions
    from starframe.readings.store import open_store
    from tests.tui.conftest import JUSTICE_SCALES, fixed_host

    catalog = build_catalog(host=fixed_host())
    readings = [
        Reading(
            star="justice",
            edition="1.0",
            person=f"P-{n:05d}",
            worker="W-01",
            date=dt.date(2024, 1, 1) + dt.timedelta(days=n % 120),
            scores={scale: 1 + (n + i) % 10 for i, scale in enumerate(JUSTICE_SCALES)},
        )
        for n in range(PEOPLE)
    ]
    with open_store(str(db)) as store, store.write() as writer:
        writer.add_worker(Worker(code="W-01", name="Sam Okafor"))
        for n in range(PEOPLE):
            writer.add_person(Person(code=f"P-{n:05d}", consent_date=dt.date(2024, 1, 1)))
        definitions = InstalledDefinitions(lambda: catalog).hashes(writer, readings)
        writer.add_readings(readings, definitions=definitions)


class FrameClock:
    """Times each frame the app renders (headless apps render, then skip the terminal)."""

    def __init__(self, app: Any, shows: Callable[[], bool]) -> None:
        self.frames: list[tuple[float, bool]] = []
        original = app._display

        def display(screen: Any, renderable: Any) -> None:
            original(screen, renderable)
            if renderable is not None:
                self.frames.append((time.perf_counter(), shows()))

        app._display = display

    async def key_to_frame(self, app: Any, key: str) -> float:
        from textual import events

        self.frames.clear()
        start = time.perf_counter()
        app._driver.send_message(events.Key(key, key if len(key) == 1 else None))
        while True:
            await asyncio.sleep(0.0005)
            shown = [at for at, ok in self.frames if ok]
            if shown:
                return shown[0] - start
            if time.perf_counter() - start > 5:
                raise TimeoutError(f"no frame showed the effect of {key!r}")


async def score_latency(db: Path) -> tuple[float, float, float]:
    """Median seconds from a first score key to the frame showing the next scale still to do
    (the score moves on), from a score key changing a score, and from a people-search key,
    to the frame."""
    from starframe.tui.app import make_app
    from tests.tui.conftest import fixed_host, settle

    app = make_app(db=str(db), make_host=fixed_host, today=lambda: TODAY, cursor_blink=False)
    async with app.run_test(size=(80, 24)) as pilot:
        await settle(pilot)
        await pilot.press("n", *"P-00001", "tab", *"W-01", "ctrl+s")
        await settle(pilot)
        screen: Any = app.screen
        ids = [scale.id for scale in screen.star.scales]
        given = {"count": 0}
        moved = FrameClock(
            app,
            lambda: (
                len(screen.session.reading.scores) == given["count"]
                and screen.scale_id == ids[min(given["count"], len(ids) - 1)]
            ),
        )
        firsts = []
        for count, n in enumerate([3, 7, 4, 8, 2, 9, 5, 6, 1, 10], start=1):
            given["count"] = count
            firsts.append(await moved.key_to_frame(app, str(n % 10)))
            await settle(pilot)
        expected = {"value": 0}
        clock = FrameClock(
            app,
            lambda: screen.session.reading.scores.get(screen.scale_id) == expected["value"],
        )
        scores = []
        for n in [3, 7, 4, 8, 2, 9, 5, 6, 1, 10, 3, 7, 4, 8, 2] * 2:
            expected["value"] = n
            scores.append(await clock.key_to_frame(app, str(n % 10)))
            await settle(pilot)
        await pilot.press("escape", "f")
        await settle(pilot)
        people: Any = app.screen
        typed = {"text": ""}
        search = FrameClock(app, lambda: people.shown_query == typed["text"])
        searches = []
        for char in "P-0012":
            typed["text"] += char
            searches.append(await search.key_to_frame(app, char))
            await settle(pilot)
    return statistics.median(firsts), statistics.median(scores), statistics.median(searches)


async def practice_ready(db: Path) -> float:
    """Median seconds from Enter on a case of the practice screen to the first frame of the
    scoring screen with the vignette drawn (the case catalog is already loaded, as it is
    once the practice screen has shown its cases)."""
    from starframe.tui.app import make_app
    from tests.tui.conftest import fixed_host, practice_as, settle

    app = make_app(db=str(db), make_host=fixed_host, today=lambda: TODAY, cursor_blink=False)
    async with app.run_test(size=(80, 24)) as pilot:
        await settle(pilot)
        await practice_as(pilot, "Bench")

        def vignette_shown() -> bool:
            screen = app.screen
            return type(screen).__name__ == "PracticeScoringScreen" and bool(
                screen.query("MarkdownParagraph")
            )

        clock = FrameClock(app, vignette_shown)
        times = []
        for _ in range(RUNS):
            times.append(await clock.key_to_frame(app, "enter"))
            await settle(pilot)
            await pilot.press("escape")
            await settle(pilot)
    return statistics.median(times)


def main() -> None:
    with tempfile.TemporaryDirectory() as folder:
        env = {**os.environ, "STARFRAME_CACHE_DIR": folder, "HOME": folder}
        # An installed program starts from compiled bytecode (see bench_catalog.py).
        env.pop("PYTHONDONTWRITEBYTECODE", None)
        db = Path(folder) / "bench.db"
        started = time.perf_counter()
        seed(db)
        seeded = time.perf_counter() - started
        # -I: without the editable install's .pth, which doubles a bare start (CONVENTIONS.md).
        base = wall([sys.executable, "-I", "-c", "pass"], env, RUNS)
        demo = Path(folder) / "demo.db"
        subprocess.run(
            [STARFRAME, "demo", "--db", str(demo)], env=env, check=True, stdout=subprocess.DEVNULL
        )
        tui = [STARFRAME, "tui", "--db", str(demo)]
        in_terminal(tui, env)
        started_in_terminal = [in_terminal(tui, env) for _ in range(RUNS)]
        terminal = statistics.median(seconds for seconds, _ in started_in_terminal)
        terminal_cpu = statistics.median(cpu for _, cpu in started_in_terminal)
        launch_cmd = [sys.executable, "-c", LAUNCH.format(root=str(ROOT), db=str(db))]
        until_ready(launch_cmd, env, 1)
        launch = until_ready(launch_cmd, env, RUNS)
        first, score, search = asyncio.run(score_latency(db))
        practice = asyncio.run(practice_ready(db))
    rows = [
        ("python -I -c pass (baseline)", base, "", ""),
        (
            f"starframe tui in a terminal {TERMINAL[0]}×{TERMINAL[1]} (demo.db)",
            terminal,
            f"{terminal / base:.1f}×",
            "< 1.0 s",
        ),
        (
            f"headless launch to home screen ({PEOPLE} people)",
            launch,
            f"{launch / base:.1f}×",
            "< 1.0 s",
        ),
        ("first score key to next scale shown", first, f"{first / base:.2f}×", "< 0.050 s"),
        ("score key to screen updated", score, f"{score / base:.2f}×", "< 0.050 s"),
        (f"people search key to list ({PEOPLE} people)", search, f"{search / base:.2f}×", ""),
        ("practice screen ready (case to vignette)", practice, f"{practice / base:.2f}×", ""),
    ]
    print(f"(seeded {PEOPLE} people with a reading each in {seeded:.1f} s)")
    print(f"(starframe tui in a terminal: {terminal_cpu:.3f} s of CPU, start to Ctrl+Q)")
    print(f"{'benchmark':46} {'seconds':>9} {'× baseline':>11}  target")
    for label, seconds, ratio, target in rows:
        print(f"{label:46} {seconds:9.4f} {ratio:>11}  {target}")


if __name__ == "__main__":
    main()
