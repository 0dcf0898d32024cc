"""JSON Lines records made fit to send to a Star's author: no one can be named from them.

A pilot's readings go from each service to the author. Person and worker codes become stable
salted hashes (the same code always gives the same hash under one salt, so a later export joins
up with an earlier one, and no one without the salt can go back); display names, notes, action
plans, reasons and stamps are left out. What a record keeps is listed, not what it drops, so a
field added later stays out until someone decides it is safe.
"""

from __future__ import annotations

import hashlib
import hmac
import secrets
from collections.abc import Iterable, Iterator
from pathlib import Path
from typing import Any

from starframe.output_files import make_folder, write_text

KEPT = {
    "definition": None,  # the Star's text: nothing personal
    "worker": ("starframe", "kind", "code"),
    "person": ("starframe", "kind", "code", "consent_date"),
    "reading": (
        "starframe",
        "kind",
        "id",
        "star",
        "edition",
        "definition",
        "person",
        "worker",
        "date",
        "mode",
        "retrospective",
        "status",
        "scores",
        "person_scores",
    ),
}
SALT_FILE = "anonymous-export.salt"


def salt_from(folder: Path) -> bytes:
    """This installation's salt, made (owner-only) on first use and kept in `folder`."""
    path = folder / SALT_FILE
    if not path.exists():
        make_folder(folder)
        write_text(path, secrets.token_hex(32) + "\n")
    return path.read_text(encoding="utf-8").strip().encode("utf-8")


def hashed(salt: bytes, kind: str, value: str, length: int = 16) -> str:
    digest = hmac.new(salt, f"{kind}:{value}".encode(), hashlib.sha256).hexdigest()
    return digest[:length]


def anonymous_records(records: Iterable[dict[str, Any]], salt: bytes) -> Iterator[dict[str, Any]]:
    """The records with codes hashed and everything that could name someone left out."""
    for record in records:
        kind = record.get("kind")
        if kind not in KEPT:
            continue  # nothing else is sent (the whole-database kinds never come here)
        kept = KEPT[kind]
        if kept is None:
            yield record
            continue
        out = {key: record[key] for key in kept if key in record}
        if kind == "worker":
            out["code"] = "W" + hashed(salt, "worker", record["code"])
            out["name"] = f"Worker {out['code']}"
        elif kind == "person":
            out["code"] = "P" + hashed(salt, "person", record["code"])
        else:
            out["person"] = "P" + hashed(salt, "person", record["person"])
            out["worker"] = "W" + hashed(salt, "worker", record["worker"])
            if "id" in out:
                out["id"] = hashed(salt, "reading", record["id"], 32)
        yield out
