"""A plugin's lint rule that hangs or raises anything is reported as SF490; the others still run."""

from __future__ import annotations

import threading
import types
from collections.abc import Iterator

import pytest

from starframe import hookimpl
from starframe.definition.lint import Finding, LintRule
from starframe.definition.load import load_star_text
from starframe.definition.models import LintSettings, Star
from starframe.plugins.guard import TIMEOUT_ENV
from starframe.plugins.host import make_plugin_host
from starframe.plugins.rules import plugin_rules
from tests.conftest import TINY_STAR


def _host(check: object, timeout: str = "5") -> tuple[LintRule, ...]:
    rule = LintRule("HOUSE9", "house", check)  # type: ignore[arg-type]

    @hookimpl
    def starframe_lint_rules(register):  # type: ignore[no-untyped-def]
        register(rule)

    plugin = types.SimpleNamespace(starframe_lint_rules=starframe_lint_rules)
    host = make_plugin_host(
        autoload=False, environ={TIMEOUT_ENV: timeout}, plugins=[("house", plugin)]
    )
    return plugin_rules(host)


def _sf490(rules: tuple[LintRule, ...]) -> list[str]:
    loaded = load_star_text(TINY_STAR.read_bytes(), "tiny.yaml", rules=rules)
    assert loaded.star is not None
    return [p.message for p in loaded.problems if p.code == "SF490"]


@pytest.mark.parametrize(
    "raised",
    [KeyboardInterrupt("rule's own"), SystemExit(1), GeneratorExit(), BaseException("odd")],
    ids=["keyboardinterrupt", "systemexit", "generatorexit", "base"],
)
def test_a_rule_raising_any_exception_is_sf490(raised: BaseException) -> None:
    def check(star: Star, settings: LintSettings) -> Iterator[Finding]:
        raise raised

    [message] = _sf490(_host(check))
    assert f"lint rule HOUSE9 from house failed (RuleFailed: {type(raised).__name__}" in message


def test_a_rule_that_hangs_is_sf490_once_and_then_no_longer_called() -> None:
    release = threading.Event()
    calls: list[str] = []

    def check(star: Star, settings: LintSettings) -> Iterator[Finding]:
        calls.append(star.id)
        release.wait(60)
        return iter(())

    rules = _host(check, timeout="0.2")
    try:
        [first] = _sf490(rules)
        assert "did not answer in 0.2 s" in first
        [second] = _sf490(rules)
        assert "no longer called" in second
        assert calls == ["tiny"]
    finally:
        release.set()
