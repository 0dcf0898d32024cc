"""The agreement statistics agree with independent implementations on the same data.

References: scikit-learn's `cohen_kappa_score(weights="quadratic")`, the `krippendorff`
package and pingouin's `intraclass_corr` (ICC(A,1), its interval unrounded). Where these give
NaN or raise, starframe gives None with a reason; each such edge case is checked here.
"""

from __future__ import annotations

import random
import warnings
from collections.abc import Sequence

import krippendorff
import numpy as np
import pandas as pd
import pingouin
import pytest
from sklearn.metrics import cohen_kappa_score

from starframe.stats.agreement import (
    Icc,
    icc_a1,
    koo_li_band,
    ordinal_alpha,
    weighted_kappa,
)

Matrix = list[list[int | None]]

SHROUT_FLEISS = [  # Shrout & Fleiss (1979), table 2: 6 targets (rows) × 4 judges
    [9, 2, 5, 8],
    [6, 1, 3, 2],
    [8, 4, 6, 8],
    [7, 1, 2, 6],
    [10, 5, 6, 9],
    [6, 2, 4, 7],
]
KRIPPENDORFF_2011 = [  # Krippendorff (2011), "Computing Krippendorff's alpha": 4 coders × 12 units
    [1, 2, 3, 3, 2, 1, 4, 1, 2, None, None, None],
    [1, 2, 3, 3, 2, 2, 4, 1, 2, 5, None, 3],
    [None, 3, 3, 3, 2, 3, 4, 2, 2, 5, 1, None],
    [1, 2, 3, 3, 2, 4, 4, 1, 2, 5, 1, None],
]


def _random_matrix(seed: int, *, missing: float = 0.0, top: int = 10) -> Matrix:
    rng = random.Random(seed)
    raters, units = rng.randint(2, 7), rng.randint(3, 12)
    return [
        [None if rng.random() < missing else rng.randint(1, top) for _ in range(units)]
        for _ in range(raters)
    ]


def _transposed(rows: Sequence[Sequence[int]]) -> Matrix:
    return [list(col) for col in zip(*rows, strict=True)]


RANDOM_COMPLETE = [_random_matrix(seed, top=top) for seed in range(12) for top in (4, 10)]
RANDOM_MISSING = [_random_matrix(100 + seed, missing=0.25) for seed in range(16)]


# Quadratic-weighted kappa ---------------------------------------------------------------


def _sklearn_kappa(pairs: Sequence[tuple[int, int]]) -> float:
    own, ref = zip(*pairs, strict=True)
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")  # it warns where the value is undefined (NaN)
        return float(cohen_kappa_score(own, ref, weights="quadratic", labels=list(range(1, 11))))


KAPPA_DATA = [
    [(3, 3), (4, 5), (7, 6), (9, 9), (2, 4)],
    [(1, 10), (10, 1), (5, 5)],
    [(3, 4), (3, 6), (3, 2)],  # one rater constant: defined, and 0 or below
    [(5, 7), (6, 8), (7, 9), (2, 4)],  # a steady offset of two points
    [(4, 4), (8, 8), (1, 1)],  # perfect agreement with variation
    [(6, 2)],  # a single pair: 0
    *[
        list(zip(rows[0], rows[1], strict=False))
        for rows in (_random_matrix(seed) for seed in range(200, 220))
    ],
]


@pytest.mark.parametrize("pairs", KAPPA_DATA, ids=range(len(KAPPA_DATA)))
def test_kappa_matches_scikit_learn(pairs: list[tuple[int, int]]) -> None:
    ours = weighted_kappa(pairs)
    assert ours.reason is None
    assert ours.value == pytest.approx(_sklearn_kappa(pairs), abs=1e-12)


def test_kappa_of_perfect_agreement_is_one() -> None:
    assert weighted_kappa([(2, 2), (7, 7), (9, 9)]).value == 1.0


def test_kappa_without_variation_is_undefined_with_a_reason() -> None:
    pairs = [(5, 5), (5, 5), (5, 5)]
    assert np.isnan(_sklearn_kappa(pairs))
    result = weighted_kappa(pairs)
    assert result.value is None
    assert result.reason == "every score is 5, so there is no variation to agree on"


def test_kappa_of_nothing_is_undefined() -> None:
    assert weighted_kappa([]).reason == "no scale was scored with a point by both"


# Krippendorff's alpha (ordinal) ---------------------------------------------------------


def _package_alpha(ratings: Matrix) -> float:
    """The package's alpha; NaN where it finds none (it returns NaN, or raises ValueError)."""
    data = np.array([[np.nan if v is None else v for v in row] for row in ratings], dtype=float)
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")  # its NaN comes with a RuntimeWarning
        try:
            return float(krippendorff.alpha(reliability_data=data, level_of_measurement="ordinal"))
        except ValueError:
            return float("nan")


