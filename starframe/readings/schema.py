"""The JSON Schema of reading files, generated from the model so editors can check them."""

from __future__ import annotations

from typing import Any

from starframe.readings.models import Reading


def reading_schema(dialect: str) -> dict[str, Any]:
    schema = Reading.model_json_schema()
    # The model fills in the header for readings made in code; a file must state it.
    schema["required"] = ["starframe", "kind", *schema.get("required", [])]
    return {"$schema": dialect, "$id": "reading.schema.json", **schema}
