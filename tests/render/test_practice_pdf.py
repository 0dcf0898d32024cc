"""A trainee's feedback sheet and a session's group report, from a session stored on SQLite.

The session holds three Justice cases and one Parent and Baby case. On Dean's case Ana gives
the reference exactly, Ben leaves one scale unscored and misses several stages, and a trainee
whose name is markup lands in between; Tomasz's case has Ana alone (no group reliability);
nobody has answered Kerry's; only Ben has answered Jade's (the other Star). Every expected
value is computed here from the answers with `feedback` and `group_results`, not read back from
the session's results.
"""

from __future__ import annotations

import datetime as dt
import tempfile
from collections.abc import Mapping
from pathlib import Path

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from starframe.catalog import build_catalog
from starframe.definition.models import Star
from starframe.practice.agreement import Answer
from starframe.practice.cases import CaseCatalog, build_case_catalog
from starframe.practice.feedback import Feedback, PassRule, feedback
from starframe.practice.group import group_results
from starframe.practice.models import PracticeCase
from starframe.practice.sessions import (
    SessionResults,
    session_results,
)
from starframe.practice.writer import PracticeWriter
from starframe.readings.store import open_store
from starframe.render.chart import style_of
from starframe.render.practice_report import render_group_report
from starframe.render.practice_sheet import render_sheet
from starframe.stats.agreement import Icc, Statistic
from tests.conftest import TINY_STAR
from tests.practice.conftest import TINY_CASE
from tests.render.conftest import Pdf, read_pdf

MARKUP_NAME = "Fatima <b>&</b>"
RULE = PassRule(0.8, 1.0)
CREATED = dt.datetime(2026, 3, 2, 10, 30)
CASES = ("dean-after-release", "tomasz-end-of-licence", "kerry-community-order", "jade-antenatal")
DEAN_REFERENCE: dict[str, int] = {
    "accommodation": 3,
    "living-skills": 3,
    "mental-health": 2,
    "friends-community": 2,
    "relationships-family": 2,
    "parenting-caring": 2,
    "drugs-alcohol": 3,
    "positive-use-of-time": 2,
    "managing-feelings": 1,
    "crime-free-life": 3,
}
ANSWERS: dict[str, dict[str, dict[str, Answer]]] = {
    "dean-after-release": {
        "Ana Silva": dict(DEAN_REFERENCE),
        "Ben Okafor": {
            **DEAN_REFERENCE,
            "accommodation": 1,
            "mental-health": None,
            "relationships-family": 4,
            "parenting-caring": "n/a",
            "managing-feelings": 3,
            "crime-free-life": 4,
        },
        MARKUP_NAME: {**DEAN_REFERENCE, "accommodation": 4, "drugs-alcohol": 5, "living-skills": 4},
    },
    "tomasz-end-of-licence": {
        "Ana Silva": {
            "accommodation": 7,
            "living-skills": 8,
            "mental-health": 8,
            "friends-community": 7,
            "relationships-family": 7,
            "parenting-caring": "n/a",
            "drugs-alcohol": 10,
            "positive-use-of-time": 9,
            "managing-feelings": 6,
            "crime-free-life": 9,
        }
    },
    "jade-antenatal": {
        "Ben Okafor": {
            "physical-health": 2,
            "emotional-wellbeing": 4,
            "bonding": "n/a",
            "baby-care": "n/a",
            "baby-development": 3,
            "keeping-safe": 2,
            "home-money": 3,
            "support-network": 2,
        }
    },
}


def bundled_cases() -> CaseCatalog:
    """The installed Stars and their cases, without the user's environment or cache."""
    return build_case_catalog(build_catalog(environ={}, use_cache=False))


