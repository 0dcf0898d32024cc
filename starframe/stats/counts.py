"""Order statistics (size, mean, median) of whole numbers held as counts (value → how many).

A cohort's changes on a Star are a handful of small whole numbers, so counting them keeps a
summary of 100,000 readings to a few dozen additions.
"""

from __future__ import annotations

from collections.abc import Mapping


def total(counts: Mapping[int, int]) -> int:
    """How many values there are."""
    return sum(counts.values())


def mean(counts: Mapping[int, int]) -> float | None:
    """The mean, or None when there are no values (there is no average of nothing)."""
    n = total(counts)
    return sum(value * count for value, count in counts.items()) / n if n else None


def median(counts: Mapping[int, int]) -> float | None:
    """The middle value (the mean of the two middle values for an even count)."""
    n = total(counts)
    if not n:
        return None
    low, high = _nth(counts, (n - 1) // 2), _nth(counts, n // 2)
    return (low + high) / 2


def _nth(counts: Mapping[int, int], index: int) -> int:
    seen = 0
    for value in sorted(counts):
        seen += counts[value]
        if index < seen:
            return value
    raise IndexError(index)
