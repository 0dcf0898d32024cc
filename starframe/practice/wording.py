"""Agreement figures in words, one line each, for the command line, the terminal UI and the
PDF group report alike.

A coefficient the data cannot support is "none" with the reason, never 0 or a blank; every
coefficient says how many scales and trainees it rests on; an ICC always comes with its
interval and Koo & Li band, since the estimate alone from 8 to 10 scales over-promises (see
docs/trainers.md). Nothing rounds to "-0.00".
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from starframe.stats.rounding import fixed

if TYPE_CHECKING:
    from starframe.practice.group import PooledReliability, Reliability
    from starframe.stats.agreement import Icc, Statistic


def rests_on(units: int, raters: int) -> str:
    """`10 scales, 3 trainees`."""
    return f"{_count(units, 'scale')}, {_count(raters, 'trainee')}"


def statistic_text(value: Statistic) -> str:
    """`0.52 (10 scales, 3 trainees)`, or none with the reason."""
    if value.value is None:
        return f"none ({value.reason})"
    return f"{fixed(value.value)} ({rests_on(value.units, value.raters)})"


def kappa_text(value: Statistic) -> str:
    """A trainee's kappa against the reference: `0.85 (10 scales)`, or none."""
    if value.value is None:
        return "none"
    return f"{fixed(value.value)} ({_count(value.units, 'scale')})"


def icc_text(icc: Icc) -> str:
    """`0.68 moderate (95% CI 0.20 to 0.91: poor to excellent; 10 scales, 3 trainees)`, or
    none with the reason."""
    if icc.value is None:
        return f"none ({icc.reason})"
    shown = f"{fixed(icc.value)} {icc.band}"
    used = rests_on(icc.units, icc.raters)
    if icc.low is None or icc.high is None or icc.band_range is None:
        return f"{shown} (no interval: {icc.interval_reason}; {used})"
    low, high = icc.band_range
    bands = low if low == high else f"{low} to {high}"
    return f"{shown} (95% CI {fixed(icc.low)} to {fixed(icc.high)}: {bands}; {used})"


def reliability_text(found: Reliability) -> str:
    """`alpha …, ICC …` for one of points or stages."""
    return f"alpha {statistic_text(found.alpha)}, ICC {icc_text(found.icc)}"


def pooled_heading(pooled: PooledReliability) -> str:
    """`Justice Star 1.0, 3 cases together: 4 trainees who answered every case (1 left out)`."""
    cases = _count(len(pooled.cases), "case")
    if pooled.unanswered:
        cases += f" together ({len(pooled.unanswered)} not yet answered, left out)"
    else:
        cases += " together"
    left_out = f" ({pooled.left_out} left out: not every case answered)" if pooled.left_out else ""
    return (
        f"{pooled.name} {pooled.edition}, {cases}: "
        f"{_count(len(pooled.trainees), 'trainee')} who answered every case{left_out}"
    )


def _count(count: int, noun: str) -> str:
    return f"{count} {noun}{'' if count == 1 else 's'}"