def stored_session(
    db: Path,
    catalog: CaseCatalog,
    case_ids: tuple[str, ...],
    answers: Mapping[str, Mapping[str, Mapping[str, Answer]]],
) -> SessionResults:
    """A session on `case_ids` with `answers` (case → trainee → scores) submitted in order."""
    cases = [catalog.find(case_id).case for case_id in case_ids]
    with open_store(str(db)) as store:
        with store.write() as writer:
            code = PracticeWriter(writer).open_session([c for c in cases if c], RULE, now=CREATED)
        with store.write() as writer:
            for case in cases:
                assert case is not None
                for trainee, scores in answers.get(case.id, {}).items():
                    given = {scale: score for scale, score in scores.items() if score is not None}
                    PracticeWriter(writer).submit(code, trainee, case, catalog.star_of(case), given)
        with store.read() as reader:
            return session_results(reader.connection, code, catalog)


@pytest.fixture(scope="module")
def catalog() -> CaseCatalog:
    return bundled_cases()


@pytest.fixture(scope="module")
def results(tmp_path_factory: pytest.TempPathFactory, catalog: CaseCatalog) -> SessionResults:
    return stored_session(tmp_path_factory.mktemp("practice") / "s.db", catalog, CASES, ANSWERS)


def case_and_star(catalog: CaseCatalog, case_id: str) -> tuple[PracticeCase, Star]:
    case = catalog.find(case_id).case
    assert case is not None
    return case, catalog.star_of(case)


def expected(catalog: CaseCatalog, case_id: str, trainee: str) -> Feedback:
    case, star = case_and_star(catalog, case_id)
    return feedback(star, case, ANSWERS[case_id][trainee], RULE)


@pytest.fixture(scope="module")
def ben_sheet(results: SessionResults) -> bytes:
    return render_sheet(results, "Ben Okafor")


@pytest.fixture(scope="module")
def report_pdf(results: SessionResults) -> bytes:
    return render_group_report(results)


def _cell(answer: Answer) -> str:
    return "—" if answer is None else str(answer)


def _stage(star: Star, answer: Answer) -> str:
    if isinstance(answer, int):
        return star.stage_of(answer).name
    return "not applicable" if answer == "n/a" else "not scored"


def _between(pdf: Pdf, start: str, end: str | None = None) -> str:
    """The words from `start` up to `end` (or the end of the document)."""
    words = pdf.words
    begin = words.index(start)
    return words[begin : words.index(end, begin) if end else len(words)]


def test_the_sheet_shows_every_scale_against_the_reference(
    ben_sheet: bytes, catalog: CaseCatalog, results: SessionResults
) -> None:
    pdf = read_pdf(ben_sheet)
    case, star = case_and_star(catalog, "dean-after-release")
    dean = _between(pdf, case.title, "Parent and Baby Star · edition 1.0")
    assert f"Ben Okafor · session {results.session.code} · 2026-03-02 · case {case.id}" in dean
    for scale in star.scales:
        own = ANSWERS[case.id]["Ben Okafor"][scale.id]
        reference = DEAN_REFERENCE[scale.id]
        same = isinstance(own, int) and star.stage_of(own) == star.stage_of(reference)
        distance = abs(own - reference) if isinstance(own, int) else "—"
        row = (
            f"{scale.name} {_cell(own)} {_stage(star, own)} {reference} "
            f"{_stage(star, reference)} {'yes' if same else 'no'} {distance}"
        )
        assert row in dean, row


def test_the_sheet_says_passed_or_not_yet_as_the_feedback_does(
    catalog: CaseCatalog, results: SessionResults
) -> None:
    ana = read_pdf(render_sheet(results, "Ana Silva"))
    dean, tomasz = (
        expected(catalog, CASES[0], "Ana Silva"),
        expected(catalog, CASES[1], "Ana Silva"),
    )
    assert (dean.passed, tomasz.passed) == (True, False)
    rule = f"Pass rule: {RULE.describe()}."
    dean_title, tomasz_title = (case_and_star(catalog, c)[0].title for c in CASES[:2])
    dean_part = _between(ana, f"{dean_title} Ana Silva", f"{tomasz_title} Ana Silva")
    assert f"PASSED {rule}" in dean_part
    assert "NOT YET" not in dean_part
    tomasz_part = _between(ana, f"{tomasz_title} Ana Silva")
    verdict = f"NOT YET {rule} " + " ".join(f"• {s}." for s in tomasz.shortfalls)
    assert verdict in tomasz_part
    assert "PASSED" not in tomasz_part
    summary = f"{tomasz.in_stage} of 10 {tomasz.exact} of 10 {tomasz.within_one} of 10"
    assert f"{summary} {tomasz.mad:.2f} points {tomasz.unscored}" in tomasz_part


