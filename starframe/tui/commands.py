"""The command palette's one provider: every bound action of the screen in front.

Listing the bindings themselves (those with an `id`, i.e. starframe's own) means the palette
and the footer can never disagree, and an action added with a key is searchable at once.
"""

from __future__ import annotations

from collections.abc import Iterator
from functools import partial
from typing import TYPE_CHECKING

from textual.command import DiscoveryHit, Hit, Hits, Provider

if TYPE_CHECKING:
    from textual.binding import ActiveBinding


class BoundActions(Provider):
    """Commands for the enabled, identified bindings of the screen the palette opened over."""

    def _bound(self) -> Iterator[tuple[str, str, ActiveBinding]]:
        seen: set[str] = set()
        for active in self.screen.active_bindings.values():
            binding = active.binding
            if binding.id is None or not active.enabled or binding.id in seen:
                continue
            seen.add(binding.id)
            keys = self.app.get_key_display(binding)
            yield binding.description, f"{keys} · {binding.tooltip}", active

    def _run(self, active: ActiveBinding) -> None:
        self.app.call_later(partial(self.app.run_action, active.binding.action, active.node))

    async def discover(self) -> Hits:
        for name, help_text, active in self._bound():
            yield DiscoveryHit(name, partial(self._run, active), help=help_text)

    async def search(self, query: str) -> Hits:
        matcher = self.matcher(query)
        for name, help_text, active in self._bound():
            score = matcher.match(name)
            if score > 0:
                yield Hit(
                    score, matcher.highlight(name), partial(self._run, active), help=help_text
                )
