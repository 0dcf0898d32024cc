"""What the UI works on: the database, the Star and case folders, the language, today's date.

Everything the screens reach outside themselves is named here, so a test builds the app on a
fixed catalog, a temporary database and a fixed date, and never sees what is installed.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from starframe.catalog import Catalog
    from starframe.plugins.host import PluginHost


@dataclass(frozen=True)
class Settings:
    """`--db`, `--stars-dir`, `--cases-dir` and `--lang`, and what tests pin: plugins, date."""

    db: str | None = None
    stars_dirs: tuple[Path, ...] = ()
    cases_dirs: tuple[Path, ...] = ()
    """Folders of a trainer's own practice cases, offered beside the plugins' cases."""
    lang: str | None = None
    make_host: Callable[[], PluginHost] | None = None
    """Plugin host factory; None loads the installed plugins."""
    today: Callable[[], dt.date] = dt.date.today
    cursor_blink: bool = True
    """Off in snapshot tests, so a screenshot never catches the cursor half way."""


@dataclass
class StarSource:
    """Builds the catalog, and tells when a draft folder changed so it can be built again.

    The folders are `--stars-dir` and STARFRAME_STARS_PATH. Their files are polled as
    `starframe stars show --watch` does: no file-system event library, and two checks a
    second cost nothing noticeable.
    """

    settings: Settings
    _seen: dict[Path, tuple[int, int]] = field(default_factory=dict)

    def load(self) -> Catalog:
        from starframe.catalog import build_catalog

        host = self.settings.make_host() if self.settings.make_host else None
        if self.watching:
            self._seen = self._snapshot()
        return build_catalog(host=host, stars_dirs=self.settings.stars_dirs)

    @property
    def folders(self) -> list[Path]:
        from starframe.catalog import stars_dirs_from_env

        return [*self.settings.stars_dirs, *stars_dirs_from_env()]

    @property
    def watching(self) -> bool:
        return bool(self.folders)

    def changed(self) -> bool:
        """True once after any file in the draft folders was added, changed or removed."""
        if not self.watching:
            return False
        now = self._snapshot()
        if now == self._seen:
            return False
        self._seen = now
        return True

    def _snapshot(self) -> dict[Path, tuple[int, int]]:
        from starframe.file_state import snapshot

        return snapshot(self.folders)
