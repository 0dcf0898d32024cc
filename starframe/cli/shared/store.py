"""What the commands on the database share: opening the store, its files, model errors.

Every store error is already worded for a person; here it becomes a `UserError` (one line,
exit code 1). The store modules are imported inside these helpers, so `starframe stars
list` and `import starframe` never pay for SQLAlchemy.
"""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import TYPE_CHECKING, Any, TypeVar

import click

from starframe.cli.shared.catalogs import open_cases
from starframe.cli.shared.errors import UserError

if TYPE_CHECKING:
    from pydantic import BaseModel

    from starframe.practice.sessions import SessionResults
    from starframe.readings.store import Store

M = TypeVar("M", bound="BaseModel")


@contextmanager
def opened_store(db: str | None, *, migrate: bool = True) -> Iterator[Store]:
    """The open store; any store error, here or in the command's body, ends as a UserError."""
    from starframe.readings.store import open_store
    from starframe.store.errors import StoreError

    try:
        with open_store(db, migrate=migrate) as store:
            for notice in store.notices:
                click.echo(f"starframe: notice: {notice}", err=True)
            yield store
    except StoreError as exc:
        raise UserError(str(exc)) from None


def build(model: type[M], options: dict[str, str] | None = None, **values: Any) -> M:
    """A model from command options; a validation error names the option to fix.

    `options` maps a field to its option where the names differ (`consent_date` → `--consent`).
    """
    from pydantic import ValidationError

    try:
        return model.model_validate({k: v for k, v in values.items() if v is not None})
    except ValidationError as exc:
        first = exc.errors(include_url=False)[0]
        field = str(first["loc"][0]) if first["loc"] else "value"
        option = (options or {}).get(field) or "--" + field.replace("_", "-")
        raise UserError(f"{option}: {first['msg']}.") from None


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


def load_results(
    code: str, cases_dirs: tuple[Path, ...], stars_dirs: tuple[Path, ...], db: str | None
) -> SessionResults:
    """Session CODE with every answer so far, its cases and Stars from the installed plugins
    and the folders given; a case no longer offered is a one-line error."""
    from starframe.practice.cases import CaseNotFound
    from starframe.practice.sessions import session_results

    catalog = open_cases(cases_dirs, stars_dirs)
    with opened_store(db) as store, store.read() as reader:
        try:
            return session_results(reader.connection, code, catalog)
        except CaseNotFound as exc:
            raise UserError(str(exc)) from None
