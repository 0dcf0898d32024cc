"""Which characters text may hold, how the others are printed, and when two texts look alike."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from hypothesis import given
from hypothesis import strategies as st

from starframe.characters import folded, has_hidden, shown, shown_json, text_problem
from starframe.definition.load import load_star_text

CLEAR_SCREEN = "\x1b[2J"
SET_CLIPBOARD = "\x1b]52;c;SGVsbG8=\x07"
REFUSED_EVERYWHERE = [
    "\x00",
    "\x07",
    "\x1b",
    "\r",
    "\x7f",
    "\x85",
    "\x9b",
    "\u2028",
    "\u2029",
    "\u202e",
    "\u2066",
    "\u2069",
]


@pytest.mark.parametrize("char", REFUSED_EVERYWHERE)
def test_control_characters_and_overrides_are_refused_in_any_text(char: str) -> None:
    for multi_line in (True, False):
        problem = text_problem(f"Sam{char}Lee", multi_line=multi_line)
        assert problem is not None
        assert f"U+{ord(char):04X}" in problem
        assert "character 4" in problem
        assert not has_hidden(problem), "the message never holds the character itself"


def test_newline_and_tab_are_refused_only_in_one_line_text() -> None:
    assert text_problem("Moved in.\n\tPaying rent.", multi_line=True) is None
    assert "line break" in str(text_problem("Sam\nLee", multi_line=False))
    assert "tab" in str(text_problem("Sam\tLee", multi_line=False))


@pytest.mark.parametrize(
    "text", ["Zoë", "中文", "😀", "👨\u200d👩\u200d👧", "می\u200cخواهم", "\u200fשלום", "a\u00adb"]
)
def test_scripts_emoji_and_direction_marks_are_allowed(text: str) -> None:
    assert text_problem(text, multi_line=False) is None
    assert shown(text) == text


def test_stored_text_is_refused_only_what_no_database_holds() -> None:
    assert text_problem(CLEAR_SCREEN, multi_line=False, stored=True) is None
    assert text_problem("a\x00b", multi_line=False, stored=True) is not None


def test_escape_sequences_are_shown_as_visible_escapes() -> None:
    assert shown(f"Sam{CLEAR_SCREEN}") == "Sam\\x1b[2J"
    assert shown(SET_CLIPBOARD) == "\\x1b]52;c;SGVsbG8=\\x07"
    assert shown("a\x9bb\u202ec\r\n\td") == "a\\x9bb\\u202ec\\x0d\n\td"


def test_json_keeps_its_values_and_escapes_c1_and_overrides() -> None:
    value = {"note": f"a\x85b\x9b\x7f\u202e{CLEAR_SCREEN}"}
    text = shown_json(json.dumps(value, ensure_ascii=False))
    assert not has_hidden(text)
    assert json.loads(text) == value


def test_look_alike_names_fold_to_one() -> None:
    assert folded("St\u200buck") == folded("Stuck") == folded("STUCK") == folded("Ｓｔｕｃｋ")
    assert folded("Stuck") != folded("Stick")


# Properties


@given(st.text())
def test_nothing_shown_holds_a_control_character(text: str) -> None:
    out = shown(text)
    assert not has_hidden(out)
    assert all(char in "\n\t" or ord(char) >= 0x20 for char in out)
    assert not any(0x7F <= ord(char) <= 0x9F for char in out)


@given(st.text())
def test_allowed_text_is_shown_unchanged(text: str) -> None:
    if text_problem(text, multi_line=True) is None:
        assert shown(text) == text
        assert shown_json(json.dumps(text, ensure_ascii=False)) == json.dumps(
            text, ensure_ascii=False
        )


@given(st.text())
def test_any_text_survives_json_with_its_escapes(text: str) -> None:
    written = shown_json(json.dumps(text, ensure_ascii=False))
    assert not has_hidden(written)
    assert json.loads(written) == text


# Look-alike names in a Star (SF201, SF202).

TINY = Path(__file__).parent / "data" / "tiny-star.yaml"


@pytest.mark.parametrize(
    ("old", "new", "code", "where"),
    [
        ("name: Later on", 'name: "Early\\u200b days"', "SF201", (20, 11)),
        ("name: Later on", "name: EARLY DAYS", "SF201", (20, 11)),
        ("label: Money", 'label: "Ｈｏｍｅ"', "SF202", (35, 12)),
        ("label: Money", 'label: "Ho\\u00adme"', "SF202", (35, 12)),
    ],
)
def test_names_and_labels_that_read_the_same_clash(
    old: str, new: str, code: str, where: tuple[int, int]
) -> None:
    text = TINY.read_text(encoding="utf-8").replace(old, new)
    loaded = load_star_text(text, "tiny.yaml")
    assert loaded.star is None
    [problem] = [p for p in loaded.problems if p.is_error]
    assert (problem.code, problem.line, problem.column) == (code, *where)
    assert "reads the same as" in problem.message
    assert not has_hidden(problem.message)


def test_a_stored_definition_keeps_the_comparison_it_was_stored_under() -> None:
    text = TINY.read_text(encoding="utf-8").replace("label: Money", "label: HOME")
    assert load_star_text(text).star is None
    assert load_star_text(text, stored=True).star is not None
