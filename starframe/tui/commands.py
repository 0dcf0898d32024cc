"""The command palette's one provider: every bound action of the screen in front.

Listing the bindings themselves (those with an `id`, i.e. starframe's own) means the palette
and the footer can never disagree, and an action added with a key is searchable at once.
Being the only provider also fixes the order, which several providers would interleave: the
screen's own actions first, then its commands without a key (`StarScreen.palette_commands`),
then a family of numbered keys (the ten "Score N"), then the app's (Keys, Quit) and what
Textual adds (Theme), each once.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from functools import partial
from typing import TYPE_CHECKING

from textual.command import DiscoveryHit, Hit, Hits, Provider

if TYPE_CHECKING:
    from textual.binding import ActiveBinding

NUMBERED = re.compile(r"\.\d+$")
"""`score.1` … `score.10`: one family of keys, listed after the screen's other actions."""


@dataclass(frozen=True)
class PaletteCommand:
    """A command the palette offers that no key is bound to (a setting, say)."""

    name: str
    help: str
    run: Callable[[], object]


class BoundActions(Provider):
    """Commands for the enabled, identified bindings of the screen the palette opened over."""

    def _commands(self) -> Iterator[PaletteCommand]:
        from starframe.tui.screens.base import StarScreen

        own: list[PaletteCommand] = []
        numbered: list[PaletteCommand] = []
        app_wide: list[PaletteCommand] = []
        seen: set[str] = set()
        for active in self.screen.active_bindings.values():
            binding = active.binding
            if binding.id is None or not active.enabled or binding.id in seen:
                continue
            seen.add(binding.id)
            keys = self.app.get_key_display(binding)
            command = PaletteCommand(
                binding.description, f"{keys} · {binding.tooltip}", partial(self._run, active)
            )
            if binding.id.startswith("app."):
                app_wide.append(command)
            elif NUMBERED.search(binding.id):
                numbered.append(command)
            else:
                own.append(command)
        yield from own
        if isinstance(self.screen, StarScreen):
            yield from self.screen.palette_commands()
        yield from numbered
        yield from app_wide
        for system in self.app.get_system_commands(self.screen):
            yield PaletteCommand(system.title, system.help, system.callback)

    def _run(self, active: ActiveBinding) -> None:
        self.app.call_later(partial(self.app.run_action, active.binding.action, active.node))

    async def discover(self) -> Hits:
        for command in self._commands():
            yield DiscoveryHit(command.name, command.run, help=command.help)

    async def search(self, query: str) -> Hits:
        matcher = self.matcher(query)
        for command in self._commands():
            score = matcher.match(command.name)
            if score > 0:
                yield Hit(score, matcher.highlight(command.name), command.run, help=command.help)
