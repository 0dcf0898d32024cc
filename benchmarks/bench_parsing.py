"""Benchmark reading large files: parsing a 2 MiB file, and rejecting one full of mistakes.

    python benchmarks/bench_parsing.py

Every file is 2 MiB, the size limit. "parse" is `read_document` (YAML to plain data with
positions); "reject" is everything `starframe validate` does to a file of BENCH_PARSE_ITEMS bad
items (default 40,000): parse, validate, map each problem to its place, and print the report.
The JSON Lines row reads an export of valid records ("parse") and one of as many bad lines
("reject"). Target (issue 19): rejecting a file costs at most 1.5× parsing it, however many
problems it has. The last row runs the command itself on the worst file, as a multiple of
`python -I -c pass`.
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

from starframe.definition.load import load_star_text
from starframe.documents.document import read_document
from starframe.limits import MAX_BYTES
from starframe.problems import report_lines
from starframe.transfer.records import read_records

STARFRAME = Path(sys.executable).parent / "starframe"
HEAD = "starframe: 1\nkind: star\n"


def median_of(runs: int, action: Callable[[], object]) -> float:
    times = []
    for _ in range(runs):
        start = time.perf_counter()
        action()
        times.append(time.perf_counter() - start)
    return statistics.median(times)


def two_mib(body: str) -> bytes:
    """`body` after the header, padded with a comment to exactly the size limit."""
    text = HEAD + body
    room = MAX_BYTES - len(text.encode()) - 2
    assert room >= 0, f"{len(text):,} bytes: fewer items, or shorter ones"
    return (text + "#" + "x" * room + "\n").encode()


def files(items: int) -> dict[str, bytes]:
    words = "w" * 20
    return {
        "valid list of mappings": two_mib(
            "scales:\n" + "".join(f"  - id: scale-{i}\n    label: {words}\n" for i in range(items))
        ),
        "bad journey stages": two_mib(
            "journey:\n" + "".join(f'  - {{id: "Bad {i}", points: x}}\n' for i in range(items))
        ),
        "duplicate keys": two_mib("".join(f"same: {words}\n" for _ in range(items))),
        "unknown keys": two_mib("".join(f"unknown-{i:06d}: {words}\n" for i in range(items))),
    }


def reject(raw: bytes) -> None:
    loaded = load_star_text(raw, "bad.yaml")
    assert not loaded.ok
    for _line in report_lines(loaded.problems, {"bad.yaml": loaded.document.text}):
        pass


def main() -> None:
    runs = int(os.environ.get("BENCH_RUNS", "5"))
    items = int(os.environ.get("BENCH_PARSE_ITEMS", "40000"))
    base = median_of(runs, lambda: subprocess.run([sys.executable, "-I", "-c", "pass"], check=True))
    print(f"{'2 MiB file':28} {'parse s':>9} {'reject s':>9} {'ratio':>7}  target")
    worst = b""
    worst_ratio = 0.0
    for label, raw in files(items).items():
        parse = median_of(runs, lambda raw=raw: read_document(raw, "bad.yaml"))
        if label.startswith("valid"):
            print(f"{label:28} {parse:9.3f} {'':>9} {'':>7}")
            continue
        rejected = median_of(runs, lambda raw=raw: reject(raw))
        ratio = rejected / parse
        if ratio > worst_ratio:
            worst, worst_ratio = raw, ratio
        print(f"{label:28} {parse:9.3f} {rejected:9.3f} {ratio:6.2f}×  ≤ 1.5×")
    with tempfile.TemporaryDirectory() as folder:
        lines = items // 2
        good, bad = Path(folder) / "good.jsonl", Path(folder) / "bad.jsonl"
        person = '{{"starframe": 1, "kind": "person", "code": "P{}", "consent_date": "{}"}}\n'
        good.write_text("".join(person.format(i, "2024-01-01") for i in range(lines)))
        bad.write_text("".join(person.format(i, "yesterday") for i in range(lines)))
        parse = median_of(runs, lambda: read_records(good))
        rejected = median_of(runs, lambda: list(report_lines(read_records(bad).problems, {})))
        label = f"JSON Lines, {lines:,} lines"
        print(f"{label:28} {parse:9.3f} {rejected:9.3f} {rejected / parse:6.2f}×  ≤ 1.5×")
        path = Path(folder) / "bad.yaml"
        path.write_bytes(worst)
        env = {**os.environ, "STARFRAME_NO_CACHE": "1"}
        command = [str(STARFRAME), "validate", str(path)]
        wall = median_of(
            runs,
            lambda: subprocess.run(
                command, env=env, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL, check=False
            ),
        )
    print(f"starframe validate (worst file): {wall:.3f} s = {wall / base:.1f}× python -I -c pass")


if __name__ == "__main__":
    main()
