"""JSON Schemas generated from the models, committed in `schemas/` for editors.

One module for every file format (Star, translation, practice case and answers, reading), so it
sits above the definition, readings and practice whose models it reads, and beneath the faces
and the scaffold that write the schemas out.

Pydantic's schema is extended with what the models check in code but JSON Schema can also
express: ladder keys are point numbers, and every point 1..points must have wording (one
if/then branch per possible `points` value, since JSON Schema cannot count).
"""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

from starframe.definition.models import MAX_POINTS, MIN_POINTS, Star
from starframe.output_files import check_target, make_folder, write_text

SCHEMA_DIALECT = "https://json-schema.org/draft/2020-12/schema"
NOT_BLANK = r"\S"


def star_schema() -> dict[str, Any]:
    schema = Star.model_json_schema()
    ladder = schema["$defs"]["Scale"]["properties"]["ladder"]
    ladder["propertyNames"] = {"pattern": "^[1-9][0-9]*$"}
    ladder["additionalProperties"] = {"type": "string", "pattern": NOT_BLANK}
    schema["allOf"] = [_ladder_complete(points) for points in range(MIN_POINTS, MAX_POINTS + 1)]
    return {"$schema": SCHEMA_DIALECT, "$id": "star.schema.json", **schema}


def _ladder_complete(points: int) -> dict[str, Any]:
    default = Star.model_fields["points"].default
    condition: dict[str, Any] = {
        "properties": {"points": {"const": points}},
        "required": ["points"],
    }
    if points == default:
        condition = {"anyOf": [condition, {"not": {"required": ["points"]}}]}
    required = [str(p) for p in range(1, points + 1)]
    return {
        "if": condition,
        "then": {
            "properties": {"scales": {"items": {"properties": {"ladder": {"required": required}}}}}
        },
    }


def translation_schema() -> dict[str, Any]:
    from starframe.definition.translation import Translation

    schema = Translation.model_json_schema()
    ladder = schema["$defs"]["ScaleText"]["properties"]["ladder"]
    ladder["propertyNames"] = {"pattern": "^[1-9][0-9]*$"}
    return {"$schema": SCHEMA_DIALECT, "$id": "translation.schema.json", **schema}


def practice_schema() -> dict[str, Any]:
    from starframe.practice.models import PracticeCase

    return {
        "$schema": SCHEMA_DIALECT,
        "$id": "practice.schema.json",
        **PracticeCase.model_json_schema(),
    }


def practice_answers_schema() -> dict[str, Any]:
    from starframe.practice.answers import PracticeAnswers

    return {
        "$schema": SCHEMA_DIALECT,
        "$id": "practice-answers.schema.json",
        **PracticeAnswers.model_json_schema(),
    }


def reading_schema() -> dict[str, Any]:
    from starframe.readings.schema import reading_schema

    return reading_schema(SCHEMA_DIALECT)


SCHEMAS = {
    "star.schema.json": star_schema,
    "translation.schema.json": translation_schema,
    "practice.schema.json": practice_schema,
    "practice-answers.schema.json": practice_answers_schema,
    "reading.schema.json": reading_schema,
}


def render_schema(name: str) -> str:
    return json.dumps(SCHEMAS[name](), indent=2, ensure_ascii=False) + "\n"


def write_schemas(out: Path, *, force: bool = False) -> list[Path]:
    """Write every schema into `out`; raises OutputError (before writing any, where it can)."""
    make_folder(out)
    paths = [out / name for name in SCHEMAS]
    for path in paths:
        check_target(path, force=force)
    for path in paths:
        write_text(path, render_schema(path.name), force=force)
    return paths
