"""`starframe practice session|submit|results`: group sessions, stored in the database."""

from __future__ import annotations

from pathlib import Path
from typing import TYPE_CHECKING, Any

import click

from starframe.cli.options import cases_dir_option, db_option, stars_dir_option
from starframe.cli.shared.catalogs import open_cases
from starframe.cli.shared.errors import UserError
from starframe.cli.shared.output import echo_json, show_problems, table, wrap
from starframe.cli.shared.store import load_results, opened_store
from starframe.thresholds import PASS_MAX_MAD, PASS_MIN_SAME_STAGE

if TYPE_CHECKING:
    from starframe.practice.group import PooledReliability
    from starframe.practice.sessions import CaseResults, SessionResults


@click.group("session")
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
    default=PASS_MIN_SAME_STAGE,
    show_default=True,
    help="Pass rule: share of scales in the reference stage.",
)
@click.option(
    "--max-mad",
    type=float,
    default=PASS_MAX_MAD,
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
    from starframe.practice.writer import writing

    catalog = open_cases(cases_dirs, stars_dirs)
    try:
        rule = PassRule(min_same_stage, max_mad)
        cases = [catalog.find(case_id).case for case_id in case_ids]
    except (CaseNotFound, ValueError) as exc:
        raise UserError(str(exc)) from None
    with opened_store(db) as store, writing(store) as practice:
        try:
            code = practice.open_session([c for c in cases if c], rule)
        except ValueError as exc:
            raise UserError(str(exc)) from None
    click.echo(code)
    click.echo(
        f"Trainees join with the code in `starframe practice`; paper answers go in with "
        f"`starframe practice submit {code} --trainee NAME --from FILE`.",
        err=True,
    )


@session.command("list")
@click.option("--all", "include_solo", is_flag=True, help="Include trainees' solo practice.")
@click.option("--json", "as_json", is_flag=True, help="Print JSON instead of a table.")
@db_option
def list_sessions(include_solo: bool, as_json: bool, db: str | None) -> None:
    """The practice sessions, newest first: cases, trainees so far, open or closed."""
    from starframe.practice.sessions import list_sessions

    with opened_store(db) as store, store.read() as reader:
        found = list_sessions(reader.connection, include_solo=include_solo)
    records: list[dict[str, Any]] = [
        {
            "code": item.session.code,
            "created_at": item.session.created_at.isoformat(),
            "closed_at": item.session.closed_at.isoformat() if item.session.closed_at else None,
            "solo": item.session.solo,
            "cases": [c.case_id for c in item.session.cases],
            "trainees": item.trainees,
            "answers": item.attempts,
        }
        for item in found
    ]
    if as_json:
        echo_json(records)
    elif not records:
        click.echo(
            "No practice sessions yet. Open one with: starframe practice session new --case ID"
        )
    else:
        rows = [
            [
                r["code"],
                r["created_at"][:10],
                ", ".join(r["cases"]),
                str(r["trainees"]),
                "closed" if r["closed_at"] else "open",
            ]
            for r in records
        ]
        click.echo(table(["CODE", "OPENED", "CASES", "TRAINEES", "STATE"], rows))


@session.command("close")
@click.argument("code")
@db_option
def close(code: str, db: str | None) -> None:
    """Stop session CODE taking answers; its results stay readable."""
    from starframe.practice.writer import writing

    with opened_store(db) as store, writing(store) as practice:
        found = practice.close_session(code)
    assert found.closed_at is not None
    click.echo(f"Session {found.code} is closed (since {found.closed_at:%Y-%m-%d %H:%M} UTC).")


@session.command("reopen")
@click.argument("code")
@db_option
def reopen(code: str, db: str | None) -> None:
    """Let closed session CODE take answers again."""
    from starframe.practice.writer import writing

    with opened_store(db) as store, writing(store) as practice:
        found = practice.reopen_session(code)
    click.echo(f"Session {found.code} is open for answers again.")


@click.command("submit")
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
    from starframe.documents.inputs import read_problem
    from starframe.practice.answers import check_answers, load_answers_text
    from starframe.practice.cases import CaseNotFound
    from starframe.practice.sessions import check_session_case
    from starframe.practice.trainees import trainee_name
    from starframe.practice.writer import writing

    raw, refused = read_problem(source)
    if refused:
        show_problems([refused], {})
        raise _not_saved(source, 1)
    loaded = load_answers_text(raw, str(source))
    texts = {str(source): loaded.document.text}
    if loaded.answers is None and loaded.partial is None:
        show_problems(loaded.problems, texts)
        raise _not_saved(source, len(loaded.problems))
    catalog = open_cases(cases_dirs, stars_dirs)
    with opened_store(db) as store, writing(store) as practice:
        found = practice.session(code)
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
        if loaded.problems or loaded.answers is None:
            show_problems(loaded.problems, texts)
            raise _not_saved(source, len(loaded.problems))
        try:
            submitted = practice.submit(found.code, trainee, case, star, loaded.answers.answers())
        except ValueError as exc:
            raise UserError(str(exc)) from None
    name = trainee_name(trainee)
    given = submitted.feedback
    verdict = "passed" if given.passed else "not yet passed: " + "; ".join(given.shortfalls)
    click.echo(f"Saved the answers of {name} for {case.id} in {found.code}: {verdict}.")
    if submitted.certificate is not None:
        cert = submitted.certificate
        click.echo(
            f"{name} is certified on {cert.star}@{cert.edition} from {cert.passed_on}; "
            "`starframe practice due` lists refreshers as they fall due."
        )


def _not_saved(source: Path, count: int) -> UserError:
    return UserError(
        f"{source}: {count} problem{'s' if count != 1 else ''} (listed above); nothing was "
        "saved. Fix them and submit again."
    )


@click.command("results")
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
    found = load_results(code, cases_dirs, stars_dirs, db)
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
        "closed_at": found.session.closed_at.isoformat() if found.session.closed_at else None,
        "rule": asdict(found.session.rule),
        "editions": [
            {
                "star": pooled.star,
                "edition": pooled.edition,
                "cases": list(pooled.cases),
                "trainees": list(pooled.trainees),
                "left_out": pooled.left_out,
                "unanswered": list(pooled.unanswered),
                "points": asdict(pooled.points),
                "stages": asdict(pooled.stages),
            }
            for pooled in found.pooled
        ],
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
                    "reference_span": None
                    if result.group.reference_span is None
                    else {
                        **asdict(result.group.reference_span),
                        "narrow": result.group.reference_span.narrow,
                    },
                    "to_discuss": [asdict(scale) for scale in result.group.to_discuss],
                },
            }
            for result in found.cases
        ],
    }


