"""A star chart with its legend, and beside it each scale's score, stage and change."""

from __future__ import annotations

from rich.console import Group, RenderableType
from rich.table import Table
from rich.text import Text
from textual.app import ComposeResult
from textual.containers import Horizontal, VerticalScroll
from textual.widgets import Static

from starframe.tui.pictures import Picture
from starframe.tui.widgets.radar import RadarChart

CHANGE_KEY = "≠ the person's own view differs · ↑↓ stages moved"


def score_table(picture: Picture) -> Table:
    table = Table(box=None, padding=(0, 1, 0, 0), expand=False, header_style="bold")
    table.add_column("Scale", no_wrap=True, overflow="ellipsis", max_width=18)
    table.add_column("Now", no_wrap=True, justify="right", min_width=3)
    table.add_column("Stage", no_wrap=True, overflow="ellipsis", max_width=14)
    table.add_column("±prev", no_wrap=True, justify="right", min_width=5)
    table.add_column("±1st", no_wrap=True, justify="right", min_width=5)
    for row in picture.rows:
        table.add_row(row.label, row.score, row.stage, row.since_previous, row.since_first)
    return table


class StarView(Horizontal):
    """Left the chart, right the legend and table; give it a Picture with `show`."""

    def compose(self) -> ComposeResult:
        yield RadarChart(id="star-chart")
        with VerticalScroll(id="star-side"):
            yield Static(id="star-table")

    def show(self, picture: Picture | None, message: str = "") -> None:
        chart = self.query_one(RadarChart)
        table = self.query_one("#star-table", Static)
        if picture is None:
            chart.draw(None)
            table.update(Text(message))
            return
        chart.draw(picture.shape)
        parts: list[RenderableType] = [
            Text(picture.legend),
            score_table(picture),
            Text(CHANGE_KEY, style="italic"),
        ]
        if picture.remark:
            parts.append(Text(picture.remark, style="italic"))
        table.update(Group(*parts))
