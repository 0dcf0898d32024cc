"""`starframe validate`: check files, folders or installed Stars, and say where to fix them."""

from __future__ import annotations

from pathlib import Path
from typing import TYPE_CHECKING

import click

from starframe.cli.options import stars_dir_option
from starframe.cli.shared.catalogs import open_catalog
from starframe.cli.shared.output import echo_json
from starframe.problems import Problem, has_errors, report_lines

if TYPE_CHECKING:
    from starframe.catalog import Catalog


@click.command()
@click.argument("targets", nargs=-1, required=True, metavar="PATH_OR_ID...")
@click.option("--strict", is_flag=True, help="Fail on warnings too (the check before publishing).")
@click.option(
    "--format",
    "fmt",
    type=click.Choice(["text", "json"]),
    default="text",
    show_default=True,
    help="json prints a list of problem records.",
)
@click.option("--watch", is_flag=True, help="Check again whenever a file changes (Ctrl+C stops).")
@stars_dir_option
def validate(
    targets: tuple[str, ...], strict: bool, fmt: str, watch: bool, stars_dirs: tuple[Path, ...]
) -> int:
    """Check Star files, translations, practice cases, folders of them, or installed Stars by id.

    Exit code: 0 clean, 1 errors (or warnings with --strict), 2 usage.
    """
    if watch:
        from starframe.cli.shared.watch import watch as watch_files

        paths = [Path(t) for t in targets if Path(t).exists()] + list(stars_dirs)
        if not paths:
            raise click.UsageError("--watch needs files or folders (or --stars-dir) to watch.")
        watch_files(paths, lambda: _report(targets, strict, fmt, stars_dirs))
        return 0
    return _report(targets, strict, fmt, stars_dirs)


def _report(targets: tuple[str, ...], strict: bool, fmt: str, stars_dirs: tuple[Path, ...]) -> int:
    checked: list[tuple[str, str, list[Problem]]] = []
    for target in targets:
        checked.extend(_check_target(target, stars_dirs))
    problems = [p for _, _, found in checked for p in found]
    if fmt == "json":
        echo_json([p.as_record() for p in problems])
    else:
        texts = {file: text for file, text, _ in checked}
        for line in report_lines(problems, texts):
            click.echo(line)
        errors = sum(p.is_error for p in problems)
        warnings = sum(p.severity == "warning" for p in problems)
        notes = len(problems) - errors - warnings
        files = len(checked)
        click.echo(
            f"Checked {files} file{'s' if files != 1 else ''}: "
            f"{errors} error{'s' if errors != 1 else ''}, "
            f"{warnings} warning{'s' if warnings != 1 else ''}"
            + (f", {notes} note{'s' if notes != 1 else ''}." if notes else "."),
            err=True,
        )
    return 1 if has_errors(problems, strict=strict) else 0


def _check_target(
    target: str, stars_dirs: tuple[Path, ...]
) -> list[tuple[str, str, list[Problem]]]:
    from starframe.definition.check_cache import check_star_bytes, open_cache
    from starframe.documents.inputs import read_problem

    path = Path(target)
    if path.is_dir():
        # Anything but a folder: a pipe or a device named .yaml is refused, not skipped.
        files = sorted(
            p for p in path.rglob("*") if p.suffix in (".yaml", ".yml") and not p.is_dir()
        )
        if not files:
            raise click.UsageError(f"{target} holds no .yaml files to check.")
    elif path.exists():  # a pipe or a device too, to be refused as input
        files = [path]
    else:
        return _check_installed(target, stars_dirs)
    from starframe.plugins.host import make_plugin_host
    from starframe.plugins.rules import plugin_rules

    results = []
    cache = open_cache()
    rules = plugin_rules(make_plugin_host())
    for file in files:
        raw, refused = read_problem(file)
        if refused:
            results.append((refused.file, "", [refused]))
            continue
        checked = check_star_bytes(raw, str(file), cache, rules)
        if checked.kind == "translation":
            header = checked.translates
            catalog = (
                catalog_with(header.star, header.edition, stars_dirs, file.parent)
                if header
                else open_catalog(stars_dirs)
            )
            problems = translation_problems(raw, str(file), catalog)
        elif checked.kind == "practice-case":
            problems = practice_case_problems(raw, str(file), stars_dirs, file.parent)
        elif path.is_dir() and checked.kind in ("reading", "practice-answers"):
            continue
        else:
            problems = checked.problems
        results.append((str(file), raw.decode("utf-8", "replace"), problems))
    return results


def catalog_with(star_id: str, edition: str, stars_dirs: tuple[Path, ...], folder: Path) -> Catalog:
    """The catalog to check a file against: the file's own folder joins only when the Star is
    neither installed nor in --stars-dir, since an installed Star would otherwise conflict
    with its own source file beside it."""
    catalog = open_catalog(stars_dirs)
    for entry in catalog.ok_entries():
        if entry.summary and (entry.summary.id, entry.summary.edition) == (star_id, edition):
            return catalog
    return open_catalog((*stars_dirs, folder))


def practice_case_problems(
    raw: bytes, file: str, stars_dirs: tuple[Path, ...], folder: Path
) -> list[Problem]:
    """A practice case's own problems, then how its reference scores fit its Star."""
    from starframe.practice.cases import check_against
    from starframe.practice.models import load_case_text

    loaded = load_case_text(raw, file)
    case = loaded.checkable  # a broken case's well-formed scores are checked too
    if case is not None:
        catalog = catalog_with(case.star, case.edition, stars_dirs, folder)
        check_against(loaded, catalog)
    return loaded.problems


def translation_problems(raw: bytes, file: str, catalog: Catalog) -> list[Problem]:
    """A translation's own problems, then its orphans and gaps against the Star it names."""
    from starframe.catalog import StarNotFound
    from starframe.definition.translation import check_against, load_translation_text

    loaded = load_translation_text(raw, file)
    translation = loaded.translation or loaded.partial
    if translation is None:
        return loaded.problems
    try:
        star = catalog.entry(translation.star, translation.edition).star()
    except StarNotFound:
        doc = loaded.document
        doc.problems.append(
            doc.problem(
                "SF503",
                f"this translates {translation.star}@{translation.edition}, which is neither "
                "installed nor in this folder: install it, or pass --stars-dir with its folder.",
                ("star",),
            )
        )
        return loaded.problems
    check_against(loaded, star)
    return loaded.problems


def _check_installed(
    target: str, stars_dirs: tuple[Path, ...]
) -> list[tuple[str, str, list[Problem]]]:
    star_id, _, edition = target.partition("@")
    catalog = open_catalog(stars_dirs)
    matches = [
        entry
        for entry in catalog.entries
        if entry.summary
        and entry.summary.id == star_id
        and (not edition or entry.summary.edition == edition)
    ]
    if not matches:
        raise click.UsageError(
            f"`{target}` is neither a file nor an installed Star id; "
            "see `starframe stars list` for ids."
        )
    results = []
    for entry in matches:
        problems = list(entry.problems)
        if entry.conflict:
            problems.append(Problem("SF301", "error", entry.conflict, entry.file))
        text = entry.checked.raw.decode("utf-8", "replace") if entry.checked else ""
        results.append((entry.file, text, problems))
    keys = {(e.summary.id, e.summary.edition) for e in matches if e.summary}
    for translation in catalog.translations:
        header = translation.checked.translates if translation.checked else None
        if translation.checked and header and (header.star, header.edition) in keys:
            raw = translation.checked.raw
            problems = translation_problems(raw, translation.file, catalog)
            results.append((translation.file, raw.decode("utf-8", "replace"), problems))
    return results
