"""Practice cases as rows a trainee chooses from: every case on offer, or a session's cases.

A case that cannot be scored (broken, or offered twice) stays in the list, marked ✗ or ! with
its reason and greyed out, never silently missing; in a session, the cases this trainee has
already answered are marked ✓ done. Signs and words carry the meaning, not colour.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import TYPE_CHECKING, Literal

from rich.text import Text

from starframe.practice.trainees import stored_trainee

if TYPE_CHECKING:
    from starframe.practice.cases import CaseCatalog, CaseEntry
    from starframe.practice.models import PracticeCase
    from starframe.practice.sessions import SessionResults

CaseState = Literal["ready", "done", "broken", "conflict"]
SIGNS: dict[CaseState, str] = {"ready": " ", "done": "✓", "broken": "✗", "conflict": "!"}


@dataclass(frozen=True)
class CaseRow:
    key: str
    """`star@edition/case` (and the file, for a case offered twice): the option's id."""
    title: str
    detail: str
    """The Star (name and edition) and the case id."""
    state: CaseState
    reason: str | None
    case: PracticeCase | None

    @property
    def selectable(self) -> bool:
        return self.state in ("ready", "done")

    def prompt(self) -> Text:
        """Two lines: the sign and title, then the Star and id (and why, when unusable)."""
        title = f"{SIGNS[self.state]} {self.title}"
        if self.state == "done":
            title += "  (done)"
        text = Text()
        text.append(title, style="bold" if self.selectable else "")
        below = self.detail if self.reason is None else f"{self.detail} · {self.state}: "
        text.append(f"\n  {below}")
        if self.reason is not None:
            text.append(self.reason)
        return text


def catalog_rows(cases: CaseCatalog) -> list[CaseRow]:
    """Every case the plugins and case folders offer, unusable ones included."""
    return [_entry_row(cases, entry) for entry in cases.entries]


def session_rows(results: SessionResults, trainee: str) -> list[CaseRow]:
    """The session's cases in its order, those `trainee` (typed any way) has answered marked
    done: the session would refuse their answers again."""
    return [
        CaseRow(
            _key(result.case.star, result.case.edition, result.case.id),
            result.case.title,
            f"{result.star.name} {result.star.edition} · {result.case.id}",
            "done" if stored_trainee(result.feedback, trainee) else "ready",
            None,
            result.case,
        )
        for result in results.cases
    ]


def _key(star: str | None, edition: str | None, case_id: str | None) -> str:
    return f"{star or '?'}@{edition or '?'}/{case_id or '?'}"


def _entry_row(cases: CaseCatalog, entry: CaseEntry) -> CaseRow:
    star_id, edition = entry.declared("star"), entry.declared("edition")
    case_id = entry.declared("id")
    state: CaseState = "ready" if entry.state == "ok" else entry.state
    star_name = f"{star_id}@{edition}" if star_id else "an unknown Star"
    if state == "ready" and entry.case is not None:
        star = cases.star_of(entry.case)
        star_name = f"{star.name} {star.edition}"
    return CaseRow(
        f"{_key(star_id, edition, case_id)}:{entry.file}",
        entry.declared("title") or entry.file,
        f"{star_name} · {case_id or entry.file}",
        state,
        entry.reason,
        entry.case if state == "ready" else None,
    )
