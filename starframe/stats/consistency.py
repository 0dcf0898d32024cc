"""What a pilot asks of a Star's scales as a set: internal consistency and correlation.

Plain numbers in, plain numbers out; scipy and numpy do the arithmetic (imported inside each
function). Each result is either a value or the reason it cannot be computed, never NaN:
a constant scale has no correlation and no share of the variance, one person has no spread.
"""

from __future__ import annotations

import math
import warnings
from collections.abc import Sequence
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    from typing import TypeAlias

    from numpy.typing import NDArray

    Rows: TypeAlias = Sequence[Sequence[float]] | NDArray[Any]
    """One row per person, one column per scale: lists, or a 2-D numpy array."""


@dataclass(frozen=True)
class Alpha:
    """Cronbach's alpha over `items` columns and `people` rows, with Feldt's interval."""

    value: float | None
    low: float | None
    high: float | None
    people: int
    items: int
    reason: str | None = None
    """Why there is no value (None when there is one)."""


def cronbach_alpha(rows: Rows, confidence: float = 0.95) -> Alpha:
    """Alpha of complete rows (one per person, one column per scale), Feldt's CI (1969).

    alpha = k/(k-1) · (1 − Σ var(item) / var(total)), sample variances (ddof 1); the interval
    is 1 − (1 − alpha) · F quantiles with (n − 1, (n − 1)(k − 1)) degrees of freedom.
    """
    import numpy as np
    from scipy.stats import f

    people = len(rows)
    items = len(rows[0]) if len(rows) else 0
    if items < 2:
        return Alpha(None, None, None, people, items, "alpha needs at least two scales")
    if people < 3:
        return Alpha(
            None, None, None, people, items, f"alpha needs at least 3 people (there are {people})"
        )
    data = np.asarray(rows, dtype=float)
    total_variance = float(data.sum(axis=1).var(ddof=1))
    if total_variance == 0:
        return Alpha(
            None, None, None, people, items, "everyone has the same total: there is no spread"
        )
    item_variance = float(data.var(axis=0, ddof=1).sum())
    value = items / (items - 1) * (1 - item_variance / total_variance)
    dfn, dfd = people - 1, (people - 1) * (items - 1)
    tail = (1 - confidence) / 2
    low = 1 - (1 - value) * float(f.isf(tail, dfn, dfd))
    high = 1 - (1 - value) * float(f.isf(1 - tail, dfn, dfd))
    return Alpha(value, low, high, people, items)


@dataclass(frozen=True)
class Correlation:
    value: float | None
    n: int
    reason: str | None = None


def spearman(x: Sequence[float] | NDArray[Any], y: Sequence[float] | NDArray[Any]) -> Correlation:
    """Spearman's rho of paired values; none (with the reason) when either is constant."""
    import numpy as np
    from scipy.stats import spearmanr

    n = len(x)
    if n < 3:
        return Correlation(None, n, f"a correlation needs at least 3 people (there are {n})")
    xs, ys = np.asarray(x), np.asarray(y)
    if xs.min() == xs.max() or ys.min() == ys.max():
        return Correlation(None, n, "one of them is the same for everyone")
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        rho = float(spearmanr(xs, ys).statistic)
    if math.isnan(rho):
        return Correlation(None, n, "one of them is the same for everyone")
    return Correlation(rho, n)


def item_rest(rows: Rows, item: int) -> Correlation:
    """Spearman correlation of one column with the sum of the others (corrected item–total)."""
    import numpy as np

    data = np.asarray(rows, dtype=float)
    column = data[:, item]
    return spearman(column, data.sum(axis=1) - column)


def alpha_without(rows: Rows, item: int) -> Alpha:
    """Alpha were column `item` left out ("alpha if deleted")."""
    import numpy as np

    return cronbach_alpha(np.delete(np.asarray(rows, dtype=float), item, axis=1))


def z_from_p(p_value: float) -> float:
    """|Z| of a two-sided p under the normal distribution (for the effect size r = Z/√n)."""
    from scipy.stats import norm

    return float(norm.isf(p_value / 2))


def sample_sd(values: Sequence[float] | NDArray[Any]) -> float | None:
    """Sample standard deviation (ddof 1); None below two values."""
    import numpy as np

    if len(values) < 2:
        return None
    return float(np.std(np.asarray(values, dtype=float), ddof=1))
