"""Small counts are withheld, and no withheld count can be worked out from what is shown.

The reference for "can be worked out" is linear algebra, not the graph the module reasons on:
a withheld count is recoverable by adding and subtracting shown counts and totals exactly when
its unit vector lies in the row space of the totals' equations over the withheld counts.
"""

from __future__ import annotations

import numpy as np
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from starframe.stats import small_cells
from starframe.stats.small_cells import Count, CountTable, suppress, suppress_counts, withhold
from starframe.thresholds import SMALLEST_GROUP

Position = tuple[int, int]


def _grid(result: CountTable) -> dict[Position, tuple[int, bool]]:
    """(value, withheld) by position in the extended table (totals in the extra row/column)."""
    rows, columns = len(result.cells), len(result.cells[0])
    grid = {
        (i, j): (c.value, c.withheld is not None)
        for i, row in enumerate(result.cells)
        for j, c in enumerate(row)
    }
    for i, c in enumerate(result.row_totals or []):
        grid[(i, columns)] = (c.value, c.withheld is not None)
    for j, c in enumerate(result.column_totals or []):
        grid[(rows, j)] = (c.value, c.withheld is not None)
    if result.total is not None:
        grid[(rows, columns)] = (result.total.value, result.total.withheld is not None)
    return grid


def _equations(result: CountTable) -> list[dict[Position, int]]:
    """Each shown sum as coefficients over positions: the counts minus their total is 0."""
    rows, columns = len(result.cells), len(result.cells[0])
    equations: list[dict[Position, int]] = []
    if result.row_totals is not None:
        for i in range(rows):
            equations.append({**{(i, j): 1 for j in range(columns)}, (i, columns): -1})
    if result.column_totals is not None:
        for j in range(columns):
            equations.append({**{(i, j): 1 for i in range(rows)}, (rows, j): -1})
    if result.total is not None:
        equations.append({**{(rows, j): 1 for j in range(columns)}, (rows, columns): -1})
        equations.append({**{(i, columns): 1 for i in range(rows)}, (rows, columns): -1})
    return equations


def _recoverable(result: CountTable) -> list[Position]:
    grid = _grid(result)
    hidden = sorted(p for p, (_, withheld) in grid.items() if withheld)
    if not hidden:
        return []
    matrix = np.array(
        [[eq.get(p, 0) for p in hidden] for eq in _equations(result)] or [[0] * len(hidden)]
    )
    rank = np.linalg.matrix_rank(matrix)
    found = []
    for index, position in enumerate(hidden):
        unit = np.zeros(len(hidden))
        unit[index] = 1
        if np.linalg.matrix_rank(np.vstack([matrix, unit])) == rank:
            found.append(position)
    return found


TABLES = st.integers(1, 5).flatmap(
    lambda rows: st.integers(1, 6).flatmap(
        lambda columns: st.lists(
            st.lists(
                st.one_of(st.integers(0, 6), st.integers(0, 40)),
                min_size=columns,
                max_size=columns,
            ),
            min_size=rows,
            max_size=rows,
        )
    )
)


@settings(max_examples=300, deadline=None)
@given(TABLES, st.booleans(), st.booleans(), st.integers(1, 10))
def test_no_withheld_count_can_be_worked_out_from_the_shown_counts_and_totals(
    table: list[list[int]], row_totals: bool, column_totals: bool, smallest: int
) -> None:
    result = suppress(
        table, row_totals=row_totals, column_totals=column_totals, smallest_group=smallest
    )
    assert _recoverable(result) == []
    for value, withheld in _grid(result).values():
        if 0 < value < smallest:
            assert withheld, "every count below the smallest group is withheld"


@settings(max_examples=200, deadline=None)
@given(TABLES, st.booleans(), st.booleans())
def test_shown_counts_are_the_true_counts_and_say_why_the_others_are_not(
    table: list[list[int]], row_totals: bool, column_totals: bool
) -> None:
    result = suppress(
        table, row_totals=row_totals, column_totals=column_totals, smallest_group=SMALLEST_GROUP
    )
    for i, row in enumerate(result.cells):
        for j, count in enumerate(row):
            assert count.value == table[i][j]
            if count.withheld is None:
                assert count.shown == table[i][j]
                assert count.text() == str(table[i][j])
            else:
                assert count.shown is None
                assert count.withheld in (
                    "fewer than 5",
                    "withheld so that a count of fewer than 5 cannot be worked out",
                )
                assert count.text() in ("<5", "·")


@given(st.lists(st.integers(SMALLEST_GROUP, 100), min_size=1, max_size=8))
def test_nothing_is_withheld_when_every_count_is_large_enough(counts: list[int]) -> None:
    shown, total = suppress_counts(counts, smallest_group=SMALLEST_GROUP)
    assert [c.shown for c in shown] == counts
    assert total.shown == sum(counts)


