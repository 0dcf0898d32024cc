"""Summaries against hand-computed examples, on both backends.

The cohort (tiny Star: points 1–4, stages `early` 1–2 and `later` 3–4):

    person  reading 1 (home money health)   reading 2        reading 3     reading 4
    A       1 2 3                            2 2 n/a          4 1 4
    B       2 3 n/a                          1 4 2 (person says home 3)
    C       3 3 2                            3 2 1            4 4 3         draft: ignored
    D       2 1 4
"""

from __future__ import annotations

import datetime as dt

import pytest

from starframe.readings.store import Store
from starframe.readings.summaries import cohort_summary, person_summary
from starframe.store.errors import NotFound, StoreError
from tests.readings.conftest import add_people, tiny_reading, tiny_text

ROWS = {
    "A": [(1, 2, 3), (2, 2, "n/a"), (4, 1, 4)],
    "B": [(2, 3, "n/a"), (1, 4, 2)],
    "C": [(3, 3, 2), (3, 2, 1), (4, 4, 3)],
    "D": [(2, 1, 4)],
}


@pytest.fixture
def cohort(store: Store) -> Store:
    with store.write() as writer:
        writer.put_definition(tiny_text())
        add_people(writer, *ROWS)
        for person, rows in ROWS.items():
            for index, (home, money, health) in enumerate(rows):
                writer.add_reading(
                    tiny_reading(
                        person,
                        month=1 + 3 * index,
                        scores={"home": home, "money": money, "health": health},
                        person_scores={"home": 3} if (person, index) == ("B", 1) else {},
                    )
                )
        writer.add_reading(tiny_reading("C", month=12, status="draft", scores={"home": 1}))
    return store


def test_cohort_distance_travelled(cohort: Store) -> None:
    # Four people: every count would be withheld as fewer than 5 (tests/readings/
    # test_small_groups.py), so the hand-computed figures are checked with that switched off.
    with cohort.read() as reader:
        result = cohort_summary(reader, "tiny", smallest_group=1)
    assert (result.people, result.people_with_change) == (4, 3)
    home, money, health = result.scales
    assert home.first_to_latest.distribution == {-1: 1, 1: 1, 3: 1}
    assert home.first_to_latest.mean == pytest.approx(1.0)
    assert home.first_to_latest.median == 1
    assert (home.first_to_latest.improved, home.first_to_latest.same) == (2, 0)
    assert home.first_to_latest.worse == 1
    # The lower of the first two counts only A and C, who have three readings.
    assert home.lower_of_first_two.distribution == {1: 1, 3: 1}
    assert home.lower_of_first_two.mean == pytest.approx(2)
    assert (home.stages.up, home.stages.stayed, home.stages.down) == (1, 2, 0)
    assert home.stages.share(home.stages.stayed) == pytest.approx(2 / 3)
    assert home.snapshot == {"early": 2, "later": 2}
    assert money.first_to_latest.distribution == {-1: 1, 1: 2}
    assert money.lower_of_first_two.distribution == {-1: 1, 2: 1}
    assert (money.stages.up, money.stages.stayed, money.stages.down) == (0, 3, 0)
    assert health.first_to_latest.distribution == {1: 2}
    assert health.lower_of_first_two.distribution == {1: 1, 2: 1}
    assert health.lower_of_first_two.median == 1.5
    assert (health.stages.up, health.stages.stayed) == (1, 1)
    assert health.snapshot == {"early": 1, "later": 3}
    assert health.not_applicable == 0


def test_cohort_wilcoxon_is_withheld_on_three_changes(cohort: Store) -> None:
    # Three non-zero changes are too few for any p below 0.05 (WILCOXON_FEWEST_CHANGES);
    # tests/readings/test_figures_basis.py checks the test against scipy on enough changes.
    with cohort.read() as reader:
        home = cohort_summary(reader, "tiny", smallest_group=1).scales[0]
    test = home.first_to_latest.wilcoxon
    assert test is not None
    assert (test.n, test.p_value, test.withheld) == (3, None, "too few changes to test")
    assert test.shown == "too few changes to test (n=3)"
    assert home.lower_of_first_two.wilcoxon is None