def test_the_sheet_puts_the_rationale_of_every_miss_first(
    ben_sheet: bytes, catalog: CaseCatalog
) -> None:
    pdf = read_pdf(ben_sheet)
    case, _ = case_and_star(catalog, "dean-after-release")
    given = expected(catalog, case.id, "Ben Okafor")
    assert not given.passed
    misses = _between(pdf, "Read these first", "the other scales")
    others = _between(pdf, "the other scales", "Your scores and the reference")
    missed = [s for s in given.scales if not s.same_stage]
    assert {s.scale for s in missed} == {
        "accommodation",
        "mental-health",
        "relationships-family",
        "parenting-caring",
        "managing-feelings",
    }
    for scale in given.scales:
        rationale = " ".join(case.scores[scale.scale].rationale.split())
        assert rationale in (misses if scale in missed else others), scale.scale
    assert "Mental health and well-being — you: not scored; reference: 2 (Stuck)" in misses
    assert "Parenting and caring — you: n/a; reference: 2 (Stuck)" in misses


def test_the_sheet_lists_the_cases_not_answered(ben_sheet: bytes, catalog: CaseCatalog) -> None:
    pdf = read_pdf(ben_sheet)
    tomasz, kerry = (case_and_star(catalog, c)[0] for c in CASES[1:3])
    assert f"{tomasz.title} Justice Star 1.0 not answered — —" in pdf.words
    assert f"Not answered: {tomasz.title}; {kerry.title}." in pdf.words
    assert "Scale by scale" in pdf.words
    assert pdf.words.count("Scale by scale") == 2


def test_each_case_prints_under_its_own_star(ben_sheet: bytes, report_pdf: bytes) -> None:
    for data in (ben_sheet, report_pdf):
        pdf = read_pdf(data)
        assert pdf.page_texts[0].startswith("Justice Star · edition 1.0")
        assert pdf.page_texts[-1].startswith("Parent and Baby Star · edition 1.0")
        for number, text in enumerate(pdf.page_texts, start=1):
            assert f"Page {number} of {pdf.pages}" in text


def test_the_chart_tells_your_scores_from_the_reference(ben_sheet: bytes) -> None:
    chart = _between(read_pdf(ben_sheet), "Your scores and the reference on the star")
    assert "Crime-free life Reference Your scores 1–2 Stuck" in chart
    reference, yours = style_of(0, 2), style_of(1, 2)
    assert (yours.dash, yours.marker) == (None, "circle")
    assert reference.dash is not None
    assert reference.marker != yours.marker


def test_a_name_that_looks_like_markup_prints_as_typed(
    results: SessionResults, report_pdf: bytes
) -> None:
    assert MARKUP_NAME in read_pdf(render_sheet(results, MARKUP_NAME)).words
    assert MARKUP_NAME in read_pdf(report_pdf).words


def _statistic(found: Statistic) -> str:
    return f"{found.value:.2f}" if found.value is not None else f"none: {found.reason}"


def _icc(icc: Icc) -> tuple[str, str]:
    assert icc.value is not None
    assert icc.low is not None
    assert icc.high is not None
    return (
        f"{icc.value:.2f} ({icc.units} scales, {icc.raters} trainees)",
        f"{icc.low:.2f} to {icc.high:.2f}",
    )


