"""The options every command that writes a file shares: `-o/--out` and `--force`.

The rules for writing (atomic, owner-only, never the database) are in
`starframe.output_files`; here is only how a command asks for them. `--output`, the old name
of `--out` (`--dir` on `new star`, a DESTINATION argument on `db backup`), still works for one
release but is left out of the help.
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
    """`-o/--out`, answering to its hidden old names (`--output`, ...) too."""

    def __init__(self, *args: Any, old_names: tuple[str, ...] = (), **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.old_names = old_names

    def get_help_record(self, ctx: click.Context) -> tuple[str, str] | None:
        spellings = self.opts
        self.opts = [name for name in spellings if name not in self.old_names]
        try:
            return super().get_help_record(ctx)
        finally:
            self.opts = spellings

    def get_error_hint(self, ctx: click.Context | None) -> str:
        return " / ".join(f"'{name}'" for name in self.opts if name not in self.old_names)


def out_option(
    help: str,
    *,
    required: bool = True,
    folder: bool = False,
    default: Path | None = None,
    old_names: tuple[str, ...] = (OLD_NAME,),
) -> Callable[[F], F]:
    """`-o/--out PATH` (a file, or a folder with `folder=True`), passed as `output`.

    `old_names` are the spellings a command used before, accepted for one release and left
    out of the help: `--output` on most, `--dir` on `new star`.
    """
    kind = click.Path(file_okay=not folder, dir_okay=folder, path_type=Path)
    # Click reads an explicit default=None as a value given, so only a real default is passed.
    defaults: dict[str, Any] = {} if default is None else {"default": default}
    return click.option(
        "-o",
        "--out",
        *old_names,
        "output",
        cls=_OutOption,
        old_names=old_names,
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


def default_database_files() -> tuple[Path, ...]:
    """The default database's files, for a command that opens no database (`render blank`).

    It opens none, but `-o` with `--force` could still name the database of every other
    command. Nothing is protected where STARFRAME_DB names no database at all: the command
    does not need one, so a mistake there is for the commands that do to report.
    """
    from starframe.store.database import locate
    from starframe.store.errors import StoreError

    try:
        return locate(None).files
    except StoreError:
        return ()
