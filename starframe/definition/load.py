"""Load a Star definition: YAML with positions → header check → pydantic → rules → lint.

Every failure becomes a `Problem` at `file:line:column`, worded as where → what rule → how to
fix. Reading, the header and validating against the model are every format's
(`starframe.documents`); the Star's own cross-field rules and lint come after.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path as FsPath
from typing import Any

from starframe.definition.lint import LintRule, run_lint
from starframe.definition.models import STORED_TEXT, Star
from starframe.definition.rules import ALSO, StarParts, part_rule_violations
from starframe.documents.document import Document
from starframe.documents.header import header_read, read_as
from starframe.limits import MAX_PROBLEMS
from starframe.problems import STOPPED, Problem, needs_first, stop_checking


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
    from starframe.definition.lint_rules import BUILTIN_RULES

    context = {"defer_rules": True, **(STORED_TEXT if stored else {})}
    doc, star = read_as(raw, file, "star", Star, context=context)
    every_rule = (*BUILTIN_RULES, *rules)
    if star is None:
        if header_read(doc) and not any(p.code == STOPPED for p in doc.problems):
            _check_parts(doc, context, every_rule, stored=stored)
            _cap(doc)
        doc.problems.sort(key=lambda p: p.order)
        return LoadedStar(doc, None)
    _report_violations(doc, StarParts.of(star), stored=stored)
    if not doc.ok:
        doc.problems.sort(key=lambda p: p.order)
        return LoadedStar(doc, None)
    doc.problems.extend(run_lint(star, doc, every_rule))
    doc.problems.sort(key=lambda p: p.order)
    return LoadedStar(doc, star)


def _cap(doc: Document) -> None:
    """At most `MAX_PROBLEMS` per file, the rules between parts included (CONVENTIONS)."""
    extra = len(doc.problems) - MAX_PROBLEMS
    if extra > 0:
        doc.problems.sort(key=lambda p: p.order)
        del doc.problems[MAX_PROBLEMS:]
        doc.problems.append(stop_checking(doc.file, MAX_PROBLEMS, extra, "problems were"))


def _report_violations(doc: Document, parts: StarParts, *, stored: bool) -> dict[str, int]:
    violations, skipped = part_rule_violations(parts, stored=stored)
    for violation in violations:
        message = violation.message
        if violation.also is not None:
            line = doc.locate(violation.also).line
            message = message.replace(ALSO, f"line {line}")
        doc.problems.append(doc.problem(violation.code, message, violation.path, key=violation.key))
    return skipped


def _check_parts(
    doc: Document, context: dict[str, Any], rules: Sequence[LintRule], *, stored: bool
) -> None:
    """The rules and publication checks that can run on the well-formed parts of a broken
    Star, and one line for each part the others need."""
    from starframe.definition.partial import partial_lint, star_parts

    parts, partial = star_parts(doc.data, context)
    skipped = _report_violations(doc, parts, stored=stored)
    found, not_run = partial_lint(partial, parts, doc, rules)
    doc.problems.extend(found)
    if not_run:
        needs = (
            "`journey`"
            if not parts.whole_journey
            else "`points`"
            if parts.points is None
            else "`language` and `status`"
        )
        skipped[needs] = skipped.get(needs, 0) + not_run
    for needs, count in skipped.items():
        part = needs.strip("`").split("`")[0]
        pos = doc.locate((part,), key=True)
        doc.problems.append(needs_first(doc.file, count, needs, pos.line, pos.column))
