"""Every hook a plugin may implement.

Plugins import `hookimpl` (and the types below) from `starframe.plugin_api`. Hooks hand the
plugin a `register` callback rather than collecting return values, so the host owns validation,
duplicates and error reporting (a plugin cannot bypass them, and a broken file never stops the
other plugins). The host calls each implementation with only the arguments it names, as pluggy
does; wrappers (`wrapper=True`, `hookwrapper=True`) are refused, because each plugin's hook is
called on its own under a guard, never through a chain of wrappers.

Adding a hook: declare it here with a `versionadded` note, give it a `### name` heading in
docs/plugins.md and a `test_hook_<name>` test in tests/test_plugin_api.py (a test checks all
three), call it through `starframe.plugins.calls`, and add its `Register…` alias to
`starframe.plugin_api`.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

import pluggy

if TYPE_CHECKING:
    from starframe.plugins.types import (
        RegisterLintRule,
        RegisterMessageCatalogue,
        RegisterPracticeCase,
        RegisterReportSection,
        RegisterStar,
        ReportAbout,
    )

PROJECT = "starframe"
hookspec = pluggy.HookspecMarker(PROJECT)
hookimpl = pluggy.HookimplMarker(PROJECT)


@hookspec
def starframe_register_stars(register: RegisterStar) -> None:
    """Offer Star definition files to the host.

    Call ``register(source)`` once per file the plugin ships; ``source`` may be a path or an
    ``importlib.resources.files(...) / "star.yaml"`` resource, or a folder whose ``*.yaml``
    files are all registered. The host validates each file and reports problems against it;
    two sources offering the same Star id and edition are reported as a conflict.

    .. versionadded:: 0.1
    """


@hookspec
def starframe_register_practice_cases(register: RegisterPracticeCase) -> None:
    """Offer practice-case files (``kind: practice-case``) for trainers' sessions.

    Call ``register(source)`` with a case file, or with a folder: every ``*.yaml`` practice
    case in it is registered, and files of other kinds there are passed over. The host checks
    each case against the Star it names; a case whose Star is missing, or whose reference
    scores do not fit it, is listed as broken with the reason rather than hidden. Two cases
    with the same Star, edition and id are set aside as a conflict.

    .. versionadded:: 0.1
    """


@hookspec
def starframe_lint_rules(register: RegisterLintRule) -> None:
    """Add publication rules, such as an organisation's house style.

    Call ``register(LintRule(code, title, check))`` once per rule. ``check(star, settings)``
    receives the validated Star and its file's ``lint`` settings and yields
    ``Finding(path, message)`` records; the host turns each into a warning at ``path``'s line
    and column. Codes are letters and digits and must not start with ``SF`` (starframe's own).
    A file can switch the rule off with ``lint.disable`` and a reason. A rule that raises is
    reported as problem SF490 and skipped; the other rules still run.

    .. versionadded:: 0.1
    """


@hookspec
def starframe_report_sections(report: ReportAbout, register: RegisterReportSection) -> None:
    """Add sections to printed reports, such as a service's own outcome framework or contacts.

    ``report`` is a ``ReportContext``: ``report.kind`` says which output is being made
    (``person``, ``reading``, ``cohort`` or ``blank``), ``report.star`` is the Star, and
    ``report.subject`` the person summary, reading or cohort summary it is about (None for a
    blank pack). Call ``register(ReportSection(title, paragraphs, rows))`` for each section to
    print after the report's own; ``rows[0]`` is a table's header row. Text is printed as
    given, never read as markup. A plugin that raises, or registers something other than a
    ``ReportSection``, is reported as broken and its sections are left out; the report is
    still made.

    .. versionadded:: 0.1
    """


@hookspec
def starframe_message_catalogues(register: RegisterMessageCatalogue) -> None:
    """Add translations of the reports' fixed wording: headings and fixed sentences.

    Call ``register(MessageCatalogue(language, source))`` with a compiled gettext catalogue
    (``.mo``, domain ``starframe``) the plugin ships. It may bring a language the core lacks,
    or messages the core's catalogue for that language lacks; where both translate a message,
    the core's translation is printed. Reports use it with ``--lang``. A catalogue that cannot
    be read, or a language code that is not one, makes the plugin broken with the reason and
    none of its catalogues is used; reports are still made, in the core's wording.

    .. versionadded:: 0.2
    """
