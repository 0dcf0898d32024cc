"""The built-in publication rules (docs/rules.md has an example and a fix for each)."""

from __future__ import annotations

import re
from collections.abc import Iterator
from functools import lru_cache
from typing import TYPE_CHECKING

from starframe.definition.lint import Finding, LintRule
from starframe.definition.readability import Readability, measure, sentences

if TYPE_CHECKING:
    from starframe.definition.models import LintSettings, Star

_PLACEHOLDER = re.compile(
    r"\b(todo|tbd|tbc|fixme|xxx|lorem ipsum|placeholder)\b|^\s*(\.\.\.|…|-|\?+)\s*$",
    re.IGNORECASE,
)
DEFAULT_MAX_GRADE = 10
DEFAULT_MAX_SENTENCE_WORDS = 25
LABEL_COMFORTABLE = 16
"""Labels up to this length sit clear of their neighbours on a Star with the maximum 16 scales."""


def _ladders(star: Star) -> Iterator[tuple[int, str, int, str]]:
    for index, scale in enumerate(star.scales):
        for point, wording in sorted(scale.ladder.items()):
            yield index, scale.id, point, wording


@lru_cache(maxsize=8192)
def _normalise(text: str) -> str:
    """Cached: drafts made from one Star repeat their wording (see `readability.sentences`)."""
    return " ".join(re.sub(r"[^\w\s]", "", text.lower()).split())


def stage_summaries(star: Star, settings: LintSettings) -> Iterator[Finding]:
    for index, stage in enumerate(star.journey):
        if stage.summary is None:
            yield Finding(
                ("journey", index),
                f"stage `{stage.id}` has no `summary`: add a sentence saying what this stage "
                "means, so workers and people read the journey the same way",
            )


def duplicate_wording(star: Star, settings: LintSettings) -> Iterator[Finding]:
    seen: dict[tuple[int, str], int] = {}
    for index, scale_id, point, wording in _ladders(star):
        key = (index, _normalise(wording))
        if key in seen:
            yield Finding(
                ("scales", index, "ladder", point),
                f"scale `{scale_id}` uses the same wording for points {seen[key]} and {point}: "
                "each point needs its own description so scores can be told apart",
            )
        else:
            seen[key] = point


def placeholder_wording(star: Star, settings: LintSettings) -> Iterator[Finding]:
    for path, text in _texts(star.as_document(), ()):
        if _placeholder(text):
            yield Finding(
                path,
                f"{_describe(star, path)} has placeholder wording (`{text.strip()[:40]}`): "
                "write the real wording",
            )


@lru_cache(maxsize=8192)
def _placeholder(text: str) -> bool:
    """Cached, as `_normalise` is: a case-blind search of every text is most of this rule."""
    return _PLACEHOLDER.search(text) is not None


def _texts(value: object, path: tuple[str | int, ...]) -> list[tuple[tuple[str | int, ...], str]]:
    """Every text in the definition with its path, ids and codes left out, in order.

    A list filled by one walk: nested generators passed each text up through every level,
    which was most of this rule's time."""
    found: list[tuple[tuple[str | int, ...], str]] = []
    _gather(value, path, found)
    return found


_NOT_TEXTS = frozenset(("id", "rule", "edition", "language", "kind", "status"))


def _gather(
    value: object, path: tuple[str | int, ...], found: list[tuple[tuple[str | int, ...], str]]
) -> None:
    if isinstance(value, str):
        if path and path[-1] not in _NOT_TEXTS:
            found.append((path, value))
    elif isinstance(value, dict):
        for key, item in value.items():
            _gather(item, (*path, key), found)
    elif isinstance(value, list):
        for index, item in enumerate(value):
            _gather(item, (*path, index), found)


def _describe(star: Star, path: tuple[str | int, ...]) -> str:
    if len(path) >= 2 and path[0] in ("scales", "journey") and isinstance(path[1], int):
        owner = star.scales[path[1]].id if path[0] == "scales" else star.journey[path[1]].id
        noun = "scale" if path[0] == "scales" else "stage"
        rest = " ".join(str(part) for part in path[2:])
        return f"{noun} `{owner}` {rest}".strip()
    return f"`{path[0]}`"


