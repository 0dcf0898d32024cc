"""The catalog of an organisation's drafts, and start-up: issue 21's targets.

    python benchmarks/bench_catalog.py        (BENCH_DRAFTS=1000, BENCH_RUNS=5)

Writes BENCH_DRAFTS draft Star files (the Justice Star under new ids) into a folder and runs
the installed `starframe stars list --stars-dir FOLDER` in a child process: cold (an empty
check cache, so every file is read and checked) and warm (the cache the cold run filled).
Each figure is the median wall time, with the child's CPU time (user + system) and peak
resident memory (`os.wait4`), and the wall and CPU times as multiples of those of
`python -I -c pass` measured in the same run (`-I`: without the editable install's `.pth`).
Then the modules `import starframe.cli` loads that a start should not need. Targets (1,000
drafts): peak under 100 MiB, cold under 3 s, warm under 0.3 s; warm `stars list` under 60 ms
of CPU in a normal (non-editable) install (run this with that install's python), shown
beside `python -I -c "import click"`, which such a listing no longer imports.
"""

from __future__ import annotations

import os
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
STARFRAME = str(Path(sys.executable).parent / "starframe")
JUSTICE = ROOT / "plugins/justice/starframe_justice/stars/justice.yaml"
MIB = 1024 * 1024
NOT_AT_START = ("tempfile", "importlib.resources", "pydantic", "sqlalchemy", "reportlab")
"""Modules a start (`import starframe.cli`) should leave until a command needs them."""


def run(command: list[str], env: dict[str, str]) -> tuple[float, float, float]:
    """Wall seconds, CPU seconds and peak MiB of one run of `command` in a child."""
    start = time.perf_counter()
    child = subprocess.Popen(command, env=env, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE)
    _pid, status, usage = os.wait4(child.pid, 0)
    wall = time.perf_counter() - start
    assert child.stderr is not None
    problems = child.stderr.read().decode(errors="replace")
    child.stderr.close()
    if os.waitstatus_to_exitcode(status) not in (0, 1):
        raise SystemExit(f"{' '.join(command)} failed: {problems}")
    return wall, usage.ru_utime + usage.ru_stime, usage.ru_maxrss * 1024 / MIB


def drafts(folder: Path, count: int) -> None:
    text = JUSTICE.read_text(encoding="utf-8").replace("status: published", "status: draft")
    for number in range(count):
        star = text.replace("id: justice\n", f"id: draft-{number:04d}\n", 1)
        (folder / f"draft-{number:04d}.yaml").write_text(star, encoding="utf-8")


def started_modules(env: dict[str, str]) -> list[str]:
    code = (
        "import sys; import starframe.cli; "
        f"print(' '.join(m for m in {NOT_AT_START!r} if m in sys.modules))"
    )
    found = subprocess.run(
        [sys.executable, "-c", code], env=env, check=True, capture_output=True, text=True
    )
    return found.stdout.split()


def main() -> None:
    count = int(os.environ.get("BENCH_DRAFTS", "1000"))
    runs = int(os.environ.get("BENCH_RUNS", "5"))
    with tempfile.TemporaryDirectory(prefix="starframe-catalog-") as name:
        folder = Path(name) / "drafts"
        folder.mkdir()
        drafts(folder, count)
        env = {**os.environ, "STARFRAME_CACHE_DIR": str(Path(name) / "cache")}
        env.pop("STARFRAME_STARS_PATH", None)
        # An installed program starts from compiled bytecode; with this set, every start of
        # an editable install compiles each module again and the figures time the compiler.
        env.pop("PYTHONDONTWRITEBYTECODE", None)
        bare = [run([sys.executable, "-I", "-c", "pass"], env) for _ in range(runs)]
        python = statistics.median(w for w, _, _ in bare)
        python_cpu = statistics.median(c for _, c, _ in bare)
        command = [STARFRAME, "stars", "list", "--stars-dir", str(folder)]
        cold = []
        for number in range(max(1, runs // 2)):
            cold_env = {**env, "STARFRAME_CACHE_DIR": str(Path(name) / f"cold-{number}")}
            cold.append(run(command, cold_env))
        run(command, env)
        warm = [run(command, env) for _ in range(runs)]
        # The installed Stars as a person lists them: the cache in their own cache folder
        # (named without platformdirs), warmed first; and click's import, which it skips.
        own = {k: v for k, v in env.items() if not k.startswith(("STARFRAME_", "XDG_"))}
        own["XDG_CACHE_HOME"] = str(Path(name) / "xdg")
        run([STARFRAME, "stars", "list"], own)
        plain = [run([STARFRAME, "stars", "list"], own) for _ in range(runs)]
        click = [run([sys.executable, "-I", "-c", "import click"], env) for _ in range(runs)]
        print(
            f"python -I -c pass: {python * 1000:.1f} ms, {python_cpu * 1000:.1f} ms of CPU "
            "(the baselines of the ratios)"
        )
        print(
            f"{'benchmark':36} {'seconds':>8} {'× python':>9} {'CPU s':>7} {'CPU ×':>6} "
            f"{'peak MiB':>9}  target"
        )
        for label, found, target in (
            (f"stars list, {count} drafts, cold", cold, "< 3 s, < 100 MiB"),
            (f"stars list, {count} drafts, warm", warm, "< 0.3 s, < 100 MiB"),
            ("stars list, installed only, warm", plain, "< 60 ms CPU (non-editable)"),
            ("python -I -c 'import click'", click, "(what a warm listing skips)"),
        ):
            wall = statistics.median(w for w, _, _ in found)
            cpu = statistics.median(c for _, c, _ in found)
            peak = max(p for _, _, p in found)
            print(
                f"{label:36} {wall:8.3f} {wall / python:9.1f} {cpu:7.3f} "
                f"{cpu / python_cpu:6.1f} {peak:9.0f}  {target}"
            )
        loaded = started_modules(env)
        print(f"import starframe.cli loads: {', '.join(loaded) or 'none of'} {NOT_AT_START}")


if __name__ == "__main__":
    main()
