"""Practice sessions in the store: a trainer opens one on some cases, trainees submit their
scores under the session's code, and the trainer reads each trainee's feedback and the group's
results.

Practice data has tables of its own (`practice_*`): nothing here touches people, readings or
scores, so practice never shows in a real reading, list or summary. A trainee's first answers
to a case are final: a second submission is refused, so a group result cannot be tuned.
This module reads sessions; every change to them is a `PracticeWriter` method (`writer.py`).
"""

from __future__ import annotations

import datetime as dt
import re
import secrets
from dataclasses import dataclass
from typing import Any

from sqlalchemy import Connection, Row, func, select

from starframe.definition.models import Star
from starframe.practice.agreement import Answer
from starframe.practice.answers import LoadedAnswers
from starframe.practice.cases import CaseCatalog
from starframe.practice.certificates import Certificate
from starframe.practice.feedback import Feedback, PassRule, feedback
from starframe.practice.group import (
    GroupResults,
    PooledReliability,
    group_results,
    pooled_answers,
    pooled_reliability,
)
from starframe.practice.models import PracticeCase
from starframe.store import tables as t
from starframe.store.errors import NotFound

CODE_ALPHABET = "23456789ABCDEFGHJKMNPQRSTUVWXYZ"
"""Digits and capitals without 0/O, 1/I/L: a code read aloud or copied by hand stays right."""
TRAINEE_LENGTH = 80


class SessionClosed(ValueError):
    """The trainer has closed the session: it takes no more answers."""


@dataclass(frozen=True)
class SessionCase:
    case_id: str
    star: str
    edition: str


@dataclass(frozen=True)
class Session:
    code: str
    created_at: dt.datetime
    rule: PassRule
    cases: tuple[SessionCase, ...]
    solo: bool = False
    closed_at: dt.datetime | None = None

    def case(self, case_id: str) -> SessionCase | None:
        return next((c for c in self.cases if c.case_id == case_id), None)


@dataclass(frozen=True)
class SessionSummary:
    """A line in the trainer's list of sessions."""

    session: Session
    trainees: int
    attempts: int


@dataclass(frozen=True)
class Submitted:
    feedback: Feedback
    certificate: Certificate | None
    """Recorded when these answers completed a pass of every case on their Star edition."""


@dataclass(frozen=True)
class CaseResults:
    case: PracticeCase
    star: Star
    feedback: dict[str, Feedback]
    """Trainee → their feedback, in order of submission."""
    group: GroupResults | None
    """None until someone has submitted this case."""


@dataclass(frozen=True)
class SessionResults:
    session: Session
    cases: tuple[CaseResults, ...]
    pooled: tuple[PooledReliability, ...] = ()
    """Per Star edition of the session's cases, in the session's order: the group's
    reliability over all those cases together, which one case alone cannot give."""

    @property
    def trainees(self) -> list[str]:
        return sorted({name for case in self.cases for name in case.feedback})


def new_code() -> str:
    """A random code such as `K7P-2QX` (31⁶ ≈ 887 million of them)."""
    chars = "".join(secrets.choice(CODE_ALPHABET) for _ in range(6))
    return f"{chars[:3]}-{chars[3:]}"


def normalise_code(code: str) -> str:
    """The code as stored, however it was typed: `k7p2qx` and ` K7P-2QX ` are `K7P-2QX`."""
    chars = re.sub(r"[\s-]", "", code).upper()
    return f"{chars[:3]}-{chars[3:]}" if len(chars) == 6 else code.strip()


def load_session(connection: Connection, code: str) -> Session:
    """The session `code` (typed in any case, with or without its hyphen)."""
    code = normalise_code(code)
    row = _session_row(connection, code)
    if row is None:
        raise NotFound(
            f"there is no practice session {code}: check the code your trainer gave you."
        )
    cases = connection.execute(
        select(t.practice_session_cases)
        .where(t.practice_session_cases.c.session_code == code)
        .order_by(t.practice_session_cases.c.position)
    )
    return Session(
        code=code,
        created_at=row.created_at,
        rule=PassRule(row.min_same_stage, row.max_mad),
        cases=tuple(SessionCase(c.case_id, c.star_id, c.edition) for c in cases),
        solo=row.solo,
        closed_at=row.closed_at,
    )


