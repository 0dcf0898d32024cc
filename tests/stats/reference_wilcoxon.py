"""An independent Wilcoxon signed-rank test in plain Python: the reference starframe's is
checked against (starframe calls scipy, so scipy cannot be the reference).

It works from (change, people) counts, with doubled ranks so tied ranks stay whole, and
enumerates the exact distribution itself; the same conventions as scipy.stats.wilcoxon's
defaults (zeros dropped, no continuity correction, two-sided):

- more than 50 differences: normal approximation with the tie correction;
- otherwise, without ties or zeros: the exact distribution of the signed-rank sum;
- otherwise, up to 13 differences: all 2^n sign flips, which is what scipy's permutation
  test enumerates (exact, as 2^13 is under its 9,999 resamples);
- otherwise: the normal approximation.
"""

from __future__ import annotations

import math
from collections import Counter
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


def wilcoxon(differences: Mapping[int, int]) -> WilcoxonResult:
    """Two-sided Wilcoxon signed-rank test of the differences (value → how many)."""
    length = total(differences)
    zeros = differences.get(0, 0)
    magnitudes: Counter[int] = Counter()
    for value, count in differences.items():
        if value and count:
            magnitudes[abs(value)] += count
    n = length - zeros
    # Ranks are doubled throughout so tied (average) ranks stay whole numbers.
    doubled_rank: dict[int, int] = {}
    below = 0
    for size in sorted(magnitudes):
        tied = magnitudes[size]
        doubled_rank[size] = 2 * below + tied + 1
        below += tied
    plus2 = sum(doubled_rank[v] * c for v, c in differences.items() if v > 0 and c)
    total2 = n * (n + 1)
    minus2 = total2 - plus2
    statistic = min(plus2, minus2) / 2
    if n == 0:
        return WilcoxonResult(0, 0.0, None, "none")
    ties = any(count > 1 for count in magnitudes.values())
    if length <= EXACT_MAX and not ties and not zeros:
        return WilcoxonResult(n, statistic, _exact(n, plus2 // 2), "exact")
    if length <= PERMUTATION_MAX:
        ranks = [doubled_rank[abs(v)] for v, c in differences.items() if v for _ in range(c)]
        return WilcoxonResult(n, statistic, _sign_flips(ranks, plus2), "permutation")
    tie_term = sum(t**3 - t for t in magnitudes.values())
    variance = (n * (n + 1) * (2 * n + 1) - tie_term / 2) / 24
    if variance <= 0:
        return WilcoxonResult(n, statistic, None, "normal")
    z = (plus2 / 2 - n * (n + 1) / 4) / math.sqrt(variance)
    return WilcoxonResult(n, statistic, min(1.0, math.erfc(abs(z) / math.sqrt(2))), "normal")


def _exact(n: int, plus: int) -> float:
    """P-value from the number of subsets of 1..n with each rank sum."""
    ways = [1] + [0] * (n * (n + 1) // 2)
    for rank in range(1, n + 1):
        for total_ in range(len(ways) - 1, rank - 1, -1):
            ways[total_] += ways[total_ - rank]
    all_ways = 1 << n
    at_least = sum(ways[plus:]) / all_ways
    at_most = sum(ways[: plus + 1]) / all_ways
    return min(1.0, 2 * min(at_least, at_most))


def _sign_flips(doubled_ranks: list[int], plus2: int) -> float:
    """P-value over every assignment of signs to the non-zero differences."""
    sums: Counter[int] = Counter({0: 1})
    for rank in doubled_ranks:
        grown: Counter[int] = Counter()
        for value, count in sums.items():
            grown[value] += count
            grown[value + rank] += count
        sums = grown
    all_ways = 1 << len(doubled_ranks)
    at_least = sum(c for v, c in sums.items() if v >= plus2) / all_ways
    at_most = sum(c for v, c in sums.items() if v <= plus2) / all_ways
    return min(1.0, 2 * min(at_least, at_most))
