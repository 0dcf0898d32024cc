"""Database URLs: read one a person typed, and show one (or an error about one) without secrets.

A URL can carry a password in two places: `user:password@host` and the query string
(`?password=…`, `?sslpassword=…`, which the driver receives as connection options). Every
place that prints a URL, or an error message that may quote one, goes through `masked` or
`masked_text`, so the rule for what is secret lives here only. File names (`passfile`,
`sslkey`, `sslcert`) are shown: they say where a secret is, not what it is, and a person
needs them to see why a connection fails.

A URL that cannot be used is refused here, before any driver is loaded, with what is wrong
and the forms that are accepted.
"""

from __future__ import annotations

import re
from urllib.parse import unquote

from sqlalchemy.engine import URL, make_url
from sqlalchemy.exc import ArgumentError

from starframe.store.errors import DatabaseUnavailable

HIDDEN = "***"
DRIVER = "psycopg"
ACCEPTED = (
    "give a file path (starframe.db), or a URL such as "
    "postgresql+psycopg://user@host:5432/dbname (postgresql:// and postgres:// mean the same; "
    "an IPv6 host goes in brackets: postgresql://user@[::1]:5432/dbname)"
)
_SECRET_WORDS = ("password", "secret", "token")
_URL_IN_TEXT = re.compile(r"[A-Za-z][A-Za-z0-9+.-]*://[^\s'\"<>]+")
_OPTION_IN_TEXT = re.compile(
    r"\b([A-Za-z_]*(?:password|secret|token)[A-Za-z_]*)(\s*=\s*)('[^']*'|\"[^\"]*\"|[^\s&;,]+)",
    re.IGNORECASE,
)
_URL_SCHEME = re.compile(r"^[A-Za-z][A-Za-z0-9+.-]*://")


def is_url(value: str) -> bool:
    """Whether `--db` names a URL (a scheme and `://`) rather than a file."""
    return _URL_SCHEME.match(value) is not None


def secret_key(key: str) -> bool:
    """A query parameter whose value is a secret (password, sslpassword, api_token, …)."""
    lowered = key.lower()
    return any(word in lowered for word in _SECRET_WORDS)


def masked(url: URL) -> str:
    """The URL as it may be printed: the password and every secret parameter as `***`."""
    shown = url.render_as_string(hide_password=True)
    if not any(secret_key(key) for key in url.query):
        return shown
    base, _, _query = shown.partition("?")
    parts = []
    for key, value in url.query.items():
        for one in (value,) if isinstance(value, str) else value:
            parts.append(f"{key}={HIDDEN if secret_key(key) else one}")
    return f"{base}?{'&'.join(parts)}"


def secrets_of(url: URL) -> tuple[str, ...]:
    """The secret values `url` holds, to blank out of any message that might quote them."""
    found = [url.password] if url.password else []
    for key, value in url.query.items():
        if secret_key(key):
            found.extend((value,) if isinstance(value, str) else value)
    return tuple(str(secret) for secret in found if secret)


def masked_text(text: str, secrets: tuple[str, ...] = ()) -> str:
    """`text` (an error message, a traceback) with every URL, `password=…` and secret hidden.

    Drivers quote the connection string in some errors; SQLAlchemy quotes URLs in others.
    """
    for secret in sorted(secrets, key=len, reverse=True):
        text = text.replace(secret, HIDDEN)
    text = _URL_IN_TEXT.sub(_masked_match, text)
    return _OPTION_IN_TEXT.sub(lambda m: f"{m.group(1)}{m.group(2)}{HIDDEN}", text)


def _masked_match(match: re.Match[str]) -> str:
    try:
        return masked(make_url(match.group(0)))
    except (ArgumentError, ValueError):
        # Not a URL SQLAlchemy understands: hide what sits where a password would.
        return re.sub(r"(://[^:/@\s]*:)[^@\s]*@", rf"\g<1>{HIDDEN}@", match.group(0))


def parse(value: str) -> URL:
    """The URL `value` names, with the psycopg driver for PostgreSQL; refused with the reason.

    Everything SQLAlchemy would only find out when connecting (a port that is not a number,
    an unclosed IPv6 bracket, a driver that is not installed) is checked here, so it is
    reported as a mistake in the URL rather than as an unexpected error.
    """
    written = re.sub(r"^postgres(ql)?://", f"postgresql+{DRIVER}://", value)
    shown = masked_text(value)
    try:
        url = make_url(written)
    except ArgumentError:
        raise DatabaseUnavailable(f"`{shown}` is not a database URL: {ACCEPTED}.") from None
    except ValueError:
        raise DatabaseUnavailable(f"`{shown}`: {_address_problem(value)}: {ACCEPTED}.") from None
    _check_address(url, shown)
    backend, _, driver = url.drivername.partition("+")
    if backend == "sqlite":
        return url
    if backend != "postgresql":
        raise DatabaseUnavailable(
            f"{masked(url)}: starframe stores readings in SQLite or PostgreSQL, not "
            f"`{backend}`: {ACCEPTED}."
        )
    if driver != DRIVER:
        raise DatabaseUnavailable(
            f"{masked(url)}: starframe connects to PostgreSQL with the {DRIVER} driver it ships "
            f"with, not `{driver}`: write postgresql+{DRIVER}:// or postgresql://."
        )
    return url


def _address_problem(value: str) -> str:
    authority = value.partition("://")[2].partition("/")[0]
    if "[" in authority and "]" not in authority:
        return "an IPv6 address opened with [ is not closed with ]"
    return "the port (after the host's colon) must be a number from 1 to 65535"


def _check_address(url: URL, shown: str) -> None:
    if url.port is not None and not 0 < url.port < 65536:
        raise DatabaseUnavailable(
            f"`{shown}`: the port must be a number from 1 to 65535, not {url.port}: {ACCEPTED}."
        )
    host = unquote(url.host or "")
    if "[" in host or "]" in host:
        raise DatabaseUnavailable(
            f"`{shown}`: the host `{host}` has a bracket out of place: {ACCEPTED}."
        )