def describe_results(found: SessionResults) -> str:
    closed = found.session.closed_at
    state = f"closed {closed:%Y-%m-%d}" if closed else "open"
    lines = [
        f"Practice session {found.session.code} ({state}): {len(found.cases)} case(s), "
        f"{len(found.trainees)} trainee(s).",
        wrap(f"Pass rule: {found.session.rule.describe()}."),
    ]
    for pooled in found.pooled:
        lines.extend(["", *_describe_pooled(pooled)])
    for result in found.cases:
        lines.extend(["", *_describe_case_results(result)])
    return "\n".join(lines)


def _describe_pooled(pooled: PooledReliability) -> list[str]:
    from starframe.practice.wording import pooled_heading, reliability_text

    heading = f"Group over {pooled_heading(pooled)}"
    if pooled.waiting:
        return [wrap(f"{heading}: {pooled.waiting}.", hanging=4)]
    return [
        wrap(f"{heading}.", hanging=4),
        wrap(
            f"On points: {reliability_text(pooled.points)}; "
            f"on stages: {reliability_text(pooled.stages)}.",
            hanging=4,
        ),
    ]


def _describe_case_results(result: CaseResults) -> list[str]:
    from starframe.practice.results import case_summary
    from starframe.practice.wording import reliability_text

    case = result.case
    heading = f"{case.title} ({case.id}, {case.star}@{case.edition})"
    summary = case_summary(result)
    if summary is None:
        return [heading, "  No answers yet."]
    rows = []
    notes = []
    for row in summary.trainees:
        rows.append(row.cells("-"))
        if row.shortfall:
            notes.append(wrap(row.shortfall, hanging=4))
        if row.kappa_reason:
            notes.append(wrap(f"{row.name}, kappa none: {row.kappa_reason}.", hanging=4))
    headers = ["TRAINEE", "RESULT", "IN STAGE", "EXACT", "WITHIN 1", "MEAN DIFF", "KAPPA"]
    lines = [heading, table(headers, rows), *notes]
    group = summary.group
    lines.append(
        wrap(
            f"Group on this case, on points: {reliability_text(group.points)}; "
            f"on stages: {reliability_text(group.stages)}.",
            hanging=4,
        )
    )
    if summary.range_note:
        lines.append(wrap(summary.range_note, hanging=4))
    discussion = summary.discussion
    lines.append(wrap(discussion, hanging=4) if summary.to_discuss else discussion)
    return lines


COMMANDS = (session, submit, results)
