"""Deprecated: the hooks moved to `starframe.plugins.spec`; plugins import `starframe.plugin_api`.

Kept for one release (removed in 0.2) so plugins written against 0.1's `starframe.hookspecs`
keep loading; importing it warns, naming the import to use instead.
"""

from __future__ import annotations

import warnings

from starframe.plugins.spec import (
    PROJECT,
    hookimpl,
    hookspec,
    starframe_lint_rules,
    starframe_register_practice_cases,
    starframe_register_stars,
    starframe_report_sections,
)
from starframe.plugins.types import RegisterPracticeCase, RegisterStar, StarSource

warnings.warn(
    "starframe.hookspecs is deprecated and goes in starframe 0.2: import hookimpl, "
    "RegisterStar and the other names a plugin uses from starframe.plugin_api",
    DeprecationWarning,
    stacklevel=2,
)

__all__ = [
    "PROJECT",
    "RegisterPracticeCase",
    "RegisterStar",
    "StarSource",
    "hookimpl",
    "hookspec",
    "starframe_lint_rules",
    "starframe_register_practice_cases",
    "starframe_register_stars",
    "starframe_report_sections",
]
