"""People, workers, readings and action plans, as pydantic models.

The models are the reading file format: `schemas/reading.schema.json` is generated from them
and the loader maps their errors back to file positions, exactly as for Star definitions.
What needs the Star itself (which scale ids exist, the range of points, where `n/a` is
allowed) is checked in `check.py`, so each problem can name the Star and point at its key.
"""

from __future__ import annotations

import datetime as dt
import re
from collections.abc import Callable
from typing import Annotated, Any, Literal, Self

from pydantic import (
    AfterValidator,
    BeforeValidator,
    ConfigDict,
    Field,
    SerializerFunctionWrapHandler,
    StringConstraints,
    ValidationInfo,
    field_validator,
    model_serializer,
)
from pydantic_core import PydanticCustomError

from starframe.definition.models import NA, Slug, Strict, allowed_characters, is_stored
from starframe.store.fields import Day, Moment, Name, not_blank

NOTE_MAX = 10_000
"""Far beyond any real note; stops a pasted document from bloating every export."""

Mode = Literal["collaborative", "worker-only", "person-only"]
Status = Literal["draft", "complete"]
ActionStatus = Literal["open", "done", "dropped"]
MODES: tuple[Mode, ...] = ("collaborative", "worker-only", "person-only")

CODE_PATTERN = r"^[A-Za-z0-9][A-Za-z0-9._-]{0,39}$"
EDITION_PATTERN = r"^[0-9A-Za-z]+([.-][0-9A-Za-z]+)*$"
READING_ID_PATTERN = r"^[0-9a-f]{32}$"
HASH_PATTERN = r"^[0-9a-f]{64}$"
BIRTH_YEARS_PATTERN = r"^[0-9]{4}-[0-9]{4}$"


def _pattern_check(pattern: str, error: str, rule: str) -> Callable[[str], str]:
    """A pattern check with its own wording (the definition loader's words are about ids)."""
    compiled = re.compile(pattern)

    def check(value: str) -> str:
        if not compiled.fullmatch(value):
            raise PydanticCustomError(error, f"`{value[:60]}` is not allowed: {rule}")
        return value

    return check


EARLIEST = dt.date(1900, 1, 1)
"""No reading or consent can be older: an earlier date is a typing mistake (1024 for 2024)."""


def _since_1900(value: dt.date, info: ValidationInfo) -> dt.date:
    """New dates are from 1900 on; stored ones (`STORED_TEXT`) keep what they were given."""
    if value < EARLIEST and not is_stored(info):
        raise PydanticCustomError(
            "early_date",
            "{day} is before 1900, so it cannot be right: give the real date, YYYY-MM-DD",
            {"day": value.isoformat()},
        )
    return value


def _not_yet_come(value: dt.date, info: ValidationInfo) -> dt.date:
    """A consent is given before records are kept, so its date is never after today."""
    if value > dt.date.today() and not is_stored(info):
        raise PydanticCustomError(
            "future_date",
            "{day} is in the future: give the date the person consented",
            {"day": value.isoformat()},
        )
    return value


def _score(value: object) -> object:
    if value == NA or (isinstance(value, int) and not isinstance(value, bool)):
        return value
    if isinstance(value, str) and value.strip().lower() in ("n/a", "na"):
        raise PydanticCustomError(
            "score_value", "`{value}` is not a score: write `n/a`, in lowercase", {"value": value}
        )
    raise PydanticCustomError(
        "score_value", "a score is a whole number on the scale's ladder, or `n/a`"
    )


def _point(value: object) -> object:
    if isinstance(value, int) and not isinstance(value, bool):
        return value
    raise PydanticCustomError("score_value", "a score is a whole number on the scale's ladder")


Code = Annotated[
    str,
    AfterValidator(
        _pattern_check(
            CODE_PATTERN,
            "code_text",
            "a code is 1–40 letters, digits, dots, hyphens or underscores, starting with a "
            "letter or digit, e.g. `P-0042`",
        )
    ),
    Field(json_schema_extra={"pattern": CODE_PATTERN}),
]
Edition = Annotated[
    str,
    AfterValidator(_pattern_check(EDITION_PATTERN, "edition_text", 'an edition looks like "1.0"')),
    Field(json_schema_extra={"pattern": EDITION_PATTERN}),
]
ReadingId = Annotated[
    str,
    AfterValidator(
        _pattern_check(READING_ID_PATTERN, "reading_id", "a reading id is 32 hex digits")
    ),
    Field(json_schema_extra={"pattern": READING_ID_PATTERN}),
]
DefinitionHash = Annotated[
    str,
    AfterValidator(
        _pattern_check(HASH_PATTERN, "definition_hash", "a definition hash is 64 hex digits")
    ),
    Field(json_schema_extra={"pattern": HASH_PATTERN}),
]
BirthYears = Annotated[
    str,
    AfterValidator(
        _pattern_check(
            BIRTH_YEARS_PATTERN, "birth_years", "write a range of years such as `1980-1989`"
        )
    ),
    Field(json_schema_extra={"pattern": BIRTH_YEARS_PATTERN}),
]
Note = Annotated[
    str,
    StringConstraints(max_length=NOTE_MAX),
    AfterValidator(not_blank),
    AfterValidator(allowed_characters(multi_line=True)),
]
"""Notes, reasons, goals and steps: may run over several lines."""
PastDay = Annotated[Day, AfterValidator(_since_1900)]
"""The date something was done: from 1900 on."""
Score = Annotated[
    int | Literal["n/a"],
    BeforeValidator(_score),
    Field(json_schema_extra={"anyOf": [{"type": "integer", "minimum": 1}, {"const": NA}]}),
]
Point = Annotated[int, BeforeValidator(_point), Field(ge=1)]

