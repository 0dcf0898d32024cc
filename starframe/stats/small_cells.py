"""Small counts of people withheld, and enough others beside them that none can be worked out.

A table of counts of people (scales × stages, say) is shown with totals. A count below the
smallest group (primary suppression) is withheld as "fewer than 5". That alone is not enough:
where a row shows its total and every other count in it, the withheld one is the total minus
the rest. So more counts are withheld (secondary suppression) until no withheld count is fixed
by the shown counts and totals.

Which withheld counts are fixed is linear algebra. Each shown total is an equation: its parts
sum to it. With the shown counts moved to the known side, what is left is equations over the
withheld counts; one is fixed exactly when some sum of those equations leaves it alone, that
is, when its unit vector lies in their span (computed exactly, in fractions). In a table this
is a graph: a withheld count on a cycle of withheld counts through rows and columns can move
by one person around the cycle without changing a total, so it could be any of several values.
A table is one use; a cohort's nested totals (people = better + same + worse, better = the sum
of each positive change) are another, so `withhold` takes any sums. Secondary suppression
withholds more counts until no withheld count is fixed. It prefers counts that are not totals,
not zero (a withheld zero protects little: it cannot go lower) and small (least is lost).

Nothing here knows about Stars or readings; `starframe.readings.summaries` applies it.
"""

from __future__ import annotations

from collections.abc import Collection, Hashable, Mapping, Sequence
from dataclasses import dataclass
from fractions import Fraction
from typing import TypeVar

Position = tuple[int, int]
K = TypeVar("K", bound=Hashable)


def fewer_than(smallest_group: int) -> str:
    """The reason a count below the smallest group is withheld: "fewer than 5"."""
    return f"fewer than {smallest_group}"


def protecting(smallest_group: int) -> str:
    """The reason a count is withheld so that a smaller one cannot be worked out."""
    return f"withheld so that a count of fewer than {smallest_group} cannot be worked out"


@dataclass(frozen=True)
class Count:
    """One count of people, and why it is withheld (None when it is shown)."""

    value: int
    withheld: str | None = None

    @property
    def shown(self) -> int | None:
        """The count, or None when it is withheld."""
        return None if self.withheld else self.value

    def text(self) -> str:
        """The count as a table shows it: the number, or "<5" when withheld as small, or "·"
        when withheld to protect another."""
        return count_text(self.value, self.withheld)


def count_text(value: int | None, withheld: str | None) -> str:
    """A count as a table shows it: the number; `<5` when it is withheld as fewer than 5; `·`
    when it is withheld so that another cannot be worked out; `-` when there is none."""
    if withheld is None:
        return "-" if value is None else str(value)
    if withheld.startswith("fewer than"):
        return f"<{withheld.split()[2]}"
    return "·"


@dataclass(frozen=True)
class CountTable:
    """A table of counts with its totals, small ones withheld."""

    cells: list[list[Count]]
    row_totals: list[Count] | None
    """Each row's total, when the table shows them."""
    column_totals: list[Count] | None
    """Each column's total, when the table shows them."""
    total: Count | None
    """The grand total, shown when both row and column totals are."""

    @property
    def any_withheld(self) -> bool:
        every = [c for row in self.cells for c in row]
        every += [*(self.row_totals or []), *(self.column_totals or [])]
        every += [self.total] if self.total else []
        return any(c.withheld for c in every)


