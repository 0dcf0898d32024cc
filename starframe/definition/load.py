"""Load a Star definition: YAML with positions → header check → pydantic → rules → lint.

Every failure becomes a `Problem` at `file:line:column`, worded as where → what rule → how to
fix. Pydantic's messages are rewritten because authors are not Python programmers: they need
the key name, the place in their file and a concrete fix, not a type name.
"""

from __future__ import annotations

import difflib
import types
import typing
from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass
from functools import cache
from pathlib import Path as FsPath
from typing import Any, TypeVar

from pydantic import BaseModel, ValidationError

from starframe.definition.first_errors import first_errors
from starframe.definition.lint import LintRule, run_lint
from starframe.definition.models import FORMAT_VERSION, STORED_TEXT, Star
from starframe.definition.rules import star_rule_violations
from starframe.document import Document, read_document
from starframe.limits import MAX_PROBLEMS, SHOWN_PROBLEMS
from starframe.problems import Problem, stop_checking

KNOWN_KINDS = ("star", "translation", "practice-case", "practice-answers", "reading")
M = TypeVar("M", bound=BaseModel)


@dataclass
class LoadedStar:
    """The outcome of loading one file: a Star when it has no errors, and every problem found."""

    document: Document
    star: Star | None

    @property
    def problems(self) -> list[Problem]:
        return self.document.problems

    @property
    def ok(self) -> bool:
        return self.star is not None


def load_star_file(
    path: str | FsPath, *, display: str | None = None, rules: Sequence[LintRule] = ()
) -> LoadedStar:
    """Load a Star from disk; an unreadable file is a problem, not an exception."""
    from starframe.inputs import InputRefused, read_input

    shown = display or str(path)
    try:
        raw = read_input(path, display=shown)
    except InputRefused as exc:
        doc = Document(file=exc.problem.file, text="")
        doc.problems.append(exc.problem)
        return LoadedStar(doc, None)
    return load_star_text(raw, shown, rules=rules)


def load_star_text(
    raw: bytes | str,
    file: str = "<text>",
    *,
    rules: Sequence[LintRule] = (),
    stored: bool = False,
) -> LoadedStar:
    """Load a Star from file contents; `file` names it in problems.

    The built-in publication rules always run; `rules` adds plugins' house rules. A `stored`
    text (a definition a database keeps) was checked when it was stored, perhaps before the
    rule on control characters: it loads with them (see `STORED_TEXT`).
    """
    context = {"defer_rules": True, **(STORED_TEXT if stored else {})}
    doc, star = read_as(raw, file, "star", Star, context=context)
    if star is None:
        return LoadedStar(doc, None)
    for violation in star_rule_violations(star, stored=stored):
        doc.problems.append(
            doc.problem(violation.code, violation.message, violation.path, key=violation.key)
        )
    if not doc.ok:
        return LoadedStar(doc, None)
    from starframe.definition.lint_rules import BUILTIN_RULES

    doc.problems.extend(run_lint(star, doc, (*BUILTIN_RULES, *rules)))
    return LoadedStar(doc, star)


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


def document_kind(doc: Document) -> str | None:
    """The `kind` of a parsed document, when it has a readable one."""
    if isinstance(doc.data, dict) and isinstance(doc.data.get("kind"), str):
        return str(doc.data["kind"])
    return None


def check_header(doc: Document, *, expect_kind: str) -> bool:
    """`starframe: 1` and the expected `kind`; reports and returns False otherwise."""
    data = doc.data
    if not isinstance(data, dict):
        found = _type_name(data)
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


def validate_model(
    doc: Document, model: type[M], *, context: dict[str, Any] | None = None
) -> M | None:
    """Validate `doc.data` as `model`, turning each pydantic error into a positioned problem."""
    try:
        return model.model_validate(doc.data, context=context)
    except ValidationError as exc:
        report_errors(doc, model, exc, context=context)
        return None


def report_errors(
    doc: Document,
    model: type[BaseModel],
    exc: ValidationError,
    *,
    context: dict[str, Any] | None = None,
) -> None:
    """Each error of validating `doc.data` as `model` (with `context`) as a positioned problem.

    Past `MAX_PROBLEMS`, only the first errors become problems, and one more says how many
    were not checked.
    """
    room = max(MAX_PROBLEMS - len(doc.problems), 0)
    total = exc.error_count()
    if total > room:
        doc.problems.append(stop_checking(doc.file, room, total - room, "problems were"))
        errors = first_errors(doc.data, model, exc, room, context=context)
    else:
        errors = exc.errors(include_url=False)
    missing: dict[tuple[str | int, ...], list[str]] = {}
    for error in errors:
        if error["type"] == "missing":
            loc = _data_loc(error["loc"])
            missing.setdefault(loc[:-1], []).append(str(loc[-1]))
        else:
            doc.problems.append(_problem_from_error(doc, model, error))
    for parent, fields in missing.items():
        doc.problems.append(_missing_keys(doc, model, parent, fields))


def _data_loc(loc: Iterable[str | int]) -> tuple[str | int, ...]:
    # pydantic adds schema steps such as 'function-after[...]' or '[key]' to locations.
    return tuple(part for part in loc if isinstance(part, int) or "[" not in part)


