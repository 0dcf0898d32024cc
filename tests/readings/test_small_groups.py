"""Issue 13 and CONVENTIONS "Numbers and thresholds": no cohort output shows a count of fewer
than 5 people, nor one that would let such a count be worked out from the totals.

A cohort is generated on the tiny Star (points 1–4) and summarised through the installed
command, in text, `--json` and the cohort PDF, as tests/readings/test_figures_basis.py does.
"""

from __future__ import annotations

from pathlib import Path

import pytest

from starframe.stats.small_cells import fewer_than, protecting
from starframe.thresholds import SMALLEST_GROUP
from tests.readings.test_figures_basis import Outputs, _cohort, _home, _row

# 30 people: 24 up one point on home, 3 the same, 3 down one: 3 and 3 are fewer than 5.
MIXED = [[2, 3]] * 24 + [[3, 3]] * 3 + [[3, 2]] * 3
# Three people in all: every count of them is withheld.
TINY = [[1, 2], [2, 3], [3, 3]]


@pytest.fixture(scope="module")
def mixed(tmp_path_factory: pytest.TempPathFactory) -> Outputs:
    return _cohort(tmp_path_factory.mktemp("mixed"), MIXED)


def test_counts_of_fewer_than_five_are_null_in_json_with_the_reason(mixed: Outputs) -> None:
    assert SMALLEST_GROUP == 5
    plain = _home(mixed.record)["first_to_latest"]
    assert (plain["people"], plain["improved"]) == (30, 24)
    assert (plain["same"], plain["worse"]) == (None, None)
    assert plain["withheld"] == {
        "same": fewer_than(SMALLEST_GROUP),
        "worse": fewer_than(SMALLEST_GROUP),
        "distribution[-1]": fewer_than(SMALLEST_GROUP),
        "distribution[0]": fewer_than(SMALLEST_GROUP),
    }
    assert plain["distribution"] == {"-1": None, "0": None, "1": 24}
    # The test's own n is 27 = 30 - 3 nobody may work out the 3 from.
    assert plain["wilcoxon"]["n"] is None
    assert plain["wilcoxon"]["n_withheld"] == protecting(SMALLEST_GROUP)
    stages = _home(mixed.record)["stages"]
    assert stages["up"] is None or stages["stayed"] is None
    assert mixed.record["smallest_group"] == 5


def test_no_withheld_count_can_be_worked_out_from_what_json_shows(mixed: Outputs) -> None:
    scales = mixed.record["scales"]
    assert isinstance(scales, list)
    for scale in scales:
        for figure in (scale["first_to_latest"], scale["lower_of_first_two"], scale["stages"]):
            parts = [figure[k] for k in ("improved", "same", "worse") if k in figure] or [
                figure[k] for k in ("up", "stayed", "down")
            ]
            # A total with exactly one withheld part would give that part away.
            if figure["people"] is not None:
                assert parts.count(None) != 1, figure
        snapshot = [*scale["snapshot"].values(), scale["not_applicable"]]
        if scale["everyone"] is not None:
            assert snapshot.count(None) != 1, scale


def test_the_text_marks_withheld_counts_and_says_why(mixed: Outputs) -> None:
    home = _row(mixed.text, "Home")
    assert "<5" in home
    assert (
        "<5: fewer than 5 people, withheld so no one can be picked out; ·: withheld so that a "
        "count of fewer than 5 cannot be worked out from the totals."
    ) in mixed.words


def test_the_pdf_greys_withheld_segments_and_says_why(mixed: Outputs) -> None:
    assert "Home and housing 30* +1 +0.7 24 / <5 / <5" in mixed.pdf_words
    assert "withheld (fewer than 5, or would reveal one)" in mixed.pdf_words
    assert "<5: fewer than 5 people, withheld so no one can be picked out" in mixed.pdf_words


def test_a_cohort_of_fewer_than_five_shows_no_count(tmp_path: Path) -> None:
    found = _cohort(tmp_path, TINY)
    assert (found.record["people"], found.record["people_with_change"]) == (None, None)
    assert found.record["withheld"] == {
        "people": fewer_than(SMALLEST_GROUP),
        "people_with_change": fewer_than(SMALLEST_GROUP),
    }
    plain = _home(found.record)["first_to_latest"]
    assert (plain["people"], plain["mean"], plain["median"]) == (None, None, None)
    assert plain["withheld"]["mean"] == "fewer than 5 people"
    assert found.text.splitlines()[1].startswith("<5 people with a complete reading; <5 with")
    assert "People <5" in found.pdf_words
