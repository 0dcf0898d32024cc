"""Issue 13: practice reliability says what it rests on, in the text, --json, TUI and PDF alike.

Every group is generated here on the Justice Star (10 scales, points 1–10): the same noise on a
case whose reference sits in points 1–3 and on one spread over 1–10; one trainee who leaves 8
of 10 scales unscored; trainees or references with no spread. A session on the three Justice
cases and one Parent and Baby case is stored on SQLite and read through the installed command,
the PDF group report and the trainer's results text.
"""

from __future__ import annotations

import io
import json
import os
import random
import subprocess
from collections.abc import Mapping
from pathlib import Path

import pytest
from rich.console import Console

from starframe.definition.models import Star
from starframe.practice.agreement import Answer, reference_kappa
from starframe.practice.cases import CaseCatalog
from starframe.practice.group import GroupResults, group_results, pooled_reliability
from starframe.practice.models import PracticeCase, ReferenceScore
from starframe.practice.results import case_summary
from starframe.practice.sessions import CaseResults, SessionResults
from starframe.practice.wording import icc_text, pooled_heading, reliability_text
from starframe.render.practice_report import render_group_report
from starframe.stats.agreement import Icc, weighted_kappa
from starframe.thresholds import FEWEST_SCALES
from starframe.tui.widgets.results_text import session_results as results_text
from tests.practice.conftest import STARFRAME, Run
from tests.render.conftest import read_pdf
from tests.render.test_practice_pdf import bundled_cases, stored_session

JUSTICE_CASES = ("dean-after-release", "tomasz-end-of-licence", "kerry-community-order")
TRAINEES = ("Ana", "Ben", "Cat", "Dev", "Eve", "Fin", "Gus", "Hal")
Attempts = dict[str, dict[str, Answer]]


@pytest.fixture(scope="module")
def catalog() -> CaseCatalog:
    return bundled_cases()


def _case(catalog: CaseCatalog, case_id: str) -> PracticeCase:
    case = catalog.find(case_id).case
    assert case is not None
    return case


def _with_reference(case: PracticeCase, scores: Mapping[str, int], case_id: str) -> PracticeCase:
    """`case` under another id, with `scores` as its reference points."""
    changed = {
        scale: ReferenceScore(score=scores[scale], rationale=given.rationale)
        for scale, given in case.scores.items()
    }
    return case.model_copy(update={"id": case_id, "scores": changed})


def _within_one(case: PracticeCase, seed: int, star: Star) -> Attempts:
    """Every trainee's answers the reference ±1 point at random (kept on the scale)."""
    rng = random.Random(seed)
    attempts: Attempts = {}
    for name in TRAINEES:
        answers: dict[str, Answer] = {}
        for scale, given in case.scores.items():
            score = given.score
            if isinstance(score, int):
                score = min(star.points, max(1, score + rng.choice((-1, 0, 1))))
            answers[scale] = score
        attempts[name] = answers
    return attempts


def test_a_narrow_reference_reads_low_and_says_so(catalog: CaseCatalog) -> None:
    dean = _case(catalog, "dean-after-release")
    star = catalog.star_of(dean)
    spread = _with_reference(
        dean, {scale.id: point for point, scale in enumerate(star.scales, start=1)}, "spread"
    )
    narrow = group_results(star, dean, _within_one(dean, 13, star))
    wide = group_results(star, spread, _within_one(spread, 13, star))
    assert narrow.points.icc.value is not None
    assert wide.points.icc.value is not None
    # The same noise (every answer within one point) gives a far lower ICC on Dean (1–3).
    assert narrow.points.icc.value < 0.75 < 0.9 < wide.points.icc.value
    assert _range_note(star, dean, narrow) == (
        "The reference scores span only points 1–3 of 10: with so little spread between "
        "scales, alpha and ICC read low even for an accurate group. Judge the group by the "
        "figure over all the session's cases of this Star."
    )
    assert _range_note(star, spread, wide) is None


def _range_note(star: Star, case: PracticeCase, group: GroupResults) -> str | None:
    summary = case_summary(CaseResults(case, star, {}, group))
    assert summary is not None
    return summary.range_note


