"""One reading's report saved as PDF: the same call for `starframe render reading` and the
terminal UI, so both print the same report with the same plugin sections and write it by the
same rules.

The file is written owner-only and never half-made (`starframe.output_files`), and never over
the open store's database or its working files. A plugin section that fails is left out and
named in a warning: the report is still worth having without it.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from pathlib import Path

    from starframe.definition.models import Star
    from starframe.i18n import Messages
    from starframe.plugins.host import PluginHost
    from starframe.readings.models import Reading
    from starframe.readings.store import Store


def save_reading_pdf(
    store: Store,
    reading: Reading,
    star: Star,
    host: PluginHost | None,
    path: Path,
    *,
    force: bool = False,
    messages: Messages | None = None,
) -> list[str]:
    """Write `reading`'s report on `star` (in the language chosen) to `path`; returns the
    warnings of plugins whose sections were left out.

    `messages` is the fixed wording (English when None). An existing file is replaced only
    with `force`; without it TargetExists is raised. Raises
    OutputError when the file may not or cannot be written.
    """
    from starframe.output_files import write_bytes
    from starframe.render.loading import worker_names
    from starframe.render.report import render_report
    from starframe.render.report_content import reading_view
    from starframe.render.sections import ReportContext, report_sections

    with store.read() as reader:
        workers = worker_names(reader, [reading.worker])
    sections, warnings = report_sections(host, ReportContext("reading", star, reading))
    from starframe.i18n import ENGLISH

    view = reading_view(star, reading, workers)
    pdf = render_report(view, sections=sections, messages=messages or ENGLISH)
    write_bytes(path, pdf, force=force, protected=store.location.files)
    return warnings