def test_cohort_filters_by_dates_and_worker(cohort: Store) -> None:
    with cohort.read() as reader:
        early = cohort_summary(reader, "tiny", "1.0", until=dt.date(2024, 4, 30), smallest_group=1)
        late = cohort_summary(reader, "tiny", since=dt.date(2024, 4, 1), smallest_group=1)
        assert cohort_summary(reader, "tiny", worker="W1", smallest_group=1).people == 4
        with pytest.raises(NotFound):
            cohort_summary(reader, "tiny", worker="W2", smallest_group=1)
    assert early.scales[0].first_to_latest.distribution == {-1: 1, 0: 1, 1: 1}
    assert (late.people, late.people_with_change) == (3, 2)


def test_mixing_editions_without_a_declared_mapping_is_refused(cohort: Store) -> None:
    with cohort.write() as writer:
        second = writer.put_definition(tiny_text(edition="2.0"))
        writer.add_reading(
            tiny_reading("D", month=6, edition="2.0"), definitions={("tiny", "2.0"): second}
        )
    with cohort.read() as reader:
        with pytest.raises(StoreError, match=r"editions 1\.0 and 2\.0.*supersedes.*--edition"):
            cohort_summary(reader, "tiny", smallest_group=1)
        assert cohort_summary(reader, "tiny", "2.0", smallest_group=1).people == 1
        assert cohort_summary(reader, "tiny", "1.0", smallest_group=1).people == 4


RENAMED_EDITION = (
    tiny_text(edition="1.1")
    .decode()
    .replace("  - id: money", "  - id: finances")
    .replace(
        'edition: "1.1"',
        'edition: "1.1"\nsupersedes:\n  edition: "1.0"\n  scales:\n    money: finances',
    )
    .encode()
)


def test_editions_linked_by_supersedes_are_summarised_under_the_newest(cohort: Store) -> None:
    """A's first reading is 1.0 (money 2) and latest 1.1 (finances 4): +2 on `finances`."""
    with cohort.write() as writer:
        newer = writer.put_definition(RENAMED_EDITION)
        writer.add_reading(
            tiny_reading(
                "A",
                month=12,
                edition="1.1",
                scores={"home": 4, "finances": 4, "health": 4},
            ),
            definitions={("tiny", "1.1"): newer},
        )
    with cohort.read() as reader:
        only_old = cohort_summary(reader, "tiny", "1.0", smallest_group=1)
        bridged = cohort_summary(reader, "tiny", smallest_group=1)
    assert bridged.editions == ["1.0", "1.1"]
    assert bridged.edition == "1.1"
    assert [scale.scale for scale in bridged.scales] == ["home", "finances", "health"]
    finances = bridged.scales[1].first_to_latest
    money = only_old.scales[1].first_to_latest
    assert finances.people == money.people
    first_a = ROWS["A"][0][1]
    last_a_old = ROWS["A"][-1][1]
    assert sum(v * c for v, c in finances.distribution.items()) - sum(
        v * c for v, c in money.distribution.items()
    ) == (4 - first_a) - (last_a_old - first_a)


def test_a_declared_edition_that_changes_the_journey_is_still_refused(cohort: Store) -> None:
    moved = (
        RENAMED_EDITION.decode()
        .replace("points: [1, 2]", "points: [1, 1]")
        .replace("points: [3, 4]", "points: [2, 4]")
        .encode()
    )
    with cohort.write() as writer:
        newer = writer.put_definition(moved)
        writer.add_reading(
            tiny_reading(
                "A", month=12, edition="1.1", scores={"home": 4, "finances": 4, "health": 4}
            ),
            definitions={("tiny", "1.1"): newer},
        )
    with cohort.read() as reader, pytest.raises(StoreError, match="stages cover different"):
        cohort_summary(reader, "tiny", smallest_group=1)


