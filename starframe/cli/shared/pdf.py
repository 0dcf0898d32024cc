"""Writing a rendered PDF: the one way the render and practice commands put a PDF on disk."""

from __future__ import annotations

from pathlib import Path

import click

from starframe.output_files import write_bytes


def write_pdf(output: Path, pdf: bytes, *, force: bool, protected: tuple[Path, ...] = ()) -> None:
    """Every PDF names people or is printed for them: written owner-only, never half-made."""
    write_bytes(output, pdf, force=force, protected=protected)
    click.echo(f"wrote {output}", err=True)
