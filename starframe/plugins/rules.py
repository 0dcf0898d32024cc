"""The publication rules plugins add through `starframe_lint_rules`, each run under the guard.

The catalog asks for these and hands them to the checks (`starframe.definition.lint`), which
know nothing of plugins: to them a plugin's rule is a `LintRule` like starframe's own.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from starframe.definition.lint import LintRule
from starframe.plugins.calls import collect
from starframe.plugins.guard import call_plugin

if TYPE_CHECKING:
    from starframe.definition.lint import Check, Finding
    from starframe.definition.models import LintSettings, Star
    from starframe.plugins.host import PluginHost

HOOK = "starframe_lint_rules"


def plugin_rules(host: PluginHost) -> tuple[LintRule, ...]:
    """House-style rules from `starframe_lint_rules`; a plugin registering a bad rule is broken."""
    rules: list[LintRule] = []
    for plugin, item in collect(host, HOOK):
        if not isinstance(item, LintRule):
            reason = f"{HOOK} registered {type(item).__name__}, not a LintRule"
        elif item.code.startswith("SF") or not item.code.isalnum():
            reason = f"lint rule code {item.code!r} must be letters and digits not starting 'SF'"
        else:
            check = guarded_check(item.check, host, plugin)
            rules.append(LintRule(item.code, item.title, check, origin=plugin))
            continue
        host.mark_broken(plugin, reason)
    return tuple(rules)


class RuleFailed(Exception):
    """A plugin's rule check raised, hung or was given up on; the message says which."""


def guarded_check(check: Check, host: PluginHost, plugin: str) -> Check:
    """`check` run under the plugin guard: a time limit, any exception caught, output kept.

    A check that once did not answer is not called again (its thread may still be running),
    so a hung rule costs one time limit per command, not one per Star.
    """
    hung: list[bool] = []

    def run(star: Star, settings: LintSettings) -> list[Finding]:
        if hung:
            raise RuleFailed("it did not answer in time earlier, so it is no longer called")
        outcome = call_plugin(lambda: list(check(star, settings)), host.timeout)
        host.add_output(plugin, outcome.output)
        if outcome.hung:
            hung.append(True)
        if outcome.failure is not None or outcome.value is None:
            raise RuleFailed(outcome.failure)
        return outcome.value

    return run
