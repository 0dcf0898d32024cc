"""A record read from a FHIR Bundle, placing each later problem at its JSON path.

The readings import (`readings/importing.py`) reports what it finds through a record's
`problems`, by the path of the field in the reading (`scores` › `housing`). A record read
from a Bundle knows where each field came from (`Bundle.entry[3].resource.item[2].answer[0]`),
so the reading checks' problems, with their codes, name the resource and the place in it.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field

from starframe.definition.rules import Violation
from starframe.problems import Problem
from starframe.readings.files import Record

JsonPath = tuple[str | int, ...]


def rendered(path: JsonPath) -> str:
    """`("entry", 3, "resource")` → `Bundle.entry[3].resource`."""
    text = "Bundle"
    for part in path:
        text += f"[{part}]" if isinstance(part, int) else f".{part}"
    return text


def problem(code: str, path: JsonPath, message: str, file: str) -> Problem:
    return Problem(code, "error", f"{rendered(path)}: {message}", file)


@dataclass(frozen=True)
class FhirRecord(Record):
    """A model read from one resource of a Bundle, with where each of its fields came from."""

    where: JsonPath = ()
    """The resource: `("entry", 3, "resource")`."""
    places: Mapping[JsonPath, JsonPath] = field(default_factory=dict)
    """A field's path in the model → its path in the Bundle; the longest match places it."""

    def place(self, path: JsonPath) -> JsonPath:
        for end in range(len(path), 0, -1):
            found = self.places.get(path[:end])
            if found is not None:
                return found
        return self.where

    def problems(self, violations: list[Violation]) -> list[Problem]:
        return [problem(v.code, self.place(v.path), v.message, self.file) for v in violations]
