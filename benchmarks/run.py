"""`make bench`: starframe's speed as ratios to a bare Python start measured in the same run.

Wall-clock seconds depend on the machine; a ratio to `python -I -c pass` on the same machine, in the
same run, is what can be compared between runs and machines. Each figure is the median of
several runs; the targets come from the issues that asked for them. `--scale`
(`make bench ARGS=--scale`) runs `scale.py` instead: the store at 100,000 and 1,000,000
readings on SQLite and PostgreSQL, which takes minutes.
"""

from __future__ import annotations

import os
import statistics
import subprocess
import sys
import tempfile
import time
from collections.abc import Callable
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
BIN = Path(sys.executable).parent
STARFRAME = str(BIN / "starframe")
BUNDLED = [
    ROOT / "plugins/justice/starframe_justice/stars/justice.yaml",
    ROOT / "plugins/parent_baby/starframe_parent_baby/stars/parent-baby.yaml",
]


def wall(command: list[str], env: dict[str, str], runs: int) -> float:
    times = []
    for _ in range(runs):
        start = time.perf_counter()
        subprocess.run(
            command, env=env, check=True, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL
        )
        times.append(time.perf_counter() - start)
    return statistics.median(times)


def in_process(func: Callable[[], object], runs: int) -> float:
    func()
    times = []
    for _ in range(runs):
        start = time.perf_counter()
        func()
        times.append(time.perf_counter() - start)
    return statistics.median(times)


def generated_star(scales: int) -> bytes:
    sys.path.insert(0, str(ROOT))
    from starframe.definition.dump import dump_star
    from starframe.definition.load import load_star_file

    base = load_star_file(BUNDLED[0]).star
    assert base is not None
    template = base.scales[0]
    many = [
        template.model_copy(
            update={
                "id": f"scale-{i}",
                "label": f"Scale {i}",
                "ladder": {p: f"{w} ({i})" for p, w in template.ladder.items()},
            }
        )
        for i in range(scales)
    ]
    return dump_star(base.model_copy(update={"scales": many})).encode()


def full_check(raw: bytes) -> None:
    """Every step `load_star_text` takes, on a model with the 16-scale limit lifted.

    60 scales is beyond the format's limit on purpose: the benchmark measures the checker's cost
    per scale, so it must run the rules and lint on all of them rather than stop at SF106.
    """
    from starframe.definition.lint import run_lint
    from starframe.definition.lint_rules import BUILTIN_RULES
    from starframe.definition.models import Scale, Star
    from starframe.definition.rules import star_rule_violations
    from starframe.documents.document import read_document
    from starframe.documents.header import check_header
    from starframe.documents.validation import validate_model

    class WideStar(Star):
        scales: list[Scale]  # type: ignore[assignment]

    doc = read_document(raw, "sixty.yaml")
    assert check_header(doc, expect_kind="star")
    star = validate_model(doc, WideStar, context={"defer_rules": True})
    assert star is not None, doc.problems
    assert not star_rule_violations(star)
    run_lint(star, doc, BUILTIN_RULES)


QUICK = {
    "BENCH_RUNS": "1",
    "BENCH_PEOPLE": "5",
    "BENCH_READINGS": "300",
    "BENCH_TRAINEES": "3",
    "BENCH_CERTIFICATES": "100",
    "BENCH_PARSE_ITEMS": "500",
    "BENCH_FHIR_READINGS": "200",
    "BENCH_TABS": "2",
    "BENCH_DRAFTS": "20",
    "BENCH_PILOT_PEOPLE": "20",
}
"""`--quick`: every benchmark once on tiny data, to check they run (the tests do this)."""


def main() -> None:
    if "--scale" in sys.argv:
        # The store at organisation scale (issue 21): minutes, so only when asked for.
        rest = [arg for arg in sys.argv[1:] if arg != "--scale"]
        script = ROOT / "benchmarks" / "scale.py"
        raise SystemExit(
            subprocess.run([sys.executable, str(script), *rest], check=False).returncode
        )
    if "--quick" in sys.argv:
        os.environ.update(QUICK)
    runs = int(os.environ.get("BENCH_RUNS", "7"))
    rows: list[tuple[str, float, float | None, str]] = []
    with tempfile.TemporaryDirectory() as cache:
        env = {**os.environ, "STARFRAME_CACHE_DIR": cache}
        nocache = {**env, "STARFRAME_NO_CACHE": "1"}
        # -I: without the editable install's .pth, which doubles a bare start (CONVENTIONS.md).
        base = wall([sys.executable, "-I", "-c", "pass"], env, runs)
        rows.append(("python -I -c pass (baseline)", base, 1.0, ""))
        wall([STARFRAME, "stars", "list"], env, 1)
        for label, cmd, e, target in [
            ("starframe stars list (warm cache)", ["stars", "list"], env, "< 0.25 s"),
            ("starframe stars list (no cache)", ["stars", "list"], nocache, "< 0.25 s"),
            (
                "starframe validate justice.yaml (warm)",
                ["validate", str(BUNDLED[0])],
                env,
                "< 0.25 s",
            ),
            (
                "starframe validate justice.yaml (no cache)",
                ["validate", str(BUNDLED[0])],
                nocache,
                "< 0.25 s",
            ),
        ]:
            t = wall([STARFRAME, *cmd], e, runs)
            rows.append((label, t, t / base, target))
    from starframe.definition.load import load_star_text

    one = BUNDLED[0].read_bytes()
    t = in_process(lambda: load_star_text(one, "justice.yaml"), runs * 3)
    rows.append(("validate justice.yaml (in-process)", t, None, ""))
    raw = generated_star(60)
    t = in_process(lambda: full_check(raw), runs * 3)
    rows.append(("validate 60-scale Star (in-process)", t, None, "< 0.050 s"))
    print(f"{'benchmark':46} {'seconds':>9} {'× baseline':>11}  target")
    for label, seconds, ratio, target in rows:
        shown = f"{ratio:10.1f}×" if ratio is not None else " " * 11
        print(f"{label:46} {seconds:9.4f} {shown}  {target}")
    for script in sorted((ROOT / "benchmarks").glob("bench_*.py")):
        print(f"\n== {script.name}")
        subprocess.run([sys.executable, str(script)], check=True, env=os.environ)


if __name__ == "__main__":
    main()
