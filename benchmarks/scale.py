"""`make bench ARGS=--scale`: the store at organisation scale, on SQLite and PostgreSQL.

    python benchmarks/scale.py [--readings 100000 1000000] [--backends sqlite postgresql]

Builds a JSON Lines export of N readings of the 10-scale Justice Star (four a person, as
`bench_store.py` writes it), then times the real `starframe` commands an organisation runs on
it: `readings import`, `summary cohort`, `readings list` (piped, so every reading),
`readings list --json`, and `readings export` as CSV and JSON Lines. Each is one run of the
installed command in a child process; its peak memory is the child's maximum resident size
(`os.wait4`). Every time is also a multiple of `python -I -c pass` measured in the same run
(`-I`: without the editable install's `.pth`, which doubles a bare start). Targets (issue 21,
1,000,000 readings): import under 60 s (SQLite) and 120 s (PostgreSQL) in under 300 MiB; list,
list --json and export under 200 MiB; JSON Lines export under 30 s and CSV under 60 s on SQLite;
`summary cohort` under 2 s (SQLite) and 3 s (PostgreSQL). The CPU column (the child's user +
system time) is steadier than the wall on a machine others share.

PostgreSQL: a database of its own is made on the server STARFRAME_BENCH_PG_URL names (default
postgresql+psycopg://postgres@127.0.0.1:5432/test) and dropped at the end. Not run by the
tests: a million readings take minutes.
"""

from __future__ import annotations

import argparse
import os
import statistics
import subprocess
import sys
import tempfile
import time
import uuid
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))
from bench_store import write_export

STARFRAME = str(Path(sys.executable).parent / "starframe")
PG_URL = os.environ.get(
    "STARFRAME_BENCH_PG_URL", "postgresql+psycopg://postgres@127.0.0.1:5432/test"
)
MIB = 1024 * 1024
LIMITS = {"import": 300, "list": 200, "list --json": 200, "export csv": 200, "export jsonl": 200}
"""Peak memory targets, MiB."""
TIME_TARGETS = {
    ("import", "sqlite"): 60.0,
    ("import", "postgresql"): 120.0,
    ("export jsonl", "sqlite"): 30.0,
    ("export csv", "sqlite"): 60.0,
    ("summary cohort", "sqlite"): 2.0,
    ("summary cohort", "postgresql"): 3.0,
}
"""Seconds, at 1,000,000 readings."""


@dataclass(frozen=True)
class Measured:
    seconds: float
    peak_mib: float
    cpu: float = 0.0
    """The child's user + system time: on a machine others share, steadier than the wall."""


def measure(command: list[str], env: dict[str, str], stdout: int | None = None) -> Measured:
    """One run of `command` in a child: wall time and the child's peak resident memory."""
    start = time.perf_counter()
    child = subprocess.Popen(
        command,
        env=env,
        stdout=subprocess.DEVNULL if stdout is None else stdout,
        stderr=subprocess.DEVNULL,
    )
    _pid, status, usage = os.wait4(child.pid, 0)
    seconds = time.perf_counter() - start
    child.returncode = os.waitstatus_to_exitcode(status)
    if child.returncode != 0:
        raise SystemExit(f"{' '.join(command)} failed with exit status {child.returncode}")
    # ru_maxrss is in KiB on Linux
    return Measured(seconds, usage.ru_maxrss * 1024 / MIB, usage.ru_utime + usage.ru_stime)


def baseline(env: dict[str, str]) -> float:
    return statistics.median(
        measure([sys.executable, "-I", "-c", "pass"], env).seconds for _ in range(7)
    )


@contextmanager
def postgresql_database() -> Iterator[str]:
    """A fresh database on the benchmark server, dropped afterwards."""
    from sqlalchemy import create_engine, text

    name = f"starframe_scale_{uuid.uuid4().hex[:8]}"
    admin = create_engine(PG_URL, isolation_level="AUTOCOMMIT")
    with admin.connect() as connection:
        connection.execute(text(f"CREATE DATABASE {name}"))
    try:
        yield PG_URL.rsplit("/", 1)[0] + f"/{name}"
    finally:
        with admin.connect() as connection:
            connection.execute(text(f"DROP DATABASE IF EXISTS {name} WITH (FORCE)"))
        admin.dispose()


@contextmanager
def database(backend: str, folder: Path) -> Iterator[str]:
    if backend == "sqlite":
        yield str(folder / "scale.db")
    else:
        with postgresql_database() as url:
            yield url


def run_backend(
    backend: str, count: int, export: Path, folder: Path, env: dict[str, str]
) -> list[tuple[str, Measured]]:
    results: list[tuple[str, Measured]] = []
    with database(backend, folder) as db:
        base = [STARFRAME]
        imported = measure([*base, "readings", "import", str(export), "--db", db], env)
        results.append(("import", imported))
        results.append(
            ("summary cohort", measure([*base, "summary", "cohort", "justice", "--db", db], env))
        )
        results.append(("list", measure([*base, "readings", "list", "--db", db], env)))
        results.append(
            ("list --json", measure([*base, "readings", "list", "--json", "--db", db], env))
        )
        for fmt in ("csv", "jsonl"):
            out = folder / f"out-{backend}.{fmt}"
            command = [*base, "readings", "export", "--format", fmt, "-o", str(out), "--force"]
            results.append((f"export {fmt}", measure([*command, "--db", db], env)))
            out.unlink()
    return results


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--readings", type=int, nargs="+", default=[100_000, 1_000_000])
    parser.add_argument(
        "--backends", nargs="+", default=["sqlite", "postgresql"], choices=["sqlite", "postgresql"]
    )
    args = parser.parse_args()
    with tempfile.TemporaryDirectory(prefix="starframe-scale-") as name:
        folder = Path(name)
        env = {**os.environ, "STARFRAME_CACHE_DIR": str(folder / "cache")}
        env.pop("STARFRAME_DB", None)
        python = baseline(env)
        print(f"python -I -c pass: {python * 1000:.1f} ms (the baseline of every ratio)\n")
        print(
            f"{'operation':<16} {'backend':<11} {'readings':>10} {'seconds':>9} "
            f"{'× python':>9} {'CPU s':>8} {'peak MiB':>9}  target"
        )
        for count in args.readings:
            export = folder / f"readings-{count}.jsonl"
            write_export(export, count)
            for backend in args.backends:
                for operation, done in run_backend(backend, count, export, folder, env):
                    goals = []
                    seconds = TIME_TARGETS.get((operation, backend))
                    if seconds is not None and count == 1_000_000:
                        goals.append(f"< {seconds:g} s")
                    if operation in LIMITS:
                        goals.append(f"< {LIMITS[operation]} MiB")
                    print(
                        f"{operation:<16} {backend:<11} {count:>10,} {done.seconds:>9.2f} "
                        f"{done.seconds / python:>9.0f} {done.cpu:>8.2f} {done.peak_mib:>9.0f}  "
                        f"{', '.join(goals)}",
                        flush=True,
                    )
            export.unlink()


if __name__ == "__main__":
    main()
