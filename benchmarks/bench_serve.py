"""A training room in the browser (issue 15): how soon a tab shows the name prompt, what a tab
costs in memory.

- server start: `starframe serve practice` started → its port answers;
- a tab: its websocket opened (as textual-serve's page opens it) → the served app's screen
  shows "Your name" (read through the test-only switch `STARFRAME_SERVE_SCREENS`, which the
  app writes every 0.25 s, so this figure is up to 0.25 s late). No browser is needed: the
  browser's own part (loading a 300 kB script) is the same for any app;
- memory with BENCH_TABS tabs open (20 by default): the resident memory of the server and of
  every app process, and per tab.

Times are medians of BENCH_RUNS, and a ratio to `python -I -c pass` measured in the same run.
"""

from __future__ import annotations

import asyncio
import os
import signal
import socket
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
STARFRAME = Path(sys.executable).parent / "starframe"
RUNS = int(os.environ.get("BENCH_RUNS", "7"))
TABS = int(os.environ.get("BENCH_TABS", "20"))
TAB_RUNS = max(1, min(RUNS, 5))
WAIT = 120.0


def free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return int(probe.getsockname()[1])


def baseline(runs: int) -> float:
    times = []
    for _ in range(runs):
        start = time.perf_counter()
        subprocess.run([sys.executable, "-I", "-c", "pass"], check=True)
        times.append(time.perf_counter() - start)
    return statistics.median(times)


def rss_kib(pid: int) -> int:
    for line in (Path("/proc") / str(pid) / "status").read_text().splitlines():
        if line.startswith("VmRSS:"):
            return int(line.split()[1])
    return 0


def children_of(pid: int) -> list[int]:
    found = []
    for entry in Path("/proc").iterdir():
        if entry.name.isdigit():
            try:
                stat = (entry / "stat").read_text()
            except OSError:
                continue
            if int(stat.rsplit(")", 1)[1].split()[1]) == pid:
                found.append(int(entry.name))
    return found


def start_server(folder: Path, db: str) -> tuple[subprocess.Popen[bytes], int, float]:
    port = free_port()
    env = {**os.environ, "HOME": str(folder), "STARFRAME_SERVE_SCREENS": str(folder / "screens")}
    started = time.perf_counter()
    server = subprocess.Popen(
        [str(STARFRAME), "serve", "practice", "--db", db, "--port", str(port)],
        env=env,
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
    )
    deadline = started + WAIT
    while time.perf_counter() < deadline:
        try:
            with socket.create_connection(("127.0.0.1", port), timeout=1):
                return server, port, time.perf_counter() - started
        except OSError:
            time.sleep(0.02)
    server.kill()
    raise SystemExit("the server did not start")


async def open_tabs(port: int, screens: Path, count: int) -> tuple[list[float], list[object]]:
    """`count` tabs opened one after another; each one's time to its name prompt."""
    import aiohttp

    session = aiohttp.ClientSession()
    origin = f"http://127.0.0.1:{port}"
    kept: list[object] = [session]
    times = []
    for _ in range(count):
        before = set(screens.glob("*.txt"))
        started = time.perf_counter()
        kept.append(await session.ws_connect(f"{origin}/ws?width=100&height=30", origin=origin))
        while True:
            new = set(screens.glob("*.txt")) - before
            if new and "Your name" in next(iter(new)).read_text(encoding="utf-8"):
                break
            if time.perf_counter() - started > WAIT:
                raise SystemExit("a tab never showed the name prompt")
            await asyncio.sleep(0.01)
        times.append(time.perf_counter() - started)
    return times, kept


async def close(kept: list[object]) -> None:
    for item in reversed(kept):
        await item.close()  # type: ignore[attr-defined]


def main() -> None:
    base = baseline(RUNS)
    with tempfile.TemporaryDirectory() as tmp:
        folder = Path(tmp)
        (folder / "screens").mkdir()
        db = str(folder / "room.db")
        starts, firsts = [], []
        for _ in range(TAB_RUNS):
            server, port, started = start_server(folder, db)
            starts.append(started)
            tab_times, kept = asyncio.run(open_tabs(port, folder / "screens", 1))
            firsts.append(tab_times[0])
            asyncio.run(close(kept))
            server.send_signal(signal.SIGINT)
            server.wait(30)

        server, port, _ = start_server(folder, db)

        async def room() -> tuple[list[float], int, int]:
            times, kept = await open_tabs(port, folder / "screens", TABS)
            apps = children_of(server.pid)
            memory = sum(rss_kib(pid) for pid in apps), rss_kib(server.pid)
            await close(kept)
            return times, *memory

        tab_times, apps_kib, server_kib = asyncio.run(room())
        server.send_signal(signal.SIGINT)
        server.wait(30)

    rows = [
        ("python -I -c pass (baseline)", base, ""),
        ("serve practice: start → listening", statistics.median(starts), ""),
        ("a tab: websocket → name prompt (idle room)", statistics.median(firsts), ""),
        (f"a tab: websocket → name prompt ({TABS} tabs, median)", statistics.median(tab_times), ""),
    ]
    print(f"{'benchmark':58} {'seconds':>9} {'× baseline':>11}  target")
    for label, seconds, target in rows:
        print(f"{label:58} {seconds:9.3f} {seconds / base:10.1f}×  {target}")
    print(
        f"memory with {TABS} tabs open: server {server_kib / 1024:.0f} MiB, apps "
        f"{apps_kib / 1024:.0f} MiB in all, {apps_kib / 1024 / TABS:.0f} MiB per tab (resident)"
    )


if __name__ == "__main__":
    main()
