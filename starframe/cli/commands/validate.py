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
    from starframe.catalog import Catalog, CatalogEntry
    from starframe.definition.check_cache import CheckedFile
    from starframe.definition.models import Star
    from starframe.practice.models import LoadedCase


@click.command()
@click.argument("targets", nargs=-1, metavar="PATH_OR_ID...")
@click.option("--strict", is_flag=True, help="Fail on warnings too (the check before publishing).")
@click.option(
    "--plugin",
    "plugins",
    multiple=True,
    metavar="NAME",
    help="Check an installed plugin's Stars, translations and practice cases (a distribution "
    "or entry-point name).",
)
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
    targets: tuple[str, ...],
    strict: bool,
    plugins: tuple[str, ...],
    fmt: str,
    watch: bool,
    stars_dirs: tuple[Path, ...],
) -> int:
    """Check Star files, translations, practice cases, folders of them, or installed Stars by id.

    With --strict, a Star id, a folder or a --plugin is checked as ready to publish: its
    practice cases too (SF421–SF425), the same checks as a plugin's own readiness test.
    Exit code: 0 clean, 1 errors (or warnings with --strict), 2 usage.
    """
    if not targets and not plugins:
        raise click.UsageError("give files, folders or Star ids to check, or --plugin NAME.")
    if watch:
        from starframe.cli.shared.watch import watch as watch_files

        paths = [Path(t) for t in targets if Path(t).exists()] + list(stars_dirs)
        if not paths:
            raise click.UsageError("--watch needs files or folders (or --stars-dir) to watch.")
        watch_files(paths, lambda: _report(targets, strict, fmt, stars_dirs, plugins))
        return 0
    return _report(targets, strict, fmt, stars_dirs, plugins)


def _report(
    targets: tuple[str, ...],
    strict: bool,
    fmt: str,
    stars_dirs: tuple[Path, ...],
    plugins: tuple[str, ...] = (),
) -> int:
    checked: list[tuple[str, str, list[Problem]]] = []
    for target in targets:
        checked.extend(_check_target(target, stars_dirs, strict=strict))
    for plugin in plugins:
        checked.extend(_check_plugin(plugin, stars_dirs, strict=strict))
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
    target: str, stars_dirs: tuple[Path, ...], *, strict: bool = False
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
        return _check_installed(target, stars_dirs, strict=strict)
    from starframe.catalog import translation_problems
    from starframe.plugins.host import make_plugin_host
    from starframe.plugins.rules import plugin_rules

    results = []
    cache = open_cache()
    rules = plugin_rules(make_plugin_host())
    folder_stars: list[tuple[Star, str]] = []
    folder_cases: list[LoadedCase] = []
    supersedes: list[tuple[CheckedFile, list[Problem]]] = []
    folder_checked: list[CheckedFile] = []
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
            problems, case = practice_case_problems(raw, str(file), stars_dirs, file.parent)
            folder_cases.append(case)
        elif path.is_dir() and checked.kind in ("reading", "practice-answers"):
            continue
        else:
            problems = checked.problems
            if checked.ok:
                folder_checked.append(checked)
            star = checked.load().star if checked.ok and strict else None
            if star is not None:
                folder_stars.append((star, str(file)))
            if checked.ok and b"supersedes" in raw:
                supersedes.append((checked, problems))
        results.append((str(file), raw.decode("utf-8", "replace"), problems))
    if supersedes:
        stars_catalog = open_catalog(stars_dirs)
        for checked, problems in supersedes:
            problems.extend(edition_problems(checked, stars_catalog, folder_checked))
    if strict and path.is_dir():
        results.extend(_case_sets(folder_stars, folder_cases))
    return results


def edition_problems(
    checked: CheckedFile, catalog: Catalog, given: list[CheckedFile]
) -> list[Problem]:
    """SF208/SF412: `supersedes` against the other editions installed or checked with it
    (`given`: the Stars of the folder checked, loaded only when they share its id)."""
    from starframe.definition.supersedes import supersedes_findings

    loaded = checked.load()
    star = loaded.star
    if star is None:
        return []
    editions = {
        entry.summary.edition: entry.star()
        for entry in catalog.ok_entries()
        if entry.summary and entry.summary.id == star.id
    }
    for other in given:
        if other.summary and other.summary.id == star.id and other is not checked:
            other_star = other.load().star
            if other_star is not None:
                editions[other_star.edition] = other_star
    doc = loaded.document
    return [
        doc.problem(f.code, f.message, f.path, severity=f.severity, key=f.key)
        for f in supersedes_findings(star, editions)
    ]


