"""Find, filter and load plugins, so that one broken plugin never takes the others down.

pluggy's own entry-point loader stops at the first plugin that fails to import; we load each
entry point ourselves inside a guard and keep a record of what happened to it, which
`starframe plugins` and the catalog report.
"""

from __future__ import annotations

import difflib
import os
from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field
from importlib import metadata
from typing import Literal

import pluggy

from starframe import hookspecs

ENTRY_POINT_GROUP = "starframe"
DISABLE_ENV = "STARFRAME_DISABLE_PLUGINS"
ALLOW_ENV = "STARFRAME_LOAD_PLUGINS"

PluginState = Literal["loaded", "broken", "blocked"]


@dataclass(frozen=True)
class PluginInfo:
    """What the host knows about one plugin, whether or not it loaded."""

    name: str
    distribution: str | None
    version: str | None
    module: str
    state: PluginState
    reason: str | None = None
    hooks: tuple[str, ...] = ()

    @property
    def label(self) -> str:
        if self.distribution:
            return f"{self.distribution} {self.version or ''}".strip()
        return self.name


@dataclass
class PluginHost:
    manager: pluggy.PluginManager
    plugins: list[PluginInfo] = field(default_factory=list)

    def info(self, plugin_name: str) -> PluginInfo | None:
        return next((p for p in self.plugins if p.name == plugin_name), None)

    def mark_broken(self, plugin_name: str, reason: str) -> None:
        """A plugin that loaded but failed in a hook is reported as broken from then on."""
        for i, plugin in enumerate(self.plugins):
            if plugin.name == plugin_name and plugin.state == "loaded":
                self.plugins[i] = PluginInfo(
                    plugin.name,
                    plugin.distribution,
                    plugin.version,
                    plugin.module,
                    "broken",
                    reason,
                    plugin.hooks,
                )


def make_plugin_host(
    *,
    autoload: bool = True,
    environ: Mapping[str, str] | None = None,
    plugins: Iterable[tuple[str, object]] = (),
) -> PluginHost:
    """A fresh plugin manager; `autoload=False` (tests) skips installed entry points."""
    env = os.environ if environ is None else environ
    manager = pluggy.PluginManager(hookspecs.PROJECT)
    manager.add_hookspecs(hookspecs)
    host = PluginHost(manager)
    blocked = _names(env.get(DISABLE_ENV, ""))
    allowed = _names(env[ALLOW_ENV]) if ALLOW_ENV in env else None
    if autoload:
        for entry_point in _entry_points():
            host.plugins.append(_load(manager, entry_point, blocked, allowed))
    for name, plugin in plugins:
        host.plugins.append(_register(manager, name, plugin, None, None, name))
    return host


def _names(value: str) -> set[str]:
    return {part.strip() for part in value.split(",") if part.strip()}


def _entry_points() -> list[metadata.EntryPoint]:
    found = metadata.entry_points(group=ENTRY_POINT_GROUP)
    unique = {(ep.name, ep.value): ep for ep in found}
    return sorted(unique.values(), key=lambda ep: ep.name)


def _load(
    manager: pluggy.PluginManager,
    entry_point: metadata.EntryPoint,
    blocked: set[str],
    allowed: set[str] | None,
) -> PluginInfo:
    dist = entry_point.dist
    dist_name = dist.name if dist else None
    version = dist.version if dist else None
    names = {entry_point.name, dist_name or entry_point.name}
    if names & blocked:
        reason = f"blocked by {DISABLE_ENV}"
        return PluginInfo(
            entry_point.name, dist_name, version, entry_point.value, "blocked", reason
        )
    if allowed is not None and not names & allowed:
        reason = f"not listed in {ALLOW_ENV}"
        return PluginInfo(
            entry_point.name, dist_name, version, entry_point.value, "blocked", reason
        )
    try:
        plugin = entry_point.load()
    except (Exception, SystemExit) as exc:
        reason = f"failed to import {entry_point.value}: {type(exc).__name__}: {exc}"
        return PluginInfo(entry_point.name, dist_name, version, entry_point.value, "broken", reason)
    return _register(manager, entry_point.name, plugin, dist_name, version, entry_point.value)


def _register(
    manager: pluggy.PluginManager,
    name: str,
    plugin: object,
    dist_name: str | None,
    version: str | None,
    module: str,
) -> PluginInfo:
    try:
        manager.register(plugin, name=name)
    except (Exception, SystemExit) as exc:
        reason = f"rejected by the host: {exc}"
        return PluginInfo(name, dist_name, version, module, "broken", reason)
    callers = manager.get_hookcallers(plugin) or []
    hooks = tuple(sorted(caller.name for caller in callers))
    unknown = [caller.name for caller in callers if caller.spec is None]
    if unknown:
        manager.unregister(plugin)
        reason = "; ".join(_unknown_hook(hook, manager) for hook in unknown)
        return PluginInfo(name, dist_name, version, module, "broken", reason, hooks)
    return PluginInfo(name, dist_name, version, module, "loaded", None, hooks)


def _unknown_hook(hook: str, manager: pluggy.PluginManager) -> str:
    """A misspelt hook would otherwise load silently and never be called."""
    known = sorted(
        name
        for name, caller in vars(manager.hook).items()
        if getattr(caller, "spec", None) is not None
    )
    close = difflib.get_close_matches(hook, known, n=1)
    hint = f"; did you mean {close[0]}?" if close else f"; the hooks are {', '.join(known)}"
    return f"implements {hook}, which is not a starframe hook{hint}"
