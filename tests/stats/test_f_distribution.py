"""The plain-Python F distribution agrees with scipy, fractional degrees of freedom included."""

from __future__ import annotations

import itertools
import math

import pytest
from scipy.special import betainc
from scipy.stats import f

from starframe.stats.f_distribution import f_cdf, f_quantile, f_sf, regularized_beta

SHAPES = [0.05, 0.5, 1.0, 2.5, 10.0, 150.0, 1500.0]
DEGREES = [0.3, 1.0, 2.0, 3.7, 9.0, 15.0, 44.5, 300.0, 2000.0]


@pytest.mark.parametrize(("a", "b"), list(itertools.product(SHAPES, SHAPES)))
def test_regularized_beta_matches_scipy(a: float, b: float) -> None:
    for x in [0.0, 1e-12, 1e-4, 0.05, 0.3, 0.5, 0.77, 0.999, 1 - 1e-10, 1.0]:
        assert regularized_beta(a, b, x) == pytest.approx(betainc(a, b, x), rel=1e-9, abs=1e-13)


@pytest.mark.parametrize("p", [0.001, 0.025, 0.3, 0.5, 0.8, 0.975, 0.999])
def test_quantiles_match_scipy_on_a_grid_of_fractional_degrees(p: float) -> None:
    for dfn, dfd in itertools.product(DEGREES, DEGREES):
        expected = f.ppf(p, dfn, dfd)
        if 1e-300 < expected < 1e300:
            assert f_quantile(p, dfn, dfd) == pytest.approx(expected, rel=1e-9), (dfn, dfd)


def test_the_quantiles_an_icc_interval_uses() -> None:
    # F(0.975) for n - 1 = 9 scales and Satterthwaite's v from a real session, both ways.
    assert f_quantile(0.975, 9, 17.386) == pytest.approx(f.ppf(0.975, 9, 17.386), rel=1e-11)
    assert f_quantile(0.975, 17.386, 9) == pytest.approx(f.ppf(0.975, 17.386, 9), rel=1e-11)


def test_tails_match_scipy_and_each_other() -> None:
    for dfn, dfd in itertools.product(DEGREES, DEGREES):
        for x in [1e-6, 0.2, 1.0, 3.5, 80.0, 1e8]:
            below, above = f_cdf(x, dfn, dfd), f_sf(x, dfn, dfd)
            assert below == pytest.approx(f.cdf(x, dfn, dfd), rel=1e-9, abs=1e-14)
            assert above == pytest.approx(f.sf(x, dfn, dfd), rel=1e-9, abs=1e-14)
            assert below + above == pytest.approx(1.0, abs=1e-11)
    assert (f_cdf(0.0, 3, 4), f_sf(-1.0, 3, 4)) == (0.0, 1.0)


def test_quantiles_beyond_the_float_range_are_their_limits() -> None:
    # Tiny degrees of freedom push the 0.975 quantile past 1e300 (or below 1e-300).
    assert f_quantile(0.975, 5, 0.0001) == math.inf
    assert f_quantile(0.975, 0.000001, 5) == 0.0
    for dfn, dfd in [(1, 0.02), (0.0001, 5)]:
        assert f_quantile(0.975, dfn, dfd) == pytest.approx(f.ppf(0.975, dfn, dfd), rel=1e-9)


@pytest.mark.parametrize(("p", "dfn", "dfd"), [(0.0, 1, 1), (1.0, 1, 1), (0.5, 0, 1), (0.5, 1, -2)])
def test_quantile_refuses_impossible_arguments(p: float, dfn: float, dfd: float) -> None:
    with pytest.raises(ValueError, match="0 < p < 1"):
        f_quantile(p, dfn, dfd)


def test_beta_refuses_non_positive_shapes() -> None:
    with pytest.raises(ValueError, match="positive parameters"):
        regularized_beta(0.0, 1.0, 0.5)
