"""`starframe practice`: the practice cases trainers use to train and check raters."""

from __future__ import annotations

from pathlib import Path
from typing import TYPE_CHECKING, Any

import click

from starframe.cli.app import F, UserError, open_catalog, stars_dir_option
from starframe.cli.output import echo_json, table, wrap
from starframe.cli.store_options import db_option, opened_store, show_problems

if TYPE_CHECKING:
    from starframe.definition.models import Star
    from starframe.practice.agreement import Statistic
    from starframe.practice.cases import CaseCatalog, CaseEntry
    from starframe.practice.group import Reliability
    from starframe.practice.models import PracticeCase
    from starframe.practice.sessions import CaseResults, SessionResults


@click.group()
def practice() -> None:
    """Practice cases for training raters, and group sessions scored on them."""


def cases_dir_option(func: F) -> F:
    """`--cases-dir DIR` (repeatable): a trainer's own practice cases, loaded from folders."""
    return click.option(
        "--cases-dir",
        "cases_dirs",
        multiple=True,
        type=click.Path(exists=True, file_okay=False, path_type=Path),
        help="Folder of practice cases to load as well (repeatable).",
    )(func)


def open_cases(cases_dirs: tuple[Path, ...], stars_dirs: tuple[Path, ...]) -> CaseCatalog:
    from starframe.practice.cases import build_case_catalog

    return build_case_catalog(open_catalog(stars_dirs), cases_dirs)


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


@practice.group("session")
def session() -> None:
    """Practice sessions: a group scores some cases under one code."""


@session.command("new")
@click.option(
    "--case",
    "case_ids",
    multiple=True,
    required=True,
    metavar="ID",
    help="A practice case for the session (repeatable; scored in this order).",
)
@click.option(
    "--min-same-stage",
    type=float,
    default=0.8,
    show_default=True,
    help="Pass rule: share of scales in the reference stage.",
)
@click.option(
    "--max-mad",
    type=float,
    default=1.0,
    show_default=True,
    help="Pass rule: largest mean difference in points.",
)
@cases_dir_option
@stars_dir_option
@db_option
def new_session(
    case_ids: tuple[str, ...],
    min_same_stage: float,
    max_mad: float,
    cases_dirs: tuple[Path, ...],
    stars_dirs: tuple[Path, ...],
    db: str | None,
) -> None:
    """Open a session on the cases given and print its code for the trainees."""
    from starframe.practice.cases import CaseNotFound
    from starframe.practice.feedback import PassRule
    from starframe.practice.sessions import create_session

    catalog = open_cases(cases_dirs, stars_dirs)
    try:
        rule = PassRule(min_same_stage, max_mad)
        cases = [catalog.find(case_id).case for case_id in case_ids]
    except (CaseNotFound, ValueError) as exc:
        raise UserError(str(exc)) from None
    with opened_store(db) as store, store.write() as writer:
        try:
            code = create_session(writer.connection, [c for c in cases if c], rule)
        except ValueError as exc:
            raise UserError(str(exc)) from None
    click.echo(code)
    click.echo(
        f"Trainees submit with: starframe practice submit {code} --trainee NAME --from FILE",
        err=True,
    )


@practice.command("submit")
@click.argument("code")
@click.option("--trainee", required=True, metavar="NAME", help="Who scored the case.")
@click.option(
    "--from",
    "source",
    required=True,
    type=click.Path(exists=True, dir_okay=False, path_type=Path),
    help="The answers file (YAML or JSON, kind: practice-answers).",
)
@cases_dir_option
@stars_dir_option
@db_option
def submit(
    code: str,
    trainee: str,
    source: Path,
    cases_dirs: tuple[Path, ...],
    stars_dirs: tuple[Path, ...],
    db: str | None,
) -> None:
    """Store a trainee's answers to one case of session CODE (once: they cannot be replaced)."""
    from starframe.practice.answers import check_answers, load_answers_text
    from starframe.practice.cases import CaseNotFound
    from starframe.practice.sessions import check_session_case, load_session, submit_attempt

    loaded = load_answers_text(source.read_bytes(), str(source))
    texts = {str(source): loaded.document.text}
    if loaded.answers is None:
        show_problems(loaded.problems, texts)
        raise _not_saved(source, len(loaded.problems))
    catalog = open_cases(cases_dirs, stars_dirs)
    with opened_store(db) as store, store.write() as writer:
        found = load_session(writer.connection, code)
        entry = check_session_case(loaded, found)
        if entry is None:
            show_problems(loaded.problems, texts)
            raise _not_saved(source, len(loaded.problems))
        try:
            case = catalog.find(entry.case_id, entry.star, entry.edition).case
        except CaseNotFound as exc:
            raise UserError(str(exc)) from None
        assert case is not None
        star = catalog.star_of(case)
        check_answers(loaded, star)
        if loaded.problems:
            show_problems(loaded.problems, texts)
            raise _not_saved(source, len(loaded.problems))
        try:
            submit_attempt(
                writer.connection, found.code, trainee, case, star, loaded.answers.answers()
            )
        except ValueError as exc:
            raise UserError(str(exc)) from None
    click.echo(f"Saved the answers of {' '.join(trainee.split())} for {case.id} in {found.code}.")


