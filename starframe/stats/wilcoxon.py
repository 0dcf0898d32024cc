"""The Wilcoxon signed-rank test, from counts of integer changes, through scipy.

Changes on a Star are small whole numbers, so a cohort of any size is a handful of
(change, people) counts; they are expanded into one numpy array for scipy.stats.wilcoxon
(zeros dropped, no continuity correction, two-sided). The method is chosen here and passed to
scipy explicitly, so that a report can say which was used:

- more than 50 differences: the normal approximation with the tie correction;
- otherwise, without ties or zeros: the exact distribution of the signed-rank sum;
- otherwise, up to 13 differences: every one of the 2^n sign flips (a permutation test whose
  9,999 resamples exceed 2^13, so scipy enumerates them all: exact);
- otherwise: the normal approximation.

scipy is imported when a test is run, never when a command merely starts.
"""

from __future__ import annotations

import warnings
from collections.abc import Mapping
from dataclasses import dataclass

from starframe.stats.counts import total

EXACT_MAX = 50
PERMUTATION_MAX = 13


@dataclass(frozen=True)
class WilcoxonResult:
    """`statistic` is the smaller of the positive and negative rank sums, as scipy reports."""

    n: int
    """Non-zero differences (the sample size the test uses)."""
    statistic: float
    p_value: float | None
    """None when no difference is non-zero: there is nothing to test."""
    method: str


def method_for(differences: Mapping[int, int]) -> str:
    """`exact`, `permutation` or `normal`: what `wilcoxon` uses for these differences."""
    length = total(differences)
    zeros = differences.get(0, 0)
    magnitudes: dict[int, int] = {}
    for value, count in differences.items():
        if value and count:
            magnitudes[abs(value)] = magnitudes.get(abs(value), 0) + count
    ties = any(count > 1 for count in magnitudes.values())
    if length <= EXACT_MAX and not ties and not zeros:
        return "exact"
    if length <= PERMUTATION_MAX:
        return "permutation"
    return "normal"


def wilcoxon(differences: Mapping[int, int]) -> WilcoxonResult:
    """Two-sided Wilcoxon signed-rank test of the differences (value → how many)."""
    import numpy as np
    from scipy import stats

    n = total(differences) - differences.get(0, 0)
    if n == 0:
        return WilcoxonResult(0, 0.0, None, "none")
    values = np.repeat(
        np.fromiter(differences.keys(), dtype=np.int64, count=len(differences)),
        np.fromiter(differences.values(), dtype=np.int64, count=len(differences)),
    )
    method = method_for(differences)
    chosen: object = {
        "exact": "exact",
        "permutation": stats.PermutationMethod(n_resamples=9_999),
        "normal": "asymptotic",
    }[method]
    with warnings.catch_warnings():
        # scipy warns that a sample is small or has ties; the method above already says so.
        warnings.simplefilter("ignore")
        result = stats.wilcoxon(values, zero_method="wilcox", correction=False, method=chosen)
    p_value = float(result.pvalue)
    if p_value != p_value:  # NaN: a variance of zero (every difference tied at one size)
        return WilcoxonResult(n, float(result.statistic), None, method)
    return WilcoxonResult(n, float(result.statistic), min(1.0, p_value), method)
