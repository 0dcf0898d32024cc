"""The database's own refusals, in plain words: locked scores, row-level security, requests.

On a secured PostgreSQL database the rules live in the database (`security.py`), so a refusal
arrives as an SQL error. Each rule raises its own SQLSTATE (listed in docs/errors.md,
"Refusals from the database"), so the CLI and the TUI can say what was refused and what to do
instead of showing a driver's message. SQLite raises the lock's code as its message's prefix.
"""

from __future__ import annotations

from sqlalchemy.exc import DBAPIError

from starframe.store.errors import Refused

LOCKED = "SFL01"
NOT_A_LEAD = "SFR01"
OWN_REQUEST = "SFR02"
NO_OPEN_REQUEST = "SFR03"
NOT_AN_IMPORTER = "SFR04"
NOT_ALLOWED = "42501"
"""PostgreSQL's insufficient_privilege: a missing grant, or a row a policy does not allow."""

MESSAGES = {
    LOCKED: (
        "the scores of a complete reading cannot be changed, by anyone: correct its date, "
        "worker or mode with `starframe readings revise`, or ask for it to be deleted (with a "
        "reason) and add a corrected reading."
    ),
    NOT_A_LEAD: (
        "only a lead may approve or refuse a request: ask a lead (`starframe staff list` "
        "shows who)."
    ),
    OWN_REQUEST: (
        "a lead's own request needs a second lead: ask another lead to approve or refuse it."
    ),
    NO_OPEN_REQUEST: (
        "there is no open request with that number: `starframe requests list` shows the open ones."
    ),
    NOT_AN_IMPORTER: (
        "only the database's owner or a lead may import a whole database's audit log: ask "
        "one of them to run the import."
    ),
}


def refusal(exc: DBAPIError) -> Refused | None:
    """The refusal `exc` reports, worded for a person, or None for any other error."""
    code = getattr(exc.orig, "sqlstate", None)
    text = str(exc.orig or exc)
    if code is None:
        code = next((c for c in MESSAGES if text.startswith(f"{c}:")), None)
    if code in MESSAGES:
        return Refused(f"{MESSAGES[code]} ({code})")
    if code == NOT_ALLOWED:
        first = text.strip().splitlines()[0] if text.strip() else ""
        return Refused(
            "the database refused this to your login: your role does not allow it, or the "
            f"record belongs to a team you are not in ({first}). Ask a lead or the database's "
            f"owner if you need it ({NOT_ALLOWED})."
        )
    return None
