"""Load a Star definition: YAML with positions → header check → pydantic → rules → lint.

Every failure becomes a `Problem` at `file:line:column`, worded as where → what rule → how to
fix. Reading, the header and validating against the model are every format's
(`starframe.documents`); the Star's own cross-field rules and lint come after.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path as FsPath

from starframe.definition.lint import LintRule, run_lint
from starframe.definition.models import STORED_TEXT, Star
from starframe.definition.rules import star_rule_violations
from starframe.documents.document import Document
from starframe.documents.header import read_as
from starframe.problems import Problem


@dataclass
class LoadedStar:
    """The outcome of loading one file: a Star when it has no errors, and every problem found."""

    document: Document
    star: Star | None

    @property
    def problems(self) -> list[Problem]:
        return self.document.problems

    @property
    def ok(self) -> bool:
        return self.star is not None


def load_star_file(
    path: str | FsPath, *, display: str | None = None, rules: Sequence[LintRule] = ()
) -> LoadedStar:
    """Load a Star from disk; an unreadable file is a problem, not an exception."""
    from starframe.documents.inputs import InputRefused, read_input

    shown = display or str(path)
    try:
        raw = read_input(path, display=shown)
    except InputRefused as exc:
        doc = Document(file=exc.problem.file, text="")
        doc.problems.append(exc.problem)
        return LoadedStar(doc, None)
    return load_star_text(raw, shown, rules=rules)


def load_star_text(
    raw: bytes | str,
    file: str = "<text>",
    *,
    rules: Sequence[LintRule] = (),
    stored: bool = False,
) -> LoadedStar:
    """Load a Star from file contents; `file` names it in problems.

    The built-in publication rules always run; `rules` adds plugins' house rules. A `stored`
    text (a definition a database keeps) was checked when it was stored, perhaps before the
    rule on control characters: it loads with them (see `STORED_TEXT`).
    """
    context = {"defer_rules": True, **(STORED_TEXT if stored else {})}
    doc, star = read_as(raw, file, "star", Star, context=context)
    if star is None:
        return LoadedStar(doc, None)
    for violation in star_rule_violations(star, stored=stored):
        doc.problems.append(
            doc.problem(violation.code, violation.message, violation.path, key=violation.key)
        )
    if not doc.ok:
        return LoadedStar(doc, None)
    from starframe.definition.lint_rules import BUILTIN_RULES

    doc.problems.extend(run_lint(star, doc, (*BUILTIN_RULES, *rules)))
    return LoadedStar(doc, star)
