"""Editions: `supersedes` maps renamed scales; `diff` lists changes and judges comparability."""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

from starframe.definition.diff import diff_stars, scale_map
from starframe.definition.load import load_star_text
from starframe.definition.models import Star
from tests.conftest import TINY_STAR

TINY = TINY_STAR.read_text(encoding="utf-8")
STARFRAME = str(Path(sys.executable).parent / "starframe")


def star(text: str) -> Star:
    loaded = load_star_text(text, "star.yaml")
    assert loaded.star is not None, loaded.problems
    return loaded.star


def next_edition(text: str = TINY, supersedes: str = "") -> str:
    return text.replace('edition: "1.0"', f'edition: "1.1"{supersedes}', 1)


RENAMED = next_edition(
    TINY.replace("  - id: money", "  - id: finances"),
    '\nsupersedes:\n  edition: "1.0"\n  scales:\n    money: finances',
)


def test_identical_editions_have_no_changes_and_are_comparable() -> None:
    result = diff_stars(star(TINY), star(next_edition()))
    assert result.comparable
    assert result.changes == []
    assert result.scale_map == {"home": "home", "money": "money", "health": "health"}


def test_a_renamed_scale_is_mapped_through_supersedes_in_either_direction() -> None:
    old, new = star(TINY), star(RENAMED)
    assert scale_map(old, new)["money"] == "finances"
    assert scale_map(new, old)["finances"] == "money"
    result = diff_stars(old, new)
    assert result.comparable
    assert [(c.kind, c.where, c.new) for c in result.changes] == [
        ("renamed", "scale money", "finances")
    ]


def test_a_renamed_scale_without_a_map_breaks_comparability() -> None:
    renamed = next_edition(TINY.replace("  - id: money", "  - id: finances"))
    result = diff_stars(star(TINY), star(renamed))
    assert not result.comparable
    assert any("`money` has no counterpart" in reason for reason in result.reasons)
    kinds = {(c.kind, c.where) for c in result.changes}
    assert {("removed", "scale money"), ("added", "scale finances")} <= kinds


def test_wording_changes_are_listed_point_by_point_and_keep_readings_comparable() -> None:
    reworded = next_edition(
        TINY.replace("3: I keep to a budget most weeks.", "3: I budget weekly.")
    )
    result = diff_stars(star(TINY), star(reworded))
    assert result.comparable
    [change] = result.changes
    assert (change.where, change.old, change.new) == (
        "scale money point 3",
        "I keep to a budget most weeks.",
        "I budget weekly.",
    )


def test_a_different_journey_makes_readings_incomparable() -> None:
    moved = next_edition(TINY.replace("points: [1, 2]", "points: [1, 1]")).replace(
        "points: [3, 4]", "points: [2, 4]"
    )
    result = diff_stars(star(TINY), star(moved))
    assert not result.comparable
    assert "stage early points" in {c.where for c in result.changes}


def test_supersedes_must_map_to_a_scale_of_this_edition() -> None:
    broken = RENAMED.replace("money: finances", "money: cash")
    loaded = load_star_text(broken, "star.yaml")
    assert loaded.star is None
    line = broken.splitlines().index("    money: cash") + 1
    assert [(p.code, p.line) for p in loaded.problems] == [("SF207", line)]


def test_cli_diff_by_files_prints_changes_and_the_verdict(tmp_path: Path) -> None:
    (tmp_path / "a.yaml").write_text(TINY, encoding="utf-8")
    (tmp_path / "b.yaml").write_text(RENAMED, encoding="utf-8")
    env = {"STARFRAME_CACHE_DIR": str(tmp_path / "cache"), "PATH": ""}
    text = subprocess.run(
        [STARFRAME, "diff", str(tmp_path / "a.yaml"), str(tmp_path / "b.yaml")],
        capture_output=True,
        text=True,
        env=env,
        check=True,
    ).stdout
    assert "scale money is now finances" in text
    assert "can be compared" in text
    different = subprocess.run(
        [STARFRAME, "diff", str(tmp_path / "a.yaml"), "justice", "--json"],
        capture_output=True,
        text=True,
        env=env,
        check=False,
    )
    data = json.loads(different.stdout)
    assert data["comparable"] is False
    assert "different Stars" in data["reasons"][0]
    # As GNU diff: 0 comparable, 1 not comparable, 2 trouble with what was given.
    assert different.returncode == 1


def test_cli_diff_exit_codes_let_ci_gate_on_comparability(tmp_path: Path) -> None:
    (tmp_path / "a.yaml").write_text(TINY, encoding="utf-8")
    (tmp_path / "b.yaml").write_text(RENAMED, encoding="utf-8")
    env = {"STARFRAME_CACHE_DIR": str(tmp_path / "cache"), "PATH": ""}

    def code(*refs: str) -> subprocess.CompletedProcess[str]:
        return subprocess.run(
            [STARFRAME, "diff", *refs], capture_output=True, text=True, env=env, check=False
        )

    assert code(str(tmp_path / "a.yaml"), str(tmp_path / "b.yaml")).returncode == 0
    assert code(str(tmp_path / "a.yaml"), "justice").returncode == 1
    missing = code(str(tmp_path / "a.yaml"), "no-such-star")
    assert missing.returncode == 2
    assert "Traceback" not in missing.stderr
    assert "no-such-star" in missing.stderr