def _missing_keys(
    doc: Document, model: type[BaseModel], parent: tuple[str | int, ...], fields: list[str]
) -> Problem:
    """One problem per place, however many keys it lacks: a new file lacks most of them."""
    where = describe_path(doc.data, parent)
    if len(fields) == 1:
        owner = _model_at(model, parent)
        info = owner.model_fields.get(fields[0]) if owner else None
        about = f" ({info.description})" if info and info.description else ""
        message = f"{where}: `{fields[0]}` is missing{about}. Add `{fields[0]}:`."
    else:
        listed = ", ".join(f"`{field}`" for field in fields)
        message = f"{where}: {listed} are missing. Add them (docs/format.md describes each)."
    return doc.problem("SF102", message, parent, key=True)


def _problem_from_error(doc: Document, model: type[BaseModel], error: Any) -> Problem:
    loc = _data_loc(error["loc"])
    kind: str = error["type"]
    # An unknown key is named by the mapping it is in: it has no name of its own yet.
    where = describe_path(doc.data, loc[:-1] if kind == "extra_forbidden" else loc)
    field = str(loc[-1]) if loc else "value"
    rewrite: Rewriter = _MESSAGES.get(kind, _other)
    code, message = rewrite(doc, model, loc, field, where, error)
    return doc.problem(code, message, loc, key=kind == "extra_forbidden")


def describe_path(data: Any, loc: Iterable[str | int]) -> str:
    """A reader's name for a place: `scale `accommodation` › ladder point 3`."""
    parts: list[str] = []
    node = data
    items = list(loc)
    i = 0
    while i < len(items):
        part = items[i]
        nxt = items[i + 1] if i + 1 < len(items) else None
        child = node.get(part) if isinstance(node, dict) else None
        if part in ("scales", "journey") and isinstance(nxt, int):
            element = child[nxt] if isinstance(child, list) and nxt < len(child) else None
            ident = element.get("id") if isinstance(element, dict) else None
            noun = "scale" if part == "scales" else "stage"
            parts.append(f"{noun} `{ident}`" if isinstance(ident, str) else f"{noun} {nxt + 1}")
            node = element
            i += 2
            continue
        if part == "ladder" and isinstance(nxt, int):
            parts.append(f"ladder point {nxt}")
            break
        if isinstance(part, int):
            parts.append(f"item {part + 1}")
            node = node[part] if isinstance(node, list) and part < len(node) else None
        else:
            parts.append(f"`{part}`")
            node = child
        i += 1
    return " › ".join(parts) if parts else "the top level"


def _model_at(model: type[BaseModel], loc: tuple[str | int, ...]) -> type[BaseModel] | None:
    """The model class that owns the keys at `loc` (for listing allowed keys)."""
    current: Any = model
    for part in loc:
        if isinstance(part, int):
            continue
        fields = getattr(current, "model_fields", None)
        if not fields or part not in fields:
            return None
        current = _inner_model(fields[part].annotation)
    return current if isinstance(current, type) and issubclass(current, BaseModel) else None


def _inner_model(annotation: Any) -> Any:
    if isinstance(annotation, type) and issubclass(annotation, BaseModel):
        return annotation
    origin = typing.get_origin(annotation)
    if origin in (list, typing.Union, types.UnionType, typing.Annotated):
        for arg in typing.get_args(annotation):
            found = _inner_model(arg)
            if found is not None:
                return found
    return None


Rewriter = Callable[
    [Document, type[BaseModel], tuple[str | int, ...], str, str, Any], tuple[str, str]
]


def _unknown(
    doc: Document, model: type[BaseModel], loc: Any, field: str, where: str, err: Any
) -> tuple[str, str]:
    owner = _model_at(model, loc[:-1])
    allowed, listing = _allowed_keys(owner) if owner else ((), "")
    # A file with thousands of unknown keys is the wrong file: suggesting costs more than
    # parsing it, and only the first suggestions are ever read.
    suggest = len(doc.problems) < SHOWN_PROBLEMS
    close = difflib.get_close_matches(field, allowed, n=1, cutoff=0.6) if suggest else []
    hint = f" Did you mean `{close[0]}`?" if close else ""
    return "SF101", f"{where}: unknown key `{field}`.{hint}{listing}"


@cache
def _allowed_keys(owner: type[BaseModel]) -> tuple[tuple[str, ...], str]:
    """The keys `owner` allows and the sentence listing them, once per model: a wrong file can
    hold thousands of unknown keys."""
    allowed = tuple(sorted(owner.model_fields))
    return allowed, f" Allowed keys: {', '.join(allowed)}." if allowed else ""


_EXPECTED = {
    "string_type": "text",
    "int_type": "a whole number",
    "int_from_float": "a whole number",
    "bool_type": "true or false",
    "list_type": "a list",
    "dict_type": "a mapping of keys",
    "model_type": "a mapping of keys",
    "model_attributes_type": "a mapping of keys",
    "literal_error": "a fixed value",
}


