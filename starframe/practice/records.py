"""Practice records as a JSON Lines export carries them: sessions, answers and certificates.

These are the formats of `kind: practice-session`, `practice-attempt` and
`practice-certificate`, validated strictly like every other record so a mistake is reported at
its line and column. They describe what the store already holds, so they check the shape of
each value but not the answers against their Star: that was done when they were submitted,
and the Star need not be installed where the records move to. This module stays free of the
database so reading a file does not pay for it; `starframe.transfer.practice` moves the
records in and out.
"""

from __future__ import annotations

import re
from typing import Annotated, Literal

from pydantic import AfterValidator, BeforeValidator, Field
from pydantic_core import PydanticCustomError

from starframe.definition.models import MAX_POINTS, NA, Edition, Slug, Strict
from starframe.store.fields import Day, Moment, Name

SESSION_CODE_PATTERN = r"^[0-9A-Z]{3}-[0-9A-Z]{3}$"
"""A code as starframe prints it: capitals and digits, so it is found however it is typed."""


def _session_code(value: str) -> str:
    if not re.fullmatch(SESSION_CODE_PATTERN, value):
        raise PydanticCustomError(
            "session_code",
            f"`{value[:20]}` is not a session code: write it as starframe prints it, three "
            "capitals or digits, a hyphen and three more, e.g. `K7P-2QX`",
        )
    return value


def _single_spaced(value: str) -> str:
    """Names are stored with single spaces, so one trainee's answers and passes match up."""
    if " ".join(value.split()) != value:
        raise PydanticCustomError(
            "trainee_spacing",
            "a trainee's name is written with single spaces and none at either end, as "
            "starframe stores it",
        )
    return value


def _answer(value: object) -> object:
    """One message for a bad score, rather than one per alternative of the union."""
    if value == NA or (
        isinstance(value, int) and not isinstance(value, bool) and 1 <= value <= MAX_POINTS
    ):
        return value
    raise PydanticCustomError(
        "score_value", f"a score is a whole number from 1 to {MAX_POINTS}, or `n/a`"
    )


SessionCode = Annotated[
    str,
    AfterValidator(_session_code),
    Field(json_schema_extra={"pattern": SESSION_CODE_PATTERN}),
]
Trainee = Annotated[Name, AfterValidator(_single_spaced)]
PracticeScore = Annotated[int | Literal["n/a"], BeforeValidator(_answer)]


class SessionCaseRecord(Strict):
    """One case of a session, in the session's order."""

    case: Slug = Field(description="Id of the practice case.")
    star: Slug = Field(description="Id of the Star the case is scored on.")
    edition: Edition = Field(description="Edition of that Star.")


def _distinct(cases: list[SessionCaseRecord]) -> list[SessionCaseRecord]:
    ids = [entry.case for entry in cases]
    repeated = sorted({case_id for case_id in ids if ids.count(case_id) > 1})
    if repeated:
        raise PydanticCustomError(
            "repeated_case", f"a session holds each case once: {', '.join(repeated)} repeated"
        )
    return cases


class PassRuleRecord(Strict):
    """The session's pass rule (see `PassRule`)."""

    min_same_stage: float = Field(
        ge=0, le=1, allow_inf_nan=False, description="Share of scales in the reference stage."
    )
    max_mad: float = Field(
        ge=0, allow_inf_nan=False, description="Largest mean absolute difference, in points."
    )


class PracticeSessionRecord(Strict):
    """A practice session: its cases in order, its rule, and when it was opened and closed."""

    starframe: Literal[1] = 1
    kind: Literal["practice-session"] = "practice-session"
    code: SessionCode = Field(description="The session's code, e.g. `K7P-2QX`.")
    created_at: Moment = Field(description="When the session was opened.")
    rule: PassRuleRecord = Field(description="The pass rule the session's feedback uses.")
    solo: bool = Field(default=False, description="True for one trainee practising alone.")
    closed_at: Moment | None = Field(default=None, description="When the trainer closed it.")
    cases: Annotated[list[SessionCaseRecord], AfterValidator(_distinct)] = Field(
        min_length=1, description="The cases, in order."
    )

    def case_ids(self) -> set[str]:
        return {entry.case for entry in self.cases}


class PracticeAttemptRecord(Strict):
    """One trainee's answers to one case of a session."""

    starframe: Literal[1] = 1
    kind: Literal["practice-attempt"] = "practice-attempt"
    session: SessionCode = Field(description="Code of the session the answers belong to.")
    trainee: Trainee = Field(description="The trainee's name, as stored.")
    case: Slug = Field(description="Id of the case answered; one of the session's cases.")
    scores: dict[Slug, PracticeScore] = Field(
        description="Point or `n/a` per scale id; scales left out were not scored."
    )
    submitted_at: Moment = Field(description="When the answers were submitted.")
    passed: bool | None = Field(default=None, description="Whether they passed the session's rule.")


class PracticeCertificateRecord(Strict):
    """A certificate: a trainee passed practice on a Star edition on a date."""

    starframe: Literal[1] = 1
    kind: Literal["practice-certificate"] = "practice-certificate"
    trainee: Trainee = Field(description="The trainee's name, as stored.")
    star: Slug = Field(description="Id of the Star passed.")
    edition: Edition = Field(description="Edition of that Star.")
    passed_on: Day = Field(description="Date of the answers that completed the pass.")
    session: SessionCode | None = Field(
        default=None, description="Code of the session passed in; absent once it is gone."
    )
    recorded_at: Moment = Field(description="When the certificate was recorded.")


PracticeRecord = PracticeSessionRecord | PracticeAttemptRecord | PracticeCertificateRecord
