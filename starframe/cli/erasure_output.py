"""What the erasing commands print after an erasure: how the bytes went, and what is out of reach.

The sentences come from the core (`store/scrub.py`); this only lays them out. What could
not be done is a warning on stderr, so a script sees it without parsing the summary.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

import click

if TYPE_CHECKING:
    from starframe.store.scrub import Scrub


def echo_scrub(scrubbed: Scrub) -> None:
    for done in scrubbed.done:
        click.echo(f"In the database, {done}.")
    for undone in scrubbed.undone:
        click.echo(f"starframe: warning: {undone}", err=True)
    click.echo(
        "starframe cannot reach copies made outside the database; delete or expire them "
        "under your organisation's rules:"
    )
    for copy in scrubbed.out_of_reach:
        click.echo(f"  - {copy}")
