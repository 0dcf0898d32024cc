"""Move practice records through a JSON Lines export: out of one database, into another.

A whole-database export carries every practice session (with its cases), every trainee's
answers and every certificate, so a move to PostgreSQL keeps trainees' results and the dates
their refreshers fall due. The import writes the practice tables only, and never over a record:
one already present exactly as given is skipped (so an import can be run again), one present
with other details is refused at its line (SF609), and answers or a certificate naming a session
that neither the file nor the database holds are refused (SF610). Nothing is written while any
record has a problem; the caller's transaction then leaves the database as it was.
"""

from __future__ import annotations

import datetime as dt
from collections import Counter
from collections.abc import Collection, Sequence
from typing import TYPE_CHECKING, Any

from sqlalchemy import Column, Connection, Row, Select, insert, select

from starframe.practice.records import (
    PassRuleRecord,
    PracticeAttemptRecord,
    PracticeCertificateRecord,
    PracticeRecord,
    PracticeSessionRecord,
    SessionCaseRecord,
)
from starframe.store import tables as t
from starframe.store.bulk import chunks
from starframe.store.values import utc

if TYPE_CHECKING:
    from starframe.problems import Problem
    from starframe.readings.files import Record

AttemptKey = tuple[str, str, str]
"""Session code, trainee, case id: one trainee answers each case of a session once."""


def practice_records(connection: Connection) -> list[dict[str, Any]]:
    """Every session, then every answer, then every certificate, oldest first, as records."""
    found: list[PracticeRecord] = [
        *_stored_sessions(connection).values(),
        *_stored_attempts(connection).values(),
        *_stored_certificates(connection),
    ]
    return [record.model_dump(mode="json", exclude_none=True) for record in found]


class PracticeImport:
    """The practice records of one import, checked against each other and the database, then
    written in the import's transaction if none has a problem."""

    def __init__(self, connection: Connection, *, limit: int) -> None:
        self.connection = connection
        self.limit = limit
        """Problems worth reporting: placing each costs a parse of its line."""
        self.problems: list[Problem] = []
        self.added: Counter[str] = Counter()
        self.unchanged = 0

    def run(
        self,
        sessions: Sequence[Record],
        attempts: Sequence[Record],
        certificates: Sequence[Record],
    ) -> None:
        if not (sessions or attempts or certificates):
            return
        named = {
            code
            for record in (*sessions, *attempts, *certificates)
            if (code := _session_of(record.model)) is not None
        }
        known = _stored_sessions(self.connection, named)
        new_sessions = self._sessions(sessions, known)
        new_attempts = self._attempts(attempts, known)
        new_certificates = self._certificates(certificates, known)
        if not self.problems:
            self._write(new_sessions, new_attempts, new_certificates)

    def _sessions(
        self, records: Sequence[Record], known: dict[str, PracticeSessionRecord]
    ) -> list[PracticeSessionRecord]:
        fresh = []
        for record in records:
            model = record.model
            assert isinstance(model, PracticeSessionRecord)
            stored = known.get(model.code)
            if stored is None:
                known[model.code] = model
                fresh.append(model)
            else:
                self._compare(record, stored, model, f"practice session {model.code}")
        return fresh

    def _attempts(
        self, records: Sequence[Record], known: dict[str, PracticeSessionRecord]
    ) -> list[PracticeAttemptRecord]:
        present = _stored_attempts(self.connection, known)
        fresh = []
        for record in records:
            model = record.model
            assert isinstance(model, PracticeAttemptRecord)
            session = known.get(model.session)
            if session is None:
                self._refuse(
                    record,
                    "SF610",
                    f"there is no practice session {model.session} in this file or in the "
                    "database: import the session's record with its answers (a "
                    "whole-database export carries both).",
                    "session",
                )
                continue
            if model.case not in session.case_ids():
                offered = ", ".join(entry.case for entry in session.cases)
                self._refuse(
                    record,
                    "SF608",
                    f"session {session.code} has no case `{model.case}`: its cases are {offered}.",
                    "case",
                )
                continue
            key = (model.session, model.trainee, model.case)
            stored = present.get(key)
            if stored is None:
                present[key] = model
                fresh.append(model)
            else:
                what = f"the answers to `{model.case}` by this trainee in session {model.session}"
                self._compare(record, stored, model, what)
        return fresh

    def _certificates(
        self, records: Sequence[Record], known: dict[str, PracticeSessionRecord]
    ) -> list[PracticeCertificateRecord]:
        """New certificates. One equal in every field to a recorded one is that one: importing
        a file again adds nothing, and a pass the file holds twice is added twice, once."""
        present = Counter(_stored_certificates(self.connection))
        fresh = []
        for record in records:
            model = record.model
            assert isinstance(model, PracticeCertificateRecord)
            if model.session is not None and model.session not in known:
                self._refuse(
                    record,
                    "SF610",
                    f"there is no practice session {model.session} in this file or in the "
                    "database: import the session's record too, or leave `session` out if "
                    "the session is gone.",
                    "session",
                )
            elif present[model]:
                present[model] -= 1
                self.unchanged += 1
            else:
                fresh.append(model)
        return fresh

    def _compare(
        self, record: Record, stored: PracticeRecord, given: PracticeRecord, what: str
    ) -> None:
        differ = [
            name
            for name in type(given).model_fields
            if getattr(stored, name) != getattr(given, name)
        ]
        if not differ:
            self.unchanged += 1
            return
        listed = ", ".join(f"`{name}`" for name in differ)
        self._refuse(
            record,
            "SF609",
            f"{what} is already recorded with another {listed}: an import never overwrites a "
            "record. Leave this line out to keep the one recorded here.",
            differ[0],
        )

    def _refuse(self, record: Record, code: str, message: str, key: str) -> None:
        if len(self.problems) < self.limit:
            self.problems.append(record.problem(code, message, (key,)))

    def _write(
        self,
        sessions: list[PracticeSessionRecord],
        attempts: list[PracticeAttemptRecord],
        certificates: list[PracticeCertificateRecord],
    ) -> None:
        for table, rows in (
            (t.practice_sessions, [_session_row(s) for s in sessions]),
            (t.practice_session_cases, [row for s in sessions for row in _case_rows(s)]),
            (t.practice_attempts, [_attempt_row(a) for a in attempts]),
            (t.practice_certificates, [_certificate_row(c) for c in certificates]),
        ):
            if rows:
                self.connection.execute(insert(table), rows)
        self.added.update(
            practice_sessions=len(sessions),
            practice_attempts=len(attempts),
            certificates=len(certificates),
        )


