"""Rules of a valid reading that need its Star: scale ids, ranges, `n/a`, completeness.

The store runs these before every write, and the file loaders run the same ones so each
problem points at the key or value it is about. Every message names the Star and edition,
says what is allowed, and how to fix it.
"""

from __future__ import annotations

import datetime as dt
import difflib
import weakref
from collections.abc import Collection, Iterator
from typing import TYPE_CHECKING

from starframe.definition.models import NA
from starframe.definition.rules import Violation
from starframe.readings.models import EARLIEST

if TYPE_CHECKING:
    from starframe.definition.models import Star
    from starframe.readings.models import Reading


def reading_violations(reading: Reading, star: Star, *, today: dt.date) -> list[Violation]:
    """Everything wrong with `reading` as a reading of `star` (empty when it is valid)."""
    found = [*_star_matches(reading, star), *_scores(reading, star)]
    if reading.person_scores:
        found.extend(_person_scores(reading, star))
    if reading.notes:
        found.extend(_known(star, "notes", reading.notes)[1])
    if reading.not_applicable_reasons:
        found.extend(_reasons(reading, star))
    if reading.actions:
        found.extend(_actions(reading, star))
    if reading.date > today:
        found.append(
            Violation(
                "SF707",
                ("date",),
                f"`date` is {reading.date}, which is in the future: give the date the reading "
                "was taken.",
            )
        )
    return found


def dating_violations(reading: Reading, consent: dt.date | None) -> list[Violation]:
    """What is wrong with a new reading's date: before 1900, or before the person consented
    (`consent`) unless it is retrospective — scored later, looking back to a time before.

    The store holds new readings to these, not the readings a database already kept when they
    were added (a whole-database move carries them as they are)."""
    if reading.date < EARLIEST:
        return [
            Violation(
                "SF715",
                ("date",),
                f"`date` is {reading.date}, before 1900, so it cannot be right: give the date "
                "the reading was taken.",
            )
        ]
    if consent is not None and reading.date < consent and not reading.retrospective:
        return [
            Violation(
                "SF716",
                ("date",),
                f"`date` is {reading.date}, before {reading.person} consented to records being "
                f"kept ({consent}): a reading is taken after consent. If it was scored later, "
                "looking back, mark it `retrospective: true`.",
            )
        ]
    return []


def _star_name(star: Star) -> str:
    return f"{star.id} {star.edition}"


def _star_matches(reading: Reading, star: Star) -> Iterator[Violation]:
    if (reading.star, reading.edition) != star.key:
        yield Violation(
            "SF708",
            ("star",),
            f"the reading names {reading.star} {reading.edition} but its definition is "
            f"{_star_name(star)}: remove `definition` to use the installed Star.",
        )


def _closest(star: Star, scale_id: object) -> str | None:
    """The scale id `scale_id` most likely misspells, if any."""
    ids = [scale.id for scale in star.scales]
    close = difflib.get_close_matches(str(scale_id), ids, n=1, cutoff=0.6)
    return close[0] if close else None


def _unknown_scale(star: Star, section: str, scale_id: str) -> Violation:
    ids = [scale.id for scale in star.scales]
    close = _closest(star, scale_id)
    hint = f" Did you mean `{close}`?" if close else ""
    return Violation(
        "SF701",
        (section, scale_id),
        f"`{section}` › `{scale_id}`: {_star_name(star)} has no scale `{scale_id}`.{hint} "
        f"Its scales are: {', '.join(ids)}.",
        key=True,
    )


def _scale_ids(star: Star) -> frozenset[str]:
    """The Star's scale ids, worked out once per Star (every reading of an import asks)."""
    found = _SCALE_IDS.get(id(star))
    if found is not None and found[0]() is star:
        return found[1]
    ids = frozenset(scale.id for scale in star.scales)
    _SCALE_IDS[id(star)] = (weakref.ref(star), ids)
    return ids


_SCALE_IDS: dict[int, tuple[weakref.ref[Star], frozenset[str]]] = {}


def _known(star: Star, section: str, keys: Collection[str]) -> tuple[list[str], list[Violation]]:
    ids = _scale_ids(star)
    known = [key for key in keys if key in ids]
    if len(known) == len(keys):
        return known, []
    return known, [_unknown_scale(star, section, key) for key in keys if key not in ids]


