"""The options every command that writes a file shares: `-o/--out` and `--force`.

The rules for writing (atomic, owner-only, never the database) are in
`starframe.output_files`; here is only how a command asks for them. `--output`, the old name
of `--out`, still works for one release but is left out of the help.
"""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path
from typing import Any, TypeVar

import click

from starframe.cli.app import UserError

F = TypeVar("F", bound=Callable[..., Any])
OLD_NAME = "--output"


class _OutOption(click.Option):
    """`-o/--out`, answering to the hidden old name `--output` too."""

    def get_help_record(self, ctx: click.Context) -> tuple[str, str] | None:
        spellings = self.opts
        self.opts = [name for name in spellings if name != OLD_NAME]
        try:
            return super().get_help_record(ctx)
        finally:
            self.opts = spellings

    def get_error_hint(self, ctx: click.Context | None) -> str:
        return " / ".join(f"'{name}'" for name in self.opts if name != OLD_NAME)


def out_option(
    help: str, *, required: bool = True, folder: bool = False, default: Path | None = None
) -> Callable[[F], F]:
    """`-o/--out PATH` (a file, or a folder with `folder=True`), passed as `output`."""
    kind = click.Path(file_okay=not folder, dir_okay=folder, path_type=Path)
    # Click reads an explicit default=None as a value given, so only a real default is passed.
    defaults: dict[str, Any] = {} if default is None else {"default": default}
    return click.option(
        "-o",
        "--out",
        OLD_NAME,
        "output",
        cls=_OutOption,
        required=required,
        type=kind,
        show_default=default is not None,
        help=help,
        **defaults,
    )


def force_option(func: F) -> F:
    return click.option(
        "--force", is_flag=True, help="Replace files that exist (never the database in use)."
    )(func)


def database_files(db: str | None) -> tuple[Path, ...]:
    """The database `--db` names and its working files: an output may never replace them."""
    from starframe.store.database import locate
    from starframe.store.errors import StoreError

    try:
        return locate(db).files
    except StoreError as exc:
        raise UserError(str(exc)) from None
