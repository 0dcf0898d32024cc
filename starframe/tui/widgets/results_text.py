"""A session's results for the trainer, case by case, as `practice results` gives them.

First, per Star edition, the group's reliability over all the session's cases of it. Then per
case: each trainee's result under the session's rule (with why, when not yet), the group's
reliability on points and on stages (alpha; ICC with its 95% interval and Koo & Li band, each
with the scales and trainees it rests on, and a note when the case's reference spans few
points), and the scales to discuss. The rows and sentences are `practice.results`' and
`practice.wording`'s, as the command and the PDF report show them; a number the data cannot
give is shown as "none" with the reason, never as 0.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from rich.console import Group, RenderableType
from rich.table import Table
from rich.text import Text

from starframe.practice.results import case_summary
from starframe.practice.wording import icc_text, pooled_heading, statistic_text
from starframe.stats.rounding import fixed
from starframe.tui.plain import plain
from starframe.tui.widgets.big_code import BigCode

if TYPE_CHECKING:
    from rich.console import JustifyMethod

    from starframe.practice.group import PooledReliability, Reliability
    from starframe.practice.sessions import CaseResults, SessionResults


COLUMNS: tuple[tuple[str, JustifyMethod], ...] = (
    ("Trainee", "left"),
    ("Result", "left"),
    ("In stage", "right"),
    ("Exact", "right"),
    ("Within 1", "right"),
    ("Mean diff", "right"),
    ("Kappa (n)", "right"),
)
KAPPA_NOTE = "Kappa (n): weighted kappa against the reference, on n scales."


def heading(results: SessionResults) -> Group:
    """The code in large type, to read out or show to the room, then in plain letters (to
    copy), the session's state and its rule."""
    session = results.session
    state = "closed" if session.closed_at is not None else "open"
    text = Text("Session ")
    text.append(session.code, style="bold")
    text.append(
        f" · {state} · {len(results.cases)} case(s) · {len(results.trainees)} trainee(s)\n"
        f"Pass rule: {session.rule.describe()}.\n"
    )
    return Group(BigCode(session.code, "bold"), text)


def reliability(label: str, found: Reliability) -> Text:
    return Text(f"Group on {label}: alpha {statistic_text(found.alpha)}; ICC {icc_text(found.icc)}")


def pooled(found: PooledReliability) -> Group:
    title = plain(f"Over the session: {pooled_heading(found)}", "bold")
    if found.waiting:
        return Group(title, Text(f"{found.waiting[0].upper()}{found.waiting[1:]}.\n"))
    return Group(
        title, reliability("points", found.points), reliability("stages", found.stages), Text()
    )


def case_results(result: CaseResults) -> Group:
    case = result.case
    title = Text(f"{case.title} ({case.id}, {result.star.name} {result.star.edition})")
    title.stylize("bold underline")
    summary = case_summary(result)
    if summary is None:
        return Group(title, Text("No answers yet.\n"))
    table = Table(box=None, padding=(0, 1), show_edge=False)
    for column, justify in COLUMNS:
        table.add_column(column, justify=justify, no_wrap=True)
    for row in summary.trainees:
        name, outcome, *counts = row.cells("-")[: len(COLUMNS) - 1]
        kappa = row.agreement
        # In capitals, as the trainee's feedback shows it: the word a trainer scans the
        # list for stands out without colour. The kappa's scales go in the column (and the
        # note under the table says so): the full `0.68 (10 scales)` leaves no room at 80.
        shown = "none" if kappa.value is None else f"{fixed(kappa.value)} ({kappa.units})"
        table.add_row(plain(name), outcome.upper(), *counts, shown)
    parts: list[RenderableType] = [title, table, Text(KAPPA_NOTE, style="dim")]
    parts.extend(plain(row.shortfall) for row in summary.trainees if row.shortfall)
    parts.append(reliability("points", summary.group.points))
    parts.append(reliability("stages", summary.group.stages))
    if summary.range_note:
        parts.append(Text(summary.range_note))
    parts.append(Text(f"{summary.discussion}\n"))
    return Group(*parts)


def session_results(results: SessionResults) -> Group:
    return Group(
        *(pooled(found) for found in results.pooled),
        *(case_results(result) for result in results.cases),
    )
