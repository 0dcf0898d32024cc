"""Validate positioned data with a pydantic model, every error a problem at its place.

Pydantic's messages are rewritten because authors are not Python programmers: they need the
key name, the place in their file and a concrete fix, not a type name. Nothing here knows a
Star: every file format (Star, translation, practice case, reading) validates through it.
"""

from __future__ import annotations

import difflib
import types
import typing
from collections.abc import Callable, Iterable
from functools import cache
from typing import Any, TypeVar

from pydantic import BaseModel, ValidationError

from starframe.documents.document import Document
from starframe.documents.first_errors import first_errors
from starframe.limits import MAX_PROBLEMS, SHOWN_PROBLEMS
from starframe.problems import Problem, stop_checking

M = TypeVar("M", bound=BaseModel)


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
    errors = _one_per_union(errors)
    errors, cut = _flow_commas(doc, errors)
    doc.problems.extend(cut)
    for error in errors:
        if error["type"] == "missing":
            continue
        if error["type"] == "extra_forbidden":
            loc = _data_loc(error["loc"])
            lacking = missing.get(loc[:-1], [])
            # A misspelt key is also a missing one: one problem, at the misspelling.
            close = (
                difflib.get_close_matches(str(loc[-1]), lacking, n=1, cutoff=0.6) if lacking else []
            )
            if close:
                lacking.remove(close[0])
                doc.problems.append(_misspelt(doc, loc, close[0]))
                continue
        doc.problems.append(_problem_from_error(doc, model, error))
    for parent, fields in missing.items():
        if fields:
            doc.problems.append(_missing_keys(doc, model, parent, fields))


_BRANCHES = frozenset({"int", "str", "float", "bool"})


def _one_per_union(errors: list[Any]) -> list[Any]:
    """One error per value: a value failing every branch of `int | Literal["n/a"]` is one
    mistake ("should be a whole number or `n/a`"), not one per branch at two places."""
    by_value: dict[tuple[str | int, ...], list[Any]] = {}
    for error in errors:
        loc = tuple(error["loc"])
        if loc and isinstance(loc[-1], str) and (loc[-1] in _BRANCHES or "[" in loc[-1]):
            loc = loc[:-1]  # pydantic names the union's branch last
        by_value.setdefault(_data_loc(loc), []).append(error)
    kept: list[Any] = []
    for loc, group in by_value.items():
        literal = [e for e in group if e["type"] == "literal_error"]
        typed = [e for e in group if e["type"] in _EXPECTED and e["type"] != "literal_error"]
        if len(group) == 2 and literal and typed:
            expected = _EXPECTED[typed[0]["type"]]
            allowed = literal[0].get("ctx", {}).get("expected", "")
            value = typed[0].get("input")
            fix = ""
            if isinstance(value, str) and value.strip().lower() == "n/a":
                fix = " Write `n/a`, in lowercase."
            kept.append(
                {
                    **typed[0],
                    "loc": loc,
                    "type": "one_of",
                    "msg": f"should be {expected} or {allowed}, but is {type_name(value)}.{fix}",
                }
            )
        else:
            kept.extend(group)
    return kept


def _misspelt(doc: Document, loc: tuple[str | int, ...], meant: str) -> Problem:
    where = describe_path(doc.data, loc[:-1])
    return doc.problem(
        "SF101",
        f"{where}: unknown key `{loc[-1]}`; did you mean `{meant}`? Rename it to `{meant}`.",
        loc,
        key=True,
    )


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
    quoted = _quoted_number(doc, loc, error)
    if quoted is not None:
        return quoted
    # An unknown key is named by the mapping it is in: it has no name of its own yet.
    where = describe_path(doc.data, loc[:-1] if kind == "extra_forbidden" else loc)
    field = str(loc[-1]) if loc else "value"
    rewrite: Rewriter = _MESSAGES.get(kind, _other)
    code, message = rewrite(doc, model, loc, field, where, error)
    return doc.problem(code, message, loc, key=kind == "extra_forbidden")


