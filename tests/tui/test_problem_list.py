"""The Star browser splits a file into lines once, however many problems it lists (issue 19,
item 6: the printer split the whole file again for every problem, so a 2 MiB file with
thousands of problems took minutes)."""

from __future__ import annotations

import pytest

import starframe.problems
from starframe.problems import Problem, SourceLines
from starframe.tui.widgets.star_text import problem_list


def test_the_text_is_split_once_not_per_problem(monkeypatch: pytest.MonkeyPatch) -> None:
    splits: list[str] = []

    class Counted(SourceLines):
        def __init__(self, text: str) -> None:
            splits.append(text)
            super().__init__(text)

    monkeypatch.setattr(starframe.problems, "SourceLines", Counted)
    raw = "".join(f"unknown-{line}: x\n" for line in range(500)).encode()
    problems = [Problem("SF101", "error", "unknown key", "big.yaml", n, 1) for n in range(1, 501)]
    shown = problem_list(problems, raw)
    assert splits == []  # rendering each problem did not split the text again
    assert "  250 | unknown-249: x" in shown.plain
