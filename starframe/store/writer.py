"""Changes every domain makes, within one write transaction: audit entries and Star texts.

A domain's own writer (`readings/writer.py`, `practice/writer.py`) makes its changes through
this one, so each rule that protects the records is kept in the core, whichever face asked:
a change that needs a reason gets a real one (`required_reason`), and every audit entry holds
codes, dates and field names but never names or notes, and who made the change (the store's
actor).
"""

from __future__ import annotations

import datetime as dt
import json
from typing import Any

from sqlalchemy import insert, select

from starframe.characters import text_problem
from starframe.store import tables as t
from starframe.store.bulk import insert_new
from starframe.store.errors import StoreError
from starframe.store.reader import Reader
from starframe.store.values import definition_hash, now


class Writer(Reader):
    """Changes within one transaction; every method checks before it writes."""

    def audit(
        self,
        action: str,
        *,
        person: str | None = None,
        reading: str | None = None,
        details: dict[str, Any] | None = None,
        reason: str | None = None,
    ) -> None:
        """Append an audit entry: codes, dates and field names only, never names or notes.

        The reason is new text, so it is refused control characters here, whichever command
        gave it; entries moved from another database (`transfer/audit.py`) keep theirs.
        """
        if reason is not None:
            check_reason(reason)
        entry = self._entry(
            now(), action, person=person, reading=reading, details=details, reason=reason
        )
        self.connection.execute(insert(t.audit).values(entry))

    def _entry(
        self,
        at: dt.datetime,
        action: str,
        *,
        person: str | None = None,
        reading: str | None = None,
        details: dict[str, Any] | None = None,
        reason: str | None = None,
    ) -> dict[str, Any]:
        """An audit row as `audit` writes it, for a domain that writes many at once."""
        return {
            "at": at,
            "actor": self.store.actor,
            "action": action,
            "person_code": person,
            "reading_id": reading,
            "details": json.dumps(details or {}, sort_keys=True),
            "reason": reason,
        }

    def put_definition(self, raw: bytes, *, stored_at: dt.datetime | None = None) -> str:
        """Keep a Star's exact text (once per content) and return its hash.

        `stored_at` is when it was first stored (an export carries it); a text already kept
        keeps its own.
        """
        hash_ = definition_hash(raw)
        if self._existing(t.definitions.c.hash, [hash_]):
            return hash_
        from starframe.definition.load import load_star_text

        # An installed Star was checked when it was loaded; an export's text is stored text.
        loaded = load_star_text(raw, f"definition {hash_[:12]}", stored=True)
        if loaded.star is None:
            problem = next(p for p in loaded.problems if p.is_error)
            raise StoreError(
                f"definition {hash_[:12]} is not a valid Star ({problem.message}); "
                "only valid definitions are stored."
            )
        star = loaded.star
        row = {
            "hash": hash_,
            "star_id": star.id,
            "edition": star.edition,
            "text": raw,
            "stored_at": stored_at or now(),
        }
        # Two processes may store a text at once: the second insert is a no-op, and the check
        # below sees whichever text won, so a second text for one edition is never kept.
        self.connection.execute(insert_new(self.connection, t.definitions).values(row))
        d = t.definitions.c
        recorded = self.connection.execute(
            select(d.hash).where(d.star_id == star.id, d.edition == star.edition)
        ).scalar_one()
        if recorded != hash_:
            raise StoreError(
                f"{star.id} {star.edition} is already recorded here with different content "
                f"(definition {recorded[:12]}, this one {hash_[:12]}): a changed Star must be "
                "published as a new edition, so readings taken with the old text keep their "
                "meaning. Ask the Star's publisher for a new edition, or install the text "
                "recorded here (`starframe db check` lists it)."
            )
        self.store.stars[hash_] = star
        return hash_


def required_reason(reason: str | None, what: str) -> str:
    """The reason for a change that needs one, trimmed; a missing or blank one is refused.

    `what` names the change in the message ("erasing a person"), so the refusal reads the same
    in the CLI, the TUI and a program calling the core.
    """
    if reason is None or not reason.strip():
        raise StoreError(f"{what} needs a reason: say why, e.g. --reason 'entered twice'.")
    check_reason(reason)
    return reason.strip()


def check_reason(reason: str) -> None:
    problem = text_problem(reason, multi_line=False)
    if problem:
        raise StoreError(f"the reason {problem}.")
