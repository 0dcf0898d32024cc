"""The Wilcoxon signed-rank test (through scipy) agrees with an independent plain-Python
enumeration and with p-values worked out by hand; the median from counts agrees with sorting."""

from __future__ import annotations

from collections import Counter

import pytest
from hypothesis import assume, given, settings
from hypothesis import strategies as st

from starframe.stats.counts import median
from starframe.stats.wilcoxon import method_for, wilcoxon
from tests.stats.reference_wilcoxon import wilcoxon as reference


def _check_against_reference(differences: list[int]) -> None:
    if not any(differences):
        assert wilcoxon(Counter(differences)).p_value is None
        return
    ours = wilcoxon(Counter(differences))
    theirs = reference(Counter(differences))
    assert ours.statistic == pytest.approx(theirs.statistic)
    assert ours.method == theirs.method
    assert ours.p_value == pytest.approx(theirs.p_value, rel=1e-9, abs=1e-12)


@pytest.mark.parametrize(
    ("differences", "statistic", "p_value"),
    [
        # All 8 positive: only 1 of the 2^8 sign patterns is as extreme, each side.
        ([1, 2, 3, 4, 5, 6, 7, 8], 0.0, 2 / 256),
        # Ranks 1..5 with rank 1 negative: rank sums 1 and 14; P(T- <= 1) = 2/32, doubled.
        ([-1, 2, 3, 4, 5], 1.0, 4 / 32),
        # Tied ranks 1.5, 1.5, 3, 4 with 3 negative: T+ = 7; 5 of the 16 flips reach 7 or more.
        ([1, 1, -2, 3], 3.0, 10 / 16),
    ],
)
def test_wilcoxon_p_values_worked_out_by_hand(
    differences: list[int], statistic: float, p_value: float
) -> None:
    found = wilcoxon(Counter(differences))
    assert found.statistic == statistic
    assert found.p_value == pytest.approx(p_value, rel=1e-12)


@settings(max_examples=120, deadline=None)
@given(
    st.lists(st.integers(-9, 9), min_size=14, max_size=80)
    | st.lists(st.integers(-1000, 1000), min_size=1, max_size=50, unique_by=abs)
)
def test_wilcoxon_matches_the_reference_normal_and_exact(differences: list[int]) -> None:
    """Scores change by small whole numbers, so ties and zeros are the usual case."""
    _check_against_reference(differences)


@settings(max_examples=30, deadline=None)
@given(st.lists(st.integers(-3, 3), min_size=1, max_size=9))
def test_wilcoxon_matches_the_reference_for_small_samples_with_ties(differences: list[int]) -> None:
    """Where every sign flip is enumerated (kept small: the enumeration is slow)."""
    _check_against_reference(differences)


def test_wilcoxon_matches_the_reference_at_the_largest_enumerated_sample() -> None:
    _check_against_reference([1, 1, 2, -3, 0, 2, 1, 1, 1, -1, 2, 3, 1])


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


@settings(max_examples=60, deadline=None)
@given(
    st.dictionaries(
        st.integers(-12, 12),
        st.integers(0, 300) | st.integers(200_000, 450_000),
        min_size=1,
        max_size=8,
    )
)
def test_the_normal_approximation_gives_scipys_p_to_the_last_bit(counts: dict[int, int]) -> None:
    """A cohort's p is worked from its counts, not an array of every change; it must be the
    very number scipy.stats.wilcoxon gives that array (summaries print it, JSON carries it
    whole), also where a magnitude's people are so many that its cube rounds."""
    import warnings

    import numpy as np
    from scipy import stats

    assume(method_for(counts) == "normal" and any(v for d, v in counts.items() if d))
    values = np.repeat(np.array(list(counts), dtype=np.int64), list(counts.values()))
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        theirs = stats.wilcoxon(values, zero_method="wilcox", correction=False, method="asymptotic")
    ours = wilcoxon(counts)
    assert ours.statistic == float(theirs.statistic)
    assert ours.p_value == min(1.0, float(theirs.pvalue))
