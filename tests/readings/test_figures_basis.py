"""Issue 13: every cohort figure says what it rests on, in text, --json and the PDF alike.

Each cohort is generated here on the tiny Star (points 1–4), stored on SQLite and summarised
through the installed `starframe` command: the Wilcoxon p comes with its n and is withheld
below six non-zero changes, the lower-of-the-first-two baseline has no test and is labelled
optimistic, figures over fewer than 50 people are flagged, and every output says which
readings it counts.
"""

from __future__ import annotations

import json
import os
import random
import subprocess
import sys
import warnings
from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path

import pytest
from scipy.stats import wilcoxon as scipy_wilcoxon

from starframe.definition.load import load_star_file
from starframe.readings.store import open_store
from starframe.readings.stored import CohortRow
from starframe.readings.summaries import COUNTED, CohortSelection, summarise_cohort
from starframe.stats.rounding import fixed
from starframe.thresholds import UNSTABLE_BELOW_PEOPLE, WILCOXON_FEWEST_CHANGES
from tests.readings.conftest import TINY, add_people, tiny_reading, tiny_text
from tests.render.conftest import read_pdf

STARFRAME = Path(sys.executable).parent / "starframe"


@dataclass(frozen=True)
class Outputs:
    text: str
    record: dict[str, object]
    pdf_words: str

    @property
    def words(self) -> str:
        """The text with its line wrapping undone."""
        return " ".join(self.text.split())


def _cohort(folder: Path, homes: Sequence[Sequence[int]]) -> Outputs:
    """One person per entry of `homes` (their home scores in date order), money and health
    fixed; the cohort's `summary cohort` text and JSON and its `render cohort` PDF."""
    db = folder / "cohort.db"
    with open_store(str(db)) as store, store.write() as writer:
        writer.put_definition(tiny_text())
        codes = [f"P{index:03}" for index in range(len(homes))]
        add_people(writer, *codes)
        for code, scores in zip(codes, homes, strict=True):
            for month, home in enumerate(scores, start=1):
                writer.add_reading(
                    tiny_reading(code, month=month, scores={"home": home, "money": 2, "health": 3})
                )
    env = {k: v for k, v in os.environ.items() if not k.startswith("STARFRAME_")}
    env.update({"STARFRAME_CACHE_DIR": str(folder / "cache"), "COLUMNS": "100"})

    def run(*args: str | Path) -> str:
        done = subprocess.run(
            [str(STARFRAME), *map(str, args), "--db", str(db)],
            env=env,
            capture_output=True,
            text=True,
            timeout=120,
            check=False,
        )
        assert done.returncode == 0, done.stderr
        assert "Traceback" not in done.stderr
        return done.stdout

    pdf = folder / "cohort.pdf"
    run("render", "cohort", "tiny", "-o", pdf)
    return Outputs(
        run("summary", "cohort", "tiny"),
        json.loads(run("summary", "cohort", "tiny", "--json")),
        read_pdf(pdf.read_bytes()).words,
    )


def _row(text: str, label: str) -> str:
    return next(line for line in text.splitlines() if line.startswith(label))


def _home(record: dict[str, object]) -> dict[str, dict[str, object]]:
    scales = record["scales"]
    assert isinstance(scales, list)
    home: dict[str, dict[str, object]] = scales[0]
    return home


def _scipy_p(differences: list[int]) -> float:
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        return float(scipy_wilcoxon(differences).pvalue)


# Each of eight journeys five times over (no count of people below 5, so none is withheld):
# 35 people's home score changed, 5 by 0, and the test runs on n = 35 non-zero changes.
TESTED = [[1, 2], [1, 3], [2, 3], [1, 4], [3, 2], [2, 4], [1, 2], [2, 2]] * 5
# Five changes, all upwards, and five people who stayed: no two-sided p could fall below 0.05.
TOO_FEW = [[1, 2], [1, 2], [2, 3], [1, 2], [2, 3]] + [[3, 3]] * 5


@pytest.fixture(scope="module")
def tested(tmp_path_factory: pytest.TempPathFactory) -> Outputs:
    return _cohort(tmp_path_factory.mktemp("tested"), TESTED)


@pytest.fixture(scope="module")
def too_few(tmp_path_factory: pytest.TempPathFactory) -> Outputs:
    return _cohort(tmp_path_factory.mktemp("too-few"), TOO_FEW)


