"""Practice's changes, within one of the store's write transactions: the rules kept in the core.

The CLI and the TUI change practice records only through a `PracticeWriter`, as they change
readings only through readings' writer, and the steps on the practice tables live here alone,
so a rule holds whichever face (or test, or script) asked: erasing a trainee needs a real
reason (not blank, no control characters) and leaves an audit entry that counts what went but
never names them; closing and reopening a session are audited; a closed session takes no
answers until it is reopened; a trainee's first answers stand. What practice reads (sessions,
results, a trainee's records) is in `sessions.py` and `erasure.py`.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterator, Mapping, Sequence
from contextlib import contextmanager
from typing import TYPE_CHECKING

from sqlalchemy import delete, insert, select, update

from starframe.characters import text_problem
from starframe.practice.certificates import Certificate, record_certificate, trainee_key
from starframe.practice.erasure import TraineeRecords, trainee_records
from starframe.practice.feedback import PassRule, answer_problems, feedback
from starframe.practice.sessions import (
    TRAINEE_LENGTH,
    Session,
    SessionCase,
    SessionClosed,
    Submitted,
    load_session,
    new_code,
    session_exists,
)
from starframe.store import tables as t
from starframe.store.errors import AlreadyExists
from starframe.store.writer import Writer, required_reason

if TYPE_CHECKING:
    from starframe.definition.models import Star
    from starframe.practice.agreement import Answer
    from starframe.practice.models import PracticeCase
    from starframe.store.reader import Reader
    from starframe.store.scrub import Scrub
    from starframe.store.store import Store


class PracticeWriter:
    """Practice's changes through one of the store's writers (its transaction and actor)."""

    def __init__(self, writer: Writer) -> None:
        self.writer = writer
        self.connection = writer.connection

    def session(self, code: str) -> Session:
        """Session `code` (typed in any case, with or without its hyphen), in this transaction."""
        return load_session(self.connection, code)

    def open_session(
        self,
        cases: Sequence[PracticeCase],
        rule: PassRule | None = None,
        *,
        solo: bool = False,
        now: dt.datetime | None = None,
    ) -> str:
        """A session on `cases`, in this order; returns its code for the trainees. `solo` is
        one trainee practising alone (no certificates)."""
        if not cases:
            raise ValueError("a session needs at least one practice case: give --case ID.")
        ids = [case.id for case in cases]
        repeated = sorted({case_id for case_id in ids if ids.count(case_id) > 1})
        if repeated:
            raise ValueError(f"a session holds each case once: {', '.join(repeated)} repeated.")
        rule = rule or PassRule()
        code = new_code()
        while session_exists(self.connection, code):
            code = new_code()
        self.connection.execute(
            insert(t.practice_sessions).values(
                code=code,
                created_at=now or dt.datetime.now(dt.UTC),
                min_same_stage=rule.min_same_stage,
                max_mad=rule.max_mad,
                solo=solo,
            )
        )
        self.connection.execute(
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

    def submit(
        self,
        code: str,
        trainee: str,
        case: PracticeCase,
        star: Star,
        scores: Mapping[str, Answer],
        *,
        now: dt.datetime | None = None,
    ) -> Submitted:
        """Store `trainee`'s `scores` for `case` (scored on `star`) in session `code`, and
        return their feedback, with the certificate when this completed a pass.

        A name typed with other capitals or spacing than earlier in the session ("ana silva"
        after "Ana Silva") is the same trainee, and is stored as first typed.

        Raises NotFound for an unknown session, SessionClosed for a closed one, ValueError for
        a case outside the session or scores that do not fit the Star, and AlreadyExists when
        the trainee has already answered.
        """
        session = load_session(self.connection, code)
        if session.closed_at is not None:
            raise SessionClosed(
                f"session {session.code} was closed on {session.closed_at:%d %B %Y}: it takes "
                "no more answers. Ask your trainer to reopen it "
                "(starframe practice session reopen)."
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
        answered = self.connection.execute(
            select(attempts.trainee, attempts.case_id).where(attempts.session_code == session.code)
        ).all()
        name = next(
            (row.trainee for row in answered if trainee_key(row.trainee) == trainee_key(name)),
            name,
        )
        if any(row.trainee == name and row.case_id == case.id for row in answered):
            raise AlreadyExists(
                f"{name} has already submitted answers for {case.id} in session {session.code}: "
                "the first answers stand, so the group's results stay honest. Nothing was changed."
            )
        now = now or dt.datetime.now(dt.UTC)
        given = feedback(star, case, scores, session.rule)
        self.connection.execute(
            insert(t.practice_attempts).values(
                session_code=session.code,
                trainee=name,
                case_id=case.id,
                scores={scale: score for scale, score in scores.items() if score is not None},
                submitted_at=now,
                passed=given.passed,
            )
        )
        return Submitted(given, self._certify(session, entry, name, now))

    def _certify(
        self, session: Session, entry: SessionCase, name: str, now: dt.datetime
    ) -> Certificate | None:
        """A certificate for `name` once they have passed every case of `entry`'s Star edition
        in this trainer's session; None while any is unanswered or not passed, and for solo
        practice."""
        if session.solo:
            return None
        attempts = t.practice_attempts.c
        passed = set(
            self.connection.execute(
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
            self.connection,
            name,
            entry.star,
            entry.edition,
            now.date(),
            session=session.code,
            now=now,
        )

    def close_session(self, code: str, *, now: dt.datetime | None = None) -> Session:
        """Stop session `code` taking answers; its results stay readable.

        Closing is audited, as reopening is: whether an answer came in while the session was
        open is a question a trainer may have to answer later. Closing a closed session keeps
        its first closing time and records nothing.
        """
        session = load_session(self.connection, code)
        if session.closed_at is not None:
            return session
        self._set_closed(session.code, now or dt.datetime.now(dt.UTC))
        self.writer.audit("practice.close", details={"session": session.code})
        return load_session(self.connection, session.code)

    def reopen_session(self, code: str) -> Session:
        """Let closed session `code` take answers again (a trainer who closed it too soon);
        audited. An open session is left as it is."""
        session = load_session(self.connection, code)
        if session.closed_at is None:
            return session
        self._set_closed(session.code, None)
        self.writer.audit("practice.reopen", details={"session": session.code})
        return load_session(self.connection, session.code)

    def _set_closed(self, code: str, at: dt.datetime | None) -> None:
        sessions = t.practice_sessions
        query = update(sessions).where(sessions.c.code == code).values(closed_at=at)
        self.connection.execute(query)

    def erase_trainee(self, trainee: str, *, reason: str | None) -> TraineeRecords:
        """Remove `trainee`'s answers and certificates for good, with the reason in the log.

        Every answer goes from every session, so past sessions' group results are recomputed
        without them; the sessions stay for the others. The entry counts what went; the
        trainee's name stays out of it, as it is the personal data being erased.
        """
        why = required_reason(reason, "erasing a trainee")
        found = trainee_records(self.connection, trainee)
        if found.names:
            for table in (t.practice_attempts, t.practice_certificates):
                self.connection.execute(delete(table).where(table.c.trainee.in_(found.names)))
        self.writer.audit(
            "practice.erase",
            details={"answers": found.answers, "certificates": found.certificates},
            reason=why,
        )
        return found


@contextmanager
def writing(store: Store[Reader, Writer]) -> Iterator[PracticeWriter]:
    """One write transaction of `store`, for practice's changes."""
    with store.write() as writer:
        yield PracticeWriter(writer)


def erase(
    store: Store[Reader, Writer], trainee: str, *, reason: str | None
) -> tuple[TraineeRecords, Scrub]:
    """`PracticeWriter.erase_trainee`, then the erased bytes (see `store/scrub.py`)."""
    with store.erasing(t.practice_attempts, t.practice_certificates) as erasure:
        erased = PracticeWriter(erasure.writer).erase_trainee(trainee, reason=reason)
    return erased, erasure.scrub
