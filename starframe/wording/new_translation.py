"""`starframe new translation`: a translation file with every text key, ready to fill in.

Every text is null (counted as missing, the SF411 warning, never an error), with the Star's own
wording in a comment above it, so a translator works down the file. From an older edition's
translation (`--from`), its texts are copied, scales renamed through the new edition's
`supersedes` are re-keyed, and texts new in this edition stay null.
"""

from __future__ import annotations

import json

from starframe.definition.models import Star
from starframe.definition.translation import Translation


def _comment(text: str | None, indent: str) -> list[str]:
    if not text:
        return []
    return [f"{indent}# {line}".rstrip() for line in text.strip().splitlines()]


def _value(value: str | list[str] | None) -> str:
    if value is None:
        return "null"
    return json.dumps(value, ensure_ascii=False)  # JSON strings and lists are YAML


def translation_template(star: Star, language: str, older: Translation | None = None) -> str:
    """The YAML text of a `<id>.<language>.yaml` for `star`."""
    renamed = {new: old for old, new in (star.supersedes.scales if star.supersedes else {}).items()}
    lines = [
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
        lines += _comment(getattr(star, field), "")
        lines.append(f"{field}: {_value(getattr(older, field) if older else None)}")
    lines.append("journey:")
    for stage in star.journey:
        old_stage = older.journey.get(stage.id) if older else None
        lines.append(f"  {stage.id}:")
        lines += _comment(stage.name, "    ")
        lines.append(f"    name: {_value(old_stage.name if old_stage else None)}")
        if stage.summary:
            lines += _comment(stage.summary, "    ")
            lines.append(f"    summary: {_value(old_stage.summary if old_stage else None)}")
    lines.append("scales:")
    for scale in star.scales:
        old = older.scales.get(renamed.get(scale.id, scale.id)) if older else None
        lines.append(f"  {scale.id}:")
        for field in ("name", "label", "summary"):
            lines += _comment(getattr(scale, field), "    ")
            lines.append(f"    {field}: {_value(getattr(old, field) if old else None)}")
        if scale.prompts:
            for prompt in scale.prompts:
                lines += _comment(prompt, "    ")
            prompts = (
                old.prompts
                if old and old.prompts and len(old.prompts) == len(scale.prompts)
                else None
            )
            lines.append(f"    prompts: {_value(prompts)}")
        if scale.guidance:
            lines += _comment(scale.guidance, "    ")
            lines.append(f"    guidance: {_value(old.guidance if old else None)}")
        lines.append("    ladder:")
        for point, wording in sorted(scale.ladder.items()):
            lines += _comment(wording, "      ")
            lines.append(f"      {point}: {_value(old.ladder.get(point) if old else None)}")
    return "\n".join(lines) + "\n"
