"""Write a Star back to YAML in the shape authors write by hand.

Used by the round-trip property (dump → load gives the same Star) and by tools that generate
definitions; the output starts with the schema comment so editors can check it.
"""

from __future__ import annotations

import io
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from starframe.definition.models import Star

SCHEMA_COMMENT = "# yaml-language-server: $schema={schema}\n"


def dump_star(star: Star, *, schema: str = "star.schema.json") -> str:
    from ruamel.yaml import YAML
    from ruamel.yaml.comments import CommentedSeq

    document = star.as_document()
    for stage in document["journey"]:
        points = CommentedSeq(stage["points"])
        points.fa.set_flow_style()
        stage["points"] = points
    yaml = YAML(typ="rt", pure=True)
    yaml.width = 4096  # no folding: wrapped lines would end in stray spaces
    yaml.indent(mapping=2, sequence=4, offset=2)
    buffer = io.StringIO()
    yaml.dump(document, buffer)
    return SCHEMA_COMMENT.format(schema=schema) + buffer.getvalue()
