"""Opening what commands read: the Star catalog, the practice cases, one Star named on the line.

The catalog modules are imported inside these helpers, so `starframe --help` pays for none of
them; a Star or case that cannot be found becomes a one-line `UserError`.
"""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path
from typing import TYPE_CHECKING

from starframe.cli.shared.errors import UserError

if TYPE_CHECKING:
    from starframe.catalog import Catalog
    from starframe.definition.models import Star
    from starframe.practice.cases import CaseCatalog


def open_catalog(stars_dirs: tuple[Path, ...], *, by_stamps: bool = False) -> Catalog:
    """`by_stamps`: see `build_catalog` (only for a command that reads no file's bytes)."""
    from starframe.catalog import build_catalog

    return build_catalog(stars_dirs=stars_dirs, by_stamps=by_stamps)


def open_cases(cases_dirs: tuple[Path, ...], stars_dirs: tuple[Path, ...]) -> CaseCatalog:
    from starframe.practice.cases import build_case_catalog

    return build_case_catalog(open_catalog(stars_dirs), cases_dirs)


def resolve_star(
    star_ref: str,
    edition: str | None,
    stars_dirs: tuple[Path, ...],
    lang: str | None = None,
    *,
    catalogs: Callable[[tuple[Path, ...]], Catalog] = open_catalog,
) -> Star:
    """An installed Star by id (`id` or `id@edition`), or a Star file by path.

    With `lang`, the Star in that language; a file's translations are found in its folder.
    `catalogs` builds the catalog for given folders (a command passes its own, to share its
    plugin host).
    """
    path = Path(star_ref)
    if path.suffix in (".yaml", ".yml") or path.is_file():
        star = _load_file(path)
        if lang is None:
            return star
        return _find(star.id, star.edition, (*stars_dirs, path.parent), lang, catalogs)
    star_id, _, at_edition = star_ref.partition("@")
    return _find(star_id, edition or at_edition or None, stars_dirs, lang, catalogs)


def _find(
    star_id: str,
    edition: str | None,
    stars_dirs: tuple[Path, ...],
    lang: str | None,
    catalogs: Callable[[tuple[Path, ...]], Catalog],
) -> Star:
    from starframe.catalog import StarNotFound

    try:
        return catalogs(stars_dirs).find(star_id, edition, lang)
    except StarNotFound as exc:
        raise UserError(str(exc)) from None


def _load_file(path: Path) -> Star:
    from starframe.definition.load import load_star_file

    loaded = load_star_file(path)
    if loaded.star is None:
        errors = [p for p in loaded.problems if p.is_error]
        raise UserError(
            f"{path} is not a valid Star ({len(errors)} error(s)); "
            f"run `starframe validate {path}` to see them."
        )
    return loaded.star
