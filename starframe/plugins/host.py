"""Find, filter and load plugins, so that one broken plugin never takes the others down.

pluggy's own entry-point loader stops at the first plugin that fails to import; we load each
entry point ourselves inside a guard (a time limit, any exception caught, output captured: see
`starframe.plugins.guard`) and keep a record of what happened to it, which `starframe plugins`
and the catalog report.
"""

from __future__ import annotations

import os
import sys
from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field, replace
from functools import partial
from typing import Literal

import pluggy

from starframe.plugins import spec
from starframe.plugins.entry_points import EntryPoint, installed_entry_points
from starframe.plugins.guard import DEFAULT_TIMEOUT, Outcome, call_plugin, plugin_timeout

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
    output: str = ""
    """What the plugin printed while it was imported and its hooks ran (kept off the terminal)."""
    folders: tuple[str, ...] | None = None
    """The plugin's own package folders, the only places it may register files from besides
    the folders the user named; None for a plugin handed over by the program itself (trusted)."""

    @property
    def label(self) -> str:
        if self.distribution:
            return f"{self.distribution} {self.version or ''}".strip()
        return self.name


@dataclass
class PluginHost:
    manager: pluggy.PluginManager
    plugins: list[PluginInfo] = field(default_factory=list)
    timeout: float = DEFAULT_TIMEOUT
    """Seconds each import or hook call of a plugin may take (STARFRAME_PLUGIN_TIMEOUT)."""

    def info(self, plugin_name: str) -> PluginInfo | None:
        return next((p for p in self.plugins if p.name == plugin_name), None)

    def mark_broken(self, plugin_name: str, reason: str) -> None:
        """A plugin that loaded but failed in a hook is reported as broken from then on."""
        for i, plugin in enumerate(self.plugins):
            if plugin.name == plugin_name and plugin.state == "loaded":
                self.plugins[i] = replace(plugin, state="broken", reason=reason)

    def abandon(self, plugin_name: str, reason: str) -> None:
        """A plugin that hung is broken and never called again: its thread may still run."""
        self.mark_broken(plugin_name, reason)
        if self.manager.has_plugin(plugin_name):
            self.manager.unregister(name=plugin_name)

    def add_output(self, plugin_name: str, output: str) -> None:
        if not output:
            return
        for i, plugin in enumerate(self.plugins):
            if plugin.name == plugin_name:
                self.plugins[i] = replace(plugin, output=plugin.output + output)


def make_plugin_host(
    *,
    autoload: bool = True,
    environ: Mapping[str, str] | None = None,
    plugins: Iterable[tuple[str, object]] = (),
) -> PluginHost:
    """A fresh plugin manager; `autoload=False` (tests) skips installed entry points."""
    env = os.environ if environ is None else environ
    manager = pluggy.PluginManager(spec.PROJECT)
    manager.add_hookspecs(spec)
    host = PluginHost(manager, timeout=plugin_timeout(env))
    blocked = _names(env.get(DISABLE_ENV, ""))
    allowed = _names(env[ALLOW_ENV]) if ALLOW_ENV in env else None
    if autoload:
        for entry_point in installed_entry_points(ENTRY_POINT_GROUP, env):
            host.plugins.append(_load(host, entry_point, blocked, allowed))
    for name, plugin in plugins:
        host.plugins.append(_register(manager, name, plugin, None, None, name))
    return host


def _names(value: str) -> set[str]:
    return {part.strip() for part in value.split(",") if part.strip()}


def _load(
    host: PluginHost,
    entry_point: EntryPoint,
    blocked: set[str],
    allowed: set[str] | None,
) -> PluginInfo:
    dist_name = entry_point.distribution
    version = entry_point.version
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
    outcome: Outcome[object] = call_plugin(entry_point.load, host.timeout)
    if outcome.failure is not None:
        reason = (
            f"{outcome.failure} while importing {entry_point.value}"
            if outcome.hung
            else f"failed to import {entry_point.value}: {outcome.failure}"
        )
        return PluginInfo(
            entry_point.name,
            dist_name,
            version,
            entry_point.value,
            "broken",
            reason,
            output=outcome.output,
        )
    # Registering reads the plugin's attributes (`dir`, properties): plugin code too.
    registered = call_plugin(
        partial(
            _register,
            host.manager,
            entry_point.name,
            outcome.value,
            dist_name,
            version,
            entry_point.value,
        ),
        host.timeout,
    )
    output = outcome.output + registered.output
    if registered.value is None:
        reason = f"rejected by the host: {registered.failure}"
        return PluginInfo(
            entry_point.name, dist_name, version, entry_point.value, "broken", reason, output=output
        )
    folders = package_folders(entry_point.module)
    return replace(registered.value, output=output, folders=folders)


def package_folders(module_name: str) -> tuple[str, ...]:
    """The folders of the package holding the entry point's module (its own, if a package).

    Taken from the imported module's `__path__`, not from the distribution's file list: an
    editable install lists only its `.pth` file. A plugin that is a lone top-level module has
    no folder of its own (its folder is site-packages), so it gets none. Read through `vars`
    so no plugin-defined `__getattr__` runs outside the guard.
    """
    name = module_name
    while name:
        module = sys.modules.get(name)
        path = vars(module).get("__path__") if module is not None else None
        if path is not None:
            try:
                return tuple(os.path.realpath(str(folder)) for folder in list(path))
            except (TypeError, ValueError, OSError):
                return ()
        name = name.rpartition(".")[0]
    return ()


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
    wrappers = [
        _wrapper(caller.name, impl)
        for caller in callers
        for impl in caller.get_hookimpls()
        if impl.plugin is plugin and (impl.wrapper or impl.hookwrapper)
    ]
    if unknown or wrappers:
        manager.unregister(plugin)
        reason = "; ".join([*(_unknown_hook(hook, manager) for hook in unknown), *wrappers])
        return PluginInfo(name, dist_name, version, module, "broken", reason, hooks)
    return PluginInfo(name, dist_name, version, module, "loaded", None, hooks)


def _wrapper(hook: str, impl: pluggy.HookImpl) -> str:
    """A wrapper would load and then silently register nothing, so it is refused instead.

    The host calls each plugin's implementation on its own, under a guard and with its own
    `register`, never through pluggy's chain of wrappers: a wrapper has nothing to wrap.
    """
    option = "wrapper" if impl.wrapper else "hookwrapper"
    return (
        f"implements {hook} as a hook wrapper ({option}=True), which starframe does not "
        f"support: starframe calls each plugin's hook on its own, so drop {option}=True"
    )


def _unknown_hook(hook: str, manager: pluggy.PluginManager) -> str:
    """A misspelt hook would otherwise load silently and never be called."""
    import difflib  # only for a plugin with an unknown hook: every start loads the host

    known = sorted(
        name
        for name, caller in vars(manager.hook).items()
        if getattr(caller, "spec", None) is not None
    )
    close = difflib.get_close_matches(hook, known, n=1)
    hint = f"; did you mean {close[0]}?" if close else f"; the hooks are {', '.join(known)}"
    return f"implements {hook}, which is not a starframe hook{hint}"
