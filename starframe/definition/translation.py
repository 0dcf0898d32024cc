"""Translations: a file that overlays a Star's wording in another language, string by string.

A translation names the Star (`star` + `edition`) and carries text keyed by the Star's own ids
(a null text, as `starframe new translation` writes every one, is simply not done yet),
so it survives reordering and can be checked precisely: a string for an id the Star lacks is an
error at its line (it would silently never show), and a string the translation lacks is a
warning (the Star's own wording is shown instead — a partial translation is still useful).
"""

from __future__ import annotations

import difflib
from dataclasses import dataclass
from dataclasses import field as data_field
from typing import Annotated, Any, Literal

from pydantic import ConfigDict, Field, StringConstraints

from starframe.characters import folded
from starframe.definition.coverage import coverage as string_coverage
from starframe.definition.coverage import percent, star_strings, translated_strings
from starframe.definition.models import Label, Language, ShortText, Slug, Star, Strict, Text
from starframe.definition.rules import point_ranges
from starframe.documents.document import Document
from starframe.documents.header import header_read, read_as
from starframe.documents.partial import left_out, without_failures
from starframe.problems import Problem


class StageText(Strict):
    name: ShortText | None = None
    summary: Text | None = None


class ScaleText(Strict):
    name: ShortText | None = None
    label: Label | None = None
    summary: Text | None = None
    prompts: list[Text] | None = None
    guidance: Text | None = None
    ladder: dict[int, Text | None] = Field(
        default_factory=dict,
        description="Wording per point; null (as `new translation` writes it) is not yet done.",
    )


class Translation(Strict):
    """Wording of one Star edition in another language; anything left out falls back."""

    model_config = ConfigDict(title="starframe Star translation")

    starframe: Literal[1]
    kind: Literal["translation"]
    star: Slug = Field(description="Id of the Star this file translates.")
    edition: Annotated[
        str, StringConstraints(pattern=r"^[0-9A-Za-z]+([.-][0-9A-Za-z]+)*$", max_length=20)
    ]
    language: Language
    attribution: Text | None = Field(default=None, description="Who translated the wording.")
    complete: bool = Field(
        default=True,
        description="false while the translation is knowingly partial (awaiting a reviewer): "
        "its gaps are one note (SF504) rather than a warning each, and `--strict` accepts it.",
    )
    name: ShortText | None = None
    summary: Text | None = None
    audience: Text | None = None
    journey: dict[str, StageText] = Field(
        default_factory=dict, description="Stage wording keyed by the Star's stage ids."
    )
    scales: dict[str, ScaleText] = Field(
        default_factory=dict, description="Scale wording keyed by the Star's scale ids."
    )


@dataclass
class LoadedTranslation:
    document: Document
    translation: Translation | None
    partial: Translation | None = None
    """A broken file's translation without the values that failed, to check against its Star
    all the same; `dropped` is what was left out."""
    dropped: set[tuple[str | int, ...]] = data_field(default_factory=set)

    @property
    def problems(self) -> list[Problem]:
        return self.document.problems


def load_translation_text(raw: bytes | str, file: str = "<text>") -> LoadedTranslation:
    loaded = LoadedTranslation(*read_as(raw, file, "translation", Translation))
    if loaded.translation is None and header_read(loaded.document):
        loaded.partial, loaded.dropped = without_failures(
            loaded.document.data, Translation, keep=frozenset({"star", "edition"})
        )
    return loaded


