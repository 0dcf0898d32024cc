"""Messages for mistakes that read as something else: quoted numbers, commas inside `{…}`,
a language tag in capitals (issue 12, §4)."""

from __future__ import annotations

import json
from pathlib import Path

import jsonschema
import pytest

from starframe.definition.load import load_star_text
from starframe.definition.translation import load_translation_text

ROOT = Path(__file__).resolve().parent.parent
TENANCY = (ROOT / "tests" / "data" / "docs" / "tenancy.yaml").read_text("utf-8")


def _problems(text: str) -> list[tuple[str, int, int, str]]:
    return [(p.code, p.line, p.column, p.message) for p in load_star_text(text, "t.yaml").problems]


def test_a_quoted_ladder_key_is_pointed_at_and_the_quotes_named() -> None:
    text = TENANCY.replace(
        "      3: I am trying to sort out paying", '      "3": I am trying to sort out paying', 1
    )
    ((code, _line, column, message),) = _problems(text)
    assert (code, column) == ("SF103", 7)  # the key, not the wording after it
    assert 'the key `"3"` is in quotes' in message
    assert "remove the quotes (`3:`)" in message


def test_a_quoted_number_says_remove_the_quotes_and_hides_no_other_check() -> None:
    text = TENANCY.replace("points: 5", 'points: "5"').replace("label: Rent\n", "label: Home\n", 1)
    found = _problems(text)
    quoted = next(p for p in found if p[0] == "SF103")
    assert "remove the quotes (`points: 5`)" in quoted[3]
    # The points are read as meant for the other checks: the duplicate label still shows.
    assert "SF202" in {p[0] for p in found}
    assert "SF016" not in {p[0] for p in found}


def test_the_json_schema_refuses_a_quoted_number() -> None:
    schema = json.loads((ROOT / "schemas" / "star.schema.json").read_text("utf-8"))
    # As JSON: keys are text (JSON cannot tell `"3":` from `3:`; the loader does).
    data = json.loads(json.dumps(load_star_text(TENANCY, "t.yaml").document.data))
    jsonschema.validate(data, schema)
    with pytest.raises(jsonschema.ValidationError, match="'5' is not of type 'integer'"):
        jsonschema.validate({**data, "points": "5"}, schema)


def test_a_comma_inside_braces_is_one_problem_that_says_to_quote_the_text() -> None:
    text = TENANCY.replace(
        "summary: Not yet ready for change.}", "summary: Not yet, ready, or willing.}", 1
    )
    ((code, _, _, message),) = _problems(text)
    assert code == "SF101"
    assert "unknown keys `ready` and `or willing.`" in message
    assert "a comma inside `{…}` starts a new key" in message
    assert "double quotes" in message


def test_a_language_tag_is_case_insensitive_and_stored_canonical() -> None:
    loaded = load_star_text(TENANCY.replace("language: en\n", "language: EN-gb\n"), "t.yaml")
    assert loaded.star is not None
    assert loaded.star.language == "en-GB"
    translation = load_translation_text(
        'starframe: 1\nkind: translation\nstar: tenancy\nedition: "1.0"\nlanguage: CY\n'
    ).translation
    assert translation is not None
    assert translation.language == "cy"
