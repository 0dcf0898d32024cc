"""A figure as text to a fixed number of places, never "-0.00".

A coefficient of -0.0004 printed as "-0.00" reads as a (tiny) negative result where the data
say nothing of the kind; once rounded to zero it is zero, without a sign.
"""

from __future__ import annotations


def fixed(value: float, places: int = 2, *, signed: bool = False) -> str:
    """`value` to `places` decimals; `signed` puts "+" before a positive one, never on zero."""
    text = f"{value:+.{places}f}" if signed else f"{value:.{places}f}"
    if float(text) == 0:
        return f"{0:.{places}f}"
    return text