def test_one_persons_journey(cohort: Store) -> None:
    with cohort.read() as reader:
        (journey,) = person_summary(reader, "A").journeys
    assert [r.date.month for r in journey.readings] == [1, 4, 7]
    home = [r.scales[0] for r in journey.readings]
    assert [s.score for s in home] == [1, 2, 4]
    assert [s.stage for s in home] == ["Early days", "Early days", "Later on"]
    assert [s.change_since_first for s in home] == [None, 1, 3]
    assert [s.change_since_previous for s in home] == [None, 1, 2]
    assert [s.stages_since_first for s in home] == [None, 0, 1]
    assert [s.stages_since_previous for s in home] == [None, 0, 1]
    health = [r.scales[2] for r in journey.readings]
    assert [s.score for s in health] == [3, "n/a", 4]
    assert [s.change_since_first for s in health] == [None, None, 1]
    assert [s.change_since_previous for s in health] == [None, None, None]


def test_disagreements_count_the_workers_score(cohort: Store) -> None:
    with cohort.read() as reader:
        (journey,) = person_summary(reader, "B").journeys
    latest = journey.readings[-1].scales[0]
    assert (latest.score, latest.person_score, latest.change_since_first) == (1, 3, -1)


def test_summaries_are_json_ready(cohort: Store) -> None:
    with cohort.read() as reader:
        record = cohort_summary(reader, "tiny", smallest_group=1).as_record()
        person = person_summary(reader, "A").as_record()
    assert record["scales"][0]["first_to_latest"]["distribution"] == {"-1": 1, "1": 1, "3": 1}
    assert person["journeys"][0]["readings"][0]["date"] == "2024-01-01"


def test_a_persons_journey_bridges_editions_as_the_cohort_does(cohort: Store) -> None:
    """A has three 1.0 readings (money 2, 2, 1) and one 1.1 (finances 4): one journey of four,
    under 1.1's ids, as `summary cohort` bridges them; not "Readings 1"."""
    with cohort.write() as writer:
        newer = writer.put_definition(RENAMED_EDITION)
        writer.add_reading(
            tiny_reading(
                "A", month=12, edition="1.1", scores={"home": 4, "finances": 4, "health": 4}
            ),
            definitions={("tiny", "1.1"): newer},
        )
    with cohort.read() as reader:
        (journey,) = person_summary(reader, "A").journeys
    assert (journey.edition, journey.editions) == ("1.1", ["1.0", "1.1"])
    assert [r.edition for r in journey.readings] == ["1.0", "1.0", "1.0", "1.1"]
    assert [scale for scale, _ in journey.scales] == ["home", "finances", "health"]
    finances = [next(s for s in r.scales if s.scale == "finances") for r in journey.readings]
    assert [s.score for s in finances] == [2, 2, 1, 4]
    assert finances[-1].change_since_first == 2
    assert finances[-1].change_since_previous == 3


def test_editions_that_cannot_be_bridged_stay_separate_journeys(cohort: Store) -> None:
    with cohort.write() as writer:
        second = writer.put_definition(tiny_text(edition="2.0"))
        writer.add_reading(
            tiny_reading("A", month=12, edition="2.0"), definitions={("tiny", "2.0"): second}
        )
    with cohort.read() as reader:
        journeys = person_summary(reader, "A").journeys
    assert [(j.edition, len(j.readings)) for j in journeys] == [("1.0", 3), ("2.0", 1)]


def test_summary_person_and_render_person_show_the_bridged_journey(cohort: Store) -> None:
    from starframe.cli.commands.summary import _journey
    from starframe.render.loading import load_person

    with cohort.write() as writer:
        newer = writer.put_definition(RENAMED_EDITION)
        writer.add_reading(
            tiny_reading(
                "A", month=12, edition="1.1", scores={"home": 4, "finances": 4, "health": 4}
            ),
            definitions={("tiny", "1.1"): newer},
        )
    with cohort.read() as reader:
        (journey,) = person_summary(reader, "A").journeys
        inputs = load_person(reader, "A", "tiny", None)
        by_old_edition = load_person(reader, "A", "tiny", "1.0")
    assert _journey(journey).splitlines()[0] == (
        "Tiny Star (tiny 1.0 and 1.1, bridged): 4 complete readings"
    )
    assert len(inputs.journey.readings) == 4
    assert inputs.star.edition == "1.1"
    assert by_old_edition.journey is not None
    assert len(by_old_edition.journey.readings) == 4
