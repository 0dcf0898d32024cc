"""The catalog as rows a person reads: every Star, broken ones and broken plugins included.

A Star that fails to load must be seen, with its reason, not found silently missing; so the
home screen and the Star browser list the same rows, each marked by a word and a sign
(✓ ok, ✗ broken, ! conflict) rather than by colour alone.
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING, Literal

if TYPE_CHECKING:
    from starframe.catalog import Catalog, CatalogEntry, Origin

RowState = Literal["ok", "broken", "conflict"]
SIGNS: dict[RowState, str] = {"ok": "✓", "broken": "✗", "conflict": "!"}


@dataclass(frozen=True)
class StarRow:
    key: str
    """Stable across reloads (the file, or the plugin), to keep a selection."""
    state: RowState
    title: str
    source: str
    reason: str | None
    entry: CatalogEntry | None

    @property
    def sign(self) -> str:
        return SIGNS[self.state]


def source_label(origin: Origin) -> str:
    """A plugin by name and version; a folder by its own name (its path is long and local)."""
    if origin.kind == "folder":
        return f"folder {Path(origin.name).name}"
    return origin.describe()


def star_rows(catalog: Catalog) -> list[StarRow]:
    rows = [_entry_row(entry) for entry in catalog.entries]
    rows.extend(
        StarRow(f"plugin:{p.name}", "broken", f"plugin {p.label}", "plugin", p.reason, None)
        for p in catalog.host.plugins
        if p.state == "broken"
    )
    return rows


def _entry_row(entry: CatalogEntry) -> StarRow:
    summary = entry.summary
    title = f"{summary.name} {summary.edition}" if summary else Path(entry.file).name
    return StarRow(
        f"file:{entry.file}", entry.state, title, source_label(entry.origin), entry.reason, entry
    )
