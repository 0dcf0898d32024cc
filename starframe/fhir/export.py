"""`starframe fhir export`: the readings a filter chooses as one FHIR Bundle, written once.

The Bundle is a `collection`: the Practitioners of the workers the readings name, the
Patients of the people, then one QuestionnaireResponse per reading in the order the store
keeps them (date taken, then order of entry). These resources have the same shape in R4B and
R5, so one export serves both. An export imported into an empty database
exports again as the same JSON. It carries a `timestamp` only when asked (`--timestamp`):
otherwise nothing in it depends on the clock. The file goes through the one atomic writer,
and the audit log records the export once the file is complete, as every export does.
"""

from __future__ import annotations

import datetime as dt
import json
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from starframe.characters import shown_json
from starframe.fhir.bulk import collector_paused
from starframe.fhir.namespace import Namespace
from starframe.fhir.responses import full_url, patient, practitioner, resource_id, response
from starframe.output_files import write_text
from starframe.readings.reader import Reader
from starframe.readings.store import Store


@dataclass(frozen=True)
class Exported:
    readings: int
    people: int
    workers: int


def bundle(
    reader: Reader,
    filters: Mapping[str, Any],
    ns: Namespace,
    *,
    timestamp: dt.datetime | None = None,
) -> tuple[dict[str, Any], Exported]:
    """The Bundle of the readings `filters` choose (as `Reader.readings` takes them)."""
    readings = reader.readings(**filters)
    people = {r.person for r in readings}
    workers = {r.worker for r in readings}
    entries: list[dict[str, Any]] = []
    for worker in reader.workers():
        if worker.code in workers:
            entries.append(_entry(resource_id(ns.workers, worker.code), practitioner(worker, ns)))
    for person in reader.people():
        if person.code in people:
            entries.append(_entry(resource_id(ns.people, person.code), patient(person, ns)))
    for reading in readings:
        assert reading.id is not None
        assert reading.definition is not None
        star = reader.star(reading.definition)
        entries.append(_entry(reading.id, response(reading, star, ns)))
    found: dict[str, Any] = {"resourceType": "Bundle", "type": "collection"}
    if timestamp is not None:
        found["timestamp"] = timestamp.isoformat(timespec="seconds")
    if entries:  # FHIR JSON never holds an empty array
        found["entry"] = entries
    return found, Exported(len(readings), len(people), len(workers))


def _entry(hex_id: str, resource: dict[str, Any]) -> dict[str, Any]:
    return {"fullUrl": full_url(hex_id), "resource": resource}


def resource_text(found: Mapping[str, Any]) -> str:
    """A resource's JSON as written: indented, UTF-8, with what `characters.shown` escapes as
    `\\u` (text stored before control characters were refused keeps them, escaped)."""
    return shown_json(json.dumps(found, indent=2, ensure_ascii=False)) + "\n"


def bundle_text(found: Mapping[str, Any]) -> str:
    """A Bundle's JSON as written: one entry per line, each compact, so a resource can be
    found with grep and a 10,000-reading Bundle is a third smaller and quicker than indented."""
    head = {key: value for key, value in found.items() if key != "entry"}
    opening = json.dumps(head, ensure_ascii=False, separators=(",", ":"))
    entries = found.get("entry")
    if not entries:
        return shown_json(opening) + "\n"
    lines = ",\n".join(_compact(entry) for entry in entries)
    return shown_json(f'{opening[:-1]},"entry":[\n{lines}\n]}}') + "\n"


def _compact(value: Any) -> str:
    return json.dumps(value, ensure_ascii=False, separators=(",", ":"))


def export_bundle(
    store: Store,
    out: Path,
    filters: Mapping[str, Any],
    ns: Namespace,
    *,
    timestamp: dt.datetime | None = None,
    force: bool = False,
    protected: Sequence[Path] = (),
) -> Exported:
    """Write the Bundle to `out` (refusing what `output_files` refuses), then the audit entry."""
    with store.read() as reader, collector_paused():
        found, done = bundle(reader, filters, ns, timestamp=timestamp)
        text = bundle_text(found)
    write_text(out, text, force=force, protected=protected)
    with store.write() as writer:
        writer.audit("fhir.export", details={"format": "fhir", "readings": done.readings})
    return done
