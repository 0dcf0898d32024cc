"""Report sections that plugins add through `starframe_report_sections`.

Plugins hand over plain text (`ReportSection`, defined with the other things hooks exchange in
`starframe.plugins.types`), never ReportLab objects: the host escapes it and lays it out in the
report's own styles. This module imports no ReportLab, so a plugin may import `ReportContext`
at start-up for free.
"""

from __future__ import annotations

import warnings
from collections.abc import Callable
from dataclasses import dataclass
from functools import partial
from typing import TYPE_CHECKING

from starframe.plugins.types import RegisterReportSection, ReportKind, ReportSection

if TYPE_CHECKING:
    from starframe.definition.models import Star
    from starframe.plugins.host import PluginHost
    from starframe.readings.models import Reading
    from starframe.readings.summaries import CohortSummary, PersonSummary

HOOK = "starframe_report_sections"


@dataclass(frozen=True)
class ReportContext:
    """What a report is about, handed to each plugin.

    `subject` is the person summary (kind `person`), the reading (kind `reading`), the cohort
    summary (kind `cohort`) or None (kind `blank`).
    """

    kind: ReportKind
    star: Star
    subject: PersonSummary | Reading | CohortSummary | None = None


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
    from starframe.plugins.calls import bound
    from starframe.plugins.guard import call_plugin

    for impl in getattr(host.manager.hook, HOOK).get_hookimpls():
        registered: list[object] = []
        hook = bound(impl, report=context, register=registered.append)
        outcome = call_plugin(
            partial(_sections_of, hook, registered, impl.plugin_name), host.timeout
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
    hook: Callable[[], object], registered: list[object], plugin: str
) -> list[ReportSection]:
    """Runs in the plugin's guarded thread: the checks read plugin objects' attributes too."""
    hook()
    return [_checked(section, plugin) for section in registered]


def __getattr__(name: str) -> object:
    """`RegisterSection`, as 0.1's docs imported it from here, for one more release."""
    if name != "RegisterSection":
        raise AttributeError(f"module {__name__!r} has no attribute {name!r}")
    warnings.warn(
        "starframe.render.sections.RegisterSection is deprecated and goes in starframe 0.2: "
        "import RegisterReportSection (and ReportContext, ReportSection) from "
        "starframe.plugin_api",
        DeprecationWarning,
        stacklevel=2,
    )
    return RegisterReportSection