def test_the_report_shows_each_trainee_and_the_group(
    report_pdf: bytes, catalog: CaseCatalog
) -> None:
    pdf = read_pdf(report_pdf)
    case, star = case_and_star(catalog, "dean-after-release")
    dean = _between(pdf, f"{case.title} Case {case.id}", "Tomasz")
    attempts = ANSWERS[case.id]
    group = group_results(
        star,
        case,
        {name: {k: v for k, v in a.items() if v is not None} for name, a in attempts.items()},
    )
    for name in attempts:
        given = expected(catalog, case.id, name)
        kappa = group.trainees[name].kappa
        assert given.mad is not None
        assert kappa.value is not None
        row = (
            f"{name} {'passed' if given.passed else 'not yet'} {given.in_stage}/10 "
            f"{given.exact}/10 {given.within_one}/10 {given.mad:.2f} {kappa.value:.2f}"
        )
        assert row in dean, row
    alpha = f"Krippendorff's alpha (ordinal) {_statistic(group.points.alpha)} "
    assert alpha + _statistic(group.stages.alpha) in dean
    (points, points_ci), (stages, stages_ci) = _icc(group.points.icc), _icc(group.stages.icc)
    assert f"ICC(2,1) {points} {stages}" in dean
    assert f"95% confidence interval {points_ci} {stages_ci}" in dean
    assert f"Koo & Li band {group.points.icc.band}" in dean
    assert "Scales left unscored: Ben Okafor (1)." in dean
    names = {scale.id: scale.name for scale in star.scales}
    ranked = [names[s.scale] for s in group.to_discuss]
    discuss = _between(pdf, "Scales to discuss", "Tomasz")
    positions = [discuss.index(f" {name} ") for name in ranked]
    assert positions == sorted(positions)
    first = group.to_discuss[0]
    assert f"1 {names[first.scale]}" in discuss
    assert f"{first.off_stage} of {first.answered}" in discuss


def test_the_report_says_why_a_number_cannot_be_given(
    report_pdf: bytes, catalog: CaseCatalog
) -> None:
    pdf = read_pdf(report_pdf)
    tomasz, kerry = (case_and_star(catalog, c)[0] for c in CASES[1:3])
    alone = _between(pdf, f"{tomasz.title} Case", kerry.title)
    none = "none: fewer than two trainees scored this case"
    assert f"ICC(2,1) {none} {none}" in alone
    assert "Krippendorff's alpha (ordinal) none: no scale was scored by two or more" in alone
    assert "Koo & Li band none none" in alone
    nobody = _between(pdf, f"{kerry.title} Case", "Parent and Baby Star")
    assert "No answers yet." in nobody
    assert "Reliability" not in nobody
    assert f"{kerry.title} Justice Star 1.0 0 No answers yet." in pdf.words


def test_rendering_twice_gives_identical_bytes(
    results: SessionResults, ben_sheet: bytes, report_pdf: bytes
) -> None:
    assert render_sheet(results, "Ben Okafor") == ben_sheet
    assert render_group_report(results) == report_pdf


# Whatever trainees are called and however they answer, both PDFs render and name them all.

LETTERS = "A-Za-zŵŷłżśćΓΔΘΛΞΠΣΦΨΩαβγδεζηθλμξπσφψω<>&'\""
names = st.lists(
    st.from_regex(rf"[{LETTERS}]{{1,10}}( [{LETTERS}]{{1,10}}){{0,2}}", fullmatch=True),
    min_size=1,
    max_size=6,
    unique=True,
)
tiny_answers = st.fixed_dictionaries(
    {}, optional={scale: st.integers(1, 4) for scale in ("home", "money", "health")}
)


@pytest.fixture(scope="module")
def tiny_cases(tmp_path_factory: pytest.TempPathFactory) -> CaseCatalog:
    folder = tmp_path_factory.mktemp("tiny")
    (folder / "tiny.yaml").write_bytes(TINY_STAR.read_bytes())
    (folder / "sam.yaml").write_text(TINY_CASE, encoding="utf-8")
    return build_case_catalog(build_catalog(stars_dirs=(folder,), use_cache=False), (folder,))


@settings(max_examples=15, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(trainees=names, data=st.data())
def test_any_group_renders_with_every_name(
    tiny_cases: CaseCatalog, trainees: list[str], data: st.DataObject
) -> None:
    answers = {"sam": {name: data.draw(tiny_answers) for name in trainees}}
    with tempfile.TemporaryDirectory() as folder:
        found = stored_session(Path(folder) / "s.db", tiny_cases, ("sam",), answers)
    report = read_pdf(render_group_report(found)).words
    for name in trainees:
        assert name in report
    assert trainees[-1] in read_pdf(render_sheet(found, trainees[-1])).words