def _scores(reading: Reading, star: Star) -> Iterator[Violation]:
    known, unknown = _known(star, "scores", reading.scores)
    yield from unknown
    points = star.points
    for scale_id in known:
        value = reading.scores[scale_id]
        if isinstance(value, int) and 1 <= value <= points:
            continue
        allow_na = [scale.id for scale in star.scales if scale.not_applicable]
        if value == NA:
            if scale_id not in allow_na:
                allowed = f"only {', '.join(allow_na)} may be" if allow_na else "no scale may be"
                yield Violation(
                    "SF703",
                    ("scores", scale_id),
                    f"`scores` › `{scale_id}`: this scale cannot be marked `n/a` in "
                    f"{_star_name(star)} ({allowed}). Give a score from 1 to {star.points}.",
                )
        else:
            yield _out_of_range(star, "scores", scale_id, value)
    if reading.status == "complete" and len(known) < len(star.scales):
        # A misspelt scale (SF701, "did you mean `money`?") is not also a missing one.
        meant = {_closest(star, v.path[1]) for v in unknown if len(v.path) > 1}
        missing = [
            scale.id
            for scale in star.scales
            if scale.id not in reading.scores and scale.id not in meant
        ]
        if missing:
            yield Violation(
                "SF704",
                ("scores",),
                f"a complete reading scores every scale of {_star_name(star)}, but "
                f"{', '.join(missing)} {'has' if len(missing) == 1 else 'have'} no score: "
                "add them (`n/a` where the scale allows it), or save it as `status: draft`.",
                key=True,
            )


def _out_of_range(star: Star, section: str, scale_id: str, value: object) -> Violation:
    return Violation(
        "SF702",
        (section, scale_id),
        f"`{section}` › `{scale_id}`: {value} is not on the ladder; scales of "
        f"{_star_name(star)} run from 1 to {star.points}.",
    )


def _person_scores(reading: Reading, star: Star) -> Iterator[Violation]:
    known, unknown = _known(star, "person_scores", reading.person_scores)
    yield from unknown
    if known and reading.mode != "collaborative":
        yield Violation(
            "SF705",
            ("person_scores",),
            f"`person_scores` records where the person disagrees with the worker, so it "
            f"belongs to collaborative readings; this one is {reading.mode}. Remove it, or "
            "set `mode: collaborative`.",
            key=True,
        )
        return
    for scale_id in known:
        value = reading.person_scores[scale_id]
        worker = reading.scores.get(scale_id)
        where = f"`person_scores` › `{scale_id}`"
        if not 1 <= value <= star.points:
            yield _out_of_range(star, "person_scores", scale_id, value)
        elif worker is None or worker == NA:
            yield Violation(
                "SF705",
                ("person_scores", scale_id),
                f"{where}: the person's view is kept beside the worker's score, but "
                f"`scores` has {'no score' if worker is None else '`n/a`'} for this scale. "
                "Put the worker's score in `scores`.",
            )
        elif worker == value:
            yield Violation(
                "SF705",
                ("person_scores", scale_id),
                f"{where}: {value} is the same as the score in `scores`; list only scales "
                "where the person and worker disagree. Remove this line.",
            )


def _reasons(reading: Reading, star: Star) -> Iterator[Violation]:
    known, unknown = _known(star, "not_applicable_reasons", reading.not_applicable_reasons)
    yield from unknown
    for scale_id in known:
        if reading.scores.get(scale_id) != NA:
            yield Violation(
                "SF706",
                ("not_applicable_reasons", scale_id),
                f"`not_applicable_reasons` › `{scale_id}`: a reason is given, but the scale "
                "is not scored `n/a`. Remove the reason, or score it `n/a`.",
                key=True,
            )


def _actions(reading: Reading, star: Star) -> Iterator[Violation]:
    ids = [scale.id for scale in star.scales]
    for index, item in enumerate(reading.actions):
        if item.scale not in ids:
            close = difflib.get_close_matches(item.scale, ids, n=1, cutoff=0.6)
            hint = f" Did you mean `{close[0]}`?" if close else ""
            yield Violation(
                "SF701",
                ("actions", index, "scale"),
                f"`actions` › item {index + 1}: {_star_name(star)} has no scale "
                f"`{item.scale}`.{hint} Its scales are: {', '.join(ids)}.",
            )
