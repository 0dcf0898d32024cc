"""Read a FHIR Bundle back into the people, workers and readings it holds, every problem placed.

The reader takes exactly what `fhir export` writes (Practitioner, Patient and
QuestionnaireResponse resources with starframe's extensions), element by element, and says
where each value came from (`records.FhirRecord`), so the reading checks run later can name
the resource and the JSON path. A resource with elements starframe does not write (a
narrative, `meta`, another system's extensions) is read for what starframe needs; it and any
resource starframe refuses are validated against FHIR itself (`structure.py`), so a resource
that is not valid FHIR is reported as such, at the path FHIR's rules point at. Every problem
is collected, up to `MAX_PROBLEMS`; the import writes nothing unless there are none.
"""

from __future__ import annotations

import json
import re
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from pydantic import BaseModel, ValidationError

from starframe.definition.models import NA
from starframe.documents.inputs import InputRefused, read_input, shown_path
from starframe.fhir.bulk import collector_paused
from starframe.fhir.namespace import FhirVersion, Namespace
from starframe.fhir.records import FhirRecord, JsonPath, problem
from starframe.fhir.responses import STATUS
from starframe.fhir.structure import structure_errors
from starframe.limits import MAX_BUNDLE_BYTES, MAX_DIGITS, MAX_PROBLEMS
from starframe.problems import Problem, stop_checking
from starframe.readings.models import MODES, Person, Reading, Worker

KINDS = ("Practitioner", "Patient", "QuestionnaireResponse")
"""The resources a Bundle may hold: what an export writes."""
FROM_STATUS = {fhir: ours for ours, fhir in STATUS.items()}
_POINT = re.compile(r"^[0-9]{1,3}$")
_BUNDLE_KEYS = {"resourceType", "id", "type", "timestamp", "entry"}
_ENTRY_KEYS = {"fullUrl", "resource"}


@dataclass
class ReadBundle:
    records: list[FhirRecord] = field(default_factory=list)
    problems: list[Problem] = field(default_factory=list)

    @property
    def ok(self) -> bool:
        return not self.problems


class _Duplicate(ValueError):
    def __init__(self, key: str) -> None:
        super().__init__(key)
        self.key = key


def _unique(pairs: list[tuple[str, Any]]) -> dict[str, Any]:
    """An object whose keys are all different: json would silently keep the last of two."""
    found: dict[str, Any] = {}
    for key, value in pairs:
        if key in found:
            raise _Duplicate(key)
        found[key] = value
    return found


def _bounded(text: str) -> int:
    if len(text.lstrip("-")) > MAX_DIGITS:
        raise ValueError(f"a number of {len(text):,} digits")
    return int(text)


_DECODER = json.JSONDecoder(object_pairs_hook=_unique, parse_int=_bounded)


def read_bundle(raw: bytes, file: str, ns: Namespace, version: FhirVersion) -> ReadBundle:
    """The records of the Bundle in `raw` (the text of `file`), or the problems found."""
    result = ReadBundle()
    data = _json(raw, file, result)
    if data is None:
        return result
    if not isinstance(data, dict) or data.get("resourceType") != "Bundle":
        kind = data.get("resourceType") if isinstance(data, dict) else None
        what = f"a {kind}" if isinstance(kind, str) else "not a FHIR resource"
        result.problems.append(
            Problem(
                "SF902",
                "error",
                f"this is {what}, not a FHIR Bundle: give the Bundle `starframe fhir export` "
                "writes (resourceType Bundle, its resources under `entry`).",
                file,
            )
        )
        return result
    entries = data.get("entry", [])
    shell_foreign = set(data) - _BUNDLE_KEYS or not isinstance(entries, list)
    if not shell_foreign:
        shell_foreign = any(not isinstance(e, dict) or set(e) - _ENTRY_KEYS for e in entries)
    if shell_foreign and _structure(_shell(data), (), file, version, result):
        return result
    for index, entry in enumerate(entries):
        if len(result.problems) >= MAX_PROBLEMS:
            result.problems.append(
                stop_checking(file, len(result.problems), len(entries) - index, "entries were")
            )
            break
        _entry(entry, ("entry", index), file, ns, version, result)
    return result