def check_against(loaded: LoadedTranslation, star: Star) -> None:
    """Add orphan errors (SF501, SF502) and gap warnings (SF411) for `star` to the document;
    a broken file's well-formed values are checked too (its failures are not also gaps)."""
    translation, doc = loaded.translation or loaded.partial, loaded.document
    if translation is None:
        return
    if translation.language == star.language:
        doc.problems.append(
            doc.problem(
                "SF502",
                f"this translation is in `{star.language}`, the Star's own language: set "
                "`language` to the language it is written in.",
                ("language",),
            )
        )
    for path, what, fix in _orphans(translation, star):
        doc.problems.append(
            doc.problem(
                "SF501",
                f"{what} is not in {star.id}@{star.edition}: {fix}",
                path,
                key=True,
            )
        )
    # A misspelt id (SF501, "did you mean `early`?") is not also an untranslated stage.
    meant = {
        (path[0], close)
        for path, _, _ in _orphans(translation, star)
        if len(path) == 2
        for close in difflib.get_close_matches(
            str(path[1]),
            [s.id for s in (star.journey if path[0] == "journey" else star.scales)],
            n=1,
            cutoff=0.6,
        )
    }
    gaps = _gaps(translation, star, loaded.dropped | meant)
    if not translation.complete:
        done, total = coverage(translation, star)
        doc.problems.append(
            doc.problem(
                "SF504",
                f"{translation.language} {percent(done, total)}, partial (`complete: false`): "
                f"{done} of {total} strings are translated; the Star's own {star.language} "
                "wording is shown for the rest. Set `complete: true` once a reviewer has "
                "finished it.",
                ("complete",),
                severity="note",
            )
        )
        gaps = []
    for path, what in gaps:
        doc.problems.append(
            doc.problem(
                "SF411",
                f"{what} not translated: the Star's own {star.language} wording is shown instead.",
                path,
                severity="warning",
                key=True,
            )
        )
    first_with: dict[str, str] = {}
    for scale_id, text in translation.scales.items():
        if not text.label:
            continue
        other = first_with.setdefault(folded(text.label), scale_id)
        if other == scale_id:
            continue
        line = doc.locate(("scales", other, "label")).line
        doc.problems.append(
            doc.problem(
                "SF202",
                f"scale `{scale_id}`'s translated label `{text.label}` is also scale "
                f"`{other}`'s (line {line}): each label must be unique, as the chart shows "
                "them side by side; rename one of them.",
                ("scales", scale_id, "label"),
            )
        )
    doc.problems.sort(key=lambda p: p.order)


Orphan = tuple[tuple[str | int, ...], str, str]
"""(path, what it is, how to fix it)."""
_CORRECT = "remove it, or correct the id (`starframe stars show` lists the Star's ids)."


def _orphans(translation: Translation, star: Star) -> list[Orphan]:
    stage_ids = [stage.id for stage in star.journey]
    found: list[Orphan] = [
        (("journey", stage_id), f"stage `{stage_id}`", _id_fix(stage_id, stage_ids))
        for stage_id in translation.journey
        if stage_id not in stage_ids
    ]
    scales = {scale.id: scale for scale in star.scales}
    for scale_id, text in translation.scales.items():
        scale = scales.get(scale_id)
        if scale is None:
            found.append(
                (("scales", scale_id), f"scale `{scale_id}`", _id_fix(scale_id, list(scales)))
            )
            continue
        for point in text.ladder:
            if point not in scale.ladder:
                path = ("scales", scale_id, "ladder", point)
                found.append(
                    (
                        path,
                        f"ladder point {point} of scale `{scale_id}`",
                        f"remove it: the scale's points run 1–{star.points}.",
                    )
                )
        if text.prompts is not None and len(text.prompts) != len(scale.prompts):
            wanted = len(scale.prompts)
            found.append(
                (
                    ("scales", scale_id, "prompts"),
                    f"a list of {len(text.prompts)} prompts (the Star has {wanted}) "
                    f"for scale `{scale_id}`",
                    (
                        f"give {wanted} prompt{'s' if wanted != 1 else ''}, one for each of "
                        "the Star's, in the same order."
                        if wanted
                        else "remove them: the Star has no prompts for this scale."
                    ),
                )
            )
        if text.guidance is not None and scale.guidance is None:
            found.append(
                (
                    ("scales", scale_id, "guidance"),
                    f"guidance for scale `{scale_id}`",
                    "remove it: the Star gives this scale no guidance to translate.",
                )
            )
    return found


