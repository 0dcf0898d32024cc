"""Call hooks one plugin at a time, so a plugin that misbehaves is reported, not fatal.

Each hook call goes through `starframe.plugins.guard`: a time limit, any exception caught, and
what the plugin prints kept for `starframe plugins`. Because the host calls each implementation
itself rather than through pluggy's hook call, it passes the arguments as pluggy would: only
those the implementation names (`bound`).
"""

from __future__ import annotations

from collections.abc import Callable
from functools import partial
from typing import Any

import pluggy

from starframe.plugins.guard import call_plugin, describe
from starframe.plugins.host import PluginHost
from starframe.plugins.sources import RefusedSource

Accept = Callable[[str], Callable[[object], object]]
"""For a plugin's name, the check each registered item goes through (raising to refuse it)."""


def bound(impl: pluggy.HookImpl, **offered: object) -> Callable[[], object]:
    """`impl`'s function with the arguments it names, in its order, as pluggy calls it.

    pluggy passes an implementation only the hook arguments it declares (`argnames`), so
    `starframe_report_sections(register)` is as valid as one naming `report` too; the host
    registering a plugin has already refused names the hook does not offer.
    """
    return partial(impl.function, *(offered[name] for name in impl.argnames))


def collect(
    host: PluginHost, hook_name: str, accept: Accept | None = None
) -> list[tuple[str, object]]:
    """(plugin name, registered item) for every item each plugin registers through `hook_name`.

    A plugin whose hook raises, does not answer in time, or registers an item that `accept`
    refuses is marked broken with the reason and contributes nothing; the items it registered
    before are dropped too, so no plugin is ever half-registered. The check runs inside the
    plugin's `register` call, under the same time limit; a refusal is recorded rather than
    raised into the plugin, which could otherwise catch it and carry on.
    """
    hook = getattr(host.manager.hook, hook_name)
    found: list[tuple[str, object]] = []
    for impl in hook.get_hookimpls():
        check = accept(impl.plugin_name) if accept else None
        registered: list[object] = []
        refused: list[str] = []

        # Bound as defaults: a plugin thread abandoned after its time limit may still call
        # its `register`, and must not reach the lists of the plugins that follow.
        def register(
            item: object, check: Any = check, into: Any = registered, refused: Any = refused
        ) -> None:
            if check is None:
                into.append(item)
                return
            try:
                into.append(check(item))
            except RefusedSource as exc:
                refused.append(str(exc))
            except Exception as exc:
                refused.append(f"registered a path that could not be read: {describe(exc)}")

        outcome = call_plugin(bound(impl, register=register), host.timeout)
        host.add_output(impl.plugin_name, outcome.output)
        if outcome.hung:
            host.abandon(impl.plugin_name, f"{hook_name} {outcome.failure}")
        elif outcome.failure is not None:
            host.mark_broken(impl.plugin_name, f"{hook_name} raised {outcome.failure}")
        elif refused:
            host.mark_broken(impl.plugin_name, f"{hook_name} {refused[0]}")
        else:
            found.extend((impl.plugin_name, item) for item in registered)
    return found
