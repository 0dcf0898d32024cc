"""Which translation files belong to a Star file: `<id>.<lang>.yaml` beside it.

The bundled Justice Star's Welsh file (`justice.cy.yaml`) sets the pattern: a workbook's other
language columns come from, and go back to, the file so named in the Star's folder.
"""

from __future__ import annotations

from pathlib import Path
from typing import TYPE_CHECKING

from starframe.definition.models import Star
from starframe.definition.translation import Translation, load_translation_text
from starframe.problems import Problem

if TYPE_CHECKING:
    from starframe.catalog import Catalog


def translation_path(star_file: Path, star_id: str, language: str) -> Path:
    return star_file.parent / f"{star_id}.{language}.yaml"


def translations_beside(
    star_file: Path, star: Star, languages: tuple[str, ...]
) -> tuple[dict[str, Translation | None], list[Problem]]:
    """Each language's translation beside `star_file` (None where there is none yet)."""
    found: dict[str, Translation | None] = {}
    problems: list[Problem] = []
    for language in languages:
        path = translation_path(star_file, star.id, language)
        if not path.is_file():
            found[language] = None
            continue
        loaded = load_translation_text(path.read_bytes(), str(path))
        errors = [p for p in loaded.problems if p.is_error]
        problems += errors
        found[language] = None if errors else loaded.translation
    return found, problems


def catalog_translations(
    catalog: Catalog, star: Star, languages: tuple[str, ...]
) -> tuple[dict[str, Translation | None], list[Problem]]:
    """Each language's installed translation of `star` (None where none is installed)."""
    found: dict[str, Translation | None] = dict.fromkeys(languages)
    problems: list[Problem] = []
    for entry in catalog.translations:
        header = entry.checked.translates if entry.checked else None
        if entry.checked is None or header is None or header.language not in found:
            continue
        if (header.star, header.edition) != (star.id, star.edition):
            continue
        loaded = load_translation_text(entry.checked.raw, entry.file)
        errors = [p for p in loaded.problems if p.is_error]
        problems += errors
        found[header.language] = None if errors else loaded.translation
    return found, problems
