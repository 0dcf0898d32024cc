"""A workbook exported as `starframe wording export` makes it, for the wording tests."""

from __future__ import annotations

from pathlib import Path

from starframe.definition.load import load_star_file
from starframe.wording.exchange import export_wording
from starframe.wording.sources import translations_beside


def export_beside(star_file: Path, out: Path, *languages: str) -> None:
    """The workbook of `star_file` with the translations beside it in `languages` (and the
    workshop notes kept beside it, as the command does)."""
    star = load_star_file(star_file).star
    assert star is not None
    translations, problems = translations_beside(star_file, star, languages)
    assert not problems
    export_wording(star, translations, out, star_file=star_file, force=True)
