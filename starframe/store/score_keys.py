"""A reading's scores as one short text, one character a scale: what a cohort scan reads.

The scales take the places of their definition's `layout` (its scales, in the Star's order),
so two keys of one edition line up character by character and a summary can count a
position across a million keys without decoding any of them. Each place holds

- `NO_ROW` when the reading has no score row for the scale (the scale is left out of the
  reading's figures, as when `scores` holds no row for it),
- `NO_VALUE` when the row holds no point (not applicable, or only a note or the person's
  own score),
- otherwise the point `v` as `chr(ZERO + v)`: `1` for 1 … `:` for 10.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence

NO_ROW = " "
NO_VALUE = "-"
ZERO = 0x30
"""Points are 1..points (at most `definition.models.MAX_POINTS`), so every point's character
is printable ASCII or above, never one of the two markers."""


def score_key(layout: Sequence[str], rows: Iterable[tuple[str, int | None]]) -> str:
    """The key of a reading whose score rows are `rows` ((scale id, value or None))."""
    places = dict.fromkeys(layout, NO_ROW)
    for scale_id, value in rows:
        if scale_id not in places:
            raise ValueError(f"scale {scale_id} is not one of the definition's scales")
        places[scale_id] = NO_VALUE if value is None else chr(ZERO + value)
    return "".join(places.values())


def point(character: str) -> int | None:
    """The point a key's character stands for; None for a row without one, or no row."""
    if character in (NO_ROW, NO_VALUE):
        return None
    return ord(character) - ZERO
