"""Call registration hooks one plugin at a time, so a plugin that raises is reported, not fatal."""

from __future__ import annotations

from starframe.plugins import PluginHost


def collect(host: PluginHost, hook_name: str) -> list[tuple[str, object]]:
    """(plugin name, registered item) for every item each plugin registers through `hook_name`.

    A plugin whose hook raises is marked broken with the reason and contributes nothing; the
    items it registered before raising are dropped too, so no plugin is ever half-registered.
    """
    hook = getattr(host.manager.hook, hook_name)
    found: list[tuple[str, object]] = []
    for impl in hook.get_hookimpls():
        registered: list[object] = []
        try:
            impl.function(register=registered.append)
        except (Exception, SystemExit) as exc:
            host.mark_broken(impl.plugin_name, f"{hook_name} raised {type(exc).__name__}: {exc}")
            continue
        found.extend((impl.plugin_name, item) for item in registered)
    return found