def _json(raw: bytes, file: str, result: ReadBundle) -> Any:
    def refuse(message: str, line: int = 0, column: int = 0) -> None:
        result.problems.append(Problem("SF901", "error", message, file, line, column))

    try:
        text = raw.decode("utf-8").removeprefix("\ufeff")
    except UnicodeDecodeError:
        refuse("the file is not UTF-8 text, so it is not FHIR JSON: give the exported file.")
        return None
    try:
        return _DECODER.decode(text)
    except json.JSONDecodeError as exc:
        refuse(
            f"not FHIR JSON: {exc.msg}. Give the file `starframe fhir export` wrote.",
            exc.lineno,
            exc.colno,
        )
    except _Duplicate as exc:
        refuse(
            f"the key `{exc.key}` appears twice in one object; JSON readers disagree on "
            "which counts: keep one."
        )
    except (ValueError, RecursionError) as exc:
        refuse(f"not FHIR JSON: {exc}. Give the file `starframe fhir export` wrote.")
    return None


def _shell(data: dict[str, Any]) -> dict[str, Any]:
    """The Bundle without its resources, validated on its own (each resource is, later)."""
    entries = data.get("entry")
    if not isinstance(entries, list):
        return data
    bare = [
        {k: v for k, v in e.items() if k != "resource"} if isinstance(e, dict) else e
        for e in entries
    ]
    return {**data, "entry": bare}


def _structure(
    resource: dict[str, Any], where: JsonPath, file: str, version: FhirVersion, result: ReadBundle
) -> bool:
    """Add what FHIR's own rules find in `resource`; True when they found something."""
    found = [
        problem("SF903", (*where, *path), f"{message} (FHIR {version}).", file)
        for path, message in structure_errors(resource, version)
    ]
    result.problems.extend(found)
    return bool(found)


def _entry(
    entry: Any, where: JsonPath, file: str, ns: Namespace, version: FhirVersion, result: ReadBundle
) -> None:
    resource = entry.get("resource") if isinstance(entry, dict) else None
    at = (*where, "resource")
    if not isinstance(resource, dict):
        result.problems.append(
            problem(
                "SF904", where, "an entry holds no resource: give each entry a `resource`.", file
            )
        )
        return
    kind = resource.get("resourceType")
    if kind not in KINDS:
        result.problems.append(
            problem(
                "SF904",
                (*at, "resourceType"),
                f"a {kind} is not what starframe reads: a Bundle of readings holds "
                f"{', '.join(KINDS)} resources only.",
                file,
            )
        )
        return
    reader = _Resource(resource, at, ns)
    record: BaseModel | None
    if kind == "QuestionnaireResponse":
        record = reader.reading()
    elif kind == "Patient":
        record = reader.person()
    else:
        record = reader.worker()
    if (reader.foreign or reader.problems) and _structure(resource, at, file, version, result):
        return
    result.problems.extend(
        problem(code, path, message, file) for code, path, message in reader.problems
    )
    if record is not None and not reader.problems:
        result.records.append(FhirRecord(record, file, 0, "", where=at, places=reader.places))


