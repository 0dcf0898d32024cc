"""The value formats every stored record shares: names, dates and moments.

Readings' models (`readings/models.py`) and practice's records (`practice/records.py`) both
write names, days and times this way, so a person's record and a trainee's read alike; the
types live beneath both so neither domain imports the other for them.
"""

from __future__ import annotations

import datetime as dt
import re
from typing import Annotated

from pydantic import AfterValidator, BeforeValidator, Field, StringConstraints
from pydantic_core import PydanticCustomError

from starframe.definition.models import allowed_characters


def not_blank(value: str) -> str:
    """Free text says something: only spaces is a mistake, never a name or a note."""
    if not value.strip():
        raise PydanticCustomError("blank_text", "text must not be empty")
    return value


def _day(value: object) -> object:
    """Dates are written YYYY-MM-DD; numbers and times are refused, never reinterpreted."""
    if isinstance(value, dt.datetime):
        raise PydanticCustomError("date_value", "is a date and time; write only the date")
    if isinstance(value, dt.date):
        return value
    if isinstance(value, str) and re.fullmatch(r"[0-9]{4}-[0-9]{2}-[0-9]{2}", value):
        try:
            return dt.date.fromisoformat(value)
        except ValueError:
            raise PydanticCustomError("date_value", f"`{value}` is not a real date") from None
    raise PydanticCustomError("date_value", "a date is written YYYY-MM-DD, e.g. 2024-03-01")


def _moment(value: object) -> object:
    """A date and time with its zone (ISO 8601), kept in UTC; one without a zone is refused."""
    if isinstance(value, str):
        text = value
        try:
            value = dt.datetime.fromisoformat(text)
        except ValueError:
            raise PydanticCustomError(
                "datetime_value", f"`{text[:40]}` is not a date and time"
            ) from None
    if isinstance(value, dt.datetime) and value.utcoffset() is not None:
        return value.astimezone(dt.UTC)
    raise PydanticCustomError(
        "datetime_value",
        "a date and time is written with its time zone, e.g. 2024-05-31T10:00:00+00:00",
    )


Name = Annotated[
    str,
    StringConstraints(max_length=80),
    AfterValidator(not_blank),
    AfterValidator(allowed_characters(multi_line=False)),
]
"""Names and categories: one line."""
Day = Annotated[
    dt.date,
    BeforeValidator(_day),
    Field(json_schema_extra={"type": "string", "format": "date"}),
]
Moment = Annotated[
    dt.datetime,
    BeforeValidator(_moment),
    Field(json_schema_extra={"type": "string", "format": "date-time"}),
]
