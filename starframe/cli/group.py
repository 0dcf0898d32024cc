"""The `starframe` command group, which imports each command's module only when it runs.

A start pays for the one command it runs: `starframe stars list` imports the `stars` module
and none of the other twenty, and never Textual, ReportLab or SQLAlchemy. `--help` lists every
command, so it imports them all (each module's top-level imports are cheap).
"""

from __future__ import annotations

import importlib
import sys

import click

COMMANDS: dict[str, tuple[str, str]] = {
    "stars": ("stars", "stars"),
    "validate": ("validate", "validate"),
    "plugins": ("plugins", "plugins"),
    "schema": ("schema", "schema"),
    "diff": ("diff", "diff"),
    "new": ("new", "new"),
    "render": ("render", "render"),
    "practice": ("practice", "practice"),
    "tui": ("tui", "tui"),
    "people": ("people", "people"),
    "workers": ("workers", "workers"),
    "teams": ("organisation", "teams"),
    "staff": ("organisation", "staff"),
    "requests": ("organisation", "requests"),
    "readings": ("readings", "readings"),
    "summary": ("summary", "summary"),
    "db": ("db", "db"),
    "demo": ("demo", "demo"),
    "fhir": ("fhir", "fhir"),
    "serve": ("serve", "serve"),
    "wording": ("wording", "wording"),
    "pilot": ("pilot", "pilot"),
}
"""Each command's name: its module in `starframe.cli.commands` and the command's name there."""

PRACTICE_MODULES = ("practice_sessions", "practice_certificates", "practice_pdf")
"""Modules whose `COMMANDS` join `starframe practice` (no command module imports another)."""


class LazyGroup(click.Group):
    """A group that knows its commands by name and imports one when it is asked for."""

    def list_commands(self, ctx: click.Context) -> list[str]:
        return sorted({*self.commands, *COMMANDS})

    def get_command(self, ctx: click.Context, cmd_name: str) -> click.Command | None:
        if cmd_name not in self.commands and cmd_name in COMMANDS:
            self.add_command(load_command(cmd_name), cmd_name)
        return super().get_command(ctx, cmd_name)


def load_command(name: str) -> click.Command:
    """Import the module of command `name` and return the command (`practice` with all of
    its subcommands)."""
    module, attribute = COMMANDS[name]
    found = importlib.import_module(f"starframe.cli.commands.{module}")
    command: object = getattr(found, attribute)
    assert isinstance(command, click.Command)
    if name == "practice" and isinstance(command, click.Group):
        for extra in PRACTICE_MODULES:
            for sub in importlib.import_module(f"starframe.cli.commands.{extra}").COMMANDS:
                command.add_command(sub)
    return command


@click.group(
    cls=LazyGroup,
    context_settings={"help_option_names": ["-h", "--help"], "max_content_width": 100},
    invoke_without_command=True,
)
@click.option("--debug", is_flag=True, help="Show tracebacks of unexpected errors.")
@click.version_option(package_name="starframe", prog_name="starframe")
@click.pass_context
def cli(ctx: click.Context, debug: bool) -> None:
    """Define, validate and host Star outcome tools."""
    if ctx.invoked_subcommand is None:
        # A person at a terminal gets the UI; scripts and CI get help and never hang.
        if sys.stdin.isatty() and sys.stdout.isatty():
            from starframe.cli.shared.terminal import run_tui

            run_tui()
        else:
            click.echo(ctx.get_help())
