"""The pilot report's figures, each checked against an independent computation.

References: pingouin's `cronbach_alpha` (alpha and its Feldt interval), direct numpy formulas
(floor, ceiling, shares, SRM, alpha if deleted by the variance formula), and pandas' own
Spearman (rank correlation through pandas' ranking, not scipy's `spearmanr` the code calls).
"""

from __future__ import annotations

import datetime as dt
import math
import re
import warnings

import numpy as np
import pandas as pd
import pingouin
import pytest

from starframe.definition.load import load_star_text
from starframe.definition.models import Star
from starframe.pilot.demo import pilot_readings, pilot_star_text
from starframe.pilot.report import PilotReport, pilot_report
from starframe.pilot.text import report_lines
from starframe.readings.models import Reading


@pytest.fixture(scope="module")
def star() -> Star:
    loaded = load_star_text(pilot_star_text(), "tenancy-pilot.yaml")
    assert loaded.star is not None
    return loaded.star


@pytest.fixture(scope="module")
def readings() -> list[Reading]:
    return pilot_readings()


@pytest.fixture(scope="module")
def report(star: Star, readings: list[Reading]) -> PilotReport:
    return pilot_report(star, readings)


def _frame(readings: list[Reading], which: str) -> pd.DataFrame:
    rows = {}
    for reading in sorted(readings, key=lambda r: r.date):
        if which == "first" and reading.person in rows:
            continue
        rows[reading.person] = reading.scores
    return pd.DataFrame.from_dict(rows, orient="index")


def test_alpha_and_its_feldt_interval_match_pingouin(
    report: PilotReport, readings: list[Reading]
) -> None:
    first = _frame(readings, "first")
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        alpha, (low, high) = pingouin.cronbach_alpha(data=first.astype(float))
    assert report.alpha.value == pytest.approx(alpha, abs=1e-9)
    # pingouin rounds its interval to 3 decimals.
    assert report.alpha_low == pytest.approx(low, abs=5e-4)
    assert report.alpha_high == pytest.approx(high, abs=5e-4)
    assert report.alpha.n == 120


def test_alpha_if_deleted_and_item_rest_match_numpy(
    report: PilotReport, readings: list[Reading]
) -> None:
    first = _frame(readings, "first").astype(float)
    for scale in report.scales:
        rest = first.drop(columns=scale.id)
        k = rest.shape[1]
        expected = k / (k - 1) * (1 - rest.var(ddof=1).sum() / rest.sum(axis=1).var(ddof=1))
        assert scale.alpha_if_deleted.value == pytest.approx(expected, abs=1e-9)
        rho = first[scale.id].corr(rest.sum(axis=1), method="spearman")
        if scale.id == "neighbours":
            assert abs(rho) < 0.3
        assert scale.item_rest.value == pytest.approx(rho, abs=1e-9)


def test_floor_ceiling_and_the_correlation_matrix(
    report: PilotReport, readings: list[Reading]
) -> None:
    first = _frame(readings, "first")
    by_id = {scale.id: scale for scale in report.scales}
    for scale_id, scale in by_id.items():
        assert scale.spread.floor == pytest.approx(float(np.mean(first[scale_id] == 1)))
        assert scale.spread.ceiling == pytest.approx(float(np.mean(first[scale_id] == 10)))
        assert sum(scale.spread.points.values()) == 120
    matrix = first.astype(float).corr(method="spearman")
    for a, row in report.correlations.items():
        for b, figure in row.items():
            assert figure.value == pytest.approx(matrix.loc[a, b], abs=1e-9)
            assert figure.n == 120


def test_responsiveness_matches_direct_formulas(
    report: PilotReport, readings: list[Reading]
) -> None:
    change = (_frame(readings, "latest") - _frame(readings, "first")).astype(float)
    for scale in report.scales:
        values = change[scale.id].to_numpy()
        assert scale.change.people == 120
        assert scale.change.mean == pytest.approx(values.mean())
        assert scale.change.median == pytest.approx(float(np.median(values)))
        assert scale.change.wilcoxon_n == int(np.count_nonzero(values))
        sd = values.std(ddof=1)
        if sd:
            assert scale.change.srm.value == pytest.approx(values.mean() / sd)
        else:
            assert scale.change.srm.value is None
            assert scale.change.srm.reason == "everyone changed by the same amount"


def test_the_known_structure_is_found(report: PilotReport) -> None:
    findings = "\n".join(report.findings)
    assert "Money and rent: " in findings
    assert "a floor effect" in findings
    assert "A home of my own and Keeping my tenancy correlate 0.9" in findings
    assert "Getting on with neighbours: no one moved a stage" in findings
    assert not report.unstable
    neighbours = next(s for s in report.scales if s.id == "neighbours")
    assert neighbours.change.wilcoxon_p is None
    assert neighbours.change.reason == "too few changes to test (n=0; at least 6)"


def test_a_small_pilot_is_flagged_unstable(star: Star) -> None:
    report = pilot_report(star, pilot_readings(people=20))
    assert report.unstable
    assert report.findings[0].startswith("Only 20 people: below 50 the figures are unstable")


def test_one_person_gives_reasons_not_nan(star: Star) -> None:
    report = pilot_report(star, pilot_readings(people=1))
    assert report.alpha.value is None
    assert report.alpha.reason == "alpha needs at least 3 people (there are 1)"
    for scale in report.scales:
        assert scale.item_rest.value is None
        assert scale.change.srm.value is None
        assert scale.change.wilcoxon_p is None
    for row in report.correlations.values():
        assert all(f.value is None and f.reason for f in row.values())
    text = "\n".join(report_lines(report))
    assert not re.search(r"\bnan\b", text, re.IGNORECASE)
    assert "Cronbach's alpha none (alpha needs at least 3 people (there are 1))" in text


def test_all_not_applicable_and_no_readings(star: Star) -> None:
    every_na = [
        r.model_copy(update={"scores": {**r.scores, "money": "n/a"}})
        for r in pilot_readings(people=10)
    ]
    report = pilot_report(star, every_na)
    money = next(s for s in report.scales if s.id == "money")
    assert money.sample.not_applicable == 1.0
    assert money.spread.floor is None
    assert money.change.people == 0
    assert money.change.reason == "no one has a point on this scale in two readings"
    assert report.alpha.reason == "no one has a point on every scale" or report.alpha.n == 0
    empty = pilot_report(star, [])
    assert (empty.people, empty.readings, empty.first_date) == (0, 0, None)
    assert not re.search(r"\bnan\b", str(empty.as_record()), re.IGNORECASE)


def test_the_json_record_is_plain(report: PilotReport) -> None:
    record = report.as_record()
    assert record["people"] == 120
    assert record["first_date"] == dt.date(2025, 3, 3).isoformat()
    assert record["thresholds"]["floor_ceiling_share"] == 0.15
    for scale in record["scales"]:
        for value in (scale["change"]["effect_r"], scale["item_rest"]["value"]):
            assert value is None or math.isfinite(value)
