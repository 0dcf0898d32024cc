"""One run of the Star loader shows every problem it can find, in file order.

A shape error on one stage or scale must not hide the rules between fields on the others, and
a misspelt key is one problem, not an unknown key and a missing one.
"""

from __future__ import annotations

from pathlib import Path

from starframe.definition.load import load_star_text
from starframe.problems import has_errors

TENANCY = (Path(__file__).parent / "data" / "docs" / "tenancy.yaml").read_text("utf-8")


def _five_mistakes() -> str:
    return (
        TENANCY.replace("audience:", "audiance:", 1)  # a key typo
        .replace("points: [3, 4]", "points: [4, 4]", 1)  # a stage gap
        .replace("label: Rent\n", "label: Paying the rent every month\n", 1)  # a long label
        .replace("      5: I manage looking after the home well and without any help.\n", "", 1)
        .replace("id: neighbours", "id: paying-rent", 1)  # a duplicate scale id
    )


def test_five_mistakes_are_five_problems_in_line_order() -> None:
    loaded = load_star_text(_five_mistakes(), "tenancy.yaml")
    codes = [p.code for p in loaded.problems]
    assert codes == ["SF101", "SF107", "SF205", "SF202", "SF204"]
    lines = [p.line for p in loaded.problems]
    assert lines == sorted(lines)
    typo = loaded.problems[0].message
    assert "unknown key `audiance`; did you mean `audience`?" in typo
    assert not any(p.code == "SF102" for p in loaded.problems)
    duplicate = next(p for p in loaded.problems if p.code == "SF202")
    assert "(also at line 13)" in duplicate.message


def test_a_broken_stage_says_which_checks_wait_for_the_journey() -> None:
    broken = _five_mistakes().replace("points: [1, 2]", "points: [1, two]", 1)
    loaded = load_star_text(broken, "tenancy.yaml")
    (note,) = [p for p in loaded.problems if p.severity == "note"]
    assert note.code == "SF016"
    assert note.message == "fix these first: 8 more checks need a valid `journey`."
    # The scales are still checked.
    assert {"SF107", "SF205", "SF202"} <= {p.code for p in loaded.problems}
    assert not has_errors([note], strict=True)


def test_publication_checks_run_beside_shape_errors() -> None:
    broken = TENANCY.replace("label: Rent\n", "label: Paying the rent every month\n", 1).replace(
        "summary: Not yet ready for change.", "summary: TODO", 1
    )
    loaded = load_star_text(broken, "tenancy.yaml")
    assert [p.code for p in loaded.problems] == ["SF107", "SF403"]
    assert loaded.star is None


def test_a_scale_with_a_long_label_still_has_its_ladder_checked() -> None:
    """The label and the missing point are on the same scale: neither hides the other."""
    broken = TENANCY.replace("label: Home\n", "label: Looking after the home well\n", 1).replace(
        "      5: I manage looking after the home well and without any help.\n", "", 1
    )
    assert broken.count("Looking after the home well") == 1
    loaded = load_star_text(broken, "tenancy.yaml")
    codes = [p.code for p in loaded.problems]
    assert codes == ["SF107", "SF205"]
    missing = loaded.problems[1]
    assert "has no wording for point 5" in missing.message
    assert missing.line > loaded.problems[0].line
