"""Agreement between raters: Cohen's weighted kappa, Krippendorff's alpha and the ICC.

Plain Python on plain data: scores are whole numbers, None where a rater gave none. A
coefficient that the data cannot support (no variation at all, fewer than two raters) is a
`Statistic` whose value is None with the reason in words, never NaN and never an exception: a
trainer sees "every trainee gave the same score", not a crash or a blank. The reasons name
what practice sessions rate (trainees rate scales), as they are shown to trainers as written.

Missing data: kappa takes only pairs where both scored; alpha uses every pair of scores that
exists; ICC needs a complete table, so it drops raters and units listwise (see `icc_a1`).
None of these have a scipy equivalent; the tests check them against scikit-learn,
krippendorff and pingouin.
"""

from __future__ import annotations

from collections import Counter, defaultdict
from collections.abc import Sequence
from dataclasses import dataclass
from fractions import Fraction
from itertools import accumulate
from typing import Literal

Band = Literal["poor", "moderate", "good", "excellent"]
Ratings = Sequence[Sequence[int | None]]
"""Raters × units (one row per trainee, one column per scale); None where there is no score."""


@dataclass(frozen=True)
class Statistic:
    """A coefficient, or None with the reason these data cannot give one, and what it rests
    on: the units (scales) that entered it and the raters whose scores did."""

    value: float | None
    reason: str | None = None
    units: int = 0
    raters: int = 0


@dataclass(frozen=True)
class Icc:
    """ICC(2,1) with its confidence interval; `value` None (and `reason`) when undefined."""

    value: float | None
    reason: str | None
    low: float | None
    high: float | None
    units: int
    raters: int
    interval_reason: str | None = None
    """Why `low` and `high` are None."""

    @property
    def band(self) -> Band | None:
        return None if self.value is None else koo_li_band(self.value)

    @property
    def band_range(self) -> tuple[Band, Band] | None:
        """The bands of the interval's ends: Koo & Li read reliability from the interval."""
        if self.low is None or self.high is None:
            return None
        return koo_li_band(self.low), koo_li_band(self.high)


def koo_li_band(value: float) -> Band:
    """Koo & Li (2016): < 0.5 poor, 0.5 to < 0.75 moderate, 0.75 to 0.9 good, > 0.9 excellent."""
    if value < 0.5:
        return "poor"
    if value < 0.75:
        return "moderate"
    if value <= 0.9:
        return "good"
    return "excellent"


def weighted_kappa(pairs: Sequence[tuple[int, int]]) -> Statistic:
    """Cohen's kappa with quadratic weights on the points themselves.

    1 - observed / expected squared disagreement, the expectation pairing every score of one
    rater with every score of the other. Equal to scikit-learn's `cohen_kappa_score(...,
    weights="quadratic", labels=range(1, points + 1))`. Undefined only when both raters give
    one and the same score throughout (no disagreement is even possible).
    """
    if not pairs:
        return Statistic(None, "no scale was scored with a point by both", 0, 2)
    n = len(pairs)
    observed = sum((a - b) ** 2 for a, b in pairs) / n
    firsts, seconds = Counter(a for a, _ in pairs), Counter(b for _, b in pairs)
    expected = (
        sum(i * j * (a - b) ** 2 for a, i in firsts.items() for b, j in seconds.items()) / n**2
    )
    if expected == 0:
        return Statistic(
            None, f"every score is {pairs[0][0]}, so there is no variation to agree on", n, 2
        )
    return Statistic(1 - observed / expected, None, n, 2)


def ordinal_alpha(ratings: Ratings) -> Statistic:
    """Krippendorff's alpha for ordinal data, over raters × units with missing scores.

    Uses every pairable score: a unit scored by fewer than two raters adds nothing, the rest
    contribute each pair of scores weighted 1 / (scores in the unit - 1) (Krippendorff 2011).
    """
    columns = list(zip(*ratings, strict=True))
    units = [[v for v in column if v is not None] for column in columns]
    pairable = [unit for unit in units if len(unit) >= 2]
    raters = sum(
        any(len(unit) >= 2 and v is not None for unit, v in zip(units, row, strict=True))
        for row in ratings
    )
    if not pairable:
        return Statistic(None, "no scale was scored by two or more trainees", 0, raters)
    coincidences: defaultdict[tuple[int, int], float] = defaultdict(float)
    for unit in pairable:
        counts = Counter(unit)
        for c, nc in counts.items():
            for k, nk in counts.items():
                coincidences[c, k] += (nc * nk - (nc if c == k else 0)) / (len(unit) - 1)
    totals: defaultdict[int, float] = defaultdict(float)
    for (c, _), weight in coincidences.items():
        totals[c] += weight
    values = sorted(totals)
    if len(values) < 2:
        return Statistic(
            None,
            f"every score is {values[0]}, so there is no variation to agree on",
            len(pairable),
            raters,
        )
    n = sum(totals.values())
    cumulative = dict(zip(values, accumulate(totals[v] for v in values), strict=True))

    def distance(c: int, k: int) -> float:
        low, high = min(c, k), max(c, k)
        between = cumulative[high] - cumulative[low] + totals[low]
        return (between - (totals[c] + totals[k]) / 2) ** 2

    observed = sum(weight * distance(c, k) for (c, k), weight in coincidences.items())
    expected = sum(totals[c] * totals[k] * distance(c, k) for c in values for k in values)
    return Statistic(1 - (n - 1) * observed / expected, None, len(pairable), raters)