STAMPS = ("created_at", "updated_at", "revision", "stored_at")
"""What the store records about a record rather than what the record says: when it was stored
(and a reading last changed, and how often). A JSON Lines export carries them so a move keeps
them; the store's readers leave them out (None), so a record read back equals the one written."""
STAMP_NOTE = "Set by the store; an export carries it and an import keeps it."


class Recorded(Strict):
    """A record the store keeps, with its stamps (`STAMPS`) when an export carried them."""

    def unstamped(self) -> Self:
        """The record without its stamps: what an import compares with one already stored."""
        stamps = dict.fromkeys((name for name in STAMPS if name in type(self).model_fields), None)
        return self.model_copy(update=stamps)


class Listed(Recorded):
    """A person or worker, whom outputs list with every field (`people list --json`)."""

    @model_serializer(mode="wrap")
    def _known_stamps(self, handler: SerializerFunctionWrapHandler) -> Any:
        """A stamp not known is left out, not shown as null, so those outputs stay as they were.

        Only here: a reading's `document()` leaves out what is None anyway, and a serializer
        in Python would make dumping 100,000 readings several times slower.
        """
        data = handler(self)
        if isinstance(data, dict) and data.get("created_at", 0) is None:
            del data["created_at"]
        return data


DEFAULT_TEAM = "default"
"""The team everyone recorded before teams existed is in, and a person added without one."""


class Team(Listed):
    """A group of workers sharing a caseload; every person belongs to one."""

    starframe: Literal[1] = 1
    kind: Literal["team"] = "team"
    code: Code = Field(description="The team's code, e.g. `north`.")
    name: Name = Field(description="The team's name, as colleagues know it.")
    created_at: Moment | None = Field(default=None, description=f"When recorded. {STAMP_NOTE}")


class Person(Listed):
    """Someone supported by the organisation, known by a pseudonymous code."""

    starframe: Literal[1] = 1
    kind: Literal["person"] = "person"
    code: Code = Field(description="Pseudonymous code, unique in the organisation.")
    display_name: Name | None = Field(
        default=None, description="A name workers recognise; left out of every audit entry."
    )
    consent_date: Annotated[PastDay, AfterValidator(_not_yet_come)] = Field(
        description="Date the person consented to records being kept: from 1900, not after today."
    )
    birth_years: BirthYears | None = Field(
        default=None, description="Range of years of birth, e.g. `1980-1989`, never a date."
    )
    support_need: Name | None = Field(
        default=None, description="The organisation's own category of support need."
    )
    created_at: Moment | None = Field(default=None, description=f"When recorded. {STAMP_NOTE}")
    team: Code = Field(
        default=DEFAULT_TEAM,
        description="The team whose caseload the person is in (on a secured database, who "
        "may see them).",
    )


class Worker(Listed):
    """A practitioner who completes readings."""

    starframe: Literal[1] = 1
    kind: Literal["worker"] = "worker"
    code: Code
    name: Name
    created_at: Moment | None = Field(default=None, description=f"When recorded. {STAMP_NOTE}")


class ActionItem(Strict):
    """One step of the action plan agreed in a reading, tied to one scale."""

    scale: str = Field(description="Id of the scale this item works on.")
    goal: Note
    steps: Note | None = None
    who: Name | None = Field(default=None, description="Who does it, e.g. `person and worker`.")
    by: Day | None = Field(default=None, description="Date it should be done by.")
    status: ActionStatus = "open"


