"""The header every starframe file starts with: `starframe: 1` and its `kind`.

Each kind of file (a Star, a translation, a practice case or answers, a reading) is checked
for its header before its model, so a file of the wrong kind gets one clear problem instead
of a page of missing keys.
"""

from __future__ import annotations

from typing import Any, TypeVar

from pydantic import BaseModel

from starframe.documents.document import Document, read_document
from starframe.documents.validation import type_name, validate_model

FORMAT_VERSION = 1
KNOWN_KINDS = ("star", "translation", "practice-case", "practice-answers", "reading")
M = TypeVar("M", bound=BaseModel)


def read_as(
    raw: bytes | str,
    file: str,
    kind: str,
    model: type[M],
    *,
    context: dict[str, Any] | None = None,
) -> tuple[Document, M | None]:
    """Parse a file of `kind` and validate it as `model`; every failure is on the document."""
    doc = read_document(raw, file)
    if not doc.ok or not check_header(doc, expect_kind=kind):
        return doc, None
    return doc, validate_model(doc, model, context=context)


def header_read(doc: Document) -> bool:
    """True when `doc` parsed and its header was right, so its model's errors are what failed
    (the parts that did validate can still be checked)."""
    return not any(p.code.startswith("SF0") and p.is_error for p in doc.problems) and isinstance(
        doc.data, dict
    )


def document_kind(doc: Document) -> str | None:
    """The `kind` of a parsed document, when it has a readable one."""
    if isinstance(doc.data, dict) and isinstance(doc.data.get("kind"), str):
        return str(doc.data["kind"])
    return None


def check_header(doc: Document, *, expect_kind: str) -> bool:
    """`starframe: 1` and the expected `kind`; reports and returns False otherwise."""
    data = doc.data
    if not isinstance(data, dict):
        found = type_name(data)
        doc.problems.append(
            doc.problem(
                "SF010",
                f"the file holds {found} at the top level; a starframe file is a mapping of keys "
                "starting with `starframe: 1` and `kind: ...`.",
            )
        )
        return False
    version = data.get("starframe")
    if "starframe" not in data:
        doc.problems.append(
            doc.problem(
                "SF011",
                f"`starframe: {FORMAT_VERSION}` is missing: add it as the first key so tools "
                "know which format version this file follows.",
            )
        )
        return False
    if not is_format_version(version):
        doc.problems.append(
            doc.problem(
                "SF011",
                f"`starframe: {version}` is not a format this starframe reads (it reads version "
                f"{FORMAT_VERSION}): write `starframe: {FORMAT_VERSION}`, or upgrade starframe "
                "if the file comes from a newer release.",
                ("starframe",),
            )
        )
        return False
    kind = data.get("kind")
    if kind != expect_kind:
        if kind in KNOWN_KINDS:
            rule = f"this file is a {kind}, but a {expect_kind} is expected here"
        elif kind is None:
            rule = "`kind` is missing"
        else:
            rule = f"`kind: {kind}` is not a kind starframe knows ({', '.join(KNOWN_KINDS)})"
        doc.problems.append(
            doc.problem("SF012", f"{rule}: write `kind: {expect_kind}`.", ("kind",))
        )
        return False
    return True


def is_format_version(value: object) -> bool:
    """`starframe: 1` exactly: not `true`, `1.0` or `"1"`, which equal 1 in Python."""
    return type(value) is int and value == FORMAT_VERSION