def suppress(
    table: Sequence[Sequence[int]],
    *,
    row_totals: bool = True,
    column_totals: bool = False,
    smallest_group: int,
) -> CountTable:
    """`table`'s counts with those below `smallest_group` withheld, and enough others.

    `row_totals` and `column_totals` say which totals the table shows beside its counts (the
    grand total is shown when both are); a total below `smallest_group` is withheld too.
    """
    rows = len(table)
    columns = len(table[0]) if rows else 0
    if any(len(row) != columns for row in table):
        raise ValueError("every row of a table of counts has the same number of counts")
    if not rows or not columns:
        return CountTable([[] for _ in range(rows)], None, None, None)
    grid = _extended(table, row_totals=row_totals, column_totals=column_totals)
    sums: list[tuple[Position, list[Position]]] = []
    if row_totals:
        sums += [((i, columns), [(i, j) for j in range(columns)]) for i in range(rows)]
    if column_totals:
        sums += [((rows, j), [(i, j) for i in range(rows)]) for j in range(columns)]
    if row_totals and column_totals:
        sums.append(((rows, columns), [(rows, j) for j in range(columns)]))
        sums.append(((rows, columns), [(i, columns) for i in range(rows)]))
    found = withhold(grid, sums, smallest_group=smallest_group)
    both = row_totals and column_totals
    return CountTable(
        cells=[[found[(i, j)] for j in range(columns)] for i in range(rows)],
        row_totals=[found[(i, columns)] for i in range(rows)] if row_totals else None,
        column_totals=[found[(rows, j)] for j in range(columns)] if column_totals else None,
        total=found[(rows, columns)] if both else None,
    )


def withhold(
    values: Mapping[K, int],
    sums: Sequence[tuple[K, Sequence[K]]],
    *,
    smallest_group: int,
    shown_elsewhere: Collection[K] = (),
) -> dict[K, Count]:
    """Every count in `values`, those below `smallest_group` withheld, and enough others.

    `sums` are the totals shown beside the counts: (total, parts), the total's count being
    the sum of its parts' (a part may be in several sums, as a count is in its row and its
    column). A total below `smallest_group` is withheld like any count. Others are withheld
    until no withheld count is fixed by what is shown; totals are withheld last.
    `shown_elsewhere` are counts the reader sees anyway (a cohort's people, printed at the top,
    is each scale's total too): withholding them would protect nothing, so they never are
    unless they are small themselves.
    """
    if any(value < 0 for value in values.values()):
        raise ValueError("a count of people is never negative")
    order = {key: index for index, key in enumerate(values)}
    totals = {total for total, _ in sums}
    primary = [key for key in order if 0 < values[key] < smallest_group]
    hidden = set(primary)

    def cost(key: K) -> tuple[bool, bool, int, int]:
        return (key in totals, values[key] == 0, values[key], order[key])

    # Counts joined by no chain of totals cannot give each other away: each group of joined
    # counts is protected on its own, which keeps the equations small.
    for keys, group_sums in _joined(list(order), sums):
        first = [key for key in primary if key in keys] + keys
        lines = [{total, *parts} for total, parts in group_sums]
        while (fixed := _first_fixed(first, hidden, group_sums)) is not None:
            shown = sorted(
                (key for key in keys if key not in hidden and key not in shown_elsewhere),
                key=cost,
            )
            if not shown:
                break  # with everything withheld, only a count forced to be 0 is fixed
            beside = [key for key in shown if any({key, fixed} <= line for line in lines)]
            choice = next(
                (
                    key
                    for candidates in (beside, shown)
                    for key in candidates
                    if fixed not in _fixed(hidden | {key}, group_sums)
                ),
                (beside or shown)[0],
            )
            hidden.add(choice)
    reasons = {key: fewer_than(smallest_group) for key in primary}
    return {
        key: Count(
            values[key],
            reasons.get(key, protecting(smallest_group) if key in hidden else None),
        )
        for key in order
    }


def _joined(
    keys: list[K], sums: Sequence[tuple[K, Sequence[K]]]
) -> list[tuple[list[K], list[tuple[K, Sequence[K]]]]]:
    """The counts in groups joined by totals, each with its totals, in the order given."""
    leader = {key: key for key in keys}

    def find(key: K) -> K:
        while leader[key] != key:
            leader[key] = leader[leader[key]]
            key = leader[key]
        return key

    for total, parts in sums:
        for part in parts:
            leader[find(part)] = find(total)
    groups: dict[K, tuple[list[K], list[tuple[K, Sequence[K]]]]] = {}
    for key in keys:
        groups.setdefault(find(key), ([], []))[0].append(key)
    for total, parts in sums:
        groups[find(total)][1].append((total, parts))
    return list(groups.values())


def _first_fixed(
    order: Sequence[K], hidden: set[K], sums: Sequence[tuple[K, Sequence[K]]]
) -> K | None:
    fixed = _fixed(hidden, sums)
    return next((key for key in dict.fromkeys(order) if key in fixed), None)


