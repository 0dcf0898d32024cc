"""The Star definition format, version 1, as pydantic models.

The models are the single source of truth: the JSON Schema in `schemas/` is generated from
them, and the loader maps their validation errors back to file positions. Rules that relate
several fields (stage ranges, complete ladders, unique ids) live in `rules.py` so each problem
can point at the exact field it is about.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Container
from typing import Annotated, Any, Literal

from pydantic import (
    AfterValidator,
    BaseModel,
    BeforeValidator,
    ConfigDict,
    Field,
    StringConstraints,
    ValidationInfo,
    model_validator,
)
from pydantic_core import PydanticCustomError

from starframe.characters import text_problem

MIN_SCALES, MAX_SCALES = 3, 16
MIN_POINTS, MAX_POINTS = 3, 20
LABEL_MAX = 20
"""A chart spoke label wider than this collides with its neighbours on a 16-scale Star at A4."""

NA: Literal["n/a"] = "n/a"
"""How a scale that does not apply to someone is scored, wherever a score is written: readings,
practice cases and answers, exports and the screens. The Star says which scales allow it
(`Scale.not_applicable`), so this lowest layer holds the one spelling every other uses."""


STORED_TEXT: dict[str, Any] = {"stored_text": True}
"""Validation context for text read back from a database or a JSON Lines export: it was
checked when it was stored, perhaps before a rule (control characters) existed, and must still
load and move; it is escaped wherever it is shown."""


def is_stored(info: ValidationInfo) -> bool:
    """True when the value being validated is stored text (`STORED_TEXT`), not new input."""
    return bool(info.context and info.context.get("stored_text"))


def allowed_characters(*, multi_line: bool) -> Callable[[str, ValidationInfo], str]:
    """A validator refusing what `characters.text_problem` refuses, in new input only."""

    def check(value: str, info: ValidationInfo) -> str:
        problem = text_problem(value, multi_line=multi_line, stored=is_stored(info))
        if problem:
            raise PydanticCustomError("control_character", "{problem}", {"problem": problem})
        return value

    return check


def _not_blank(value: str) -> str:
    if not value.strip():
        raise PydanticCustomError("blank_text", "text must not be empty")
    return value


Slug = Annotated[
    str,
    StringConstraints(pattern=r"^[a-z][a-z0-9]*(-[a-z0-9]+)*$", max_length=40),
    Field(description="Lowercase letters, digits and single hyphens; starts with a letter."),
]
Text = Annotated[
    str, AfterValidator(_not_blank), AfterValidator(allowed_characters(multi_line=True))
]
"""Wording: may run over several lines (YAML block scalars)."""
ShortText = Annotated[
    str,
    StringConstraints(max_length=80),
    AfterValidator(_not_blank),
    AfterValidator(allowed_characters(multi_line=False)),
]
"""A name or title: one line."""
Label = Annotated[
    str,
    StringConstraints(max_length=LABEL_MAX),
    AfterValidator(_not_blank),
    AfterValidator(allowed_characters(multi_line=False)),
]
"""A chart label: one short line."""


class Strict(BaseModel):
    """Unknown keys are errors (typos must not pass silently); types are never coerced."""

    model_config = ConfigDict(extra="forbid", strict=True, frozen=True)


def _hex_colour(value: str) -> str:
    if not re.fullmatch(r"#[0-9A-Fa-f]{6}", value):
        raise PydanticCustomError(
            "hex_colour",
            "`{value}` is not a colour: write `#` and six hex digits, e.g. `#1f4e79`",
            {"value": value},
        )
    return value


HexColour = Annotated[str, AfterValidator(_hex_colour)]


class Colours(Strict):
    """A service's own colours for printed reports; any left out keep starframe's defaults."""

    primary: HexColour | None = Field(
        default=None, description="Headings, rules, table headers and the chart's stage bands."
    )
    accent: HexColour | None = Field(
        default=None,
        description="Highlights: the key numbers of report tables (scores, median change).",
    )


class Stage(Strict):
    """One step of the journey of change, covering a contiguous range of points."""

    id: Slug
    name: ShortText = Field(description="Shown to workers and people, e.g. 'Accepting help'.")
    points: Annotated[list[int], Field(min_length=2, max_length=2)] = Field(
        description="Inclusive range [first, last] of points this stage covers."
    )
    summary: Text | None = Field(
        default=None, description="What this stage means in general, in a sentence or two."
    )

    @property
    def first(self) -> int:
        return self.points[0]

    @property
    def last(self) -> int:
        return self.points[1]

    def covers(self, point: int) -> bool:
        return self.first <= point <= self.last


class Scale(Strict):
    """One outcome area of a Star, with ladder wording for every point."""

    id: Slug
    name: ShortText = Field(
        description="Full name of the area, e.g. 'Living skills and self-care'."
    )
    label: Label = Field(description=f"Short chart label, at most {LABEL_MAX} characters.")
    summary: Text = Field(description="What this area covers.")
    prompts: list[Text] = Field(
        default_factory=list, description="Questions a worker may ask to open the conversation."
    )
    not_applicable: bool = Field(
        default=False,
        description="True where this area may not apply to someone; say when in `guidance`.",
    )
    guidance: Text | None = Field(default=None, description="Notes for the worker scoring it.")
    ladder: dict[int, Text] = Field(
        description="Wording for every point 1..points, keyed by point number."
    )


class RuleOff(Strict):
    """A publication rule switched off for this file, with the reason on record."""

    rule: Annotated[str, StringConstraints(pattern=r"^[A-Z][A-Z0-9]*[0-9]$")] = Field(
        description="The rule's code, e.g. SF407."
    )
    reason: Text = Field(description="Why the rule does not apply to this Star.")


class LintSettings(Strict):
    """Per-file settings of the publication checks (docs/rules.md)."""

    disable: list[RuleOff] = Field(
        default_factory=list, description="Rules switched off for this file, each with a reason."
    )
    max_grade: Annotated[int, Field(ge=1, le=20)] | None = Field(
        default=None, description="Highest reading grade allowed for ladder wording (default 10)."
    )
    max_sentence_words: Annotated[int, Field(ge=5, le=100)] | None = Field(
        default=None, description="Longest sentence allowed in ladder wording (default 25 words)."
    )


def canonical_language(value: object) -> object:
    """`EN`, `pt-br` → `en`, `pt-BR`: BCP 47 tags are case-insensitive, and one spelling is
    stored (language lower case, a region upper case, a script in title case)."""
    if not isinstance(value, str):
        return value
    first, *rest = value.split("-")
    parts = [first.lower()]
    for part in rest:
        if len(part) == 2 and part.isalpha():
            parts.append(part.upper())
        elif len(part) == 4 and part.isalpha():
            parts.append(part.title())
        else:
            parts.append(part.lower())
    return "-".join(parts)


Language = Annotated[
    str,
    BeforeValidator(canonical_language),
    StringConstraints(pattern=r"^[a-z]{2,3}(-[A-Za-z0-9]{2,8})*$"),
    Field(json_schema_extra={"pattern": r"^[A-Za-z]{2,3}(-[A-Za-z0-9]{2,8})*$"}),
]
"""A BCP 47 tag, in any case as written; stored in its canonical case."""

Edition = Annotated[
    str,
    StringConstraints(pattern=r"^[0-9A-Za-z]+([.-][0-9A-Za-z]+)*$", max_length=20),
    Field(description='An edition, as text, e.g. "1.0".'),
]


class Supersedes(Strict):
    """Which edition this one replaces, and how its scales map, so readings stay comparable."""

    edition: Edition
    scales: dict[str, Slug] = Field(
        default_factory=dict,
        description="Old scale id → new scale id, for scales renamed in this edition.",
    )


class Star(Strict):
    """A Star variant: identified by `id` + `edition`."""

    model_config = ConfigDict(title="starframe Star definition")

    starframe: Literal[1] = Field(description="Format version of this file.")
    kind: Literal["star"]
    id: Slug
    name: ShortText
    edition: Edition = Field(description='Edition of this Star, as text, e.g. "1.0".')
    status: Literal["draft", "pilot", "published", "retired"]
    language: Language = Field(
        description="Language of the wording, as a BCP 47 tag such as `en` or `cy` (any case)."
    )
    summary: Text = Field(description="Who this Star is for and when it is used.")
    audience: Text = Field(description="Who completes it, with whom.")
    licence: Text = Field(description="Licence of this definition's wording, e.g. CC-BY-4.0.")
    attribution: Text = Field(description="Who wrote the wording; printed on every report.")
    points: Annotated[int, Field(ge=MIN_POINTS, le=MAX_POINTS)] = Field(
        default=10, description="Number of points on every scale."
    )
    journey: Annotated[list[Stage], Field(min_length=2)] = Field(
        description="The stages of the journey of change, in order, covering 1..points."
    )
    scales: Annotated[list[Scale], Field(min_length=MIN_SCALES, max_length=MAX_SCALES)]
    supersedes: Supersedes | None = Field(
        default=None, description="The edition this one replaces, with renamed scales."
    )
    lint: LintSettings | None = Field(
        default=None, description="Settings of the publication checks for this file."
    )
    colours: Colours | None = Field(
        default=None, description="Brand colours for printed reports, as `#rrggbb`."
    )

    @model_validator(mode="after")
    def _rules(self, info: ValidationInfo) -> Star:
        # The loader checks the rules itself to report each at its own position.
        if not (info.context and info.context.get("defer_rules")):
            from starframe.definition.rules import ALSO, also_item, star_rule_violations

            violations = star_rule_violations(self)
            if violations:
                raise ValueError(
                    "; ".join(v.message.replace(ALSO, also_item(v)) for v in violations)
                )
        return self

    @property
    def key(self) -> tuple[str, str]:
        return (self.id, self.edition)

    def stage_of(self, point: int) -> Stage:
        """The stage covering `point` (the rules guarantee exactly one)."""
        for stage in self.journey:
            if stage.covers(point):
                return stage
        raise ValueError(f"point {point} is outside 1..{self.points}")

    def next_to_do(self, answered: Container[str], after: str) -> str | None:
        """The first scale after `after` with no answer yet, round to the top; None when every
        other scale is answered. A reading and a practice case both move on by it after a
        score, so a trainee learns the order the real screen keeps."""
        ids = [scale.id for scale in self.scales]
        at = ids.index(after)
        return next((i for i in ids[at + 1 :] + ids[:at] if i not in answered), None)

    def scale(self, scale_id: str) -> Scale:
        for scale in self.scales:
            if scale.id == scale_id:
                return scale
        raise KeyError(scale_id)

    def as_document(self) -> dict[str, Any]:
        """The definition in the structure of its YAML file (what `--json` prints)."""
        return self.model_dump(mode="python", exclude_none=True)
