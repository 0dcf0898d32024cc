"""`starframe stars list|show`: what is installed, and any Star read in full."""

from __future__ import annotations

import os
from collections.abc import Callable
from pathlib import Path
from typing import TYPE_CHECKING, Any

import click

from starframe.cli.options import lang_option, stars_dir_option
from starframe.cli.shared.catalogs import open_catalog, resolve_star
from starframe.cli.shared.errors import UserError
from starframe.cli.shared.listing_cache import Printed, open_listing
from starframe.cli.shared.output import echo_json, json_text, table, wrap

if TYPE_CHECKING:
    from starframe.catalog import Catalog, CatalogEntry
    from starframe.definition.coverage import Coverage
    from starframe.definition.models import Star
    from starframe.plugins.host import PluginInfo


@click.group()
def stars() -> None:
    """List installed Stars and read their journey and ladders."""


@stars.command("list")
@stars_dir_option
@click.option("--json", "as_json", is_flag=True, help="Print JSON instead of a table.")
def list_stars(stars_dirs: tuple[Path, ...], as_json: bool) -> None:
    """Every Star the installed plugins and draft folders offer, broken ones included."""
    kept = None if stars_dirs else open_listing(as_json, os.environ)
    printed = kept.printed if kept else None
    if printed is None:
        catalog = open_catalog(stars_dirs, by_stamps=True)
        printed = listing(star_records(catalog), as_json)
        plugins = catalog.host.plugins
        if kept and not catalog.user_dirs and all(_kept_whole(p) for p in plugins):
            kept.keep([folder for p in plugins for folder in p.folders or ()], printed)
    click.echo(printed.out, nl=False)
    if printed.err:
        click.echo(printed.err, nl=False, err=True)


def _kept_whole(plugin: PluginInfo) -> bool:
    """A plugin whose every file the kept listing's key covers (see `listing_cache`)."""
    return plugin.state == "blocked" or (plugin.state == "loaded" and bool(plugin.folders))


def listing(records: list[dict[str, Any]], as_json: bool) -> Printed:
    """What `stars list` prints for `records`, on stdout and on stderr."""
    if as_json:
        return Printed(json_text(records) + "\n", "")
    if not records:
        return Printed("No Stars installed. Install a Star plugin, or use --stars-dir DIR.\n", "")
    rows = [
        [
            r["id"] or "?",
            r["edition"] or "",
            r["status"] or "",
            str(r["scales"] or ""),
            r["name"] or Path(r["file"] or "").name,
            _languages_label(r),
            _source_label(r["source"]),
            r["state"],
        ]
        for r in records
    ]
    headers = ["ID", "EDITION", "STATUS", "SCALES", "NAME", "LANG", "SOURCE", "STATE"]
    err = "".join(
        wrap(f"{label} is {r['state']}: {r['reason']}", hanging=4) + "\n"
        for r in records
        if r["reason"]
        for label in [r["id"] or r["file"] or r["source"]["name"]]
    )
    return Printed(table(headers, rows) + "\n", err)


def _languages_label(record: dict[str, Any]) -> str:
    """`en; cy 16%, partial`: the Star's own language, then each translation's coverage."""
    own = record["languages"][:1]
    return "; ".join([*own, *(t["shown"] for t in record["translations"])])


def _coverage_record(found: Coverage) -> dict[str, Any]:
    return {
        "language": found.language,
        "translated": found.done,
        "strings": found.total,
        "percent": found.percent,
        "complete": found.complete,
        "shown": found.describe(),
    }


def _source_label(source: dict[str, Any]) -> str:
    if source["kind"] == "folder":
        return f"folder {source['name']}"
    return f"{source['name']} {source['version'] or ''}".strip()


def star_records(catalog: Catalog) -> list[dict[str, Any]]:
    records = [_entry_record(entry, catalog) for entry in catalog.entries]
    for plugin in catalog.host.plugins:
        if plugin.state == "broken":
            records.append(
                {
                    "id": None,
                    "name": None,
                    "edition": None,
                    "status": None,
                    "language": None,
                    "scales": None,
                    "languages": [],
                    "translations": [],
                    "source": {
                        "kind": "plugin",
                        "name": plugin.distribution or plugin.name,
                        "version": plugin.version,
                    },
                    "file": None,
                    "state": "broken",
                    "reason": plugin.reason,
                }
            )
    return records


