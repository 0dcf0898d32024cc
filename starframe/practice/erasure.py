"""Erasing a trainee: every answer they gave and every certificate they earned, for good.

Trainees are staff, and their practice results are personal data like anyone's: when a
trainee leaves or asks to be forgotten, the organisation must be able to remove them. Their
answers go from every session, so the group results of past sessions are recomputed without
them; the sessions themselves stay for the others. Names match however they were capitalised
or spaced, as everywhere in practice. These are the steps on the tables; the whole erasure
(a reason, its audit entry, and, once committed, the bytes the database would otherwise keep)
is `writer.erase`.
"""

from __future__ import annotations

from dataclasses import dataclass

from sqlalchemy import Connection, delete, select

from starframe.practice.certificates import trainee_key
from starframe.store import tables as t


@dataclass(frozen=True)
class TraineeRecords:
    """What is held about one trainee: the names they were stored under, and how much."""

    names: tuple[str, ...]
    answers: int
    sessions: int
    certificates: int

    @property
    def empty(self) -> bool:
        return not self.names


def trainee_records(connection: Connection, trainee: str) -> TraineeRecords:
    key = trainee_key(trainee)
    attempts = t.practice_attempts.c
    certificates = t.practice_certificates.c
    answered = [
        row
        for row in connection.execute(select(attempts.trainee, attempts.session_code))
        if trainee_key(row.trainee) == key
    ]
    certified = [
        name
        for name in connection.execute(select(certificates.trainee)).scalars()
        if trainee_key(name) == key
    ]
    return TraineeRecords(
        names=tuple(sorted({row.trainee for row in answered} | set(certified))),
        answers=len(answered),
        sessions=len({row.session_code for row in answered}),
        certificates=len(certified),
    )


def erase_trainee(connection: Connection, trainee: str) -> TraineeRecords:
    """Delete `trainee`'s answers and certificates; return what there was."""
    found = trainee_records(connection, trainee)
    if found.names:
        connection.execute(
            delete(t.practice_attempts).where(t.practice_attempts.c.trainee.in_(found.names))
        )
        connection.execute(
            delete(t.practice_certificates).where(
                t.practice_certificates.c.trainee.in_(found.names)
            )
        )
    return found
