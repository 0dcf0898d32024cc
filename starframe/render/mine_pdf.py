""" "My Star" saved as PDF: the same steps for `starframe render mine` and the terminal UI.

Both find the reading's journey through `loading.load_mine`, write it with `mine_view` and
`render_mine`, and save it through the one writer (`starframe.output_files`): owner-only,
never half-made, never over the open store's files.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from pathlib import Path

    from starframe.definition.models import Star
    from starframe.plugins.host import PluginHost
    from starframe.readings.models import Reading
    from starframe.readings.store import Store


@dataclass(frozen=True)
class MineChoices:
    """What the worker and the person chose for their copy."""

    lang: str | None = None
    large_print: bool = False
    with_worker_name: bool = False


def save_mine_pdf(
    store: Store,
    reading: Reading,
    star: Star,
    host: PluginHost | None,
    path: Path,
    choices: MineChoices,
    *,
    force: bool = False,
) -> None:
    """Write the person's copy of the complete `reading`, worded from `star` (its translation).

    Raises NothingToReport for a draft, TargetExists for an existing file without `force`,
    OutputError when the file may not or cannot be written.
    """
    from starframe.output_files import write_bytes
    from starframe.plugins.messages import plugin_messages
    from starframe.render.loading import load_mine
    from starframe.render.mine import render_mine
    from starframe.render.mine_content import mine_view

    with store.read() as reader:
        inputs = load_mine(reader, reading.person, reading.star, str(reading.id))
    messages = plugin_messages(host, choices.lang)
    name = inputs.worker_name if choices.with_worker_name else None
    view = mine_view(star, inputs.journey, inputs.reading, messages, name)
    pdf = render_mine(view, messages=messages, large_print=choices.large_print)
    write_bytes(path, pdf, force=force, protected=store.location.files)
