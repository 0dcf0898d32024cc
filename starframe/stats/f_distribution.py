"""The F distribution's tail and quantiles, in plain Python.

The ICC's confidence interval needs F quantiles with a fractional denominator degree of
freedom (Satterthwaite's approximation). numpy and scipy are not runtime dependencies of
starframe — they would triple its install size for two numbers — so the regularized
incomplete beta function is computed here by its continued fraction (modified Lentz), and
quantiles by bisection on the logarithm of F. The tests check both against scipy.
"""

from __future__ import annotations

import math

_EPSILON = 1e-15
_TINY = 1e-300
_MAX_TERMS = 10_000
_MAX_STEPS = 200
_LARGEST = 1e300
_SMALLEST = 1e-300


def regularized_beta(a: float, b: float, x: float) -> float:
    """I_x(a, b), the regularized incomplete beta function, for a, b > 0 and 0 ≤ x ≤ 1."""
    return _beta(a, b, x, 1.0 - x)


def f_cdf(x: float, dfn: float, dfd: float) -> float:
    """P(F ≤ x) for F with `dfn` and `dfd` degrees of freedom (both may be fractional)."""
    if x <= 0:
        return 0.0
    below, above = _split(x, dfn, dfd)
    return _beta(dfn / 2, dfd / 2, below, above)


def f_sf(x: float, dfn: float, dfd: float) -> float:
    """P(F > x), computed directly so that small upper tails keep their precision."""
    if x <= 0:
        return 1.0
    below, above = _split(x, dfn, dfd)
    return _beta(dfd / 2, dfn / 2, above, below)


def f_quantile(p: float, dfn: float, dfd: float) -> float:
    """The x with P(F ≤ x) = p, for 0 < p < 1 (relative precision about 1e-11).

    The upper half is solved on the survival function, where the tail probability is small
    and exact, rather than on 1 - p. With tiny degrees of freedom a quantile can pass the
    float range: one above 1e300 is returned as inf, one below 1e-300 as 0.0.
    """
    if not 0 < p < 1 or dfn <= 0 or dfd <= 0:
        raise ValueError(f"need 0 < p < 1 and positive degrees of freedom, got {p}, {dfn}, {dfd}")

    def below_target(x: float) -> bool:
        if p < 0.5:
            return f_cdf(x, dfn, dfd) < p
        return f_sf(x, dfn, dfd) > 1 - p

    low = high = 1.0
    while below_target(high):
        high *= 2
        if high > _LARGEST:
            return math.inf
    while not below_target(low):
        low /= 2
        if low < _SMALLEST:
            return 0.0
    for _ in range(_MAX_STEPS):
        if high / low - 1 <= _EPSILON:
            break
        middle = math.sqrt(low) * math.sqrt(high)
        if below_target(middle):
            low = middle
        else:
            high = middle
    return math.sqrt(low) * math.sqrt(high)


def _split(x: float, dfn: float, dfd: float) -> tuple[float, float]:
    """The beta variable of F = x and its complement, each without cancellation."""
    scaled = dfn * x
    return scaled / (scaled + dfd), dfd / (scaled + dfd)


def _beta(a: float, b: float, x: float, complement: float) -> float:
    """I_x(a, b) given x and 1 - x separately (the caller may know 1 - x more exactly)."""
    if a <= 0 or b <= 0:
        raise ValueError(f"the beta function needs positive parameters, got {a} and {b}")
    if x <= 0:
        return 0.0
    if complement <= 0:
        return 1.0
    # The continued fraction converges fast only below the mean; use symmetry above it.
    if x > (a + 1) / (a + b + 2):
        return 1.0 - _beta(b, a, complement, x)
    log_front = (
        math.lgamma(a + b)
        - math.lgamma(a)
        - math.lgamma(b)
        + a * math.log(x)
        + b * math.log(complement)
    )
    return math.exp(log_front) * _continued_fraction(a, b, x) / a


def _continued_fraction(a: float, b: float, x: float) -> float:
    """The continued fraction of I_x(a, b), by the modified Lentz method."""
    c = 1.0
    d = _nonzero(1.0 - (a + b) * x / (a + 1))
    d = 1.0 / d
    result = d
    for m in range(1, _MAX_TERMS + 1):
        even = m * (b - m) * x / ((a + 2 * m - 1) * (a + 2 * m))
        d = 1.0 / _nonzero(1.0 + even * d)
        c = _nonzero(1.0 + even / c)
        result *= d * c
        odd = -(a + m) * (a + b + m) * x / ((a + 2 * m) * (a + 2 * m + 1))
        d = 1.0 / _nonzero(1.0 + odd * d)
        c = _nonzero(1.0 + odd / c)
        step = d * c
        result *= step
        if abs(step - 1.0) <= _EPSILON:
            return result
    raise ArithmeticError(f"the incomplete beta did not converge for a={a}, b={b}, x={x}")


def _nonzero(value: float) -> float:
    return value if abs(value) >= _TINY else _TINY