class Reading(Recorded):
    """One Star for one person on one date: scores, notes and action plan.

    `scores` holds the worker's value where worker and person disagree (it is the value
    summaries count); `person_scores` keeps the person's own view on those scales.
    """

    model_config = ConfigDict(extra="forbid", strict=True, frozen=True, title="starframe reading")

    starframe: Literal[1] = Field(default=1, description="Format version of this file.")
    kind: Literal["reading"] = "reading"
    id: ReadingId | None = Field(
        default=None, description="Assigned by the store; give it only when importing an export."
    )
    star: Slug = Field(description="Id of the Star used, e.g. `justice`.")
    edition: Edition = Field(description='Edition of the Star used, as text, e.g. "1.0".')
    definition: DefinitionHash | None = Field(
        default=None,
        description="sha256 of the exact definition text used; filled in by the store.",
    )
    person: Code = Field(description="Code of the person the reading is about.")
    worker: Code = Field(description="Code of the worker who took the reading.")
    date: Day = Field(description="Date the reading was taken, YYYY-MM-DD.")
    mode: Mode = Field(default="collaborative", description="Who scored it.")
    retrospective: bool = Field(
        default=False, description="True when scored later, looking back to `date`."
    )
    status: Status = Field(
        default="complete", description="A draft may leave scales unscored; complete may not."
    )
    scores: dict[str, Score] = Field(
        default_factory=dict,
        description="Per scale id: a point on its ladder, or `n/a` where the scale allows it.",
    )
    person_scores: dict[str, Point] = Field(
        default_factory=dict,
        description="Per scale id: the person's score where it differs from `scores`.",
    )
    not_applicable_reasons: dict[str, Note] = Field(
        default_factory=dict, description="Per scale id scored `n/a`: why it does not apply."
    )
    notes: dict[str, Note] = Field(default_factory=dict, description="Per scale id: a note.")
    note: Note | None = Field(default=None, description="A note about the reading as a whole.")
    actions: list[ActionItem] = Field(
        default_factory=list, description="The action plan agreed in this reading."
    )
    created_at: Moment | None = Field(default=None, description=f"When stored. {STAMP_NOTE}")
    updated_at: Moment | None = Field(
        default=None, description=f"When last changed (`created_at` if never). {STAMP_NOTE}"
    )
    revision: Annotated[int, Field(ge=1)] | None = Field(
        default=None, description=f"Times saved or corrected, from 1. {STAMP_NOTE}"
    )

    @field_validator("updated_at")
    @classmethod
    def _changed_after_stored(cls, value: dt.datetime | None, info: ValidationInfo) -> Any:
        """A reading is changed after it is stored: an export never says otherwise."""
        if value is None or "created_at" not in info.data:
            return value
        created = info.data["created_at"]
        if created is None:
            raise PydanticCustomError(
                "stamp_order", "is given without `created_at`: give both, as exported"
            )
        if value < created:
            raise PydanticCustomError(
                "stamp_order", "is before `created_at`: a reading changes after it is stored"
            )
        return value

    def scored(self) -> dict[str, int]:
        """The worker's point per scale, leaving out `n/a` (what summaries count)."""
        return {scale: value for scale, value in self.scores.items() if value != NA}

    def document(self) -> dict[str, Any]:
        """The reading as it is written in a file or a JSON Lines export."""
        return self.model_dump(mode="json", exclude_none=True)


class DefinitionRecord(Recorded):
    """A Star definition's exact text, as carried in a JSON Lines export."""

    starframe: Literal[1] = 1
    kind: Literal["definition"] = "definition"
    hash: DefinitionHash
    star: Slug
    edition: Edition
    text: str
    stored_at: Moment | None = Field(default=None, description=f"When stored. {STAMP_NOTE}")


class AuditRecord(Strict):
    """One entry of the audit log, as a whole-database export carries it.

    The log is the organisation's record of who changed what and why, so it moves with the
    records it describes. An entry holds codes, dates and field names, never names or notes.
    Its text is stored text: read from an export (`STORED_TEXT`) it keeps control characters
    written before they were refused, and only what no database can hold (NUL) is refused;
    the writer refuses them in every new reason (`Writer.audit`).
    """

    starframe: Literal[1] = 1
    kind: Literal["audit-entry"] = "audit-entry"
    at: Moment = Field(description="When the change was made.")
    action: Annotated[
        str,
        StringConstraints(min_length=1, max_length=40),
        AfterValidator(allowed_characters(multi_line=False)),
    ] = Field(description="What was done, e.g. `reading.revise`.")
    person: Code | None = Field(default=None, description="Code of the person it concerns.")
    reading: ReadingId | None = Field(default=None, description="Id of the reading it concerns.")
    details: dict[str, Any] = Field(
        default_factory=dict, description="Codes, dates and field names about the change."
    )
    reason: (
        Annotated[
            str,
            StringConstraints(max_length=NOTE_MAX),
            AfterValidator(allowed_characters(multi_line=True)),
        ]
        | None
    ) = Field(default=None, description="Why, where the change needs a reason.")
    actor: (
        Annotated[
            str,
            StringConstraints(max_length=80),
            AfterValidator(allowed_characters(multi_line=False)),
        ]
        | None
    ) = Field(default=None, description="Who made the change; absent in entries from before 0005.")
