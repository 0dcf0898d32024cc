"""A session's results for the trainer, case by case, as `practice results` gives them.

Per case: each trainee's result under the session's rule (with why, when not yet), the group's
reliability on points and on stages (alpha; ICC with its 95% interval and Koo & Li band), and
the scales to discuss. The numbers are `session_results`'; only the wording is the screen's,
and a number the data cannot give is shown as "none" with the reason, never as 0.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from rich.console import Group, RenderableType
from rich.table import Table
from rich.text import Text

from starframe.practice.wording import icc_text, statistic_text
from starframe.tui.plain import plain

if TYPE_CHECKING:
    from rich.console import JustifyMethod

    from starframe.practice.group import Reliability
    from starframe.practice.sessions import CaseResults, SessionResults


COLUMNS: tuple[tuple[str, JustifyMethod], ...] = (
    ("Trainee", "left"),
    ("Result", "left"),
    ("In stage", "right"),
    ("Exact", "right"),
    ("Within 1", "right"),
    ("Mean diff", "right"),
)


def heading(results: SessionResults) -> Text:
    """The code spaced out, large enough to read out or show to the room, and the rule."""
    session = results.session
    state = "closed" if session.closed_at is not None else "open"
    text = Text("Session ")
    text.append(f" {' '.join(session.code)} ", style="bold reverse")
    text.append(
        f" · {state} · {len(results.cases)} case(s) · {len(results.trainees)} trainee(s)\n"
        f"Pass rule: {session.rule.describe()}.\n"
    )
    return text


def reliability(label: str, found: Reliability) -> Text:
    return Text(f"Group on {label}: alpha {statistic_text(found.alpha)}; ICC {icc_text(found.icc)}")


def case_results(result: CaseResults) -> Group:
    case = result.case
    title = Text(f"{case.title} ({case.id}, {result.star.name} {result.star.edition})")
    title.stylize("bold underline")
    if result.group is None:
        return Group(title, Text("No answers yet.\n"))
    table = Table(box=None, padding=(0, 1), show_edge=False)
    for column, justify in COLUMNS:
        table.add_column(column, justify=justify, no_wrap=True)
    for name, given in result.feedback.items():
        total = len(given.scales)
        table.add_row(
            plain(name),
            "passed" if given.passed else "NOT YET",
            f"{given.in_stage}/{total}",
            f"{given.exact}/{total}",
            f"{given.within_one}/{total}",
            "-" if given.mad is None else f"{given.mad:.2f}",
        )
    parts: list[RenderableType] = [title, table]
    parts.extend(
        plain(f"{name}, not yet: {'; '.join(given.shortfalls)}.")
        for name, given in result.feedback.items()
        if given.shortfalls
    )
    parts.append(reliability("points", result.group.points))
    parts.append(reliability("stages", result.group.stages))
    names = {scale.id: scale.name for scale in result.star.scales}
    if result.group.to_discuss:
        discuss = ", ".join(
            f"{names[s.scale]} ({s.off_stage} of {s.answered} off stage)"
            for s in result.group.to_discuss
        )
        parts.append(Text(f"To discuss: {discuss}.\n"))
    else:
        parts.append(Text("Every answer matches the reference: nothing to discuss.\n"))
    return Group(*parts)


def session_results(results: SessionResults) -> Group:
    return Group(*(case_results(result) for result in results.cases))