def _fixed(hidden: set[K], sums: Sequence[tuple[K, Sequence[K]]]) -> set[K]:
    """The withheld counts the shown ones and the totals fix: those whose unit vector lies in
    the span of the sums' equations over the withheld counts. In the equations' reduced row
    echelon form that is a pivot whose row is zero at every free column: no solution of the
    equations with the shown counts at 0 moves it."""
    unknowns = sorted(hidden, key=repr)
    column = {key: index for index, key in enumerate(unknowns)}
    rows: list[dict[int, int]] = []
    for total, parts in sums:
        row: dict[int, int] = {}
        for part in parts:
            if part in column:
                row[column[part]] = row.get(column[part], 0) + 1
        if total in column:
            row[column[total]] = row.get(column[total], 0) - 1
        row = {index: value for index, value in row.items() if value}
        if row:
            rows.append(row)
    pivots = _reduced(rows)
    free = set(range(len(unknowns))) - set(pivots)
    return {unknowns[pivot] for pivot, row in pivots.items() if not free & row.keys()}


PRIME = 2**61 - 1
"""The equations are reduced in whole numbers modulo this prime, which is exact for them: the
equations' coefficients are 0, 1 and -1, so every number elimination meets is a ratio of
minors of at most `EXACT_EQUATIONS` rows, each below m^(m/2) < 2^61 (Hadamard), and is zero
modulo the prime only when it is zero. Beyond that many equations, fractions are used."""

EXACT_EQUATIONS = 24


def _reduced(rows: list[dict[int, int]]) -> dict[int, dict[int, int | Fraction]]:
    """The rows in reduced row echelon form: pivot column → row (column → non-zero value),
    with 1 at its pivot. Sparse: a cohort's equations touch a handful of counts each."""
    modular = len(rows) <= EXACT_EQUATIONS
    pivots: dict[int, dict[int, int | Fraction]] = {}

    def divide(value: int | Fraction, by: int | Fraction) -> int | Fraction:
        if modular:
            return int(value) * pow(int(by), -1, PRIME) % PRIME
        return Fraction(value) / by

    def cancel(row: dict[int, int | Fraction], at: int, done: dict[int, int | Fraction]) -> None:
        factor = row[at]
        for index, value in done.items():
            updated = row.get(index, 0) - factor * value
            if modular:
                updated %= PRIME
            if updated:
                row[index] = updated
            else:
                row.pop(index, None)

    for original in rows:
        row: dict[int, int | Fraction] = {
            k: (v % PRIME if modular else Fraction(v)) for k, v in original.items()
        }
        for pivot, done in pivots.items():
            if pivot in row:
                cancel(row, pivot, done)
        if not row:
            continue
        lead = min(row)
        row = {index: divide(value, row[lead]) for index, value in row.items()}
        for done in pivots.values():
            if lead in done:
                cancel(done, lead, row)
        pivots[lead] = row
    return pivots


def suppress_counts(counts: Sequence[int], *, smallest_group: int) -> tuple[list[Count], Count]:
    """One row of counts and its total (stage up / same / down, say), suppressed."""
    table = suppress([list(counts)], row_totals=True, smallest_group=smallest_group)
    assert table.row_totals is not None
    return table.cells[0], table.row_totals[0]


def _extended(
    table: Sequence[Sequence[int]], *, row_totals: bool, column_totals: bool
) -> dict[Position, int]:
    """Every count and shown total by position; row totals in column `columns`, column totals
    in row `rows`, the grand total at (`rows`, `columns`)."""
    rows = len(table)
    columns = len(table[0]) if rows else 0
    grid = {(i, j): table[i][j] for i in range(rows) for j in range(columns)}
    if row_totals:
        for i in range(rows):
            grid[(i, columns)] = sum(table[i])
    if column_totals:
        for j in range(columns):
            grid[(rows, j)] = sum(table[i][j] for i in range(rows))
    if row_totals and column_totals:
        grid[(rows, columns)] = sum(sum(row) for row in table)
    return grid
