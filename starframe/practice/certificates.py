"""Certificates: who has passed practice on a Star, when, and when a refresher falls due.

A trainee earns a certificate in a trainer's session by passing every case of one Star edition
that the session holds; solo practice never certifies, since a trainee can retry it until the
scores come out right. Scoring habits drift, so a certificate lasts a refresher period
(24 months unless the organisation sets another). Only the newest certificate for a Star counts,
whichever edition it was on: a trainee who passed the new edition is not due on the old one.
Names are matched however they are capitalised or spaced, as trainers type them by hand.
"""

from __future__ import annotations

import calendar
import datetime as dt
import os
from collections.abc import Iterable, Mapping
from dataclasses import dataclass

from sqlalchemy import Connection, insert, select

from starframe.store import tables as t

REFRESHER_MONTHS = 24
REFRESHER_VARIABLE = "STARFRAME_REFRESHER_MONTHS"


@dataclass(frozen=True)
class Certificate:
    trainee: str
    star: str
    edition: str
    passed_on: dt.date
    session: str | None
    """The session passed in; None once that session is gone."""

    def due_on(self, months: int = REFRESHER_MONTHS) -> dt.date:
        return add_months(self.passed_on, months)


@dataclass(frozen=True)
class Due:
    """A trainee's newest certificate for a Star, and how it stands on the day asked about."""

    certificate: Certificate
    due_on: dt.date
    days_left: int
    """Negative when the refresher is overdue."""


def refresher_months(environ: Mapping[str, str] | None = None) -> int:
    """The organisation's refresher period: $STARFRAME_REFRESHER_MONTHS, else 24 months.

    One setting for `practice due` and the terminal UI alike, so the due date a trainee is
    told is the one on the trainer's list. Raises ValueError for a value that is not a whole
    number of months, 1 or more.
    """
    value = (os.environ if environ is None else environ).get(REFRESHER_VARIABLE, "").strip()
    if not value:
        return REFRESHER_MONTHS
    if not value.isdigit() or int(value) < 1:
        raise ValueError(
            f"{REFRESHER_VARIABLE}={value!r} is not a refresher period: set it to a whole "
            "number of months, such as 24."
        )
    return int(value)


def add_months(day: dt.date, months: int) -> dt.date:
    """`day` moved on by whole months; the 31st (or 29 February) becomes the month's last day."""
    index = day.year * 12 + day.month - 1 + months
    year, month = divmod(index, 12)
    last = calendar.monthrange(year, month + 1)[1]
    return dt.date(year, month + 1, min(day.day, last))


def trainee_key(name: str) -> str:
    return " ".join(name.split()).casefold()


def record_certificate(
    connection: Connection,
    trainee: str,
    star: str,
    edition: str,
    passed_on: dt.date,
    *,
    session: str | None = None,
    now: dt.datetime | None = None,
) -> Certificate:
    connection.execute(
        insert(t.practice_certificates).values(
            trainee=trainee,
            star_id=star,
            edition=edition,
            passed_on=passed_on,
            session_code=session,
            recorded_at=now or dt.datetime.now(dt.UTC),
        )
    )
    return Certificate(trainee, star, edition, passed_on, session)


def certificates(connection: Connection, trainee: str | None = None) -> list[Certificate]:
    """Every certificate (or `trainee`'s), oldest first."""
    c = t.practice_certificates.c
    rows = connection.execute(
        select(c.trainee, c.star_id, c.edition, c.passed_on, c.session_code).order_by(
            c.passed_on, c.id
        )
    )
    found = [Certificate(*row) for row in rows]
    if trainee is None:
        return found
    return [cert for cert in found if trainee_key(cert.trainee) == trainee_key(trainee)]


def newest(found: Iterable[Certificate]) -> list[Certificate]:
    """Each trainee's newest certificate per Star (given oldest first), by trainee and Star."""
    latest: dict[tuple[str, str], Certificate] = {}
    for cert in found:
        latest[(trainee_key(cert.trainee), cert.star)] = cert
    return sorted(latest.values(), key=lambda cert: (trainee_key(cert.trainee), cert.star))


def due(
    found: Iterable[Certificate],
    on: dt.date,
    *,
    months: int = REFRESHER_MONTHS,
    within_days: int = 0,
    star: str | None = None,
) -> list[Due]:
    """Refreshers due by `on` plus `within_days`, soonest (most overdue) first."""
    if months < 1:
        raise ValueError(f"a refresher period is at least 1 month, not {months}.")
    if within_days < 0:
        raise ValueError(f"--within counts days ahead, at least 0, not {within_days}.")
    horizon = on + dt.timedelta(days=within_days)
    listed = []
    for cert in newest(found):
        due_on = cert.due_on(months)
        if (star is None or cert.star == star) and due_on <= horizon:
            listed.append(Due(cert, due_on, (due_on - on).days))
    return sorted(listed, key=lambda item: (item.due_on, trainee_key(item.certificate.trainee)))