def _id_fix(given: str, ids: list[str]) -> str:
    close = difflib.get_close_matches(given, ids, n=1, cutoff=0.6)
    if close:
        return f"did you mean `{close[0]}`? Correct the id, or remove it."
    return _CORRECT


def _gaps(
    translation: Translation, star: Star, dropped: set[tuple[str | int, ...]] | None = None
) -> list[tuple[tuple[str | int, ...], str]]:
    """What the translation leaves untranslated; a value `dropped` (it failed, and says so) is
    not also a gap."""
    out = dropped or set()

    def lacks(value: object, *path: str | int) -> bool:
        return value is None and not left_out(out, *path)

    gaps: list[tuple[tuple[str | int, ...], str]] = []
    top = [f for f in ("name", "summary", "audience") if lacks(getattr(translation, f), f)]
    if top:
        gaps.append(((), _listing("the Star's", top)))
    for stage in star.journey:
        text = translation.journey.get(stage.id, StageText())
        where = ("journey", stage.id)
        missing = ["name"] if lacks(text.name, *where, "name") else []
        if stage.summary is not None and lacks(text.summary, *where, "summary"):
            missing.append("summary")
        if missing:
            gaps.append((where, _listing(f"stage `{stage.id}`'s", missing)))
    for scale in star.scales:
        scale_text = translation.scales.get(scale.id, ScaleText())
        where = ("scales", scale.id)
        missing = [
            f for f in ("name", "label", "summary") if lacks(getattr(scale_text, f), *where, f)
        ]
        if scale.prompts and lacks(scale_text.prompts, *where, "prompts"):
            missing.append("prompts")
        if scale.guidance and lacks(scale_text.guidance, *where, "guidance"):
            missing.append("guidance")
        done = {point for point, text in scale_text.ladder.items() if text is not None}
        points = sorted(
            point
            for point in set(scale.ladder) - done
            if not left_out(out, *where, "ladder", point)
        )
        if points:
            plural = "s" if len(points) > 1 else ""
            missing.append(f"ladder point{plural} {point_ranges(points)}")
        if missing:
            gaps.append((where, _listing(f"scale `{scale.id}`'s", missing)))
    return gaps


def coverage(translation: Translation, star: Star) -> tuple[int, int]:
    """(strings translated, strings the Star has): what "cy 12%, partial" is made of, counted
    as `stars list` counts it from the cache (`definition/coverage.py`)."""
    found = string_coverage(
        translation.language,
        translation.complete,
        translated_strings(translation.model_dump()),
        star_strings(star),
    )
    return found.done, found.total


def _listing(owner: str, fields: list[str]) -> str:
    return f"{owner} {', '.join(fields)}"


def apply_translation(star: Star, translation: Translation) -> Star:
    """The Star with every translated string in place; untranslated strings stay as they were."""
    document: dict[str, Any] = star.as_document()
    document["language"] = translation.language
    for field in ("name", "summary", "audience"):
        value = getattr(translation, field)
        if value is not None:
            document[field] = value
    if translation.attribution:
        document["attribution"] = f"{star.attribution} Translation: {translation.attribution}"
    for stage in document["journey"]:
        _overlay(stage, translation.journey.get(stage["id"]))
    for scale in document["scales"]:
        text = translation.scales.get(scale["id"])
        _overlay(scale, text)
        if text is not None:
            written = {point: value for point, value in text.ladder.items() if value is not None}
            scale["ladder"] = {**scale["ladder"], **written}
    return Star.model_validate(document)


def _overlay(target: dict[str, Any], text: StageText | ScaleText | None) -> None:
    if text is None:
        return
    for field, value in text.model_dump(exclude_none=True, exclude={"ladder"}).items():
        target[field] = value
