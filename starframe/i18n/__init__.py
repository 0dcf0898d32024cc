"""The fixed wording of printed reports, in the reader's language: a gettext message catalogue.

Every heading and fixed sentence a report prints is written in English in the code, marked
with `_("…")` (or `_.ngettext(…)`), and looked up through a `Messages` the report is handed.
The catalogues are Python's `gettext` `.mo` files compiled from the `.po` files beside them in
`locale/<language>/LC_MESSAGES/starframe.po`. The `.mo` files are committed, not built at
install: installing starframe then needs no Babel and no build step, and a test
(tests/test_messages.py) fails when a `.mo` no longer matches its `.po` or when a marked message
has no translation. `make messages` extracts, updates and compiles them (Babel, a dev tool).

A plugin adds catalogues through `starframe_message_catalogues` (`starframe.plugins.messages`):
a language the core does not ship, or messages the core's catalogue lacks. The core's own
translation wins where both have a message, so a plugin cannot silently reword the core.
This module imports nothing of starframe: the renderers, the terminal UI and the CLI all use it.
"""

from __future__ import annotations

import datetime as dt
import gettext
from collections.abc import Sequence
from importlib.resources import files

DOMAIN = "starframe"
SOURCE_LANGUAGE = "en"


class Messages:
    """The wording of one language: call it with an English message to get its translation.

    Catalogues are asked in order, and a message none of them holds prints in English, so a
    partial translation still makes a whole report. (gettext's own `add_fallback` would link
    the catalogues themselves, and a plugin's catalogue shared by two lookups would loop.)
    """

    def __init__(self, catalogues: Sequence[gettext.NullTranslations], language: str) -> None:
        self._catalogues = tuple(catalogues)
        self.language = language

    def __call__(self, message: str) -> str:
        for catalogue in self._catalogues:
            found = catalogue.gettext(message)
            if found != message:
                return found
        return message

    def ngettext(self, singular: str, plural: str, count: int) -> str:
        """The singular or plural form for `count`, by the language's own plural rule."""
        english = singular if count == 1 else plural
        for catalogue in self._catalogues:
            found = catalogue.ngettext(singular, plural, count)
            if found not in (singular, plural):
                return found
        return english


ENGLISH = Messages((), SOURCE_LANGUAGE)


def core_languages() -> list[str]:
    """The languages whose catalogue ships in the core, beside English."""
    folder = files(__package__) / "locale"
    return sorted(
        entry.name
        for entry in folder.iterdir()
        if (entry / "LC_MESSAGES" / f"{DOMAIN}.mo").is_file()
    )


def core_catalogue(language: str) -> gettext.GNUTranslations | None:
    """The core's catalogue for `language` (or for its base: `cy` for `cy-GB`), if one ships."""
    for candidate in (language, language.split("-")[0]):
        source = files(__package__) / "locale" / candidate / "LC_MESSAGES" / f"{DOMAIN}.mo"
        if source.is_file():
            with source.open("rb") as stream:
                return gettext.GNUTranslations(stream)
    return None


def messages_for(language: str | None, extra: Sequence[gettext.NullTranslations] = ()) -> Messages:
    """The wording for `language` (English for None): the core's catalogue, then `extra`.

    `extra` are catalogues plugins offered for the language, in the order given; each fills
    only what the catalogues before it lack.
    """
    if not language or language.split("-")[0] == SOURCE_LANGUAGE:
        return ENGLISH
    core = core_catalogue(language)
    return Messages([*([core] if core is not None else []), *extra], language)


def N_(message: str) -> str:
    """Marks a message for extraction where it is defined; it is translated where printed."""
    return message


MONTHS = (
    N_("January"),
    N_("February"),
    N_("March"),
    N_("April"),
    N_("May"),
    N_("June"),
    N_("July"),
    N_("August"),
    N_("September"),
    N_("October"),
    N_("November"),
    N_("December"),
)


def long_date(day: dt.date, messages: Messages) -> str:
    """`3 March 2025`, the month in the reader's language: plainer than 2025-03-03."""
    return f"{day.day} {messages(MONTHS[day.month - 1])} {day.year}"
