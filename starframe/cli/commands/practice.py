"""`starframe practice`: the practice cases trainers use to train and check raters."""

from __future__ import annotations

import sys
from pathlib import Path
from typing import TYPE_CHECKING, Any

import click

from starframe.cli.options import cases_dir_option, lang_option, stars_dir_option
from starframe.cli.shared.catalogs import open_cases
from starframe.cli.shared.errors import UserError
from starframe.cli.shared.output import echo_json, table, wrap

if TYPE_CHECKING:
    from starframe.definition.models import Star
    from starframe.practice.cases import CaseCatalog, CaseEntry
    from starframe.practice.models import PracticeCase


@click.group(invoke_without_command=True)
@click.option(
    "--db",
    metavar="PATH_OR_URL",
    help="Database for the terminal app (default: STARFRAME_DB, then starframe.db in the data "
    "folder).",
)
@cases_dir_option
@stars_dir_option
@lang_option
@click.pass_context
def practice(
    ctx: click.Context,
    db: str | None,
    cases_dirs: tuple[Path, ...],
    stars_dirs: tuple[Path, ...],
    lang: str | None,
) -> None:
    """Practice cases for training raters, and group sessions scored on them.

    Alone, at a terminal, it opens the terminal app on practice (the options above are for
    that); in a script or a pipe it prints this help.
    """
    if ctx.invoked_subcommand is not None:
        if db or cases_dirs or stars_dirs or lang:
            raise click.UsageError(
                "--db, --cases-dir, --stars-dir and --lang before a command are for the "
                f"terminal app: put them after `{ctx.invoked_subcommand}`."
            )
        return
    # As `starframe` alone: a person at a terminal gets the UI; scripts get help, never a hang.
    if sys.stdin.isatty() and sys.stdout.isatty():
        from starframe.cli.shared.terminal import run_tui

        run_tui(db=db, stars_dirs=stars_dirs, cases_dirs=cases_dirs, lang=lang, first="practice")
    else:
        click.echo(ctx.get_help())


@practice.command("cases")
@cases_dir_option
@stars_dir_option
@click.option("--json", "as_json", is_flag=True, help="Print JSON instead of a table.")
def list_cases(cases_dirs: tuple[Path, ...], stars_dirs: tuple[Path, ...], as_json: bool) -> None:
    """Every practice case the plugins and case folders offer, broken ones included."""
    records = case_records(open_cases(cases_dirs, stars_dirs))
    if as_json:
        echo_json(records)
        return
    if not records:
        click.echo(
            "No practice cases installed. Install a Star plugin with cases, or use --cases-dir DIR."
        )
        return
    rows = [
        [
            r["id"] or "?",
            f"{r['star']}@{r['edition']}" if r["star"] else "",
            r["title"] or Path(r["file"] or "").name,
            _source_label(r["source"]),
            r["state"],
        ]
        for r in records
    ]
    click.echo(table(["ID", "STAR", "TITLE", "SOURCE", "STATE"], rows))
    for r in records:
        if r["reason"]:
            label = r["id"] or r["file"] or r["source"]["name"]
            click.echo(wrap(f"{label} is {r['state']}: {r['reason']}", hanging=4), err=True)


def case_records(catalog: CaseCatalog) -> list[dict[str, Any]]:
    """One record per case (broken ones too), then one per broken plugin."""
    records = [_entry_record(entry) for entry in catalog.entries]
    for plugin in catalog.stars.host.plugins:
        if plugin.state == "broken":
            source = {
                "kind": "plugin",
                "name": plugin.distribution or plugin.name,
                "version": plugin.version,
            }
            records.append(
                {
                    **dict.fromkeys(("id", "star", "edition", "title", "file")),
                    "source": source,
                    "state": "broken",
                    "reason": plugin.reason,
                }
            )
    return records


def _entry_record(entry: CaseEntry) -> dict[str, Any]:
    return {
        "id": entry.declared("id"),
        "star": entry.declared("star"),
        "edition": entry.declared("edition"),
        "title": entry.declared("title"),
        "file": entry.file,
        "source": {
            "kind": entry.origin.kind,
            "name": entry.origin.name,
            "version": entry.origin.version,
        },
        "state": entry.state,
        "reason": entry.reason,
    }


def _source_label(source: dict[str, Any]) -> str:
    if source["kind"] == "folder":
        return f"folder {source['name']}"
    return f"{source['name']} {source['version'] or ''}".strip()


@practice.command("show")
@click.argument("case_id")
@click.option(
    "--star",
    "star_ref",
    metavar="ID[@EDITION]",
    help="The Star, when several have a case with this id.",
)
@cases_dir_option
@stars_dir_option
@click.option("--json", "as_json", is_flag=True, help="Print the case as JSON.")
def show_case(
    case_id: str,
    star_ref: str | None,
    cases_dirs: tuple[Path, ...],
    stars_dirs: tuple[Path, ...],
    as_json: bool,
) -> None:
    """A case's vignette with the reference score and rationale for every scale (for trainers)."""
    from starframe.practice.cases import CaseNotFound

    catalog = open_cases(cases_dirs, stars_dirs)
    star_id, _, edition = (star_ref or "").partition("@")
    try:
        case = catalog.find(case_id, star_id or None, edition or None).case
    except CaseNotFound as exc:
        raise UserError(str(exc)) from None
    assert case is not None
    star = catalog.star_of(case)
    if as_json:
        echo_json(case_document(case, star))
    else:
        click.echo(describe_case(case, star))


def case_document(case: PracticeCase, star: Star) -> dict[str, Any]:
    """The case with each reference's scale name and stage, in the Star's scale order."""
    return {
        "id": case.id,
        "star": case.star,
        "edition": case.edition,
        "title": case.title,
        "vignette": case.vignette,
        "scores": [
            {
                "scale": scale.id,
                "name": scale.name,
                "score": case.scores[scale.id].score,
                "stage": _stage_name(star, case.scores[scale.id].score),
                "rationale": case.scores[scale.id].rationale,
            }
            for scale in star.scales
        ],
    }


def describe_case(case: PracticeCase, star: Star) -> str:
    lines = [
        f"{case.title} — practice case {case.id} for the {star.name} ({star.id}@{star.edition})",
        "",
        case.vignette.rstrip(),
        "",
        "Reference scores:",
    ]
    for number, record in enumerate(case_document(case, star)["scores"], start=1):
        stage = f" ({record['stage']})" if record["stage"] else ""
        lines.append(f"{number:>2}. {record['name']}: {record['score']}{stage}")
        lines.append(wrap(record["rationale"], 4))
    return "\n".join(lines)


def _stage_name(star: Star, score: int | str) -> str | None:
    return star.stage_of(score).name if isinstance(score, int) else None
