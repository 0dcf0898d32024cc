"""What a trainee's feedback sheet and a session's group report share.

A session may hold cases of several Stars, and each case's pages print that Star's wording, so
each case is a part of its own under that Star's header, licence and attribution. The session's
own opening (title, pass rule, the list of cases) shares the first case's first page.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping, Sequence
from typing import TYPE_CHECKING

from reportlab.platypus import Flowable

from starframe.definition.models import NA
from starframe.practice.agreement import Answer
from starframe.render.chart import fit
from starframe.render.fonts import register_fonts
from starframe.render.page import CONTENT_WIDTH, PageSetup, build_parts
from starframe.render.text import Styles, make_styles
from starframe.render.theme import Theme
from starframe.stats.rounding import fixed

if TYPE_CHECKING:
    from starframe.practice.sessions import CaseResults, Session, SessionResults

MISSING = "—"
RUNNING_SIZE = 9
"""The header's font size (see page.py): a long trainee name is cut to fit beside the Star."""

CaseStory = Callable[["CaseResults", Styles, Theme], list[Flowable]]
Opening = Callable[[Styles, Theme], list[Flowable]]


def session_pdf(
    results: SessionResults,
    cases: Sequence[CaseResults],
    opening: Opening,
    story: CaseStory,
    *,
    running: str,
    document: str,
) -> bytes:
    """The opening, then each of `cases` from a new page under its own Star.

    With no cases to show, the opening stands alone under the session's first case's Star.
    """
    regular, _ = register_fonts()
    running = fit(running, CONTENT_WIDTH / 2, regular, RUNNING_SIZE)
    shown = list(cases) or [results.cases[0]]
    parts = []
    for index, result in enumerate(shown):
        theme = Theme.for_star(result.star)
        styles = make_styles(theme)
        flowables = opening(styles, theme) if index == 0 else []
        if cases:
            flowables += story(result, styles, theme)
        parts.append((PageSetup(result.star, theme, running, document), flowables))
    return build_parts(parts)


def session_date(session: Session) -> str:
    return session.created_at.date().isoformat()


def number(value: float | None) -> str:
    """Two decimals, as `practice results` prints them; a dash where there is no value."""
    return MISSING if value is None else fixed(value)


def answer_text(answer: Answer) -> str:
    return MISSING if answer is None else str(answer)


def stage_text(answer: Answer, stage: str | None) -> str:
    """The stage's name, or why there is none."""
    if stage:
        return stage
    return "not applicable" if answer == NA else "not scored"


def chart_scores(answers: Mapping[str, Answer]) -> dict[str, float | None]:
    """Chart values: a point, or None for n/a (a gap on the line); unscored scales left out."""
    return {
        scale: (answer if isinstance(answer, int) else None)
        for scale, answer in answers.items()
        if answer is not None
    }