def test_one_small_count_takes_the_next_smallest_with_it() -> None:
    shown, total = suppress_counts([12, 3, 7, 0], smallest_group=SMALLEST_GROUP)
    assert [c.text() for c in shown] == ["12", "<5", "·", "0"]
    assert total.shown == 22


def test_a_small_total_is_withheld_and_so_is_what_it_is_made_of() -> None:
    shown, total = suppress_counts([2, 1, 0], smallest_group=SMALLEST_GROUP)
    assert total.text() == "<5"
    assert [c.shown for c in shown] == [None, None, 0]


def test_a_table_with_column_totals_protects_down_the_columns_too() -> None:
    table = [[20, 3, 9], [15, 11, 30], [8, 10, 12]]
    result = suppress(table, row_totals=True, column_totals=True, smallest_group=SMALLEST_GROUP)
    assert result.cells[0][1].text() == "<5"
    hidden_in_column = [row[1] for row in result.cells if row[1].withheld]
    hidden_in_row = [c for c in result.cells[0] if c.withheld]
    assert len(hidden_in_column) >= 2
    assert len(hidden_in_row) >= 2
    assert _recoverable(result) == []


def test_the_smallest_group_can_be_set() -> None:
    shown, _ = suppress_counts([12, 3, 7], smallest_group=3)
    assert [c.shown for c in shown] == [12, 3, 7]
    shown, _ = suppress_counts([12, 3, 7], smallest_group=10)
    assert [c.text() for c in shown] == ["12", "<10", "<10"]


def test_counts_are_never_negative() -> None:
    with pytest.raises(ValueError, match="never negative"):
        suppress([[1, -1]], smallest_group=SMALLEST_GROUP)


def _recoverable_in(found: dict[str, Count], sums: list[tuple[str, list[str]]]) -> list[str]:
    hidden = sorted(key for key, count in found.items() if count.withheld)
    if not hidden:
        return []
    rows = []
    for total, parts in sums:
        rows.append([parts.count(key) - (key == total) for key in hidden])
    matrix = np.array(rows or [[0] * len(hidden)])
    rank = np.linalg.matrix_rank(matrix)
    return [
        key
        for index, key in enumerate(hidden)
        if np.linalg.matrix_rank(np.vstack([matrix, np.eye(len(hidden))[index]])) == rank
        and found[key].value > 0
    ]


@settings(max_examples=300, deadline=None)
@given(st.dictionaries(st.integers(-6, 6), st.integers(1, 12), min_size=1, max_size=9))
def test_nested_totals_of_a_cohort_give_no_withheld_count_away(
    distribution: dict[int, int],
) -> None:
    # people = better + same + worse; better = the positive changes; worse the negative ones.
    values = {f"d{v}": n for v, n in distribution.items()}
    groups = {
        "better": [f"d{v}" for v in distribution if v > 0],
        "same": [f"d{v}" for v in distribution if v == 0],
        "worse": [f"d{v}" for v in distribution if v < 0],
    }
    for group, parts in groups.items():
        values[group] = sum(values[p] for p in parts)
    values["people"] = sum(distribution.values())
    sums = list(groups.items())
    sums.append(("people", list(groups)))
    found = withhold(values, sums, smallest_group=SMALLEST_GROUP)
    assert _recoverable_in(found, sums) == []
    assert all(found[key].withheld for key, value in values.items() if 0 < value < 5)


@settings(max_examples=100, deadline=None)
@given(TABLES)
def test_fractions_and_whole_numbers_modulo_a_prime_find_the_same_counts_fixed(
    table: list[list[int]],
) -> None:
    modular = suppress(table, row_totals=True, column_totals=True, smallest_group=SMALLEST_GROUP)
    exact = small_cells.EXACT_EQUATIONS
    small_cells.EXACT_EQUATIONS = -1  # every reduction in fractions
    try:
        in_fractions = suppress(
            table, row_totals=True, column_totals=True, smallest_group=SMALLEST_GROUP
        )
    finally:
        small_cells.EXACT_EQUATIONS = exact
    assert modular == in_fractions


def test_a_count_shown_elsewhere_is_never_withheld_to_protect_another() -> None:
    values = {"people": 12, "better": 11, "same": 1, "worse": 0}
    sums = [("people", ["better", "same", "worse"])]
    found = withhold(values, sums, smallest_group=SMALLEST_GROUP, shown_elsewhere=["people"])
    assert [found[k].text() for k in values] == ["12", "·", "<5", "0"]
    small = withhold(
        {"people": 3, "same": 3},
        [("people", ["same"])],
        smallest_group=SMALLEST_GROUP,
        shown_elsewhere=["people"],
    )
    assert small["people"].text() == "<5"