ALPHA_DATA = [KRIPPENDORFF_2011, *RANDOM_COMPLETE, *RANDOM_MISSING]


@pytest.mark.parametrize("ratings", ALPHA_DATA, ids=range(len(ALPHA_DATA)))
def test_alpha_matches_the_krippendorff_package(ratings: Matrix) -> None:
    ours = ordinal_alpha(ratings)
    if ours.value is None:  # random data with a single value among the pairable scores
        assert np.isnan(_package_alpha(ratings))
    else:
        assert ours.value == pytest.approx(_package_alpha(ratings), abs=1e-12)


def test_alpha_uses_every_pair_and_ignores_units_scored_once() -> None:
    # The twelfth unit holds a single score (3): it has no pair, so dropping it changes nothing.
    without_lone = [[*row[:11], None] for row in KRIPPENDORFF_2011]
    assert ordinal_alpha(without_lone).value == ordinal_alpha(KRIPPENDORFF_2011).value


def test_alpha_of_perfect_agreement_is_one() -> None:
    assert ordinal_alpha([[1, 4, 2, None], [1, 4, 2, 3], [1, None, 2, 3]]).value == 1.0


@pytest.mark.parametrize(
    ("ratings", "reason"),
    [
        ([[3, 3, None], [3, 3, 3]], "every score is 3, so there is no variation to agree on"),
        ([[2, 4, 1, 3]], "no scale was scored by two or more trainees"),
        ([[2, None], [None, 4]], "no scale was scored by two or more trainees"),
        ([], "no scale was scored by two or more trainees"),
    ],
    ids=["no variation", "one rater", "no unit scored twice", "no raters"],
)
def test_alpha_is_undefined_with_a_reason_where_the_package_fails(
    ratings: Matrix, reason: str
) -> None:
    if ratings:
        assert np.isnan(_package_alpha(ratings))
    result = ordinal_alpha(ratings)
    assert (result.value, result.reason) == (None, reason)


# ICC(2,1) --------------------------------------------------------------------------------


def _pingouin_icc(ratings: Sequence[Sequence[float | None]]) -> tuple[float, float, float]:
    """(ICC(A,1), low, high) from pingouin, unrounded; it drops incomplete units itself."""
    long = pd.DataFrame(
        [
            (unit, rater, value)
            for rater, row in enumerate(ratings)
            for unit, value in enumerate(row)
            if value is not None
        ],
        columns=["unit", "rater", "score"],
    )
    saved = pingouin.options["round.column.CI95"]
    pingouin.options["round.column.CI95"] = None
    try:
        with warnings.catch_warnings():
            # pingouin 0.7 uses pandas APIs that pandas 3.1 deprecates, and warns where it
            # divides by zero (its NaN is what the edge-case tests compare with).
            warnings.simplefilter("ignore")
            table = pingouin.intraclass_corr(long, "unit", "rater", "score", nan_policy="omit")
    finally:
        pingouin.options["round.column.CI95"] = saved
    row = table.set_index("Type").loc["ICC(A,1)"]
    low, high = row["CI95"]
    return float(row["ICC"]), float(low), float(high)


def _assert_matches_pingouin(ours: Icc, ratings: Matrix) -> None:
    value, low, high = _pingouin_icc(ratings)
    assert ours.value == pytest.approx(value, abs=1e-12)
    assert ours.low == pytest.approx(low, abs=1e-9)
    assert ours.high == pytest.approx(high, abs=1e-9)


def test_icc_of_the_shrout_fleiss_example() -> None:
    ours = icc_a1(_transposed(SHROUT_FLEISS))
    assert ours.value == pytest.approx(0.29, abs=0.005)  # as published
    assert (ours.units, ours.raters, ours.band) == (6, 4, "poor")
    _assert_matches_pingouin(ours, _transposed(SHROUT_FLEISS))


ICC_DATA = [*RANDOM_COMPLETE, [[1, 4, 2, 8], [1, 4, 3, 8], [2, 4, 2, 7]]]


@pytest.mark.parametrize("ratings", ICC_DATA, ids=range(len(ICC_DATA)))
def test_icc_and_interval_match_pingouin(ratings: Matrix) -> None:
    ours = icc_a1(ratings)
    if ours.low is None:
        # Zero degrees of freedom: pingouin's interval is NaN there.
        assert np.isnan(_pingouin_icc(ratings)[1])
        assert ours.value == pytest.approx(_pingouin_icc(ratings)[0], abs=1e-12)
    else:
        _assert_matches_pingouin(ours, ratings)