def test_every_p_comes_with_the_n_it_rests_on(tested: Outputs) -> None:
    p = _scipy_p([after - before for before, after in TESTED])
    shown = f"{p:.3f} (n=35)" if p >= 0.001 else "<0.001 (n=35)"
    assert _row(tested.text, "Home").endswith(shown)
    assert "n is the non-zero changes it rests on" in tested.words
    test = _home(tested.record)["first_to_latest"]["wilcoxon"]
    assert isinstance(test, dict)
    assert (test["n"], test["withheld"]) == (35, None)
    assert test["p_value"] == pytest.approx(p)
    assert f"Home and housing 40* +1 +1.1 30 / 5 / 5 {shown}" in tested.pdf_words
    assert "Wilcoxon p (n)" in tested.pdf_words


def test_five_changes_are_too_few_to_test(too_few: Outputs) -> None:
    assert WILCOXON_FEWEST_CHANGES == 6
    assert _row(too_few.text, "Home").endswith("too few changes to test (n=5)")
    test = _home(too_few.record)["first_to_latest"]["wilcoxon"]
    assert test == {
        "n": 5,
        "statistic": None,
        "p_value": None,
        "method": None,
        "withheld": "too few changes to test",
        "n_withheld": None,
    }
    assert "too few changes to test (n=5)" in too_few.pdf_words
    # The scales where nobody changed say so too, rather than showing a blank.
    assert _row(too_few.text, "Money").endswith("too few changes to test (n=0)")


def test_the_lower_of_the_first_two_has_no_test_and_is_labelled_optimistic(
    tmp_path: Path,
) -> None:
    # A cohort with no real change: 40 people with two readings, the second the first ±1 or
    # the same at random, and 30 with three. For the 40 the lower of the first two would be
    # max(0, change), which cannot show a decline: only the 30 count.
    rng = random.Random(13)
    homes = []
    for readings in [2] * 40 + [3] * 30:
        first = rng.randint(2, 3)
        homes.append([first, *(first + rng.choice((-1, 0, 1)) for _ in range(readings - 1))])
    found = _cohort(tmp_path, homes)
    lower = _home(found.record)["lower_of_first_two"]
    assert lower["wilcoxon"] is None
    assert lower["people"] == 30
    plain = _home(found.record)["first_to_latest"]
    assert plain["people"] == 70
    assert "over people with three or more readings" in found.words
    assert _row(found.text, "Home").split()[1:3] == ["70", "(30)"]
    assert "It counts only people with three or more readings" in found.words
    assert "and could not show a decline. It is not tested." in found.words
    assert "Median from lower of first two (optimistic)" in found.pdf_words
    assert "It counts only people with three or more readings (n)" in found.pdf_words
    assert "(n=30)" in found.pdf_words


def test_every_cohort_output_says_which_readings_it_counts(tested: Outputs) -> None:
    assert COUNTED in tested.text.splitlines()
    assert tested.record["counted"] == COUNTED
    assert f"What it counts {COUNTED}" in tested.pdf_words


def test_figures_over_few_people_are_flagged(tested: Outputs) -> None:
    assert UNSTABLE_BELOW_PEOPLE == 50
    assert _row(tested.text, "Home").split()[1] == "40*"
    assert "* fewer than 50 people: unstable" in tested.words
    assert _home(tested.record)["first_to_latest"]["unstable"] is True
    assert "* Fewer than 50 people: unstable" in tested.pdf_words


def test_fifty_people_are_not_flagged() -> None:
    star = load_star_file(TINY).star
    assert star is not None
    rows = [
        CohortRow("home", 1, 2, 2, True, UNSTABLE_BELOW_PEOPLE - 1),
        CohortRow("money", 1, 2, 2, True, UNSTABLE_BELOW_PEOPLE),
    ]
    summary = summarise_cohort(CohortSelection(star, ["1.0"], {}, rows))
    home, money, _ = summary.scales
    assert (home.first_to_latest.unstable, money.first_to_latest.unstable) == (True, False)


def test_means_never_print_minus_zero() -> None:
    assert fixed(-0.004) == "0.00"
    assert fixed(-0.004, signed=True) == "0.00"
    assert fixed(0.004, signed=True) == "0.00"
    assert fixed(-0.006, signed=True) == "-0.01"
    assert fixed(0.25, 1, signed=True) == "+0.2"
