"""Practice's changes, within one of the store's write transactions: the rules kept in the core.

The CLI and the TUI change practice records only through a `PracticeWriter`, as they change
readings only through readings' writer, so a rule holds whichever face asked: erasing a
trainee needs a real reason (not blank, no control characters) and leaves an audit entry that
counts what went but never names them; a closed session takes no answers until it is
reopened; a trainee's first answers stand. The functions in `sessions.py` and `erasure.py` are
the steps these methods take on the practice tables.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterator, Mapping, Sequence
from contextlib import contextmanager
from typing import TYPE_CHECKING

from starframe.practice.erasure import TraineeRecords, erase_trainee
from starframe.practice.sessions import (
    Session,
    Submitted,
    close_session,
    create_session,
    load_session,
    reopen_session,
    submit_attempt,
)
from starframe.store import tables as t
from starframe.store.writer import Writer, required_reason

if TYPE_CHECKING:
    from starframe.definition.models import Star
    from starframe.practice.agreement import Answer
    from starframe.practice.feedback import PassRule
    from starframe.practice.models import PracticeCase
    from starframe.store.reader import Reader
    from starframe.store.scrub import Scrub
    from starframe.store.store import Store


class PracticeWriter:
    """Practice's changes through one of the store's writers (its transaction and actor)."""

    def __init__(self, writer: Writer) -> None:
        self.writer = writer

    def session(self, code: str) -> Session:
        """Session `code` (typed in any case, with or without its hyphen), in this transaction."""
        return load_session(self.writer.connection, code)

    def open_session(
        self,
        cases: Sequence[PracticeCase],
        rule: PassRule | None = None,
        *,
        solo: bool = False,
        now: dt.datetime | None = None,
    ) -> str:
        """A session on `cases`, in this order; returns its code for the trainees."""
        return create_session(self.writer.connection, cases, rule, solo=solo, now=now)

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
        """`trainee`'s answers to `case` in session `code`, with their feedback (see
        `sessions.submit_attempt` for what is refused)."""
        return submit_attempt(self.writer.connection, code, trainee, case, star, scores, now=now)

    def close_session(self, code: str, *, now: dt.datetime | None = None) -> Session:
        """Stop session `code` taking answers; its results stay readable."""
        return close_session(self.writer.connection, code, now=now)

    def reopen_session(self, code: str) -> Session:
        """Let closed session `code` take answers again."""
        return reopen_session(self.writer.connection, code)

    def erase_trainee(self, trainee: str, *, reason: str | None) -> TraineeRecords:
        """Remove `trainee`'s answers and certificates for good, with the reason in the log.

        The entry counts what went; the trainee's name stays out of it, as it is the personal
        data being erased.
        """
        why = required_reason(reason, "erasing a trainee")
        erased = erase_trainee(self.writer.connection, trainee)
        self.writer.audit(
            "practice.erase",
            details={"answers": erased.answers, "certificates": erased.certificates},
            reason=why,
        )
        return erased


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