def test_the_session_figure_pools_cases_and_leaves_out_the_incomplete(
    catalog: CaseCatalog,
) -> None:
    cases = [_case(catalog, case_id) for case_id in JUSTICE_CASES]
    star = catalog.star_of(cases[0])
    attempts = {case.id: _within_one(case, 7, star) for case in cases}
    attempts["kerry-community-order"].pop("Hal")  # Hal answered two of the three
    pooled = pooled_reliability(star, cases, attempts)
    assert pooled.trainees == TRAINEES[:-1]
    assert pooled.left_out == 1
    assert pooled.points.icc.units == 29  # Tomasz's parenting and caring is n/a
    assert pooled.points.icc.raters == 7
    dean = group_results(star, cases[0], attempts[cases[0].id])
    assert pooled.points.icc.value is not None
    assert dean.points.icc.value is not None
    assert pooled.points.icc.value > 0.9 > dean.points.icc.value


def test_a_case_nobody_has_answered_leaves_the_session_figure_as_it_was(
    catalog: CaseCatalog,
) -> None:
    cases = [_case(catalog, case_id) for case_id in JUSTICE_CASES]
    star = catalog.star_of(cases[0])
    attempts = {case.id: _within_one(case, 7, star) for case in cases[:2]}
    answered = pooled_reliability(star, cases[:2], attempts)
    with_empty = pooled_reliability(star, cases, {**attempts, cases[2].id: {}})
    without_entry = pooled_reliability(star, cases, attempts)
    for pooled in (with_empty, without_entry):
        assert pooled.waiting is None
        assert pooled.cases == JUSTICE_CASES[:2]
        assert pooled.unanswered == JUSTICE_CASES[2:]
        assert pooled.trainees == TRAINEES
        assert pooled.left_out == 0
        assert pooled.points == answered.points
        assert pooled.stages == answered.stages
    assert pooled_heading(with_empty) == (
        "Justice Star 1.0, 2 cases together (1 not yet answered, left out): "
        "8 trainees who answered every case"
    )


def test_listwise_deletion_below_the_minimum_is_refused_with_its_reason(
    catalog: CaseCatalog,
) -> None:
    dean = _case(catalog, "dean-after-release")
    star = catalog.star_of(dean)
    attempts = _within_one(dean, 3, star)
    kept = ("accommodation", "living-skills")
    attempts["Ana"] = {scale: attempts["Ana"][scale] for scale in kept}
    group = group_results(star, dean, attempts)
    icc = group.points.icc
    assert (icc.value, icc.low, icc.high, icc.units, icc.raters) == (None, None, None, 2, 8)
    assert icc_text(icc) == (
        "none (only 2 of 10 scales were scored with a point by every trainee; ICC needs at "
        f"least {FEWEST_SCALES})"
    )
    # Alpha uses every pair of scores there is, and says so.
    assert group.points.alpha.value is not None
    assert "(10 scales, 8 trainees)" in reliability_text(group.points)
    # Ana's kappa rests on two scales: too few.
    assert group.trainees["Ana"].kappa.reason == (
        "only 2 scales scored with a point by both; kappa needs at least 5"
    )


def test_a_coefficient_that_rounds_to_zero_prints_without_a_sign() -> None:
    near_zero = Icc(-0.0004, None, -0.0123, 0.92, 10, 3)
    assert icc_text(near_zero) == (
        "0.00 poor (95% CI -0.01 to 0.92: poor to excellent; 10 scales, 3 trainees)"
    )


def test_kappa_without_spread_is_none_with_why() -> None:
    low = [1, 2, 1, 2, 1, 2, 2, 1, 1, 2]
    ones = [(1, reference) for reference in low]  # every answer within one point
    assert weighted_kappa(ones).value == 0.0  # what the bare coefficient says
    found = reference_kappa(ones)
    assert (found.value, found.units) == (None, 10)
    assert found.reason == "no spread in the trainee's scores: every one is 1"
    flat = [(own, 1) for own in low]
    assert weighted_kappa(flat).value == 0.0
    assert reference_kappa(flat).reason == "no spread in the reference: every scale is 1"
    spread = [(own + 1, own) for own in range(1, 10)]
    assert reference_kappa(spread) == weighted_kappa(spread)
    assert reference_kappa(spread).units == 9


def test_kappa_is_not_shown_on_fewer_than_the_minimum() -> None:
    four = [(1, 2), (3, 3), (5, 4), (7, 8)]
    assert weighted_kappa(four).value is not None
    assert reference_kappa(four).reason == (
        "only 4 scales scored with a point by both; kappa needs at least 5"
    )


