"""The command group and the options its commands share."""

from __future__ import annotations

import sys
from collections.abc import Callable
from pathlib import Path
from typing import TYPE_CHECKING, Any, TypeVar

import click

if TYPE_CHECKING:
    from starframe.catalog import Catalog

F = TypeVar("F", bound=Callable[..., Any])


class UserError(Exception):
    """A mistake the user can fix; printed as one line, exit code 1."""


@click.group(
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
            from starframe.cli.tui_cmd import run_tui

            run_tui()
        else:
            click.echo(ctx.get_help())


def stars_dir_option(func: F) -> F:
    """`--stars-dir DIR` (repeatable): draft Stars loaded from folders, without packaging."""
    return click.option(
        "--stars-dir",
        "stars_dirs",
        multiple=True,
        type=click.Path(exists=True, file_okay=False, path_type=Path),
        help="Folder of draft Star files to load as well (repeatable; also STARFRAME_STARS_PATH).",
    )(func)


def lang_option(func: F) -> F:
    """`--lang CODE`: a Star's wording in a translation, falling back string by string."""
    return click.option(
        "--lang",
        metavar="CODE",
        help="Language to show (a BCP 47 code such as cy); untranslated text stays as written.",
    )(func)


def open_catalog(stars_dirs: tuple[Path, ...]) -> Catalog:
    from starframe.catalog import build_catalog

    return build_catalog(stars_dirs=stars_dirs)


def register_commands() -> None:
    from starframe.cli import (
        db_cmd,
        demo_cmd,
        diff_cmd,
        new_cmd,
        people_cmd,
        plugins_cmd,
        practice_certificates_cmd,
        practice_cmd,
        practice_pdf_cmd,
        practice_session_cmd,
        readings_cmd,
        render_cmd,
        schema_cmd,
        stars_cmd,
        summary_cmd,
        tui_cmd,
        validate_cmd,
        workers_cmd,
    )

    cli.add_command(stars_cmd.stars)
    cli.add_command(validate_cmd.validate)
    cli.add_command(plugins_cmd.plugins)
    cli.add_command(schema_cmd.schema)
    cli.add_command(diff_cmd.diff)
    cli.add_command(new_cmd.new)
    cli.add_command(render_cmd.render)
    cli.add_command(practice_cmd.practice)
    for command in (
        *practice_session_cmd.COMMANDS,
        *practice_certificates_cmd.COMMANDS,
        *practice_pdf_cmd.COMMANDS,
    ):
        practice_cmd.practice.add_command(command)
    cli.add_command(tui_cmd.tui)
    cli.add_command(people_cmd.people)
    cli.add_command(workers_cmd.workers)
    cli.add_command(readings_cmd.readings)
    cli.add_command(summary_cmd.summary)
    cli.add_command(db_cmd.db)
    cli.add_command(demo_cmd.demo)


register_commands()
