"""Everything a plugin imports from starframe, in one place.

A plugin's code imports from here alone (its tests may also use `starframe.testing`), so the
rest of starframe can move without breaking plugins: these names are the contract. The core
never imports this module; it is a facade over the layers where each name lives.

It stays light: a plugin imports it at start-up, when `starframe stars list` may need nothing
but the cached checks. `hookimpl` and the `Register…` callbacks are imported at once; the
models (`Star`, `LintSettings`, the report subjects), which need pydantic, on first use.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from starframe.definition.lint import Finding, LintRule
from starframe.plugins.spec import hookimpl
from starframe.plugins.types import (
    MessageCatalogue,
    RegisterLintRule,
    RegisterMessageCatalogue,
    RegisterPracticeCase,
    RegisterReportSection,
    RegisterStar,
    ReportKind,
    ReportSection,
    StarSource,
)

if TYPE_CHECKING:
    from starframe.definition.models import LintSettings, Star
    from starframe.readings.models import Reading
    from starframe.readings.summaries import CohortSummary, PersonSummary
    from starframe.render.sections import ReportContext

__all__ = [
    "CohortSummary",
    "Finding",
    "LintRule",
    "LintSettings",
    "MessageCatalogue",
    "PersonSummary",
    "Reading",
    "RegisterLintRule",
    "RegisterMessageCatalogue",
    "RegisterPracticeCase",
    "RegisterReportSection",
    "RegisterStar",
    "ReportContext",
    "ReportKind",
    "ReportSection",
    "Star",
    "StarSource",
    "hookimpl",
]

_LAZY = {
    "LintSettings": "starframe.definition.models",
    "Star": "starframe.definition.models",
    "Reading": "starframe.readings.models",
    "CohortSummary": "starframe.readings.summaries",
    "PersonSummary": "starframe.readings.summaries",
    "ReportContext": "starframe.render.sections",
}


def __getattr__(name: str) -> Any:
    module = _LAZY.get(name)
    if module is None:
        raise AttributeError(f"module 'starframe.plugin_api' has no attribute {name!r}")
    import importlib

    return getattr(importlib.import_module(module), name)
