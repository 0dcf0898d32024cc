"""`starframe new translation`: a translation file with every text key, ready to fill in.

Every text is null (counted as missing, the SF411 warning, never an error), with the Star's own
wording in a comment above it, so a translator works down the file. From an older edition's
translation (`--from`), its texts are copied, scales renamed through the new edition's
`supersedes` are re-keyed, and texts new in this edition stay null. A text whose own wording
changed between the editions is new too: copying its old translation would claim the new
wording is translated when it is not, so it stays null with the old translation in a comment,
for the translator to update.
"""

from __future__ import annotations

import json
from collections.abc import Sequence
from dataclasses import dataclass

from pydantic import TypeAdapter, ValidationError

from starframe.catalog import edition_order
from starframe.definition.models import Language, Star
from starframe.definition.translation import Translation


class CannotStart(ValueError):
    """The language or the older edition cannot start this translation; the message says why."""


def language_tag(language: str, star: Star) -> str:
    """`--lang` as stored (`CY` → `cy`); refused when not a language tag, or the Star's own."""
    try:
        tag: str = TypeAdapter(Language).validate_python(language)
    except ValidationError:
        raise CannotStart(
            f"`{language}` is not a language tag: give a BCP 47 tag such as `cy` or `pt-BR`."
        ) from None
    if tag == star.language:
        raise CannotStart(f"{star.id} is written in `{tag}`: name another language.")
    return tag


def check_older(star: Star, older: Star) -> None:
    """`--from` names an older edition of the same Star, or nothing can be carried over."""
    if older.id != star.id:
        raise CannotStart(
            f"--from names {older.id}@{older.edition}, another Star: give an older edition of "
            f"{star.id}, e.g. --from {star.id}@OLD."
        )
    if edition_order(older.edition) >= edition_order(star.edition):
        raise CannotStart(
            f"--from names {older.id}@{older.edition}, which is not older than "
            f"{star.edition}: give an older edition of {star.id}."
        )


@dataclass
class Carried:
    """What `--from` did: texts copied, and texts left null because their wording changed."""

    copied: int = 0
    changed: int = 0


def _comment(text: str | None, indent: str) -> list[str]:
    if not text:
        return []
    return [f"{indent}# {line}".rstrip() for line in text.strip().splitlines()]


def _value(value: str | Sequence[str] | None) -> str:
    if value is None:
        return "null"
    return json.dumps(value, ensure_ascii=False)  # JSON strings and lists are YAML


class _Template:
    """The lines of the file, each text either copied, left null, or null with the old one."""

    def __init__(self, old_edition: str | None) -> None:
        self.lines: list[str] = []
        self.carried = Carried()
        self.old_edition = old_edition

    def text(
        self,
        key: str,
        indent: str,
        own: str | Sequence[str] | None,
        translated: str | Sequence[str] | None,
        old_own: str | Sequence[str] | None,
    ) -> None:
        """`own` is the new edition's wording; `old_own` the wording `translated` was made for."""
        if isinstance(own, str):
            self.lines += _comment(own, indent)
        elif own:
            for item in own:
                self.lines += _comment(item, indent)
        value = None
        if translated is not None:
            if _same(own, old_own):
                value = translated
                self.carried.copied += 1
            else:
                self.carried.changed += 1
                self.lines.append(
                    f"{indent}# The {self.old_edition} translation, of wording changed since:"
                )
                self.lines += _comment(
                    translated if isinstance(translated, str) else " / ".join(translated),
                    indent,
                )
        self.lines.append(f"{indent}{key}: {_value(value)}")


def _same(own: str | Sequence[str] | None, old: str | Sequence[str] | None) -> bool:
    if isinstance(own, str) or isinstance(old, str) or own is None or old is None:
        return own == old
    return list(own) == list(old)


def translation_template(
    star: Star,
    language: str,
    older: Translation | None = None,
    older_star: Star | None = None,
) -> tuple[str, Carried]:
    """The YAML text of a `<id>.<language>.yaml` for `star`, and what `older` gave it.

    `older` translates `older_star` (checked by `check_older`); each of its texts is copied
    only where `older_star`'s own wording is the same as `star`'s.
    """
    renamed = {new: old for old, new in (star.supersedes.scales if star.supersedes else {}).items()}
    template = _Template(older_star.edition if older_star else None)
    lines = template.lines
    lines += [
        f"# The {language} translation of {star.id}@{star.edition}, from `starframe new "
        "translation`.",
        "# Each text is null until it is translated (the Star's own wording is shown there);",
        f"# the {star.language} wording is in the comment above it.",
        "starframe: 1",
        "kind: translation",
        f"star: {star.id}",
        f"edition: {json.dumps(star.edition)}",
        f"language: {language}",
        f"attribution: {_value(older.attribution if older else None)}",
    ]
    for field in ("name", "summary", "audience"):
        template.text(
            field,
            "",
            getattr(star, field),
            getattr(older, field) if older else None,
            getattr(older_star, field) if older_star else None,
        )
    lines.append("journey:")
    old_stages = {stage.id: stage for stage in older_star.journey} if older_star else {}
    for stage in star.journey:
        old_stage = older.journey.get(stage.id) if older else None
        was = old_stages.get(stage.id)
        lines.append(f"  {stage.id}:")
        template.text(
            "name",
            "    ",
            stage.name,
            old_stage.name if old_stage else None,
            was.name if was else None,
        )
        if stage.summary:
            template.text(
                "summary",
                "    ",
                stage.summary,
                old_stage.summary if old_stage else None,
                was.summary if was else None,
            )
    lines.append("scales:")
    old_scales = {scale.id: scale for scale in older_star.scales} if older_star else {}
    for scale in star.scales:
        old_id = renamed.get(scale.id, scale.id)
        old = older.scales.get(old_id) if older else None
        source = old_scales.get(old_id)
        lines.append(f"  {scale.id}:")
        for field in ("name", "label", "summary"):
            template.text(
                field,
                "    ",
                getattr(scale, field),
                getattr(old, field) if old else None,
                getattr(source, field) if source else None,
            )
        if scale.prompts:
            template.text(
                "prompts",
                "    ",
                scale.prompts,
                old.prompts if old else None,
                source.prompts if source else None,
            )
        if scale.guidance:
            template.text(
                "guidance",
                "    ",
                scale.guidance,
                old.guidance if old else None,
                source.guidance if source else None,
            )
        lines.append("    ladder:")
        for point, wording in sorted(scale.ladder.items()):
            template.text(
                str(point),
                "      ",
                wording,
                old.ladder.get(point) if old else None,
                source.ladder.get(point) if source else None,
            )
    return "\n".join(lines) + "\n", template.carried
