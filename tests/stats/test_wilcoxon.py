"""The Wilcoxon signed-rank test and the median from counts agree with scipy and with sorting."""

from __future__ import annotations

import warnings
from collections import Counter
from typing import Any

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st
from scipy.stats import wilcoxon as scipy_wilcoxon

from starframe.stats.counts import median
from starframe.stats.wilcoxon import wilcoxon


def _scipy(differences: list[int]) -> Any:
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        return scipy_wilcoxon(differences)


def _check_against_scipy(differences: list[int]) -> None:
    if not any(differences):
        assert wilcoxon(Counter(differences)).p_value is None
        return
    ours = wilcoxon(Counter(differences))
    theirs = _scipy(differences)
    assert ours.statistic == pytest.approx(theirs.statistic)
    assert ours.p_value == pytest.approx(theirs.pvalue, rel=1e-9, abs=1e-12)


@settings(max_examples=120, deadline=None)
@given(
    st.lists(st.integers(-9, 9), min_size=14, max_size=80)
    | st.lists(st.integers(-1000, 1000), min_size=1, max_size=50, unique_by=abs)
)
def test_wilcoxon_matches_scipy_normal_and_exact(differences: list[int]) -> None:
    """Scores change by small whole numbers, so ties and zeros are the usual case."""
    _check_against_scipy(differences)


@settings(max_examples=30, deadline=None)
@given(st.lists(st.integers(-3, 3), min_size=1, max_size=9))
def test_wilcoxon_matches_scipy_for_small_samples_with_ties(differences: list[int]) -> None:
    """Where scipy enumerates every sign flip (kept small: scipy's enumeration is slow)."""
    _check_against_scipy(differences)


def test_wilcoxon_matches_scipy_at_the_largest_enumerated_sample() -> None:
    _check_against_scipy([1, 1, 2, -3, 0, 2, 1, 1, 1, -1, 2, 3, 1])


@pytest.mark.parametrize(
    ("differences", "method"),
    [([1, 2, 3, 4, 5, 6, 7, 8], "exact"), ([1, 1, 2, -3], "permutation"), ([0, 1] * 40, "normal")],
)
def test_wilcoxon_chooses_the_method_scipy_would(differences: list[int], method: str) -> None:
    assert wilcoxon(Counter(differences)).method == method


@given(st.lists(st.integers(-9, 9), min_size=1, max_size=50))
def test_median_from_counts(values: list[int]) -> None:
    ordered = sorted(values)
    middle = len(ordered) // 2
    expected = ordered[middle] if len(ordered) % 2 else (ordered[middle - 1] + ordered[middle]) / 2
    assert median(Counter(values)) == expected