def icc_a1(ratings: Ratings, confidence: float = 0.95) -> Icc:
    """ICC(2,1): two-way random effects, absolute agreement, single rater.

    Shrout & Fleiss's ICC(2,1), which McGraw & Wong (1996) call ICC(A,1), with their
    confidence interval (F quantiles at Satterthwaite's degrees of freedom). The two-way
    analysis of variance needs a complete table, so raters with no score at all are left out
    first, then every scale (unit) that a remaining rater left unscored — listwise, as in
    pingouin and R's psych. Sums of squares are exact fractions, so perfect agreement gives
    exactly 1 and an interval of exactly [1, 1].
    """
    rows = [list(row) for row in ratings if any(v is not None for v in row)]
    units = [list(col) for col in zip(*rows, strict=True) if None not in col]
    n, k = len(units), len(rows)
    if k < 2:
        return _no_icc("fewer than two trainees scored this case", n, k)
    if n < 2:
        return _no_icc("fewer than two scales were scored with a point by every trainee", n, k)
    table = [[Fraction(v) for v in unit if v is not None] for unit in units]
    grand = sum((v for unit in table for v in unit), Fraction()) / (n * k)
    unit_means = [sum(unit, Fraction()) / k for unit in table]
    rater_means = [sum((unit[j] for unit in table), Fraction()) / n for j in range(k)]
    ss_total = sum(((v - grand) ** 2 for unit in table for v in unit), Fraction())
    ss_units = k * sum(((m - grand) ** 2 for m in unit_means), Fraction())
    ss_raters = n * sum(((m - grand) ** 2 for m in rater_means), Fraction())
    if ss_total == 0:
        return _no_icc(f"every score is {units[0][0]}, so there is no variation to agree on", n, k)
    ms_units = ss_units / (n - 1)
    ms_raters = ss_raters / (k - 1)
    ms_error = (ss_total - ss_units - ss_raters) / ((n - 1) * (k - 1))
    denominator = ms_units + (k - 1) * ms_error + k * (ms_raters - ms_error) / n
    if denominator <= 0:
        return _no_icc(
            "the scales do not differ on average and the trainees do not differ on average, "
            "so agreement cannot be told apart from chance",
            n,
            k,
        )
    icc = (ms_units - ms_error) / denominator
    interval = _interval(icc, n, k, ms_units, ms_raters, ms_error, confidence)
    if isinstance(interval, str):
        return Icc(float(icc), None, None, None, n, k, interval)
    return Icc(float(icc), None, *interval, n, k)


def _interval(
    icc: Fraction,
    n: int,
    k: int,
    ms_units: Fraction,
    ms_raters: Fraction,
    ms_error: Fraction,
    confidence: float,
) -> tuple[float, float] | str:
    """McGraw & Wong's interval for ICC(A,1), or why these data cannot give one.

    The degrees of freedom are written without dividing by the error term, so an error term
    of zero needs no special case. They are zero when rater and error variance vanish
    together (perfect agreement among them) and, with two raters on two scales, whenever the
    scales have the same mean: McGraw & Wong's interval does not exist there (pingouin gives
    NaN). The bounds are written so that an F quantile beyond the float range (tiny degrees of
    freedom) gives their limits rather than NaN.
    """
    spread = n * (1 + (k - 1) * icc) - k * icc
    dof_numerator = (k - 1) * (n - 1) * (k * icc * ms_raters + spread * ms_error) ** 2
    dof_denominator = (n - 1) * (k * icc * ms_raters) ** 2 + (spread * ms_error) ** 2
    if dof_numerator == 0 or dof_denominator == 0:
        if ms_error == ms_raters == 0:
            return "the trainees agree exactly, which leaves no error to estimate an interval from"
        return "these scores leave no degrees of freedom to estimate an interval from"
    dof = float(dof_numerator / dof_denominator)
    from scipy.stats import f

    upper = 1 - (1 - confidence) / 2
    f_low = float(f.ppf(upper, n - 1, dof))
    f_high = float(f.ppf(upper, dof, n - 1))
    msu, msr, mse = float(ms_units), float(ms_raters), float(ms_error)
    shared = k * msr + (k * n - k - n) * mse
    low = n * (msu / f_low - mse) / (shared + n * msu / f_low)
    high = n * (f_high * msu - mse) / (shared + n * f_high * msu)
    return low, high


def _no_icc(reason: str, units: int, raters: int) -> Icc:
    return Icc(None, reason, None, None, units, raters, "there is no estimate")