def _case_sets(
    stars: list[tuple[Star, str]], cases: list[LoadedCase]
) -> list[tuple[str, str, list[Problem]]]:
    """SF421–SF425 for each Star and the practice cases checked with it."""
    from starframe.practice.publication import StarPlace, case_set_problems

    found: list[tuple[str, str, list[Problem]]] = []
    for star, file in stars:
        own = [c for c in cases if c.case is not None and (c.case.star, c.case.edition) == star.key]
        problems = case_set_problems(star, own, StarPlace(file))
        found.append((file, "", problems))
    return found


def _check_plugin(
    name: str, stars_dirs: tuple[Path, ...], *, strict: bool
) -> list[tuple[str, str, list[Problem]]]:
    """Everything an installed plugin ships, checked as `test_ready_to_publish` checks it."""
    from starframe.catalog import translation_problems
    from starframe.practice.cases import build_case_catalog

    catalog = open_catalog(stars_dirs)
    wanted = {name}
    for info in catalog.host.plugins:
        if name in (info.name, info.distribution):
            wanted |= {info.name, *([info.distribution] if info.distribution else [])}
    ours = [e for e in catalog.entries if e.origin.kind == "plugin" and e.origin.name in wanted]
    translations = [
        e for e in catalog.translations if e.origin.kind == "plugin" and e.origin.name in wanted
    ]
    if not ours:
        known = sorted({e.origin.name for e in catalog.entries if e.origin.kind == "plugin"})
        raise click.UsageError(
            f"no installed plugin `{name}` offers a Star; installed: {', '.join(known) or 'none'} "
            "(`starframe plugins list` says more)."
        )
    results = [_entry_result(entry) for entry in ours]
    for entry, (_, _, problems) in zip(ours, results, strict=True):
        if entry.checked is not None and entry.state == "ok":
            problems.extend(edition_problems(entry.checked, catalog, []))
    for translation in translations:
        if translation.checked:
            raw = translation.checked.raw
            problems = translation_problems(raw, translation.file, catalog)
            results.append((translation.file, raw.decode("utf-8", "replace"), problems))
    cases = [
        e
        for e in build_case_catalog(catalog).entries
        if e.origin.kind == "plugin" and e.origin.name in wanted
    ]
    for case in cases:
        text = case.loaded.document.text if case.loaded else ""
        results.append((case.file, text, list(case.problems)))
    if strict:
        stars = [(e.star(), e.file) for e in ours if e.state == "ok"]
        results.extend(_case_sets(stars, [c.loaded for c in cases if c.loaded]))
    return results


def _entry_result(entry: CatalogEntry) -> tuple[str, str, list[Problem]]:
    problems = list(entry.problems)
    if entry.conflict:
        problems.append(Problem("SF301", "error", entry.conflict, entry.file))
    text = entry.checked.raw.decode("utf-8", "replace") if entry.checked else ""
    return entry.file, text, problems


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
) -> tuple[list[Problem], LoadedCase]:
    """A practice case's own problems, then how its reference scores fit its Star."""
    from starframe.practice.cases import check_against
    from starframe.practice.models import load_case_text

    loaded = load_case_text(raw, file)
    case = loaded.checkable  # a broken case's well-formed scores are checked too
    if case is not None:
        catalog = catalog_with(case.star, case.edition, stars_dirs, folder)
        check_against(loaded, catalog)
    return loaded.problems, loaded


def _check_installed(
    target: str, stars_dirs: tuple[Path, ...], *, strict: bool = False
) -> list[tuple[str, str, list[Problem]]]:
    from starframe.catalog import translation_problems

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
    results = [_entry_result(entry) for entry in matches]
    for entry, (_, _, problems) in zip(matches, results, strict=True):
        if entry.checked is not None and entry.state == "ok":
            problems.extend(edition_problems(entry.checked, catalog, []))
    if strict:
        from starframe.practice.cases import build_case_catalog

        stars = [(e.star(), e.file) for e in matches if e.state == "ok"]
        keys_wanted = {star.key for star, _ in stars}
        cases = [
            e
            for e in build_case_catalog(catalog).entries
            if e.loaded is not None
            and (case := e.loaded.checkable) is not None
            and (case.star, case.edition) in keys_wanted
        ]
        for case_entry in cases:
            text = case_entry.loaded.document.text if case_entry.loaded else ""
            results.append((case_entry.file, text, list(case_entry.problems)))
        results.extend(_case_sets(stars, [c.loaded for c in cases if c.loaded]))
    keys = {(e.summary.id, e.summary.edition) for e in matches if e.summary}
    for translation in catalog.translations:
        header = translation.checked.translates if translation.checked else None
        if translation.checked and header and (header.star, header.edition) in keys:
            raw = translation.checked.raw
            problems = translation_problems(raw, translation.file, catalog)
            results.append((translation.file, raw.decode("utf-8", "replace"), problems))
    return results
