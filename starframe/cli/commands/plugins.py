"""`starframe plugins`: installed plugin distributions, their hooks, and why any is broken."""

from __future__ import annotations

from collections import Counter

import click

from starframe.cli.shared.output import echo_json, table, wrap
from starframe.plugins.guard import shown_output


@click.command()
@click.option("--json", "as_json", is_flag=True, help="Print JSON instead of a table.")
def plugins(as_json: bool) -> None:
    """Installed plugins, the hooks each implements, and broken or blocked ones with the reason."""
    from starframe.catalog import build_catalog

    catalog = build_catalog()
    stars = Counter(e.origin.name for e in catalog.entries if e.origin.kind == "plugin")
    records = [
        {
            "name": p.name,
            "distribution": p.distribution,
            "version": p.version,
            "module": p.module,
            "state": p.state,
            "reason": p.reason,
            "hooks": list(p.hooks),
            "stars": stars.get(p.distribution or p.name, 0),
            "output": shown_output(p.output),
        }
        for p in catalog.host.plugins
    ]
    if as_json:
        echo_json(records)
        return
    if not records:
        click.echo("No plugins installed.")
        return
    rows = [
        [
            p.name,
            f"{p.distribution or '-'} {p.version or ''}".strip(),
            p.state,
            str(stars.get(p.distribution or p.name, 0)),
            ", ".join(p.hooks) or "-",
        ]
        for p in catalog.host.plugins
    ]
    click.echo(table(["PLUGIN", "DISTRIBUTION", "STATE", "STARS", "HOOKS"], rows))
    for p in catalog.host.plugins:
        if p.reason:
            click.echo(wrap(f"{p.name} is {p.state}: {p.reason}", hanging=4), err=True)
        if p.output:
            printed = shown_output(p.output).rstrip("\n").replace("\n", "\n    ")
            click.echo(f"{p.name} printed, while loading:\n    {printed}", err=True)
