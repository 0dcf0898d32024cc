"""What the hooks exchange: the things plugins register and the callbacks that take them.

These live beneath the renderers and the catalog, so the hook specs (and the host that reads
them) need nothing from the code that uses what plugins offer. `LintRule` is the definition
layer's own type, below this one. The report a report-sections hook is handed is described by
a protocol (`ReportAbout`): its class, whose `subject` is typed as the person summary, reading or
cohort summary it is about, belongs to the renderers (`starframe.render.sections.ReportContext`).
Plugins reach all of these through `starframe.plugin_api`.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from dataclasses import dataclass, field
from importlib.resources.abc import Traversable
from os import PathLike
from typing import TYPE_CHECKING, Literal, Protocol

if TYPE_CHECKING:
    from starframe.definition.lint import LintRule
    from starframe.definition.models import Star

StarSource = str | PathLike[str] | Traversable
"""A definition file (or a folder of them): a path, or a resource from `importlib.resources`."""

RegisterStar = Callable[[StarSource], None]
"""The `register` of `starframe_register_stars`."""
RegisterPracticeCase = Callable[[StarSource], None]
"""The `register` of `starframe_register_practice_cases`."""
RegisterLintRule = Callable[["LintRule"], None]
"""The `register` of `starframe_lint_rules`."""

ReportKind = Literal["person", "reading", "cohort", "blank"]


@dataclass(frozen=True)
class ReportSection:
    """A titled section printed after the report's own: paragraphs, then an optional table.

    `rows[0]` is the table's header row. All text prints exactly as given (it is not markup).
    Plugins hand over plain text, never ReportLab objects: the host escapes it and lays it out
    in the report's own styles, so a plugin needs no ReportLab of its own.
    """

    title: str
    paragraphs: Sequence[str] = ()
    rows: Sequence[Sequence[str]] = ()
    plugin: str = field(default="", compare=False)


RegisterReportSection = Callable[[ReportSection], None]
"""The `register` of `starframe_report_sections`."""


@dataclass(frozen=True)
class MessageCatalogue:
    """A compiled gettext catalogue (`.mo`) of the reports' fixed wording in one language.

    `language` is a code such as `gd` or `cy-GB`; `source` is the `.mo` file, a path inside the
    plugin's own package or an `importlib.resources` file.
    """

    language: str
    source: StarSource


RegisterMessageCatalogue = Callable[[MessageCatalogue], None]
"""The `register` of `starframe_message_catalogues`."""


class ReportAbout(Protocol):
    """What a report is about, as the report-sections hook sees it."""

    @property
    def kind(self) -> ReportKind:
        """Which output is being made: `person`, `reading`, `cohort` or `blank`."""

    @property
    def star(self) -> Star:
        """The Star the report prints."""

    @property
    def subject(self) -> object:
        """The person summary, reading or cohort summary the report is about (None if blank)."""
