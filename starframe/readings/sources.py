"""Attach the installed definition text to new readings, so each keeps the exact Star it used.

A reading that names no definition is taken with the Star edition installed now: its bytes
are stored (once per content) and the reading references their hash. When the edition is no
longer installed, the store falls back to the copy it already holds.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from starframe.catalog import Catalog
    from starframe.readings.models import Reading
    from starframe.readings.writer import Writer

CatalogFactory = Callable[[], "Catalog"]


class InstalledDefinitions:
    """Builds the catalog only when a reading needs it, and stores each text once per writer."""

    def __init__(self, make_catalog: CatalogFactory) -> None:
        self._make_catalog = make_catalog
        self._catalog: Catalog | None = None
        self._writer: Writer | None = None
        self._hashes: dict[tuple[str, str], str | None] = {}

    def hashes(self, writer: Writer, readings: Iterable[Reading]) -> dict[tuple[str, str], str]:
        """The installed definition for each Star edition the readings name without one."""
        if writer is not self._writer:
            # A rolled-back transaction took the definitions it stored with it.
            self._writer, self._hashes = writer, {}
        wanted = {(r.star, r.edition) for r in readings if r.definition is None}
        found = {key: self._hash(writer, *key) for key in sorted(wanted)}
        return {key: hash_ for key, hash_ in found.items() if hash_ is not None}

    def _hash(self, writer: Writer, star_id: str, edition: str) -> str | None:
        key = (star_id, edition)
        if key not in self._hashes:
            from starframe.catalog import StarNotFound

            if self._catalog is None:
                self._catalog = self._make_catalog()
            try:
                entry = self._catalog.entry(star_id, edition)
            except StarNotFound:
                self._hashes[key] = None
            else:
                assert entry.checked is not None
                self._hashes[key] = writer.put_definition(entry.checked.raw)
        return self._hashes[key]