def _wrong_type(
    doc: Document, model: type[BaseModel], loc: Any, field: str, where: str, err: Any
) -> tuple[str, str]:
    expected = _EXPECTED.get(err["type"], "another type")
    found = _type_name(err.get("input"))
    fix = ""
    if field == "edition" or (expected == "text" and isinstance(err.get("input"), int | float)):
        fix = f' Put it in double quotes, e.g. {field}: "{err.get("input")}".'
    elif expected == "a mapping of keys":
        fix = " Write `key: value` lines indented under it, not `- ` items."
    elif expected == "a list":
        fix = " Write one `- ` item per line under it."
    return "SF103", f"{where}: should be {expected}, but is {found}.{fix}"


def _pattern(
    doc: Document, model: type[BaseModel], loc: Any, field: str, where: str, err: Any
) -> tuple[str, str]:
    value = err.get("input")
    rules = {
        "edition": 'an edition is letters and digits separated by dots or hyphens, e.g. "1.0"',
        "language": "a language is a BCP 47 tag such as `en`, `cy` or `pt-BR`",
    }
    rule = rules.get(
        field,
        "an id uses lowercase letters, digits and single hyphens and starts with a letter, "
        "e.g. `living-skills`",
    )
    return "SF104", f"{where}: `{value}` is not allowed: {rule}."


def _literal(
    doc: Document, model: type[BaseModel], loc: Any, field: str, where: str, err: Any
) -> tuple[str, str]:
    expected = err.get("ctx", {}).get("expected", "")
    return "SF105", f"{where}: `{err.get('input')}` is not allowed; use one of {expected}."


def _count(
    doc: Document, model: type[BaseModel], loc: Any, field: str, where: str, err: Any
) -> tuple[str, str]:
    ctx = err.get("ctx", {})
    actual = ctx.get("actual_length")
    if field == "scales":
        from starframe.definition.models import MAX_SCALES, MIN_SCALES

        rule = f"a Star has {MIN_SCALES} to {MAX_SCALES} scales"
    elif field == "journey":
        rule = "a journey has at least 2 stages"
    elif field == "points":
        rule = "a stage's points are a range of two numbers, e.g. [1, 2]"
    else:
        rule = (
            f"expected between {ctx.get('min_length', 0)} and {ctx.get('max_length', 'any')} items"
        )
    return "SF106", f"{where}: has {actual} item{'s' if actual != 1 else ''}; {rule}."


def _too_long(
    doc: Document, model: type[BaseModel], loc: Any, field: str, where: str, err: Any
) -> tuple[str, str]:
    limit = err.get("ctx", {}).get("max_length")
    actual = len(err.get("input") or "")
    if field == "label":
        fix = "Shorten it: the full name stays in `name`, the label is what the chart shows."
    else:
        fix = "Shorten it."
    return "SF107", f"{where}: is {actual} characters long; at most {limit} are allowed. {fix}"


def _range(
    doc: Document, model: type[BaseModel], loc: Any, field: str, where: str, err: Any
) -> tuple[str, str]:
    ctx = err.get("ctx", {})
    bound = ctx.get("ge", ctx.get("gt", ctx.get("le", ctx.get("lt"))))
    side = "at least" if err["type"].startswith("greater") else "at most"
    return "SF108", f"{where}: is {err.get('input')}; it must be {side} {bound}."


def _blank(
    doc: Document, model: type[BaseModel], loc: Any, field: str, where: str, err: Any
) -> tuple[str, str]:
    return "SF109", f"{where}: is empty. Write the text (or remove the key where it is optional)."


def _worded(code: str) -> Rewriter:
    """For errors whose message already says what is wrong and how to fix it."""

    def rewrite(
        doc: Document, model: type[BaseModel], loc: Any, field: str, where: str, err: Any
    ) -> tuple[str, str]:
        return code, f"{where}: {err['msg']}."

    return rewrite


def _other(
    doc: Document, model: type[BaseModel], loc: Any, field: str, where: str, err: Any
) -> tuple[str, str]:
    message = str(err.get("msg", "is not valid")).rstrip(".")
    return "SF199", f"{where}: {message[0].lower() + message[1:]}."


_MESSAGES: dict[str, Rewriter] = {
    "extra_forbidden": _unknown,
    "string_pattern_mismatch": _pattern,
    "literal_error": _literal,
    "too_short": _count,
    "too_long": _count,
    "string_too_long": _too_long,
    "greater_than_equal": _range,
    "less_than_equal": _range,
    "blank_text": _blank,
    "control_character": _worded("SF110"),
    "future_date": _worded("SF707"),
    "early_date": _worded("SF715"),
    **{kind: _wrong_type for kind in _EXPECTED if kind != "literal_error"},
}


def _type_name(value: object) -> str:
    if value is None:
        return "empty"
    if isinstance(value, bool):
        return f"`{str(value).lower()}` (true/false)"
    if isinstance(value, int | float):
        return f"the number {value}"
    if isinstance(value, str):
        return f"the text `{value[:40]}`"
    if isinstance(value, list):
        return "a list"
    if isinstance(value, dict):
        return "a mapping"
    return type(value).__name__
