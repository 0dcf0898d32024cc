"""What is held about a trainee, for erasing them: every answer they gave and every
certificate they earned.

Trainees are staff, and their practice results are personal data like anyone's: when a
trainee leaves or asks to be forgotten, the organisation must be able to remove them. Their
answers go from every session, so the group results of past sessions are recomputed without
them; the sessions themselves stay for the others. Names match however they were capitalised
or spaced, as everywhere in practice. The erasure itself (the deletes, a reason, its audit
entry, and, once committed, the bytes the database would otherwise keep) is `writer.erase`.
"""

from __future__ import annotations

from dataclasses import dataclass

from sqlalchemy import Connection, select

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
