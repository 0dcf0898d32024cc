"""`readings add` shows every problem of a reading file in one run, in file order.

An `N/A` (for `n/a`) used to hide an unknown scale, a score off the ladder and a missing score
until it was fixed: the reading is now checked against its Star without the values that fail.
"""

from __future__ import annotations

import re
from pathlib import Path

from tests.readings.test_readings_cli import Runner, cli, cli_cache, db, setup, stars_dir

__all__ = ["cli", "cli_cache", "db", "setup", "stars_dir"]

BROKEN = """starframe: 1
kind: reading
star: tiny
edition: "1.0"
person: P-0001
worker: W-01
date: 2024-03-01
scores:
  home: N/A
  mony: 2
  health: 9
"""


def test_an_unreadable_score_hides_no_other_problem(
    cli: Runner, setup: None, stars_dir: Path, tmp_path: Path
) -> None:
    reading = tmp_path / "reading.yaml"
    reading.write_text(BROKEN, "utf-8")
    run = cli("readings", "add", "--from", reading, "--stars-dir", stars_dir)
    assert run.code == 1
    found = re.findall(r"reading\.yaml:(\d+):\d+: error (SF\d+)", run.err)
    # The N/A, the unknown scale, the score off the ladder, and `health`... all in one run;
    # `mony` is not also reported as `money` missing (it is the same mistake).
    assert found == [("9", "SF199"), ("10", "SF701"), ("11", "SF702")], run.err
    assert "`N/A` is not a score: write `n/a`, in lowercase" in run.err
    assert "Did you mean `money`?" in run.err


def test_a_scale_left_out_is_still_reported_beside_a_broken_score(
    cli: Runner, setup: None, stars_dir: Path, tmp_path: Path
) -> None:
    reading = tmp_path / "reading.yaml"
    reading.write_text(BROKEN.replace("  mony: 2\n", ""), "utf-8")
    run = cli("readings", "add", "--from", reading, "--stars-dir", stars_dir)
    found = re.findall(r"reading\.yaml:(\d+):\d+: error (SF\d+)", run.err)
    assert found == [("8", "SF704"), ("9", "SF199"), ("10", "SF702")], run.err
    assert "nothing was saved" in run.err
