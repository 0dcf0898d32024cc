"""The wording of a Star as a table: every text an author or translator may edit, by place.

A workbook and a CSV file are two layouts of the same table, so both read back the same way.
Each text has a `TextKey` (sheet, item id, ladder point, field) that names it independently of
its position in the YAML, and a value per language: the Star's own, then each translation's
(None where a translation lacks it). The structure (ids, points, stages) is never edited here:
it is shown for orientation and checked on the way back.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field
from typing import Literal

from starframe.definition.models import LABEL_MAX, Star
from starframe.definition.translation import Translation

SheetName = Literal["Star", "Journey", "Scales", "Ladders"]
SHEETS: tuple[SheetName, ...] = ("Star", "Journey", "Scales", "Ladders")

TextValue = str | tuple[str, ...]
"""One text: a string, or the prompts of a scale (one per line in a cell)."""

STAR_FIELDS = ("name", "summary", "audience")
STAGE_FIELDS = ("name", "summary")
SCALE_FIELDS = ("name", "label", "summary", "guidance", "prompts")
LADDER_FIELD = "wording"

REQUIRED = {
    ("Star", "name"),
    ("Star", "summary"),
    ("Star", "audience"),
    ("Journey", "name"),
    ("Scales", "name"),
    ("Scales", "label"),
    ("Scales", "summary"),
    ("Ladders", LADDER_FIELD),
}
"""Texts the Star's own language may not leave empty; the others may be removed."""

LENGTH_LIMITS = {"name": 80, "label": LABEL_MAX}
"""Characters allowed, as in the definition format (names are one line, labels fit a spoke)."""

CELL_LIMIT = 5_000
"""Characters in any cell: far beyond any ladder wording, well short of a pasted document."""


@dataclass(frozen=True, order=True)
class TextKey:
    """Where a text lives: `item` is a stage or scale id ("" for the Star), `point` a ladder
    point (0 elsewhere)."""

    sheet: SheetName
    item: str
    point: int
    field: str


@dataclass(frozen=True)
class Row:
    """One row of a sheet: what identifies it (locked), the texts it holds, and the stage of
    a ladder point or the points of a stage, shown for orientation only."""

    sheet: SheetName
    item: str
    point: int
    fields: tuple[str, ...]
    shown: str = ""

    def key(self, field_name: str) -> TextKey:
        return TextKey(self.sheet, self.item, self.point, field_name)


@dataclass
class Wording:
    """Every text of one Star in its own language and in `languages` besides."""

    star_id: str
    edition: str
    language: str
    languages: tuple[str, ...]
    rows: list[Row]
    texts: dict[str, dict[TextKey, TextValue]] = field(default_factory=dict)
    """Language → texts present in it (a missing key is an empty cell)."""
    comments: dict[tuple[SheetName, str, int], str] = field(default_factory=dict)

    @property
    def all_languages(self) -> tuple[str, ...]:
        return (self.language, *self.languages)


def star_rows(star: Star) -> list[Row]:
    """The rows of every sheet, in the order the Star lists its stages, scales and points."""
    rows = [Row("Star", "", 0, (name,)) for name in STAR_FIELDS]
    rows += [
        Row("Journey", stage.id, 0, STAGE_FIELDS, f"{stage.first}–{stage.last}")
        for stage in star.journey
    ]
    rows += [Row("Scales", scale.id, 0, SCALE_FIELDS) for scale in star.scales]
    for scale in star.scales:
        for point in sorted(scale.ladder):
            stage = next((s.name for s in star.journey if s.covers(point)), "")
            rows.append(Row("Ladders", scale.id, point, (LADDER_FIELD,), stage))
    return rows


def star_texts(star: Star) -> dict[TextKey, TextValue]:
    """The Star's own texts by key (optional ones it lacks are left out)."""
    texts: dict[TextKey, TextValue] = {}
    for name in STAR_FIELDS:
        texts[TextKey("Star", "", 0, name)] = getattr(star, name)
    for stage in star.journey:
        texts[TextKey("Journey", stage.id, 0, "name")] = stage.name
        if stage.summary is not None:
            texts[TextKey("Journey", stage.id, 0, "summary")] = stage.summary
    for scale in star.scales:
        for name in ("name", "label", "summary", "guidance"):
            value = getattr(scale, name)
            if value is not None:
                texts[TextKey("Scales", scale.id, 0, name)] = value
        if scale.prompts:
            texts[TextKey("Scales", scale.id, 0, "prompts")] = tuple(scale.prompts)
        for point, wording in scale.ladder.items():
            texts[TextKey("Ladders", scale.id, point, LADDER_FIELD)] = wording
    return texts


def translation_texts(translation: Translation | None) -> dict[TextKey, TextValue]:
    """A translation's texts by key; None (no file yet) has none."""
    texts: dict[TextKey, TextValue] = {}
    if translation is None:
        return texts
    for name in STAR_FIELDS:
        value = getattr(translation, name)
        if value is not None:
            texts[TextKey("Star", "", 0, name)] = value
    for stage_id, stage in translation.journey.items():
        for name in STAGE_FIELDS:
            value = getattr(stage, name)
            if value is not None:
                texts[TextKey("Journey", stage_id, 0, name)] = value
    for scale_id, scale in translation.scales.items():
        for name in ("name", "label", "summary", "guidance"):
            value = getattr(scale, name)
            if value is not None:
                texts[TextKey("Scales", scale_id, 0, name)] = value
        if scale.prompts is not None:
            texts[TextKey("Scales", scale_id, 0, "prompts")] = tuple(scale.prompts)
        for point, wording in scale.ladder.items():
            if wording is not None:
                texts[TextKey("Ladders", scale_id, point, LADDER_FIELD)] = wording
    return texts


def wording_of(star: Star, translations: Mapping[str, Translation | None]) -> Wording:
    """The table of `star` with a column for each language in `translations`."""
    wording = Wording(star.id, star.edition, star.language, tuple(translations), star_rows(star))
    wording.texts[star.language] = star_texts(star)
    for language, translation in translations.items():
        wording.texts[language] = translation_texts(translation)
    return wording


def cell_text(value: TextValue | None) -> str:
    """How a text is written in a cell: prompts one per line, a missing text empty."""
    if value is None:
        return ""
    if isinstance(value, tuple):
        return "\n".join(value)
    return value


def text_value(field_name: str, cell: str) -> TextValue | None:
    """A cell read back: None when empty, prompts split into lines (blank lines dropped)."""
    cell = cell.replace("\r\n", "\n").replace("\r", "\n")
    if field_name == "prompts":
        prompts = tuple(line.strip() for line in cell.split("\n") if line.strip())
        return prompts or None
    stripped = cell.strip()
    return stripped if stripped else None
