"""Readings as FHIR resources: a `QuestionnaireResponse` per reading, a `Patient` per person
and a `Practitioner` per worker.

A response points at its Star's canonical `url|version`; its subject is the person's
pseudonymous code as an identifier (never a name: a Patient carries the code, the consent date
and what starframe holds beside it, never the display name), its author the worker's code. Its
id is the reading's id, and nothing depends on the clock, so the same readings always give the
same JSON. What FHIR has no element for (mode, retrospective, notes, the person's own score, the
reason for `n/a`, the action plan, the exact definition) is an extension of starframe's
(`namespace.EXTENSIONS`).
"""

from __future__ import annotations

import uuid
from typing import Any

from starframe.definition.models import NA, Star
from starframe.fhir.namespace import Namespace
from starframe.fhir.questionnaire import NOT_APPLICABLE
from starframe.readings.models import ActionItem, Person, Reading, Score, Worker

STATUS = {"complete": "completed", "draft": "in-progress"}
"""A reading's status → the response's; `bundle.py` reads them back."""


def resource_id(system: str, code: str) -> str:
    """The id of a person's Patient or a worker's Practitioner: from the code, never random."""
    return uuid.uuid5(uuid.NAMESPACE_URL, f"{system}|{code}").hex


def full_url(hex_id: str) -> str:
    """The Bundle entry's `fullUrl`: a reading id and a resource id are both 128 bits."""
    return f"urn:uuid:{uuid.UUID(hex=hex_id)}"


def _reference(system: str, code: str) -> dict[str, Any]:
    return {
        "reference": full_url(resource_id(system, code)),
        "identifier": {"system": system, "value": code},
    }


def patient(person: Person, ns: Namespace) -> dict[str, Any]:
    extensions: list[dict[str, Any]] = [
        {"url": ns.extension("consent-date"), "valueDate": person.consent_date.isoformat()}
    ]
    if person.birth_years:
        extensions.append({"url": ns.extension("birth-years"), "valueString": person.birth_years})
    if person.support_need:
        extensions.append({"url": ns.extension("support-need"), "valueString": person.support_need})
    return {
        "resourceType": "Patient",
        "id": resource_id(ns.people, person.code),
        "extension": extensions,
        "identifier": [{"system": ns.people, "value": person.code}],
    }


def practitioner(worker: Worker, ns: Namespace) -> dict[str, Any]:
    return {
        "resourceType": "Practitioner",
        "id": resource_id(ns.workers, worker.code),
        "identifier": [{"system": ns.workers, "value": worker.code}],
        "name": [{"text": worker.name}],
    }


def response(reading: Reading, star: Star, ns: Namespace) -> dict[str, Any]:
    """The reading as a QuestionnaireResponse; `star` is the definition it was taken with."""
    assert reading.id is not None
    assert reading.definition is not None
    extensions: list[dict[str, Any]] = [
        {"url": ns.extension("reading-mode"), "valueCode": reading.mode},
        {"url": ns.extension("retrospective"), "valueBoolean": reading.retrospective},
        {"url": ns.extension("definition"), "valueString": reading.definition},
    ]
    if reading.note is not None:
        extensions.append({"url": ns.extension("note"), "valueString": reading.note})
    extensions.extend(_action(item, ns) for item in reading.actions)
    items = [
        _item(reading, star, scale_id, ns)
        for scale_id in (scale.id for scale in star.scales)
        if scale_id in reading.scores or scale_id in reading.notes
    ]
    return {
        "resourceType": "QuestionnaireResponse",
        "id": reading.id,
        "extension": extensions,
        "questionnaire": ns.questionnaire_ref(reading.star, reading.edition),
        "status": STATUS[reading.status],
        "subject": _reference(ns.people, reading.person),
        "authored": reading.date.isoformat(),
        "author": _reference(ns.workers, reading.worker),
        **({"item": items} if items else {}),
    }


def _coding(star: Star, scale_id: str, value: Score, ns: Namespace) -> dict[str, Any]:
    if value == NA:
        return {"system": ns.points(star.id), "code": NA, "display": NOT_APPLICABLE}
    return {
        "system": ns.points(star.id),
        "code": str(value),
        "display": star.scale(scale_id).ladder[value],
    }


def _item(reading: Reading, star: Star, scale_id: str, ns: Namespace) -> dict[str, Any]:
    item: dict[str, Any] = {}
    note = reading.notes.get(scale_id)
    if note is not None:
        item["extension"] = [{"url": ns.extension("note"), "valueString": note}]
    item["linkId"] = scale_id
    item["text"] = star.scale(scale_id).summary
    value = reading.scores.get(scale_id)
    if value is None:
        return item
    answer: dict[str, Any] = {}
    extra: list[dict[str, Any]] = []
    own = reading.person_scores.get(scale_id)
    if own is not None:
        extra.append(
            {"url": ns.extension("person-score"), "valueCoding": _coding(star, scale_id, own, ns)}
        )
    reason = reading.not_applicable_reasons.get(scale_id)
    if reason is not None:
        extra.append({"url": ns.extension("not-applicable-reason"), "valueString": reason})
    if extra:
        answer["extension"] = extra
    answer["valueCoding"] = _coding(star, scale_id, value, ns)
    item["answer"] = [answer]
    return item


def _action(item: ActionItem, ns: Namespace) -> dict[str, Any]:
    parts: list[dict[str, Any]] = [
        {"url": "scale", "valueCode": item.scale},
        {"url": "goal", "valueString": item.goal},
    ]
    if item.steps is not None:
        parts.append({"url": "steps", "valueString": item.steps})
    if item.who is not None:
        parts.append({"url": "who", "valueString": item.who})
    if item.by is not None:
        parts.append({"url": "by", "valueDate": item.by.isoformat()})
    parts.append({"url": "status", "valueCode": item.status})
    return {"url": ns.extension("action"), "extension": parts}