def not_applicable_guidance(star: Star, settings: LintSettings) -> Iterator[Finding]:
    for index, scale in enumerate(star.scales):
        if scale.not_applicable and scale.guidance is None:
            yield Finding(
                ("scales", index, "not_applicable"),
                f"scale `{scale.id}` may be not applicable but has no `guidance`: say when a "
                "worker should mark it not applicable",
            )


def progression(star: Star, settings: LintSettings) -> Iterator[Finding]:
    """A sentence repeated in two stages means the ladder does not say what changed."""
    for index, scale in enumerate(star.scales):
        first_seen: dict[str, tuple[int, str]] = {}
        for point, wording in sorted(scale.ladder.items()):
            stage = star.stage_of(point)
            for sentence in sentences(wording):
                key = _sentence_key(sentence)
                if key is None:
                    continue
                earlier = first_seen.setdefault(key, (point, stage.id))
                if earlier[1] != stage.id:
                    yield Finding(
                        ("scales", index, "ladder", point),
                        f"scale `{scale.id}` point {point} ({stage.name}) repeats a sentence from "
                        f"point {earlier[0]}, in an earlier stage: “{sentence[:60]}”. Say what is "
                        "different at this stage",
                    )
                    break


@lru_cache(maxsize=8192)
def _sentence_key(sentence: str) -> str | None:
    """The sentence normalised, or None when it has fewer than three words (too short to
    count as repeated); cached, as `_normalise` is."""
    key = _normalise(sentence)
    return key if len(key.split()) >= 3 else None


def label_length(star: Star, settings: LintSettings) -> Iterator[Finding]:
    if len(star.scales) <= 10:
        return
    for index, scale in enumerate(star.scales):
        if len(scale.label) > LABEL_COMFORTABLE:
            yield Finding(
                ("scales", index, "label"),
                f"label `{scale.label}` is {len(scale.label)} characters; with "
                f"{len(star.scales)} scales, labels over {LABEL_COMFORTABLE} crowd their "
                "neighbours on the chart: shorten it",
            )


def reading_level(star: Star, settings: LintSettings) -> Iterator[Finding]:
    """Sentences no longer than the limit, and each ladder, read as one passage, at or below
    the grade allowed. Flesch–Kincaid is meant for passages: one short sentence ("I manage my
    money online safely and confidently.") grades as 11 on its few long words alone, so the
    grade is of the ladder, and the hardest sentence is named as the place to start."""
    if not star.language.startswith("en"):
        return
    max_grade = settings.max_grade or DEFAULT_MAX_GRADE
    max_words = settings.max_sentence_words or DEFAULT_MAX_SENTENCE_WORDS
    for index, scale in enumerate(star.scales):
        hardest: tuple[float, int, str] | None = None
        words = syllables = 0
        for point, wording in sorted(scale.ladder.items()):
            # Each sentence is measured once; the wording's and the passage's words and
            # syllables are their sentences' sums (no word spans the space between them).
            longest = 0
            for sentence in sentences(wording):
                one = measure(sentence)
                longest = max(longest, one.words)
                words += one.words
                syllables += one.syllables
                if hardest is None or one.grade > hardest[0]:
                    hardest = (one.grade, point, sentence)
            if longest > max_words:
                yield Finding(
                    ("scales", index, "ladder", point),
                    f"scale `{scale.id}` point {point} has a sentence of "
                    f"{longest} words (at most {max_words}): split it",
                )
        passage = Readability(
            len(sentences(" ".join(scale.ladder[p] for p in sorted(scale.ladder)))),
            words,
            syllables,
            0,
        )
        if hardest is not None and passage.grade > max_grade:
            _, point, sentence = hardest
            yield Finding(
                ("scales", index, "ladder", point),
                f"scale `{scale.id}`'s ladder reads at grade {passage.grade:.1f} as a whole "
                f"(at most {max_grade}): use shorter words and sentences, starting with point "
                f"{point}, the hardest: “{sentence[:60]}”",
            )


BUILTIN_RULES: tuple[LintRule, ...] = (
    LintRule("SF401", "stage summary", stage_summaries),
    LintRule("SF402", "distinct wording", duplicate_wording),
    LintRule("SF403", "no placeholders", placeholder_wording),
    LintRule("SF404", "not-applicable guidance", not_applicable_guidance),
    LintRule("SF405", "wording progresses", progression),
    LintRule("SF406", "label fits the chart", label_length),
    LintRule("SF407", "plain English", reading_level),
)
