"""Publication checks: coded rules that warn about a valid Star that is not ready to publish.

A draft with warnings still loads and can be piloted; `validate --strict` fails on them, which
is the publication check. Rules are data (`LintRule`), so plugins add an organisation's house
style through the `starframe_lint_rules` hook, and a file can switch a rule off with a reason.
The checks know nothing of plugins: the catalog collects plugin rules
(`starframe.plugins.rules`) and hands them in with starframe's own.
Each built-in rule is documented with an example and a fix in docs/rules.md.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable, Iterator, Sequence
from dataclasses import dataclass
from typing import TYPE_CHECKING

from starframe.problems import Problem

if TYPE_CHECKING:
    from starframe.definition.models import LintSettings, Star
    from starframe.documents.document import Document

Path = tuple[str | int, ...]


@dataclass(frozen=True)
class Finding:
    """What a rule found and where, as a path into the definition (e.g. scales, 2, ladder, 5)."""

    path: Path
    message: str


Check = Callable[["Star", "LintSettings"], Iterable[Finding]]


@dataclass(frozen=True)
class LintRule:
    """A publication rule. `code` is stable: users disable rules by it. `SF` codes are ours."""

    code: str
    title: str
    check: Check
    origin: str = "starframe"


def run_lint(
    star: Star,
    doc: Document,
    rules: Sequence[LintRule],
    *,
    place: Callable[[Path], Path] = lambda path: path,
    partial: bool = False,
) -> list[Problem]:
    """Every rule's findings as warnings, minus those the file switches off with a reason.

    A `partial` Star holds only the well-formed parts of a broken file: `place` maps a path in
    it to the file's own, and a rule that fails on it is skipped (the fault is the file's, and
    its errors say so), not reported as the rule's.
    """
    from starframe.definition.models import LintSettings

    settings = star.lint or LintSettings()
    disabled = {entry.rule for entry in settings.disable}
    problems: list[Problem] = []
    for rule in rules:
        if rule.code in disabled:
            continue
        problems.extend(_run(rule, star, settings, doc, place, partial))
    known = {rule.code for rule in rules} | {PUBLISHED_WITH_WARNINGS}
    for index, entry in enumerate(settings.disable):
        if entry.rule not in known:
            problems.append(
                doc.problem(
                    "SF410",
                    f"`lint.disable` names rule {entry.rule}, which no installed rule has: "
                    "check the code in docs/rules.md (or install the plugin that provides it).",
                    ("lint", "disable", index, "rule"),
                    severity="warning",
                )
            )
    if star.status == "published" and problems and PUBLISHED_WITH_WARNINGS not in disabled:
        problems.append(
            doc.problem(
                PUBLISHED_WITH_WARNINGS,
                f"`status: published` with {len(problems)} warning(s) left: fix them, switch a "
                "rule off under `lint.disable` with a reason, or set `status: pilot`.",
                ("status",),
                severity="warning",
            )
        )
    return problems


PUBLISHED_WITH_WARNINGS = "SF409"


def rules_fingerprint(rules: Sequence[LintRule]) -> bytes:
    """Part of the check-cache key: findings depend on which rules ran."""
    return "|".join(f"{rule.origin}:{rule.code}" for rule in rules).encode()


def _run(
    rule: LintRule,
    star: Star,
    settings: LintSettings,
    doc: Document,
    place: Callable[[Path], Path],
    partial: bool,
) -> Iterator[Problem]:
    try:
        findings = list(rule.check(star, settings))
    except Exception as exc:
        if partial:
            return
        yield doc.problem(
            "SF490",
            f"lint rule {rule.code} from {rule.origin} failed ({type(exc).__name__}: {exc}); its "
            "check was skipped. Report this to the rule's authors.",
            severity="warning",
        )
        return
    for finding in findings:
        yield doc.problem(
            rule.code, f"{finding.message} [{rule.title}]", place(finding.path), severity="warning"
        )
