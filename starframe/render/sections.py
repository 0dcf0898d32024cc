"""Report sections that plugins add through `starframe_report_sections`.

Plugins hand over plain text, never ReportLab objects: the host escapes it, lays it out in the
report's own styles, and a plugin needs no ReportLab of its own. This module imports no
ReportLab, so a plugin may import `ReportSection` at start-up for free.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from dataclasses import dataclass, field
from functools import partial
from typing import TYPE_CHECKING, Literal

if TYPE_CHECKING:
    from starframe.definition.models import Star
    from starframe.plugins import PluginHost

ReportKind = Literal["person", "reading", "cohort", "blank"]
HOOK = "starframe_report_sections"


@dataclass(frozen=True)
class ReportContext:
    """What a report is about, handed to each plugin.

    `subject` is the person summary (kind `person`), the reading (kind `reading`), the cohort
    summary (kind `cohort`) or None (kind `blank`).
    """

    kind: ReportKind
    star: Star
    subject: object = None


@dataclass(frozen=True)
class ReportSection:
    """A titled section printed after the report's own: paragraphs, then an optional table.

    `rows[0]` is the table's header row. All text prints exactly as given (it is not markup).
    """

    title: str
    paragraphs: Sequence[str] = ()
    rows: Sequence[Sequence[str]] = ()
    plugin: str = field(default="", compare=False)


RegisterSection = Callable[[ReportSection], None]


def _checked(section: object, plugin: str) -> ReportSection:
    if not isinstance(section, ReportSection):
        raise TypeError(f"register() takes a ReportSection, not {type(section).__name__}")
    texts = [section.title, *section.paragraphs, *(cell for row in section.rows for cell in row)]
    if not section.title.strip() or not all(isinstance(text, str) for text in texts):
        raise TypeError("a ReportSection needs a title, and all its text must be str")
    return ReportSection(
        section.title,
        tuple(section.paragraphs),
        tuple(tuple(row) for row in section.rows),
        plugin,
    )


def report_sections(
    host: PluginHost | None, context: ReportContext
) -> tuple[list[ReportSection], list[str]]:
    """Every plugin's sections for this report, and a message for each plugin that failed.

    A plugin that raises, or registers something that is not a valid section, is marked broken
    and contributes nothing (not half its sections); the report is rendered without it.
    """
    if host is None:
        return [], []
    sections: list[ReportSection] = []
    problems: list[str] = []
    from starframe.plugin_calls import call_plugin

    for impl in getattr(host.manager.hook, HOOK).get_hookimpls():
        registered: list[object] = []
        outcome = call_plugin(
            partial(_sections_of, impl.function, context, registered, impl.plugin_name),
            host.timeout,
        )
        host.add_output(impl.plugin_name, outcome.output)
        if outcome.failure is not None or outcome.value is None:
            reason = f"{HOOK} {outcome.failure if outcome.hung else f'raised {outcome.failure}'}"
            if outcome.hung:
                host.abandon(impl.plugin_name, reason)
            else:
                host.mark_broken(impl.plugin_name, reason)
            problems.append(
                f"plugin {impl.plugin_name}: {reason}; its report sections are left out"
            )
            continue
        sections.extend(outcome.value)
    return sections, problems


def _sections_of(
    hook: Callable[..., object], context: ReportContext, registered: list[object], plugin: str
) -> list[ReportSection]:
    """Runs in the plugin's guarded thread: the checks read plugin objects' attributes too."""
    hook(report=context, register=registered.append)
    return [_checked(section, plugin) for section in registered]
