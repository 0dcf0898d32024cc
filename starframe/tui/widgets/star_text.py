"""A Star, or a file that failed to become one, as text to read in the Star browser.

The ladders are grouped under their journey stage, as in the scoring screen, so authors
read their wording the way workers will meet it. Problems are listed with file, line and
column and the offending line, exactly as `starframe validate` prints them.
"""

from __future__ import annotations

from collections.abc import Iterable
from pathlib import Path
from typing import TYPE_CHECKING

from rich.console import Group, RenderableType
from rich.table import Table
from rich.text import Text

from starframe.problems import SourceLines

if TYPE_CHECKING:
    from starframe.definition.models import Scale, Star
    from starframe.problems import Problem
    from starframe.tui.widgets.catalog_rows import StarRow


def points_span(first: int, last: int) -> str:
    return str(first) if first == last else f"{first}–{last}"


def hanging(rows: Iterable[tuple[str, str]], *, indent: int = 2) -> Table:
    """Two columns, the second wrapping under itself: `  3  wording that wraps…`."""
    grid = Table.grid(padding=(0, 2, 0, 0))
    grid.add_column(justify="right", no_wrap=True)
    grid.add_column(ratio=1)
    for left, right in rows:
        grid.add_row(Text(" " * indent + left), Text(right))
    return grid


def star_document(star: Star, source: str) -> Group:
    head = Text()
    head.append(f"{star.name}\n", style="bold")
    head.append(f"{star.id} edition {star.edition} · {star.status} · {star.language} · {source}")
    head.append(f"\n\n{star.summary}\nAudience: {star.audience}\n")
    head.append(f"Wording: {star.licence}. {star.attribution}\n\n")
    head.append("Journey of change", style="bold underline")
    parts: list[RenderableType] = [
        head,
        hanging(
            (
                points_span(stage.first, stage.last),
                f"{stage.name}" + (f" — {stage.summary}" if stage.summary else ""),
            )
            for stage in star.journey
        ),
    ]
    for number, scale in enumerate(star.scales, start=1):
        parts.extend(scale_document(star, scale, number))
    return Group(*parts)


def scale_document(star: Star, scale: Scale, number: int) -> list[RenderableType]:
    head = Text("\n")
    head.append(f"{number}. {scale.name}", style="bold underline")
    head.append(f"  (chart label: {scale.label})\n{scale.summary}")
    if scale.not_applicable:
        head.append("\nMay be marked not applicable.", style="italic")
    if scale.guidance:
        head.append(f"\nGuidance: {scale.guidance}")
    parts: list[RenderableType] = [head]
    if scale.prompts:
        parts.append(hanging(("?", prompt) for prompt in scale.prompts))
    for stage in star.journey:
        parts.append(
            Text(f"  ── {stage.name} ({points_span(stage.first, stage.last)}) ──", style="bold")
        )
        parts.append(
            hanging(
                (str(point), scale.ladder.get(point, ""))
                for point in range(stage.first, stage.last + 1)
            )
        )
    return parts


def problems_document(row: StarRow) -> Group:
    head = Text()
    head.append(f"{row.sign} {row.state}: {row.title}\n", style="bold")
    head.append(f"from {row.source}\n")
    if row.reason:
        head.append(f"\n{row.reason}\n")
    entry = row.entry
    if entry is None or not entry.problems:
        return Group(head)
    return Group(head, problem_list(entry.problems, entry.checked.raw if entry.checked else None))


def problem_list(problems: list[Problem], raw: bytes | None) -> Text:
    # Split into lines once: a file with thousands of problems was split once per problem.
    source = SourceLines(raw.decode("utf-8", errors="replace")) if raw is not None else None
    text = Text()
    errors = sum(1 for p in problems if p.is_error)
    warnings = sum(1 for p in problems if p.severity == "warning")
    notes = len(problems) - errors - warnings
    noted = f", {notes} note(s)" if notes else ""
    text.append(f"\n{errors} error(s), {warnings} warning(s){noted}:\n", style="bold")
    for problem in problems:
        shown = problem.render(source)
        text.append(shown.replace(problem.file, Path(problem.file).name, 1) + "\n")
    return text
