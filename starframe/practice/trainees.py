"""How a trainee is known in a session: the name as stored, and that name typed any way.

Trainees type their own names, so "Ana Silva" may come back as "ana  silva". A session keeps
each trainee under the spelling first typed (`PracticeWriter.submit`); every face that looks
a trainee up (the sheet for one trainee, the cases a trainee has answered) finds them the same
way, by `certificates.trainee_key`.
"""

from __future__ import annotations

from collections.abc import Iterable

from starframe.practice.certificates import trainee_key


def trainee_name(typed: str) -> str:
    """The name as the store keeps it: inner spaces collapsed, ends trimmed."""
    return " ".join(typed.split())


def stored_trainee(names: Iterable[str], typed: str) -> str | None:
    """The one of `names` (as a session stores them) that `typed` means, with any capitals
    or spacing; None when it means none of them."""
    key = trainee_key(typed)
    return next((name for name in names if trainee_key(name) == key), None)