def _entry_record(entry: CatalogEntry, catalog: Catalog) -> dict[str, Any]:
    summary = entry.summary
    return {
        "id": summary.id if summary else None,
        "name": summary.name if summary else None,
        "edition": summary.edition if summary else None,
        "status": summary.status if summary else None,
        "language": summary.language if summary else None,
        "scales": summary.scales if summary else None,
        "languages": catalog.languages(summary.id, summary.edition) if summary else [],
        "translations": [
            _coverage_record(found)
            for found in (catalog.coverages(summary.id, summary.edition) if summary else [])
        ],
        "source": {
            "kind": entry.origin.kind,
            "name": entry.origin.name,
            "version": entry.origin.version,
        },
        "file": entry.file,
        "state": entry.state,
        "reason": entry.reason,
    }


@stars.command("show")
@click.argument("star_ref", metavar="ID_OR_FILE")
@click.option("--edition", help="Edition to show (default: the newest installed).")
@lang_option
@stars_dir_option
@click.option("--json", "as_json", is_flag=True, help="Print the definition as JSON.")
@click.option("--watch", is_flag=True, help="Show it again whenever the file or folders change.")
def show_star(
    star_ref: str,
    edition: str | None,
    lang: str | None,
    stars_dirs: tuple[Path, ...],
    as_json: bool,
    watch: bool,
) -> None:
    """Read a Star's journey and every ladder (an installed id, or a file)."""

    def show() -> None:
        opened: dict[tuple[Path, ...], Catalog] = {}

        def catalogs(dirs: tuple[Path, ...]) -> Catalog:
            """One catalog per run: the languages line reuses the one the Star came from."""
            if dirs not in opened:
                opened[dirs] = open_catalog(dirs)
            return opened[dirs]

        star = resolve_star(star_ref, edition, stars_dirs, lang, catalogs=catalogs)
        if as_json:
            echo_json(star.as_document())
            return
        path = Path(star_ref)
        in_file = path.suffix in (".yaml", ".yml") or path.is_file()
        catalog = catalogs((*stars_dirs, path.parent) if in_file else stars_dirs)
        click.echo(describe_star(star, _languages_lines(catalog, star, lang)))

    if not watch:
        show()
        return
    from starframe.cli.shared.watch import watch as watch_files

    paths = [p for p in [Path(star_ref), *stars_dirs] if p.exists()]
    if not paths:
        raise click.UsageError("--watch needs a file, or --stars-dir folders, to watch.")
    watch_files(paths, lambda: _show_or_explain(show))


def _show_or_explain(show: Callable[[], None]) -> None:
    """While watching, a broken draft is explained and the watch goes on."""
    try:
        show()
    except UserError as exc:
        click.echo(f"starframe: error: {exc}", err=True)


def _languages_lines(catalog: Catalog, star: Star, lang: str | None) -> list[str]:
    """`Languages: en; cy 16%, partial`, and, when shown in a translation that is not whole,
    that the rest is in the Star's own language (so a reader knows why English appears)."""
    own = catalog.languages(star.id, star.edition)[:1]
    found = catalog.coverages(star.id, star.edition)
    lines = [wrap("Languages: " + "; ".join([*own, *(f.describe() for f in found)]), 2)]
    shown = next((f for f in found if f.language == lang), None)
    if shown is not None and shown.done < shown.total and own:
        lines.append(
            wrap(
                f"Shown in {shown.describe()}: {shown.total - shown.done} of {shown.total} "
                f"strings are not translated and are shown in {own[0]}.",
                2,
            )
        )
    return lines


def describe_star(star: Star, languages: list[str] | None = None) -> str:
    """The Star as text; `languages` are the lines naming its translations and their coverage."""
    lines = [
        f"{star.name} — {star.id} edition {star.edition} ({star.status}, {star.language})",
        wrap(star.summary, 2),
        wrap(f"Audience: {star.audience}", 2),
        wrap(f"Wording: {star.licence}. {star.attribution}", 2),
        *(languages or []),
        "",
        "Journey of change:",
    ]
    for stage in star.journey:
        lines.append(f"  {_points(stage.first, stage.last):>6}  {stage.name}")
        if stage.summary:
            lines.append(wrap(stage.summary, 10))
    for number, scale in enumerate(star.scales, start=1):
        lines += ["", f"{number}. {scale.name} [{scale.id}] — chart label “{scale.label}”"]
        lines.append(wrap(scale.summary, 3))
        if scale.not_applicable:
            lines.append("   May be marked not applicable.")
        if scale.guidance:
            lines.append(wrap(f"Guidance: {scale.guidance}", 3, 5))
        lines += [wrap(f"? {prompt}", 3, 5) for prompt in scale.prompts]
        for stage in star.journey:
            lines.append(f"   {stage.name} ({_points(stage.first, stage.last)})")
            for point in range(stage.first, stage.last + 1):
                lines.append(wrap(f"{point:>2}  {scale.ladder[point]}", 5, 9))
    return "\n".join(lines)


def _points(first: int, last: int) -> str:
    return str(first) if first == last else f"{first}–{last}"
