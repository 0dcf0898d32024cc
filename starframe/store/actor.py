"""Who is making a change: the name every audit entry records, for accountability.

Organisations need to answer "who corrected this reading?". starframe has no accounts of its
own, so the actor is `STARFRAME_USER` when set (for shared logins: a training-room account, a
service account that scripts run as), else the operating system's login name. The CLI and the
TUI both reach the store through `open_store`, which resolves the actor here, so a change is
recorded the same way whichever face made it. A bad `STARFRAME_USER` is refused before
anything is written, rather than recorded as something nobody can search for.
"""

from __future__ import annotations

import getpass
import os
from collections.abc import Mapping

from starframe.store.errors import InvalidActor

ACTOR_ENV = "STARFRAME_USER"
UNKNOWN = "unknown"
"""Shown for entries recorded before actors were (and when no login name can be found)."""
LONGEST = 80
"""The width of the audit table's `actor` column (not imported: tables.py loads SQLAlchemy)."""


def current_actor(environ: Mapping[str, str] | None = None) -> str:
    """`STARFRAME_USER` (trimmed, 1–80 printable characters), else the login name."""
    env = os.environ if environ is None else environ
    given = env.get(ACTOR_ENV)
    if given is not None:
        name = given.strip()
        problem = _problem(name)
        if problem is not None:
            raise InvalidActor(
                f"{ACTOR_ENV} {problem}: set it to the name changes should be recorded under, "
                f"e.g. export {ACTOR_ENV}=a.jones, or unset it to use your login name."
            )
        return name
    try:
        login = getpass.getuser().strip()
    except (ImportError, KeyError, OSError):
        return UNKNOWN
    return UNKNOWN if _problem(login) else login


def checked_actor(value: str) -> str:
    """An actor a program names (not the environment), trimmed, or `InvalidActor`."""
    name = value.strip()
    problem = _problem(name)
    if problem is not None:
        raise InvalidActor(f"the actor's name {problem}: give 1–{LONGEST} printable characters.")
    return name


def _problem(name: str) -> str | None:
    if not name:
        return "is empty"
    if len(name) > LONGEST:
        return f"is {len(name)} characters long (at most {LONGEST})"
    if not name.isprintable():
        return "holds a control character such as a tab or a newline"
    return None
