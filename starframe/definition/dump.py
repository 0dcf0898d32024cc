"""Write a Star back to YAML in the shape authors write by hand.

Used by the round-trip property (dump → load gives the same Star) and by tools that generate
definitions; the output starts with the schema comment so editors can check it.
"""

from __future__ import annotations

import io
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    from starframe.definition.models import Star

SCHEMA_COMMENT = "# yaml-language-server: $schema={schema}\n"

_ESCAPE_ONLY = ("\x85", "\u2028", "\u2029")
"""Unicode line breaks that ruamel writes raw outside double quotes, where reading folds them."""


def dump_star(star: Star, *, schema: str = "star.schema.json") -> str:
    from ruamel.yaml import YAML
    from ruamel.yaml.comments import CommentedSeq

    document = _quote_line_breaks(star.as_document())
    for stage in document["journey"]:
        points = CommentedSeq(stage["points"])
        points.fa.set_flow_style()
        stage["points"] = points
    yaml = YAML(typ="rt", pure=True)
    yaml.width = 100
    yaml.indent(mapping=2, sequence=4, offset=2)
    buffer = io.StringIO()
    yaml.dump(document, buffer)
    return SCHEMA_COMMENT.format(schema=schema) + buffer.getvalue()


def _quote_line_breaks(value: Any) -> Any:
    """Text holding a Unicode line break is written double-quoted, where it is escaped."""
    from ruamel.yaml.scalarstring import DoubleQuotedScalarString

    if isinstance(value, str):
        if any(ch in value for ch in _ESCAPE_ONLY):
            return DoubleQuotedScalarString(value)
        return value
    if isinstance(value, dict):
        return {key: _quote_line_breaks(item) for key, item in value.items()}
    if isinstance(value, list):
        return [_quote_line_breaks(item) for item in value]
    return value
