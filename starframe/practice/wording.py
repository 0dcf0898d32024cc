"""Agreement figures in words, one line each, for the command line and the terminal UI alike.

A coefficient the data cannot support is "none" with the reason, never 0 or a blank; an ICC
always comes with its interval and Koo & Li band, since the estimate alone from 8 to 10 scales
over-promises (see docs/trainers.md).
"""

from __future__ import annotations

from starframe.stats.agreement import Icc, Statistic


def statistic_text(value: Statistic) -> str:
    return f"none ({value.reason})" if value.value is None else f"{value.value:.2f}"


def icc_text(icc: Icc) -> str:
    """`0.68 moderate (95% CI 0.20 to 0.91: poor to excellent)`, or none with the reason."""
    if icc.value is None:
        return f"none ({icc.reason})"
    shown = f"{icc.value:.2f} {icc.band}"
    if icc.low is None or icc.high is None or icc.band_range is None:
        return f"{shown} (no interval: {icc.interval_reason})"
    low, high = icc.band_range
    bands = low if low == high else f"{low} to {high}"
    return f"{shown} (95% CI {icc.low:.2f} to {icc.high:.2f}: {bands})"