class _Resource:
    """Reads one resource: what it says, where each value was, and what is wrong."""

    def __init__(self, resource: dict[str, Any], where: JsonPath, ns: Namespace) -> None:
        self.resource = resource
        self.where = where
        self.ns = ns
        self.foreign = False
        """An element starframe does not write: the resource is checked against FHIR too."""
        self.problems: list[tuple[str, JsonPath, str]] = []
        self.places: dict[JsonPath, JsonPath] = {(): where}

    # What each element holds

    def refuse(self, code: str, path: JsonPath, message: str) -> None:
        self.problems.append((code, (*self.where, *path), message))

    def keys(self, value: Any, allowed: set[str], path: JsonPath) -> dict[str, Any]:
        """`value` as an object; elements outside `allowed` mark the resource as foreign."""
        if not isinstance(value, dict):
            self.foreign = True
            self.refuse("SF903", path, "is not a JSON object, as FHIR requires here.")
            return {}
        if "modifierExtension" in value:
            self.refuse(
                "SF909",
                (*path, "modifierExtension"),
                "a modifier extension changes what the element means, and starframe cannot "
                "know how: leave it out, or record the reading another way.",
            )
        if set(value) - allowed:
            self.foreign = True
        return value

    def items(self, value: Any, path: JsonPath) -> list[Any]:
        if value is None:
            return []
        if not isinstance(value, list):
            self.foreign = True
            self.refuse("SF903", path, "is not a JSON array, as FHIR requires here.")
            return []
        return value

    def text(self, value: Any, path: JsonPath, what: str, code: str = "SF903") -> str | None:
        if isinstance(value, str):
            return value
        if value is None:
            self.refuse(code, path, f"is missing: {what}.")
        else:
            self.foreign = True
            self.refuse("SF903", path, f"is not a string: {what}.")
        return None

    def extensions(
        self,
        owner: dict[str, Any],
        path: JsonPath,
        allowed: dict[str, str],
        repeated: tuple[str, ...] = (),
    ) -> dict[str, list[tuple[Any, JsonPath]]]:
        """starframe's extensions on `owner`, by name: (value, path) each. `allowed` names
        the value element each holds (`extension` for a complex one); another system's
        extensions are left alone, as FHIR allows."""
        found: dict[str, list[tuple[Any, JsonPath]]] = {}
        for index, ext in enumerate(self.items(owner.get("extension"), (*path, "extension"))):
            at = (*path, "extension", index)
            ext = self.keys(ext, {"url", "extension", *(f"value{t}" for t in _VALUES)}, at)
            url = ext.get("url")
            name = self.ns.extension_name(url) if isinstance(url, str) else None
            if name is None:
                continue
            if name not in allowed:
                self.refuse(
                    "SF909",
                    (*at, "url"),
                    f"starframe's `{name}` extension does not belong here"
                    + (f" (this element takes {', '.join(allowed)})." if allowed else "."),
                )
                continue
            value_key = allowed[name]
            if value_key not in ext or len(set(ext) - {"url"}) != 1:
                self.refuse(
                    "SF909",
                    at,
                    f"starframe's `{name}` extension holds `{value_key}` and nothing else.",
                )
                continue
            if found.get(name) and name not in repeated:
                self.refuse(
                    "SF910", at, f"starframe's `{name}` extension is given twice: keep one."
                )
                continue
            found.setdefault(name, []).append((ext[value_key], (*at, value_key)))
        return found

    def one(
        self, found: dict[str, list[tuple[Any, JsonPath]]], name: str
    ) -> tuple[Any, JsonPath] | None:
        values = found.get(name)
        return values[0] if values else None

    def identifier(self, value: Any, path: JsonPath, system: str, whose: str) -> str | None:
        if value is None:
            self.refuse(
                "SF908",
                path,
                f"is missing: give the {whose}'s code as an identifier in the system {system} "
                "(set --system when your organisation uses its own).",
            )
            return None
        given = self.keys(value, {"system", "value"}, path)
        if given.get("system") != system:
            self.refuse(
                "SF908",
                (*path, "system"),
                f"the {whose}'s identifier system is {given.get('system')!r}, not {system}: "
                "give starframe's code (set --system when your organisation uses its own).",
            )
            return None
        return self.text(given.get("value"), (*path, "value"), f"the {whose}'s code", "SF908")

    def model(self, model: type[BaseModel], data: dict[str, Any]) -> BaseModel | None:
        """`data` as `model`; each refusal at the place its field came from."""
        try:
            return model.model_validate(data)
        except ValidationError as exc:
            for error in exc.errors(include_url=False):
                loc = tuple(error["loc"])
                place = self._placed(loc)
                self.problems.append(("SF913", place, f"{error['msg']}."))
            return None

    def _placed(self, loc: JsonPath) -> JsonPath:
        for end in range(len(loc), 0, -1):
            if loc[:end] in self.places:
                return self.places[loc[:end]]
        return self.where

    def at(self, field_path: JsonPath, path: JsonPath) -> None:
        self.places[field_path] = (*self.where, *path)

    # The three resources

    def worker(self) -> Worker | None:
        resource = self.keys(self.resource, {"resourceType", "id", "identifier", "name"}, ())
        code = self._code(resource, self.ns.workers, "worker")
        names = self.items(resource.get("name"), ("name",))
        first = self.keys(names[0], {"text"}, ("name", 0)) if names else {}
        name = self.text(
            first.get("text"), ("name", 0, "text"), "the worker's name, as `name[0].text`", "SF908"
        )
        self.at(("name",), ("name", 0, "text"))
        if code is None or name is None:
            return None
        found = self.model(Worker, {"code": code, "name": name})
        return found if isinstance(found, Worker) else None

    def person(self) -> Person | None:
        resource = self.keys(self.resource, {"resourceType", "id", "identifier", "extension"}, ())
        code = self._code(resource, self.ns.people, "person")
        found = self.extensions(
            resource,
            (),
            {
                "consent-date": "valueDate",
                "birth-years": "valueString",
                "support-need": "valueString",
            },
        )
        data: dict[str, Any] = {"code": code}
        for name, key in (
            ("consent-date", "consent_date"),
            ("birth-years", "birth_years"),
            ("support-need", "support_need"),
        ):
            given = self.one(found, name)
            if given is not None:
                data[key] = given[0]
                self.at((key,), given[1])
        if "consent_date" not in data:
            self.refuse(
                "SF909",
                ("extension",),
                f"the date the person consented is missing: give it as the extension "
                f"{self.ns.extension('consent-date')} (valueDate).",
            )
        if code is None or self.problems:
            return None
        person = self.model(Person, data)
        return person if isinstance(person, Person) else None

    def _code(self, resource: dict[str, Any], system: str, whose: str) -> str | None:
        identifiers = self.items(resource.get("identifier"), ("identifier",))
        for index, given in enumerate(identifiers):
            if isinstance(given, dict) and given.get("system") == system:
                self.at(("code",), ("identifier", index, "value"))
                return self.identifier(given, ("identifier", index), system, whose)
        self.refuse(
            "SF908",
            ("identifier",),
            f"no identifier in the system {system}, which holds the {whose}'s code: give one "
            "(set --system when your organisation uses its own).",
        )
        return None

    def reading(self) -> Reading | None:
        resource = self.keys(
            self.resource,
            {
                "resourceType",
                "id",
                "extension",
                "questionnaire",
                "status",
                "subject",
                "authored",
                "author",
                "item",
            },
            (),
        )
        data: dict[str, Any] = {}
        given_id = resource.get("id")
        if given_id is not None:
            data["id"] = given_id
            self.at(("id",), ("id",))
        star = self._questionnaire(resource, data)
        status = resource.get("status")
        self.at(("status",), ("status",))
        if isinstance(status, str) and status in FROM_STATUS:
            data["status"] = FROM_STATUS[status]
        else:
            self.refuse(
                "SF906",
                ("status",),
                f"status {status!r} is not one starframe records: `completed` for a complete "
                "reading, `in-progress` for a draft.",
            )
        for key, field_name, system, whose in (
            ("subject", "person", self.ns.people, "person"),
            ("author", "worker", self.ns.workers, "worker"),
        ):
            ref = (
                self.keys(resource.get(key), {"reference", "identifier"}, (key,))
                if key in resource
                else None
            )
            if ref is None:
                self.refuse(
                    "SF908",
                    (),
                    f"`{key}` is missing: give the {whose}'s identifier, as an export does.",
                )
                continue
            code = self.identifier(ref.get("identifier"), (key, "identifier"), system, whose)
            self.at((field_name,), (key, "identifier", "value"))
            if code is not None:
                data[field_name] = code
        authored = self.text(
            resource.get("authored"), ("authored",), "the date the reading was taken", "SF913"
        )
        self.at(("date",), ("authored",))
        if authored is not None:
            data["date"] = (
                authored[:10] if re.fullmatch(r"\d{4}-\d\d-\d\dT.*", authored) else authored
            )
        self._root_extensions(resource, data)
        self._items(resource, data, star)
        if self.problems:
            return None
        found = self.model(Reading, data)
        return found if isinstance(found, Reading) else None

    def _questionnaire(self, resource: dict[str, Any], data: dict[str, Any]) -> str | None:
        ref = self.text(
            resource.get("questionnaire"),
            ("questionnaire",),
            "the Star's canonical url|version",
            "SF905",
        )
        self.at(("star",), ("questionnaire",))
        self.at(("edition",), ("questionnaire",))
        if ref is None:
            return None
        key = self.ns.star_of(ref)
        if key is None:
            self.refuse(
                "SF905",
                ("questionnaire",),
                f"`{ref}` is not a starframe Star: a response points at "
                f"{self.ns.questionnaire('STAR')}|EDITION (set --base-url to the base it was "
                "exported with).",
            )
            return None
        data["star"], data["edition"] = key
        return key[0]

    def _root_extensions(self, resource: dict[str, Any], data: dict[str, Any]) -> None:
        found = self.extensions(
            resource,
            (),
            {
                "reading-mode": "valueCode",
                "retrospective": "valueBoolean",
                "definition": "valueString",
                "note": "valueString",
                "action": "extension",
            },
            repeated=("action",),
        )
        for name, key in (
            ("reading-mode", "mode"),
            ("retrospective", "retrospective"),
            ("definition", "definition"),
            ("note", "note"),
        ):
            given = self.one(found, name)
            if given is None:
                continue
            value, path = given
            self.at((key,), path)
            if name == "reading-mode" and value not in MODES:
                self.refuse("SF909", path, f"mode {value!r} is not one of {', '.join(MODES)}.")
            data[key] = value
        actions = []
        for index, (parts, path) in enumerate(found.get("action", [])):
            self.at(("actions", index), path[:-1])
            actions.append(self._action(parts, path, index))
        if actions:
            data["actions"] = actions

    def _action(self, parts: Any, path: JsonPath, index: int) -> dict[str, Any]:
        kinds = {
            "scale": "valueCode",
            "goal": "valueString",
            "steps": "valueString",
            "who": "valueString",
            "by": "valueDate",
            "status": "valueCode",
        }
        item: dict[str, Any] = {}
        for number, part in enumerate(self.items(parts, path)):
            at = (*path, number)
            part = self.keys(part, {"url", *kinds.values()}, at)
            name = part.get("url")
            if not isinstance(name, str) or name not in kinds:
                name = ""
            if not name or set(part) != {"url", kinds[name]} or name in item:
                self.refuse(
                    "SF909",
                    at,
                    "an action's parts are scale, goal, steps, who, by and status, each once, "
                    "with its own value (see docs/organisations.md).",
                )
                continue
            item[name] = part[kinds[name]]
            self.places[("actions", index, name)] = (*self.where, *at, kinds[name])
        return item

    def _items(self, resource: dict[str, Any], data: dict[str, Any], star: str | None) -> None:
        self.at(("scores",), ("item",) if "item" in resource else ())
        sections: dict[str, dict[str, Any]] = {
            key: {} for key in ("scores", "person_scores", "not_applicable_reasons", "notes")
        }
        for index, item in enumerate(self.items(resource.get("item"), ("item",))):
            at: JsonPath = ("item", index)
            item = self.keys(item, {"linkId", "text", "extension", "answer"}, at)
            if "item" in item:
                self.refuse(
                    "SF907", (*at, "item"), "a scale holds no items of its own: leave them out."
                )
            link = self.text(item.get("linkId"), (*at, "linkId"), "the scale's id")
            if link is None:
                continue
            if link in sections["scores"] or link in sections["notes"]:
                self.refuse(
                    "SF910",
                    (*at, "linkId"),
                    f"the scale `{link}` is answered twice: keep one item.",
                )
                continue
            self.at(("scores", link), at)
            self.at(("notes", link), at)
            note = self.one(self.extensions(item, at, {"note": "valueString"}), "note")
            if note is not None:
                sections["notes"][link] = note[0]
                self.at(("notes", link), note[1])
            answers = self.items(item.get("answer"), (*at, "answer"))
            if len(answers) > 1:
                self.refuse(
                    "SF907",
                    (*at, "answer"),
                    f"the scale `{link}` has {len(answers)} answers: a reading gives each scale "
                    "one.",
                )
                continue
            if answers:
                self._answer(answers[0], (*at, "answer", 0), link, star, sections)
        data.update({key: values for key, values in sections.items() if values})

    def _answer(
        self,
        answer: Any,
        at: JsonPath,
        link: str,
        star: str | None,
        sections: dict[str, dict[str, Any]],
    ) -> None:
        answer = self.keys(answer, {"valueCoding", "extension"}, at)
        self.at(("scores", link), at)
        if "item" in answer:
            self.refuse(
                "SF907", (*at, "item"), "an answer holds no items of its own: leave them out."
            )
        if "valueCoding" not in answer:
            given = next((k for k in answer if k.startswith("value")), None)
            self.refuse(
                "SF907",
                at,
                (
                    f"the answer is a {given.removeprefix('value')}"
                    if given
                    else "the answer holds no value"
                )
                + ": a scale is answered with a coding of a point (or n/a) of its Star.",
            )
            return
        score = self._point(answer["valueCoding"], (*at, "valueCoding"), star, allow_na=True)
        if score is not None:
            sections["scores"][link] = score
        found = self.extensions(
            answer, at, {"person-score": "valueCoding", "not-applicable-reason": "valueString"}
        )
        own = self.one(found, "person-score")
        if own is not None:
            self.at(("person_scores", link), own[1])
            point = self._point(own[0], own[1], star, allow_na=False)
            if point is not None:
                sections["person_scores"][link] = point
        reason = self.one(found, "not-applicable-reason")
        if reason is not None:
            self.at(("not_applicable_reasons", link), reason[1])
            sections["not_applicable_reasons"][link] = reason[0]

    def _point(
        self, coding: Any, at: JsonPath, star: str | None, *, allow_na: bool
    ) -> int | str | None:
        coding = self.keys(coding, {"system", "code", "display"}, at)
        system = coding.get("system")
        if star is not None and system is not None and system != self.ns.points(star):
            self.refuse(
                "SF907",
                (*at, "system"),
                f"the coding's system is {system}, not the points of {star} "
                f"({self.ns.points(star)}).",
            )
            return None
        code = self.text(coding.get("code"), (*at, "code"), "the point scored", "SF907")
        if code is None:
            return None
        if code == NA and allow_na:
            return NA
        if _POINT.fullmatch(code):
            return int(code)
        self.refuse(
            "SF907",
            (*at, "code"),
            f"`{code}` is not a point: a score's code is a whole number on the ladder"
            + (", or n/a." if allow_na else " (the person's own view is never n/a)."),
        )
        return None


_VALUES = (
    "Code",
    "Boolean",
    "String",
    "Date",
    "Coding",
    "Decimal",
    "Integer",
    "DateTime",
    "Uri",
    "Url",
    "Canonical",
    "Reference",
    "CodeableConcept",
    "Identifier",
    "Period",
    "Quantity",
)
"""Value elements an extension commonly holds; others mark the resource as foreign, to be
validated by FHIR's own rules."""


def read_bundle_file(path: Path, ns: Namespace, version: FhirVersion) -> ReadBundle:
    """The Bundle in the file at `path` (a regular file, at most `MAX_BUNDLE_BYTES`)."""
    shown = shown_path(path)
    try:
        raw = read_input(path, display=shown, limit=MAX_BUNDLE_BYTES)
    except InputRefused as exc:
        return ReadBundle(problems=[exc.problem])
    with collector_paused():
        return read_bundle(raw, shown, ns, version)
