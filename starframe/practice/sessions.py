"""Practice sessions in the store: a trainer opens one on some cases, trainees submit their
scores under the session's code, and the trainer reads each trainee's feedback and the group's
results.

Practice data has tables of its own (`practice_*`): nothing here touches people, readings or
scores, so practice never shows in a real reading, list or summary. A trainee's first answers
to a case are final: a second submission is refused, so a group result cannot be tuned.
"""

from __future__ import annotations

import datetime as dt
import re
import secrets
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from typing import Any

from sqlalchemy import Connection, Row, func, insert, select, update

from starframe.characters import text_problem
from starframe.definition.models import Star
from starframe.practice.agreement import Answer
from starframe.practice.answers import LoadedAnswers
from starframe.practice.cases import CaseCatalog
from starframe.practice.certificates import Certificate, record_certificate, trainee_key
from starframe.practice.feedback import Feedback, PassRule, answer_problems, feedback
from starframe.practice.group import (
    GroupResults,
    PooledReliability,
    group_results,
    pooled_reliability,
)
from starframe.practice.models import PracticeCase
from starframe.store import tables as t
from starframe.store.errors import AlreadyExists, NotFound

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


def create_session(
    connection: Connection,
    cases: Sequence[PracticeCase],
    rule: PassRule | None = None,
    *,
    solo: bool = False,
    now: dt.datetime | None = None,
) -> str:
    """Open a session on `cases` (in this order) and return its code; `solo` for one trainee
    practising alone."""
    if not cases:
        raise ValueError("a session needs at least one practice case: give --case ID.")
    ids = [case.id for case in cases]
    repeated = sorted({case_id for case_id in ids if ids.count(case_id) > 1})
    if repeated:
        raise ValueError(f"a session holds each case once: {', '.join(repeated)} repeated.")
    rule = rule or PassRule()
    code = new_code()
    while _session_row(connection, code) is not None:
        code = new_code()
    connection.execute(
        insert(t.practice_sessions).values(
            code=code,
            created_at=now or dt.datetime.now(dt.UTC),
            min_same_stage=rule.min_same_stage,
            max_mad=rule.max_mad,
            solo=solo,
        )
    )
    connection.execute(
        insert(t.practice_session_cases),
        [
            {
                "session_code": code,
                "case_id": case.id,
                "star_id": case.star,
                "edition": case.edition,
                "position": position,
            }
            for position, case in enumerate(cases, start=1)
        ],
    )
    return code


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


def close_session(connection: Connection, code: str, *, now: dt.datetime | None = None) -> Session:
    """Stop `code` taking answers; closing a closed session keeps its first closing time."""
    session = load_session(connection, code)
    if session.closed_at is not None:
        return session
    connection.execute(
        update(t.practice_sessions)
        .where(t.practice_sessions.c.code == session.code)
        .values(closed_at=now or dt.datetime.now(dt.UTC))
    )
    return load_session(connection, session.code)


def reopen_session(connection: Connection, code: str) -> Session:
    """Let a closed session take answers again (a trainer who closed it too soon)."""
    session = load_session(connection, code)
    connection.execute(
        update(t.practice_sessions)
        .where(t.practice_sessions.c.code == session.code)
        .values(closed_at=None)
    )
    return load_session(connection, session.code)


def check_session_case(loaded: LoadedAnswers, session: Session) -> SessionCase | None:
    """The session's case the answers file names; SF608 on the file when it has none."""
    answers, doc = loaded.answers, loaded.document
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


def submit_attempt(
    connection: Connection,
    code: str,
    trainee: str,
    case: PracticeCase,
    star: Star,
    scores: Mapping[str, Answer],
    *,
    now: dt.datetime | None = None,
) -> Submitted:
    """Store `trainee`'s `scores` for `case` (scored on `star`) in session `code`, and return
    their feedback, with the certificate when this completed a pass.

    A name typed with other capitals or spacing than earlier in the session ("ana silva" after
    "Ana Silva") is the same trainee, and is stored as first typed.

    Raises NotFound for an unknown session, SessionClosed for a closed one, ValueError for a
    case outside the session or scores that do not fit the Star, and AlreadyExists when the
    trainee has already answered.
    """
    session = load_session(connection, code)
    if session.closed_at is not None:
        raise SessionClosed(
            f"session {session.code} was closed on {session.closed_at:%d %B %Y}: it takes no "
            "more answers. Ask your trainer to reopen it (starframe practice session reopen)."
        )
    name = " ".join(trainee.split())
    if not name or len(name) > TRAINEE_LENGTH:
        raise ValueError(f"a trainee's name is 1 to {TRAINEE_LENGTH} characters.")
    problem = text_problem(name, multi_line=False)
    if problem:
        raise ValueError(f"the trainee's name {problem}.")
    entry = session.case(case.id)
    if entry is None or (entry.star, entry.edition) != (case.star, case.edition):
        offered = ", ".join(c.case_id for c in session.cases)
        raise ValueError(
            f"session {session.code} has no case `{case.id}` for {case.star}@{case.edition}: "
            f"its cases are {offered}."
        )
    problems = answer_problems(star, scores)
    if problems:
        raise ValueError(f"{name}'s answers for {case.id}: {'; '.join(problems)}.")
    attempts = t.practice_attempts.c
    answered = connection.execute(
        select(attempts.trainee, attempts.case_id).where(attempts.session_code == session.code)
    ).all()
    name = next(
        (row.trainee for row in answered if trainee_key(row.trainee) == trainee_key(name)), name
    )
    if any(row.trainee == name and row.case_id == case.id for row in answered):
        raise AlreadyExists(
            f"{name} has already submitted answers for {case.id} in session {session.code}: "
            "the first answers stand, so the group's results stay honest. Nothing was changed."
        )
    now = now or dt.datetime.now(dt.UTC)
    given = feedback(star, case, scores, session.rule)
    connection.execute(
        insert(t.practice_attempts).values(
            session_code=session.code,
            trainee=name,
            case_id=case.id,
            scores={scale: score for scale, score in scores.items() if score is not None},
            submitted_at=now,
            passed=given.passed,
        )
    )
    return Submitted(given, _certify(connection, session, entry, name, now))


def _certify(
    connection: Connection, session: Session, entry: SessionCase, name: str, now: dt.datetime
) -> Certificate | None:
    """A certificate for `name` once they have passed every case of `entry`'s Star edition in
    this trainer's session; None while any is unanswered or not passed, and for solo practice."""
    if session.solo:
        return None
    attempts = t.practice_attempts.c
    passed = set(
        connection.execute(
            select(attempts.case_id).where(
                attempts.session_code == session.code,
                attempts.trainee == name,
                attempts.passed.is_(True),
            )
        ).scalars()
    )
    same_edition = [
        c.case_id for c in session.cases if (c.star, c.edition) == (entry.star, entry.edition)
    ]
    if not all(case_id in passed for case_id in same_edition):
        return None
    return record_certificate(
        connection, name, entry.star, entry.edition, now.date(), session=session.code, now=now
    )


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


def _session_row(connection: Connection, code: str) -> Row[Any] | None:
    return connection.execute(
        select(t.practice_sessions).where(t.practice_sessions.c.code == code)
    ).first()
