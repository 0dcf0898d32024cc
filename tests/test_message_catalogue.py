"""The message catalogue of the reports' fixed wording (`starframe.i18n`).

Every message the code marks must be translated in every catalogue the core ships, and each
committed `.mo` must be the compilation of its `.po` (they are committed, not built at
install; `make messages` rebuilds them). Babel, which extracts the messages, is the reference
here; starframe itself reads the catalogues with the standard library's gettext.
"""

from __future__ import annotations

from pathlib import Path

import pytest
from babel.messages.extract import extract_from_dir
from babel.messages.mofile import read_mo
from babel.messages.pofile import read_po

from starframe.i18n import ENGLISH, core_languages, long_date, messages_for

ROOT = Path(__file__).resolve().parents[1]
LOCALE = ROOT / "starframe" / "i18n" / "locale"
METHODS = [("**.py", "python")]


def _extracted() -> set[str]:
    found = extract_from_dir(str(ROOT / "starframe"), METHODS)
    return {message[0] if isinstance(message, tuple) else message for *_, message, _c, _x in found}


def _po(language: str) -> object:
    with (LOCALE / language / "LC_MESSAGES" / "starframe.po").open("rb") as stream:
        return read_po(stream)


def test_welsh_ships_in_the_core() -> None:
    assert "cy" in core_languages()


@pytest.mark.parametrize("language", ["cy"])
def test_every_marked_message_is_translated(language: str) -> None:
    catalogue = _po(language)
    translated = {
        (m.id[0] if isinstance(m.id, tuple) else m.id): m
        for m in catalogue  # type: ignore[attr-defined]
        if m.id
    }
    wanted = _extracted()
    missing = sorted(wanted - translated.keys())
    assert not missing, f"run `make messages` and translate: {missing}"
    stale = sorted(translated.keys() - wanted)
    assert not stale, f"no longer in the code (run `make messages`): {stale}"
    for message in translated.values():
        strings = message.string if isinstance(message.string, tuple) else (message.string,)
        assert all(strings), f"{message.id!r} has no {language} translation"
        assert not message.fuzzy, f"{message.id!r} is marked fuzzy"


@pytest.mark.parametrize("language", ["cy"])
def test_the_committed_mo_is_the_po_compiled(language: str) -> None:
    folder = LOCALE / language / "LC_MESSAGES"
    with (folder / "starframe.mo").open("rb") as stream:
        compiled = read_mo(stream)
    source = _po(language)
    assert _pairs(compiled) == _pairs(source), "run `make messages`"


def _pairs(catalogue: object) -> dict[object, object]:
    def plain(value: object) -> object:
        return tuple(value) if isinstance(value, list | tuple) else value

    return {plain(m.id): plain(m.string) for m in catalogue if m.id}  # type: ignore[attr-defined]


def test_english_is_the_source_and_an_unknown_language_falls_back_to_it() -> None:
    assert ENGLISH("Action plan") == "Action plan"
    assert messages_for("xx")("Action plan") == "Action plan"
    assert messages_for(None) is ENGLISH
    assert messages_for("en-GB") is ENGLISH


def test_welsh_wording_and_plural_forms() -> None:
    welsh = messages_for("cy")
    assert welsh("Action plan") == "Cynllun gweithredu"
    assert messages_for("cy-GB")("My Star") == "Fy Seren"
    up = "Up {count} point since {date}", "Up {count} points since {date}"
    assert welsh.ngettext(*up, 1) == "Wedi codi un pwynt ers {date}"
    assert welsh.ngettext(*up, 2) == "Wedi codi dau bwynt ers {date}"
    assert welsh.ngettext(*up, 5) == "Wedi codi {count} pwynt ers {date}"
    assert ENGLISH.ngettext(*up, 2) == up[1]


def test_dates_are_written_out_in_the_language() -> None:
    import datetime as dt

    assert long_date(dt.date(2025, 3, 4), ENGLISH) == "4 March 2025"
    assert long_date(dt.date(2025, 3, 4), messages_for("cy")) == "4 Mawrth 2025"


def test_a_later_catalogue_fills_only_what_the_core_lacks() -> None:
    import gettext

    class Extra(gettext.NullTranslations):
        def gettext(self, message: str) -> str:
            return {"Action plan": "plugin's", "A plugin heading": "Pennawd"}.get(message, message)

    welsh = messages_for("cy", [Extra()])
    assert welsh("Action plan") == "Cynllun gweithredu"
    assert welsh("A plugin heading") == "Pennawd"