def test_icc_without_an_error_term_is_the_limit_of_pingouins() -> None:
    # One rater a point above the other throughout: the error mean square is 0, where
    # pingouin divides by it and gives NaN. starframe's interval is the limit of pingouin's
    # as the error term vanishes.
    ratings: Matrix = [[1, 3, 5, 7, 9], [2, 4, 6, 8, 10]]
    value, low, _ = _pingouin_icc(ratings)
    assert np.isnan(low)
    nearby: list[list[float | None]] = [[1, 3, 5, 7, 9], [2, 4, 6, 8, 10.000001]]
    _, near_low, near_high = _pingouin_icc(nearby)
    ours = icc_a1(ratings)
    assert ours.value == pytest.approx(value, abs=1e-12)
    assert ours.low == pytest.approx(near_low, abs=1e-5)
    assert ours.high == pytest.approx(near_high, abs=1e-5)


@pytest.mark.parametrize("ratings", RANDOM_MISSING, ids=range(len(RANDOM_MISSING)))
def test_icc_drops_incomplete_scales_listwise_like_pingouin(ratings: Matrix) -> None:
    complete_units = sum(None not in col for col in zip(*ratings, strict=True))
    ours = icc_a1(ratings)
    assert ours.units == complete_units
    if complete_units < 2:
        assert ours.value is None
    elif ours.low is not None and complete_units * ours.raters >= 5:  # pingouin needs five
        _assert_matches_pingouin(ours, ratings)


def test_icc_leaves_out_a_rater_with_no_scores_before_dropping_scales() -> None:
    ratings: Matrix = [[1, 4, 2, 8], [1, 4, 3, 8], [None, None, None, None]]
    assert icc_a1(ratings) == icc_a1(ratings[:2])
    assert icc_a1(ratings).raters == 2


def test_icc_of_perfect_agreement_is_one_without_an_interval() -> None:
    ratings: Matrix = [[2, 5, 9, 4], [2, 5, 9, 4], [2, 5, 9, 4]]
    value, low, _ = _pingouin_icc(ratings)
    assert value == pytest.approx(1.0)
    assert np.isnan(low)
    ours = icc_a1(ratings)
    assert (ours.value, ours.band, ours.low, ours.high) == (1.0, "excellent", None, None)
    assert ours.interval_reason is not None
    assert "agree exactly" in ours.interval_reason
    assert ours.band_range is None


def test_icc_with_two_raters_on_two_scales_of_equal_mean_has_no_interval() -> None:
    # Satterthwaite's degrees of freedom are 0 here; pingouin needs five values, so the
    # estimate is checked against the textbook formula.
    ratings: Matrix = [[3, 4], [9, 8]]
    table = np.array(ratings, dtype=float).T
    n, k = table.shape
    grand = table.mean()
    msr = k * ((table.mean(axis=1) - grand) ** 2).sum() / (n - 1)
    msc = n * ((table.mean(axis=0) - grand) ** 2).sum() / (k - 1)
    sse = ((table - table.mean(axis=1, keepdims=True) - table.mean(axis=0) + grand) ** 2).sum()
    mse = sse / ((n - 1) * (k - 1))
    textbook = (msr - mse) / (msr + (k - 1) * mse + k * (msc - mse) / n)
    ours = icc_a1(ratings)
    assert ours.value == pytest.approx(textbook, abs=1e-12)
    assert (ours.low, ours.high) == (None, None)
    assert ours.interval_reason == (
        "these scores leave no degrees of freedom to estimate an interval from"
    )


@pytest.mark.parametrize(
    ("ratings", "reason"),
    [
        ([[4, 4, 4], [4, 4, 4]], "every score is 4, so there is no variation to agree on"),
        ([[1, 5, 2, 7]], "fewer than two trainees scored this case"),
        ([[1, 5, None], [None, 5, 3]], "fewer than two scales were scored with a point by every"),
        ([[1, 2], [2, 1]], "the scales do not differ on average and the trainees do not differ"),
    ],
    ids=["no variation", "one rater", "one complete scale", "no differences in means"],
)
def test_icc_is_undefined_with_a_reason(ratings: Matrix, reason: str) -> None:
    result = icc_a1(ratings)
    assert result.value is None
    assert result.reason is not None
    assert result.reason.startswith(reason)
    assert (result.low, result.high, result.band) == (None, None, None)


@pytest.mark.parametrize(
    ("value", "band"),
    [
        (-0.3, "poor"),
        (0.4999, "poor"),
        (0.5, "moderate"),
        (0.7499, "moderate"),
        (0.75, "good"),
        (0.9, "good"),
        (0.9001, "excellent"),
        (1.0, "excellent"),
    ],
)
def test_koo_li_bands(value: float, band: str) -> None:
    assert koo_li_band(value) == band


def test_band_range_reads_the_interval() -> None:
    result = Icc(0.8, None, 0.62, 0.93, 8, 5)
    assert (result.band, result.band_range) == ("good", ("moderate", "excellent"))