def _not_saved(source: Path, count: int) -> UserError:
    return UserError(
        f"{source}: {count} problem{'s' if count != 1 else ''} (listed above); nothing was "
        "saved. Fix them and submit again."
    )


@practice.command("results")
@click.argument("code")
@click.option("--json", "as_json", is_flag=True, help="Print the results as JSON.")
@cases_dir_option
@stars_dir_option
@db_option
def results(
    code: str,
    as_json: bool,
    cases_dirs: tuple[Path, ...],
    stars_dirs: tuple[Path, ...],
    db: str | None,
) -> None:
    """Each trainee's feedback and the group's results, case by case, for session CODE."""
    from starframe.practice.cases import CaseNotFound
    from starframe.practice.sessions import session_results

    catalog = open_cases(cases_dirs, stars_dirs)
    with opened_store(db) as store, store.read() as reader:
        try:
            found = session_results(reader.connection, code, catalog)
        except CaseNotFound as exc:
            raise UserError(str(exc)) from None
    if as_json:
        echo_json(results_document(found))
    else:
        click.echo(describe_results(found))


def results_document(found: SessionResults) -> dict[str, Any]:
    """The session's results as plain data, for `--json` and for other tools."""
    from dataclasses import asdict

    return {
        "code": found.session.code,
        "created_at": found.session.created_at.isoformat(),
        "rule": asdict(found.session.rule),
        "cases": [
            {
                "id": result.case.id,
                "star": result.case.star,
                "edition": result.case.edition,
                "trainees": [
                    {
                        "name": name,
                        "passed": given.passed,
                        "in_stage": given.in_stage,
                        "exact": given.exact,
                        "within_one": given.within_one,
                        "unscored": given.unscored,
                        "mad": given.mad,
                        "shortfalls": list(given.shortfalls),
                        "agreement": asdict(result.group.trainees[name]) if result.group else None,
                    }
                    for name, given in result.feedback.items()
                ],
                "group": None
                if result.group is None
                else {
                    "points": asdict(result.group.points),
                    "stages": asdict(result.group.stages),
                    "to_discuss": [asdict(scale) for scale in result.group.to_discuss],
                },
            }
            for result in found.cases
        ],
    }


def describe_results(found: SessionResults) -> str:
    lines = [
        f"Practice session {found.session.code}: {len(found.cases)} case(s), "
        f"{len(found.trainees)} trainee(s).",
        wrap(f"Pass rule: {found.session.rule.describe()}."),
    ]
    for result in found.cases:
        lines.extend(["", *_describe_case_results(result)])
    return "\n".join(lines)


def _describe_case_results(result: CaseResults) -> list[str]:
    case = result.case
    heading = f"{case.title} ({case.id}, {case.star}@{case.edition})"
    if result.group is None:
        return [heading, "  No answers yet."]
    rows = [
        [
            name,
            "passed" if given.passed else "not yet",
            f"{given.in_stage}/{len(given.scales)}",
            "-" if given.mad is None else f"{given.mad:.2f}",
            "; ".join(given.shortfalls),
        ]
        for name, given in result.feedback.items()
    ]
    lines = [heading, table(["TRAINEE", "RESULT", "IN STAGE", "MEAN DIFF", "WHY"], rows)]
    lines.append(
        wrap(
            f"Group on points: {_reliability(result.group.points)}; "
            f"on stages: {_reliability(result.group.stages)}.",
            hanging=4,
        )
    )
    names = {scale.id: scale.name for scale in result.star.scales}
    if result.group.to_discuss:
        discuss = ", ".join(
            f"{names[s.scale]} ({s.off_stage} of {s.answered} off stage)"
            for s in result.group.to_discuss
        )
        lines.append(wrap(f"To discuss: {discuss}.", hanging=4))
    else:
        lines.append("Every answer matches the reference: nothing to discuss.")
    return lines


def _reliability(reliability: Reliability) -> str:
    icc = reliability.icc
    icc_text = f"{icc.value:.2f}" if icc.value is not None else f"none ({icc.reason})"
    return f"alpha {_statistic(reliability.alpha)}, ICC {icc_text}"


def _statistic(statistic: Statistic) -> str:
    if statistic.value is None:
        return f"none ({statistic.reason})"
    return f"{statistic.value:.2f}"
