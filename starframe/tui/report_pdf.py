"""Save a reading's report as PDF with the renderer of `starframe render reading`.

The same call (`starframe.render.reading_pdf`) builds and writes the same report as the
command; the TUI only chooses the file.
Which files may be written is the writer's rule (`starframe.output_files`): the TUI asks it,
and where it would need `--force` the TUI asks the person instead.
"""

from __future__ import annotations

from pathlib import Path
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from starframe.definition.models import Star
    from starframe.plugins.host import PluginHost
    from starframe.readings.models import Reading
    from starframe.tui.store_access import StoreAccess


def default_file(reading: Reading) -> Path:
    """`P-0042-justice-2024-06-01.pdf` in the folder starframe was started from."""
    return Path.cwd() / f"{reading.person}-{reading.star}-{reading.date.isoformat()}.pdf"


def replaces_a_file(access: StoreAccess, path: Path) -> bool:
    """Whether saving to `path` would replace a file, which the person must agree to first.

    Raises OutputError where the report may not be saved at all: the database in use or one of
    its working files, a symbolic link, a folder, a missing folder.
    """
    from starframe.output_files import TargetExists, check_target

    try:
        check_target(path.expanduser(), protected=access.store().location.files)
    except TargetExists:
        return True
    return False


def save_reading_pdf(
    access: StoreAccess,
    reading: Reading,
    star: Star,
    host: PluginHost | None,
    path: Path,
    *,
    replace: bool = False,
) -> list[str]:
    """Write the report (readable by its owner only); returns warnings from plugin sections.

    An existing file is replaced only with `replace` (the person agreed to it): without it,
    one that appeared since `replaces_a_file` was asked raises TargetExists. Raises
    OutputError when the file cannot be written.
    """
    from starframe.render.reading_pdf import save_reading_pdf as save

    return save(access.store(), reading, star, host, path.expanduser(), force=replace)
