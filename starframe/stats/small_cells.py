"""Small counts of people withheld, and enough others beside them that none can be worked out.

A table of counts of people (scales × stages, say) is shown with totals. A count below the
smallest group (primary suppression) is withheld as "fewer than 5". That alone is not enough:
where a row shows its total and every other count in it, the withheld one is the total minus
the rest. So more counts are withheld (secondary suppression) until no withheld count is fixed
by the shown counts and totals.

Which withheld counts are fixed is a question about a graph. Each row and each column whose
total is shown is a node; each withheld count is an edge between its row and its column (a
total is an edge too: a row total joins its row to the column of row totals). Lines without a
shown total are one free node, since nothing constrains them. The shown counts move to the
totals' side of the equations, and what is left is the withheld counts on the edges, each node
summing to a known number. Adding and subtracting one person around a cycle of edges keeps
every sum, so a count on a cycle could be any of several values; a count on no cycle (a
bridge) is the same in every solution, so subtraction recovers it. Secondary suppression
withholds more counts until no withheld count is a bridge. It prefers counts that are not
totals, not zero (a withheld zero protects little: it cannot go lower) and small (least is
lost), and it always ends: with every count withheld, no edge is a bridge.

Nothing here knows about Stars or readings; `starframe.readings.summaries` applies it.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

from starframe.thresholds import SMALLEST_GROUP

Position = tuple[int, int]


def fewer_than(smallest_group: int = SMALLEST_GROUP) -> str:
    """The reason a count below the smallest group is withheld: "fewer than 5"."""
    return f"fewer than {smallest_group}"


def protecting(smallest_group: int = SMALLEST_GROUP) -> str:
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
        if self.withheld is None:
            return str(self.value)
        return f"<{self.withheld.split()[-1]}" if self.withheld.startswith("fewer") else "·"


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
    smallest_group: int = SMALLEST_GROUP,
) -> CountTable:
    """`table`'s counts with those below `smallest_group` withheld, and enough others.

    `row_totals` and `column_totals` say which totals the table shows beside its counts (the
    grand total is shown when both are); a total below `smallest_group` is withheld too.
    """
    rows = len(table)
    columns = len(table[0]) if rows else 0
    if any(len(row) != columns for row in table):
        raise ValueError("every row of a table of counts has the same number of counts")
    if any(value < 0 for row in table for value in row):
        raise ValueError("a count of people is never negative")
    if not rows or not columns:
        return CountTable([[] for _ in range(rows)], None, None, None)
    grid = _extended(table, row_totals=row_totals, column_totals=column_totals)
    nodes = _Nodes(rows, columns, row_totals=row_totals, column_totals=column_totals)
    primary = {position for position, value in grid.items() if 0 < value < smallest_group}
    hidden = set(primary)
    while (
        bridge := _first_bridge(hidden, nodes, order=sorted(primary) + sorted(hidden))
    ) is not None:
        hidden.add(_complement(bridge, hidden, grid, nodes, rows, columns))

    def count(position: Position) -> Count:
        value = grid[position]
        if position in primary:
            return Count(value, fewer_than(smallest_group))
        if position in hidden:
            return Count(value, protecting(smallest_group))
        return Count(value)

    both = row_totals and column_totals
    return CountTable(
        cells=[[count((i, j)) for j in range(columns)] for i in range(rows)],
        row_totals=[count((i, columns)) for i in range(rows)] if row_totals else None,
        column_totals=[count((rows, j)) for j in range(columns)] if column_totals else None,
        total=count((rows, columns)) if both else None,
    )


def suppress_counts(
    counts: Sequence[int], *, smallest_group: int = SMALLEST_GROUP
) -> tuple[list[Count], Count]:
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


class _Nodes:
    """Which equation each line of the extended table is: a shown total, or the free node."""

    FREE = ("free", 0)

    def __init__(self, rows: int, columns: int, *, row_totals: bool, column_totals: bool):
        self.rows, self.columns = rows, columns
        self.row_totals, self.column_totals = row_totals, column_totals

    def ends(self, position: Position) -> tuple[tuple[str, int], tuple[str, int]]:
        i, j = position
        both = self.row_totals and self.column_totals
        row_constrained = self.row_totals if i < self.rows else both
        column_constrained = self.column_totals if j < self.columns else both
        return (
            ("row", i) if row_constrained else self.FREE,
            ("column", j) if column_constrained else self.FREE,
        )


def _is_bridge(edge: Position, hidden: set[Position], nodes: _Nodes) -> bool:
    start, goal = nodes.ends(edge)
    if start == goal:
        return False  # a loop at the free node: nothing fixes it
    links: dict[tuple[str, int], list[tuple[str, int]]] = {}
    for other in hidden:
        if other == edge:
            continue
        a, b = nodes.ends(other)
        links.setdefault(a, []).append(b)
        links.setdefault(b, []).append(a)
    seen, todo = {start}, [start]
    while todo:
        node = todo.pop()
        for nxt in links.get(node, []):
            if nxt == goal:
                return False
            if nxt not in seen:
                seen.add(nxt)
                todo.append(nxt)
    return True


def _first_bridge(
    hidden: set[Position], nodes: _Nodes, *, order: list[Position]
) -> Position | None:
    for edge in dict.fromkeys(order):
        if edge in hidden and _is_bridge(edge, hidden, nodes):
            return edge
    return None


def _complement(
    bridge: Position,
    hidden: set[Position],
    grid: dict[Position, int],
    nodes: _Nodes,
    rows: int,
    columns: int,
) -> Position:
    """The shown count to withhold next: one that puts `bridge` on a cycle if any does, in
    the bridge's own row or column first, and among those the least costly."""

    def cost(position: Position) -> tuple[bool, bool, int, Position]:
        i, j = position
        return (i >= rows or j >= columns, grid[position] == 0, grid[position], position)

    shown = sorted((p for p in grid if p not in hidden), key=cost)
    same_line = [p for p in shown if p[0] == bridge[0] or p[1] == bridge[1]]
    for candidates in (same_line, shown):
        for candidate in candidates:
            if not _is_bridge(bridge, hidden | {candidate}, nodes):
                return candidate
    # No single count closes a cycle: withhold one beside the bridge and look again. With
    # every count withheld no edge is a bridge, so there is always one left to withhold.
    return (same_line or shown)[0]
