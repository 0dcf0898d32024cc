"""What the commands on the database share: `--db`, opening the store, dates, model errors.

Every store error is already worded for a person; here it becomes a `UserError` (one line,
exit code 1). The readings modules are imported inside these helpers, so `starframe stars
list` and `import starframe` never pay for SQLAlchemy.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from typing import TYPE_CHECKING, Any, TypeVar

import click

from starframe.cli.app import UserError

if TYPE_CHECKING:
    from pydantic import BaseModel

    from starframe.problems import Problem
    from starframe.readings.store import Store

F = TypeVar("F", bound=Callable[..., Any])
M = TypeVar("M", bound="BaseModel")


def db_option(func: F) -> F:
    return click.option(
        "--db",
        metavar="PATH_OR_URL",
        help="Database file or URL (default: $STARFRAME_DB, else starframe.db in your "
        "data folder). PostgreSQL: postgresql+psycopg://user@host/dbname.",
    )(func)


@contextmanager
def opened_store(db: str | None, *, migrate: bool = True) -> Iterator[Store]:
    """The open store; any store error, here or in the command's body, ends as a UserError."""
    from starframe.readings.store import open_store
    from starframe.store.errors import StoreError

    try:
        with open_store(db, migrate=migrate) as store:
            yield store
    except StoreError as exc:
        raise UserError(str(exc)) from None


def date_option(*names: str, **kwargs: Any) -> Callable[[F], F]:
    """An option holding a calendar date written YYYY-MM-DD."""
    return click.option(*names, callback=_to_date, metavar="YYYY-MM-DD", **kwargs)


def _to_date(ctx: click.Context, param: click.Parameter, value: str | None) -> dt.date | None:
    if value is None:
        return None
    try:
        return dt.date.fromisoformat(value)
    except ValueError:
        raise click.BadParameter(
            f"`{value}` is not a date written YYYY-MM-DD, e.g. 2024-03-01.", ctx, param
        ) from None


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


def show_problems(problems: list[Problem], texts: dict[str, str]) -> None:
    """The problems at file:line:col with the offending line, on stderr (the first 100)."""
    from starframe.problems import report_lines

    for line in report_lines(problems, texts):
        click.echo(line, err=True)