def _quoted_number(doc: Document, loc: tuple[str | int, ...], error: Any) -> Problem | None:
    """`"3":` or `points: "5"`: a whole number in quotes reads as text; say so at the quotes
    (a ladder key: at the key, not at the wording after it)."""
    value = error.get("input")
    if error["type"] not in ("int_type", "int_parsing") or not isinstance(value, str):
        return None
    if not value.strip().lstrip("-").isdigit():
        return None
    as_key = "[key]" in error["loc"]
    number = value.strip()
    if as_key:
        where = describe_path(doc.data, loc[:-1])
        message = (
            f'{where}: the key `"{value}"` is in quotes, so it reads as text, not a point: '
            f"remove the quotes (`{number}:`)."
        )
    else:
        where = describe_path(doc.data, loc)
        message = (
            f'{where}: `"{value}"` is in quotes, so it reads as text, not a whole number: '
            f"remove the quotes (`{loc[-1]}: {number}`)."
        )
    return doc.problem("SF103", message, loc, key=as_key)


def _flow_commas(doc: Document, errors: list[Any]) -> tuple[list[Any], list[Problem]]:
    """Unknown keys that are the rest of a text cut by a comma inside `{…}`
    (`{score: 5, rationale: Clean, safe, and …}`): one problem saying so, not one per piece."""
    lines = doc.text.splitlines()
    kept: list[Any] = []
    pieces: dict[tuple[tuple[str | int, ...], int], list[str]] = {}
    for error in errors:
        loc = _data_loc(error["loc"])
        if error["type"] == "extra_forbidden" and error.get("input") is None:
            pos = doc.locate(loc, key=True)
            line = lines[pos.line - 1] if 0 < pos.line <= len(lines) else ""
            if "{" in line[: pos.column - 1] and line[: pos.column - 1].rstrip().endswith(","):
                pieces.setdefault((loc[:-1], pos.line), []).append(str(loc[-1]))
                continue
        kept.append(error)
    problems = []
    for (parent, _line), keys in pieces.items():
        where = describe_path(doc.data, parent)
        listed = " and ".join(f"`{key}`" for key in keys)
        noun = "key" if len(keys) == 1 else "keys"
        problems.append(
            doc.problem(
                "SF101",
                f"{where}: unknown {noun} {listed}: a comma inside `{{…}}` starts a new key, "
                "so the text before it was cut there. Put the whole text in double quotes, e.g. "
                '`rationale: "Clean, safe, and …"`, or write the mapping on indented lines.',
                (*parent, keys[0]),
                key=True,
            )
        )
    return kept, problems


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
    if close:
        return "SF101", f"{where}: unknown key `{field}`; did you mean `{close[0]}`?{listing}"
    return "SF101", f"{where}: unknown key `{field}`.{listing}"


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
    found = type_name(err.get("input"))
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
        low, high = _length_bounds(model, loc)
        rule = f"a Star has {low} to {high} scales"
    elif field == "journey":
        rule = "a journey has at least 2 stages"
    elif field == "points":
        rule = "a stage's points are a range of two numbers, e.g. [1, 2]"
    else:
        rule = (
            f"expected between {ctx.get('min_length', 0)} and {ctx.get('max_length', 'any')} items"
        )
    return "SF106", f"{where}: has {actual} item{'s' if actual != 1 else ''}; {rule}."


def _length_bounds(model: type[BaseModel], loc: Any) -> tuple[object, object]:
    """The least and most items the field at `loc` takes, as its model declares them (so the
    message names the model's own limits without this module importing a format)."""
    owner = _model_at(model, tuple(loc[:-1]))
    low: object = "?"
    high: object = "?"
    if owner is not None and loc[-1] in owner.model_fields:
        for rule in owner.model_fields[loc[-1]].metadata:
            low = getattr(rule, "min_length", low)
            high = getattr(rule, "max_length", high)
    return low, high


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
    "one_of": lambda doc, model, loc, field, where, err: ("SF103", f"{where}: {err['msg']}"),
    "future_date": _worded("SF707"),
    "early_date": _worded("SF715"),
    **{kind: _wrong_type for kind in _EXPECTED if kind != "literal_error"},
}


def type_name(value: object) -> str:
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