def list_sessions(connection: Connection, *, include_solo: bool = False) -> list[SessionSummary]:
    """The sessions, newest first, with how many trainees and answers each has so far."""
    sessions = t.practice_sessions.c
    attempts = t.practice_attempts.c
    query = select(sessions.code).order_by(sessions.created_at.desc(), sessions.code)
    if not include_solo:
        query = query.where(sessions.solo.is_(False))
    counts = {
        row.session_code: (row.trainees, row.attempts)
        for row in connection.execute(
            select(
                attempts.session_code,
                func.count(attempts.trainee.distinct()).label("trainees"),
                func.count().label("attempts"),
            ).group_by(attempts.session_code)
        )
    }
    return [
        SessionSummary(load_session(connection, code), *counts.get(code, (0, 0)))
        for code in connection.execute(query).scalars()
    ]


def check_session_case(loaded: LoadedAnswers, session: Session) -> SessionCase | None:
    """The session's case the answers file names; SF608 on the file when it has none."""
    answers, doc = loaded.answers or loaded.partial, loaded.document
    if answers is None:
        return None
    found = session.case(answers.case)
    if found is None:
        offered = ", ".join(c.case_id for c in session.cases)
        doc.problems.append(
            doc.problem(
                "SF608",
                f"session {session.code} has no case `{answers.case}`: its cases are {offered}.",
                ("case",),
            )
        )
    return found


def session_results(connection: Connection, code: str, catalog: CaseCatalog) -> SessionResults:
    """Per case: each trainee's feedback under the session's rule, and the group's results.

    The cases and Stars come from `catalog`; a case no longer offered raises CaseNotFound.
    """
    session = load_session(connection, code)
    attempts = t.practice_attempts.c
    rows = connection.execute(
        select(attempts.case_id, attempts.trainee, attempts.scores)
        .where(attempts.session_code == session.code)
        .order_by(attempts.submitted_at, attempts.trainee)
    ).all()
    results = []
    by_case: dict[str, dict[str, dict[str, Answer]]] = {}
    for entry in session.cases:
        case = catalog.find(entry.case_id, entry.star, entry.edition).case
        assert case is not None
        star = catalog.star_of(case)
        answers: dict[str, dict[str, Answer]] = {
            row.trainee: dict(row.scores) for row in rows if row.case_id == case.id
        }
        by_case[case.id] = answers
        results.append(
            CaseResults(
                case=case,
                star=star,
                feedback={
                    name: feedback(star, case, given, session.rule)
                    for name, given in answers.items()
                },
                group=group_results(star, case, answers) if answers else None,
            )
        )
    editions: dict[tuple[str, str], list[CaseResults]] = {}
    for result in results:
        editions.setdefault((result.star.id, result.star.edition), []).append(result)
    pooled = tuple(
        pooled_reliability(found[0].star, [result.case for result in found], by_case)
        for found in editions.values()
    )
    return SessionResults(session, tuple(results), pooled)


@dataclass(frozen=True)
class EditionSession:
    """A group session's reliability over its cases of one Star edition."""

    code: str
    created_at: dt.datetime
    pooled: PooledReliability


def edition_reliability(connection: Connection, star: Star) -> list[EditionSession]:
    """Every group session holding cases of `star`'s edition, oldest first, with the group's
    reliability pooled over those cases (`pooled_answers`).

    Solo sessions are left out: one trainee has no one to agree with. The answers come from
    the database alone, so the cases need not be installed where this runs.
    """
    cases = t.practice_session_cases.c
    sessions = t.practice_sessions.c
    held = connection.execute(
        select(sessions.code, sessions.created_at, cases.case_id)
        .join(t.practice_session_cases, cases.session_code == sessions.code)
        .where(cases.star_id == star.id, cases.edition == star.edition, sessions.solo.is_(False))
        .order_by(sessions.created_at, sessions.code, cases.position)
    ).all()
    by_session: dict[str, tuple[dt.datetime, list[str]]] = {}
    for row in held:
        by_session.setdefault(row.code, (row.created_at, []))[1].append(row.case_id)
    found = []
    attempts = t.practice_attempts.c
    for code, (created_at, case_ids) in by_session.items():
        answers: dict[str, dict[str, dict[str, Answer]]] = {}
        for row in connection.execute(
            select(attempts.case_id, attempts.trainee, attempts.scores)
            .where(attempts.session_code == code, attempts.case_id.in_(case_ids))
            .order_by(attempts.submitted_at, attempts.trainee)
        ):
            answers.setdefault(row.case_id, {})[row.trainee] = dict(row.scores)
        found.append(EditionSession(code, created_at, pooled_answers(star, case_ids, answers)))
    return found


def session_exists(connection: Connection, code: str) -> bool:
    """Whether a session has `code` exactly (as stored)."""
    return _session_row(connection, code) is not None


def _session_row(connection: Connection, code: str) -> Row[Any] | None:
    return connection.execute(
        select(t.practice_sessions).where(t.practice_sessions.c.code == code)
    ).first()
