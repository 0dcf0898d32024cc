"""Save a reading's report as PDF with the renderer of `starframe render reading`.

The same functions build the same report as the command; the TUI only chooses the file.
The renderer is an optional part: where ReportLab is not installed, the action is hidden.
"""

from __future__ import annotations

from importlib.util import find_spec
from pathlib import Path
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from starframe.definition.models import Star
    from starframe.plugins import PluginHost
    from starframe.readings.models import Reading
    from starframe.tui.records import Records


def renderer_installed() -> bool:
    return find_spec("reportlab") is not None


def default_file(reading: Reading) -> Path:
    """`P-0042-justice-2024-06-01.pdf` in the folder starframe was started from."""
    return Path.cwd() / f"{reading.person}-{reading.star}-{reading.date.isoformat()}.pdf"


def save_reading_pdf(
    records: Records, reading: Reading, star: Star, host: PluginHost | None, path: Path
) -> list[str]:
    """Write the report (readable by its owner only); returns warnings from plugin sections.

    The person chose the path in the save dialog, so an existing file there is replaced
    (until the TUI asks before replacing). Raises OutputError when the file cannot be written.
    """
    from starframe.output_files import write_bytes
    from starframe.render.loading import worker_names
    from starframe.render.report import render_report
    from starframe.render.sections import ReportContext, report_sections
    from starframe.render.views import reading_view

    with records.store().read() as reader:
        workers = worker_names(reader, [reading.worker])
    sections, warnings = report_sections(host, ReportContext("reading", star, reading))
    pdf = render_report(reading_view(star, reading, workers), sections=sections)
    protected = records.store().location.files
    write_bytes(path.expanduser(), pdf, force=True, protected=protected)
    return warnings