# A stored session: the three Justice cases (Hal misses Kerry's) and Jade's on the other Star.


@pytest.fixture(scope="module")
def stored(
    tmp_path_factory: pytest.TempPathFactory, catalog: CaseCatalog
) -> tuple[SessionResults, Path]:
    cases = [_case(catalog, case_id) for case_id in JUSTICE_CASES]
    star = catalog.star_of(cases[0])
    answers: dict[str, dict[str, dict[str, Answer]]] = {
        case.id: {name: a for name, a in _within_one(case, 5, star).items() if name in TRAINEES[4:]}
        for case in cases
    }
    answers["kerry-community-order"].pop("Hal")
    jade = _case(catalog, "jade-antenatal")
    answers["jade-antenatal"] = {"Eve": {s: r.score for s, r in jade.scores.items()}}
    db = tmp_path_factory.mktemp("session") / "s.db"
    return stored_session(db, catalog, (*JUSTICE_CASES, "jade-antenatal"), answers), db


def test_the_session_figure_comes_first_everywhere(
    stored: tuple[SessionResults, Path], starframe_results: tuple[str, dict[str, object]]
) -> None:
    session = stored[0]
    justice, parent_baby = session.pooled
    assert (justice.star, justice.trainees, justice.left_out) == (
        "justice",
        ("Eve", "Fin", "Gus"),
        1,
    )
    assert (parent_baby.star, parent_baby.trainees) == ("parent-baby", ("Eve",))
    heading = (
        "Group over Justice Star 1.0, 3 cases together: 3 trainees who answered every case "
        "(1 left out: not every case answered)."
    )
    text, record = starframe_results
    words = " ".join(text.split())
    assert heading in words
    assert words.index(heading) < words.index("Dean, ten days after release")
    assert f"On points: {reliability_text(justice.points)}" in words
    assert (
        "Group over Parent and Baby Star 1.0, 1 case together: 1 trainee who answered every "
        "case: no figure until two trainees have answered every case."
    ) in words
    assert "The reference scores span only points 1–3 of 10" in words
    assert "-0.00" not in text
    editions = record["editions"]
    assert isinstance(editions, list)
    assert editions[0]["left_out"] == 1
    assert editions[0]["points"]["icc"]["units"] == 29
    dean = record["cases"]
    assert isinstance(dean, list)
    assert dean[0]["group"]["reference_span"] == {"low": 1, "high": 3, "points": 10, "narrow": True}

    pdf = read_pdf(render_group_report(session))
    first = " ".join(pdf.page_texts[0].split())
    assert "Reliability over the session: Justice Star 1.0" in first
    assert "3 trainees who answered every case (1 left out: not every case answered)" in first
    assert "(29 scales, 3 trainees)" in first
    assert "The reference scores span only points 1–3 of 10" in pdf.words

    console = Console(file=io.StringIO(), width=200, color_system=None)
    console.print(results_text(session))
    shown = " ".join(console.file.getvalue().split())  # type: ignore[attr-defined]
    assert shown.index("Over the session: Justice Star 1.0") < shown.index("Dean, ten days")
    assert f"alpha {justice.points.alpha.value:.2f} (29 scales, 3 trainees)" in shown
    assert "The reference scores span only points 1–3 of 10" in shown


@pytest.fixture(scope="module")
def starframe_results(
    stored: tuple[SessionResults, Path], tmp_path_factory: pytest.TempPathFactory
) -> tuple[str, dict[str, object]]:
    """`starframe practice results CODE` and its `--json`, through the installed command."""
    session, db = stored
    env = {k: v for k, v in os.environ.items() if not k.startswith("STARFRAME_")}
    env.update({"STARFRAME_CACHE_DIR": str(tmp_path_factory.mktemp("cache")), "COLUMNS": "100"})

    def run(*args: str) -> Run:
        done = subprocess.run(
            [str(STARFRAME), "practice", "results", session.session.code, *args, "--db", str(db)],
            env=env,
            capture_output=True,
            text=True,
            timeout=120,
            check=False,
        )
        assert "Traceback" not in done.stderr, done.stderr
        return Run(done.returncode, done.stdout, done.stderr)

    text, data = run(), run("--json")
    assert text.code == data.code == 0, text.err + data.err
    return text.out, json.loads(data.out)
