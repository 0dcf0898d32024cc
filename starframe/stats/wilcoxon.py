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

The normal approximation, what every cohort of more than 50 changes gets, needs no array:
its rank sums and tie correction follow from the counts (a magnitude's people share one
average rank), and its tail is scipy's normal (`scipy.special.ndtr`, the function
scipy.stats.wilcoxon ends in), worked in the same floating-point steps as scipy.stats, so the
p is scipy's to the last bit (tests/stats/test_wilcoxon.py holds it to that). That spares a
summary of a million readings an array of 250,000 differences a scale and the import of
scipy.stats (about 0.4 s), which only the exact and permutation tests of small samples need.

scipy is imported when a test is run, never when a command merely starts.
"""

from __future__ import annotations

import math
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
    n = total(differences) - differences.get(0, 0)
    if n == 0:
        return WilcoxonResult(0, 0.0, None, "none")
    method = method_for(differences)
    if method == "normal":
        return _normal(differences, n)
    import numpy as np
    from scipy import stats

    values = np.repeat(
        np.fromiter(differences.keys(), dtype=np.int64, count=len(differences)),
        np.fromiter(differences.values(), dtype=np.int64, count=len(differences)),
    )
    chosen: object = {
        "exact": "exact",
        "permutation": stats.PermutationMethod(n_resamples=9_999),
    }[method]
    with warnings.catch_warnings():
        # scipy warns that a sample is small or has ties; the method above already says so.
        warnings.simplefilter("ignore")
        result = stats.wilcoxon(values, zero_method="wilcox", correction=False, method=chosen)
    p_value = float(result.pvalue)
    if p_value != p_value:  # NaN: a variance of zero (every difference tied at one size)
        return WilcoxonResult(n, float(result.statistic), None, method)
    return WilcoxonResult(n, float(result.statistic), min(1.0, p_value), method)


def _normal(differences: Mapping[int, int], n: int) -> WilcoxonResult:
    """The normal approximation with the tie correction, as scipy.stats.wilcoxon works it
    (`_wilcoxon_statistic`, no continuity correction), from the counts: the rank sums are
    exact (halves, far below 2^53); the tie correction is summed over the array scipy sums,
    since past 208,063 people a magnitude's cube rounds and the order of the sum counts."""
    import numpy as np
    from scipy.special import ndtr

    magnitudes: dict[int, tuple[int, int]] = {}
    for value, count in differences.items():
        if value and count:
            plus, minus = magnitudes.get(abs(value), (0, 0))
            magnitudes[abs(value)] = (plus + count, minus) if value > 0 else (plus, minus + count)
    below = plus2 = minus2 = 0
    # scipy's tie counts: each magnitude's count at its first place in sorted order, in an
    # array as long as the sample (zeros included), summed by numpy as scipy sums it.
    tie_counts = np.zeros(total(differences))
    for magnitude in sorted(magnitudes):
        plus, minus = magnitudes[magnitude]
        tied = plus + minus
        doubled_rank = 2 * below + tied + 1  # twice the average of ranks below+1 … below+tied
        plus2 += plus * doubled_rank
        minus2 += minus * doubled_rank
        tie_counts[below] = tied
        below += tied
    ties = float(np.sum(tie_counts**3 - tie_counts))
    size = float(n)
    mean = size * (size + 1.0) * 0.25
    spread = math.sqrt((size * (size + 1.0) * (2.0 * size + 1.0) - ties / 2) / 24)
    z = (plus2 / 2 - mean) / spread
    p_value = float(2 * ndtr(-abs(z)))
    return WilcoxonResult(n, min(plus2, minus2) / 2, min(1.0, p_value), "normal")