def _session_of(model: object) -> str | None:
    if isinstance(model, PracticeSessionRecord):
        return model.code
    if isinstance(model, PracticeAttemptRecord | PracticeCertificateRecord):
        return model.session
    return None


# Reading what is stored, as the records an export writes.


def _selected(
    connection: Connection, query: Select[Any], column: Column[Any], codes: Collection[str] | None
) -> list[Row[Any]]:
    """The query's rows, all of them or only those whose `column` is one of `codes`."""
    if codes is None:
        return list(connection.execute(query))
    rows: list[Row[Any]] = []
    for chunk in chunks(sorted(codes)):
        rows.extend(connection.execute(query.where(column.in_(chunk))))
    return rows


def _utc(value: dt.datetime) -> dt.datetime:
    return utc(value).astimezone(dt.UTC)


def _stored_sessions(
    connection: Connection, codes: Collection[str] | None = None
) -> dict[str, PracticeSessionRecord]:
    """Sessions by code (all, or those named), oldest first, each with its cases in order."""
    s, c = t.practice_sessions.c, t.practice_session_cases.c
    cases: dict[str, list[SessionCaseRecord]] = {}
    query = select(t.practice_session_cases).order_by(c.session_code, c.position)
    for row in _selected(connection, query, c.session_code, codes):
        cases.setdefault(row.session_code, []).append(
            SessionCaseRecord.model_construct(
                case=row.case_id, star=row.star_id, edition=row.edition
            )
        )
    query = select(t.practice_sessions).order_by(s.created_at, s.code)
    return {
        row.code: PracticeSessionRecord.model_construct(
            code=row.code,
            created_at=_utc(row.created_at),
            rule=PassRuleRecord.model_construct(
                min_same_stage=row.min_same_stage, max_mad=row.max_mad
            ),
            solo=row.solo,
            closed_at=None if row.closed_at is None else _utc(row.closed_at),
            cases=cases.get(row.code, []),
        )
        for row in _selected(connection, query, s.code, codes)
    }


def _stored_attempts(
    connection: Connection, codes: Collection[str] | None = None
) -> dict[AttemptKey, PracticeAttemptRecord]:
    """Answers (all, or those in the sessions named), in the order they were submitted."""
    a = t.practice_attempts.c
    query = select(t.practice_attempts).order_by(
        a.submitted_at, a.session_code, a.trainee, a.case_id
    )
    return {
        (row.session_code, row.trainee, row.case_id): PracticeAttemptRecord.model_construct(
            session=row.session_code,
            trainee=row.trainee,
            case=row.case_id,
            scores=dict(row.scores),
            submitted_at=_utc(row.submitted_at),
            passed=row.passed,
        )
        for row in _selected(connection, query, a.session_code, codes)
    }


def _stored_certificates(connection: Connection) -> list[PracticeCertificateRecord]:
    """Every certificate, in the order `certificates()` lists them."""
    c = t.practice_certificates.c
    rows = connection.execute(select(t.practice_certificates).order_by(c.passed_on, c.id))
    return [
        PracticeCertificateRecord.model_construct(
            trainee=row.trainee,
            star=row.star_id,
            edition=row.edition,
            passed_on=row.passed_on,
            session=row.session_code,
            recorded_at=_utc(row.recorded_at),
        )
        for row in rows
    ]


# Writing new records as rows.


def _session_row(session: PracticeSessionRecord) -> dict[str, Any]:
    return {
        "code": session.code,
        "created_at": session.created_at,
        "min_same_stage": session.rule.min_same_stage,
        "max_mad": session.rule.max_mad,
        "solo": session.solo,
        "closed_at": session.closed_at,
    }


def _case_rows(session: PracticeSessionRecord) -> list[dict[str, Any]]:
    return [
        {
            "session_code": session.code,
            "case_id": entry.case,
            "star_id": entry.star,
            "edition": entry.edition,
            "position": position,
        }
        for position, entry in enumerate(session.cases, start=1)
    ]


def _attempt_row(attempt: PracticeAttemptRecord) -> dict[str, Any]:
    return {
        "session_code": attempt.session,
        "trainee": attempt.trainee,
        "case_id": attempt.case,
        "scores": attempt.scores,
        "submitted_at": attempt.submitted_at,
        "passed": attempt.passed,
    }


def _certificate_row(certificate: PracticeCertificateRecord) -> dict[str, Any]:
    return {
        "trainee": certificate.trainee,
        "star_id": certificate.star,
        "edition": certificate.edition,
        "passed_on": certificate.passed_on,
        "session_code": certificate.session,
        "recorded_at": certificate.recorded_at,
    }
