"""The `starframe` command: thin click commands over core functions.

`main` owns the exit-code contract: 0 success, 1 problems found or a user error, 2 usage
errors, 3 an unexpected failure (one line; `--debug` shows the traceback). A warm `stars
list` is printed again from the kept listing before click is imported (`kept_listing`):
click is half of such a start. Everything else imports click and runs the command group.
"""

from __future__ import annotations

import os
import sys

from starframe.cli.kept_listing import print_kept_listing

TYPE_CHECKING = False
if TYPE_CHECKING:
    from collections.abc import Sequence
    from typing import NoReturn


def main(argv: Sequence[str] | None = None) -> None:
    """Run one command; everything it prints has its control characters escaped."""
    args = list(sys.argv[1:] if argv is None else argv)
    try:
        printed = print_kept_listing(args)
    except (KeyboardInterrupt, BrokenPipeError) as exc:
        _stopped(exc)
    if printed:
        sys.exit(0)
    from starframe.cli.shared.output import shown_output

    with shown_output():
        _run(args)


def _run(args: list[str]) -> None:
    import click

    from starframe.cli.group import cli
    from starframe.cli.shared.errors import UserError
    from starframe.output_files import OutputError

    debug = "--debug" in args or bool(os.environ.get("STARFRAME_DEBUG"))
    try:
        result = cli.main(args=args, prog_name="starframe", standalone_mode=False)
    except (click.exceptions.Abort, KeyboardInterrupt, BrokenPipeError) as exc:
        _stopped(exc)
    except click.ClickException as exc:
        exc.show()
        sys.exit(exc.exit_code)
    except (UserError, OutputError) as exc:
        click.echo(f"starframe: error: {exc}", err=True)
        sys.exit(1)
    except Exception as exc:
        # An unexpected error's text may quote a database URL: never print its secrets.
        import traceback

        from starframe.store.urls import masked_text

        if debug:
            click.echo(masked_text(traceback.format_exc()), err=True, nl=False)
        else:
            click.echo(
                f"starframe: unexpected error: {type(exc).__name__}: {masked_text(str(exc))} "
                "(run again with --debug for the details, and report it)",
                err=True,
            )
        sys.exit(3)
    sys.exit(result if isinstance(result, int) else 0)


def _stopped(exc: BaseException) -> NoReturn:
    """A closed pipe ends quietly with 1 (stderr may be the same pipe); Ctrl-C, or click's
    Abort, with 130 (`click.echo`'s bytes, written without importing click)."""
    if isinstance(exc, BrokenPipeError):
        sys.stderr.close()
        sys.exit(1)
    sys.stderr.write("starframe: cancelled.\n")
    sys.stderr.flush()
    sys.exit(130)
