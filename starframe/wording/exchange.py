"""`wording export` and `wording import` as functions the CLI (and a later TUI) call.

Export writes through the project's output writer; import edits the author's own files in place
(`output_files.edit_in_place`: atomic, refused when a file changed since it was read) and creates
missing translation files, only once every result passes the definition's checks. The
workshop's comment column is kept beside the Star (`notes.py`) and comes back on the next export.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from pathlib import Path

from starframe.definition.load import load_star_text
from starframe.definition.models import Star
from starframe.definition.translation import Translation
from starframe.output_files import OutputError, edit_in_place, read_for_edit, write_bytes
from starframe.problems import Problem
from starframe.wording.apply import Change, plan_import
from starframe.wording.notes import notes_bytes, notes_path, read_notes, with_notes
from starframe.wording.sources import translation_path, translations_beside
from starframe.wording.texts import Wording, wording_of


class WordingError(Exception):
    """The workbook or the Star cannot be used at all (one line for the user)."""


def export_wording(
    star: Star,
    translations: Mapping[str, Translation | None],
    out: Path,
    *,
    force: bool = False,
    star_file: Path | None = None,
) -> Wording:
    """Write `star`'s wording to `out`: an .xlsx workbook, or a .csv table. Exported from
    `star_file`, the workshop notes kept beside it fill the comment column again."""
    wording = wording_of(star, translations)
    if star_file is not None:
        with_notes(wording, read_notes(notes_path(star_file, star.id)))
    if out.suffix.lower() == ".csv":
        from starframe.wording.csv_table import csv_text

        write_bytes(out, csv_text(wording).encode("utf-8"), force=force)
    elif out.suffix.lower() == ".xlsx":
        from starframe.wording.workbook import workbook_bytes

        write_bytes(out, workbook_bytes(wording), force=force)
    else:
        raise WordingError(f"{out}: name a .xlsx workbook or a .csv table to write.")
    return wording


def read_wording(star: Star, path: Path) -> tuple[Wording | None, list[Problem]]:
    """The table a workbook or CSV file holds for `star`, or None with every problem."""
    shown = str(path)
    if path.suffix.lower() == ".csv":
        from starframe.wording.csv_table import wording_from_csv

        return wording_from_csv(star, path, shown)
    from starframe.wording.reading import wording_from_grids
    from starframe.wording.workbook import read_workbook

    facts, grids, problems = read_workbook(path, shown)
    if problems:
        return None, problems
    return wording_from_grids(star, facts, grids, shown)


@dataclass
class ImportResult:
    """What an import found and did: `written` is empty unless every check passed."""

    changes: list[Change]
    problems: list[Problem]
    written: list[Path]
    notes: int = 0
    """Workshop notes (comment cells) the workbook held."""
    notes_written: Path | None = None
    """The notes file, when the notes changed and it was written."""

    @property
    def ok(self) -> bool:
        return not any(p.is_error for p in self.problems)


def import_wording(workbook: Path, into: Path) -> ImportResult:
    """Apply a workbook's edits to the Star file `into` and its translations beside it."""
    try:
        original = read_for_edit(into)
    except OutputError as exc:
        raise WordingError(str(exc)) from None
    loaded = load_star_text(original.data, str(into))
    if loaded.star is None:
        raise WordingError(
            f"{into} is not a valid Star: run `starframe validate {into}` and fix it first."
        )
    star = loaded.star
    edited, problems = read_wording(star, workbook)
    if edited is None:
        return ImportResult([], problems, [])
    current_translations, broken = translations_beside(into, star, edited.languages)
    if broken:
        return ImportResult([], broken, [])
    current = wording_of(star, current_translations)
    originals = {}
    for language in edited.languages:
        path = translation_path(into, star.id, language)
        originals[language] = read_for_edit(path) if path.is_file() else None
    outcome = plan_import(
        into,
        original.data,
        current,
        edited,
        {lang: (o.data if o else None) for lang, o in originals.items()},
        loaded,
    )
    if not outcome.ok:
        return ImportResult(outcome.changes, outcome.problems, [])
    written: list[Path] = []
    for change in outcome.changes:
        if change.before is None:
            write_bytes(change.path, change.after)
            written.append(change.path)
            continue
        read = original if change.path == into else originals[change.language]
        assert read is not None
        if edit_in_place(read, change.after):
            written.append(change.path)
    kept = _keep_notes(into, edited)
    return ImportResult(outcome.changes, outcome.problems, written, len(edited.comments), kept)


def _keep_notes(into: Path, edited: Wording) -> Path | None:
    """Write the workbook's comments beside the Star when they differ from those kept."""
    path = notes_path(into, edited.star_id)
    data = notes_bytes(edited)
    if path.is_file():
        return path if edit_in_place(read_for_edit(path), data) else None
    if not edited.comments:
        return None
    write_bytes(path, data)
    return path
