"""A crafted integer in a JSON Lines import is a problem at its place, not a crash (issue 19,
item 4): Python refuses to convert integers of more than 4,300 digits with a ValueError, which
ended the import as "unexpected error". Integers are now read with a bound on their digits."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

from tests.practice import conftest as practice

cli_cache = practice.cli_cache
starframe = practice.starframe
Starframe = Callable[..., practice.Run]

PERSON = '{"starframe":1,"kind":"person","code":"P1","consent_date":"2023-01-01"}'
HUGE = "7" * 5000


def test_a_5000_digit_integer_is_a_located_problem(starframe: Starframe, tmp_path: Path) -> None:
    crafted = tmp_path / "crafted.jsonl"
    reading = (
        '{"starframe":1,"kind":"reading","star":"tiny","edition":"1.0","person":"P1",'
        f'"worker":"W1","date":"2024-01-01","scores":{{"home":{HUGE}}}}}'
    )
    twice = f'{{"starframe":1,"kind":"person","code":"P2","code":"P3","n":-{HUGE}}}'
    crafted.write_text(f"{PERSON}\n{reading}\n{twice}\n", encoding="utf-8")
    target = tmp_path / "target.db"
    refused = starframe("readings", "import", crafted, "--db", target)
    assert refused.code == 1
    column = reading.index(HUGE) + 1
    assert f"crafted.jsonl:2:{column}: error SF108: a number of 5,000 digits" in refused.err
    assert f"crafted.jsonl:3:{twice.index('-') + 1}: error SF108" in refused.err
    assert "unexpected error" not in refused.err
    assert "nothing was saved" in refused.err
    listed = starframe("people", "list", "--json", "--db", target)
    assert listed.out.strip() == "[]"


def test_long_but_readable_integers_still_reach_the_usual_checks(
    starframe: Starframe, tmp_path: Path
) -> None:
    """At the bound, a number is read and refused by the model as any wrong value is."""
    crafted = tmp_path / "long.jsonl"
    crafted.write_text(
        '{"starframe":1,"kind":"person","code":"P1","consent_date":' + "9" * 100 + "}\n",
        encoding="utf-8",
    )
    refused = starframe("readings", "import", crafted, "--db", tmp_path / "target.db")
    assert refused.code == 1
    assert "long.jsonl:1:" in refused.err
    assert "SF108" not in refused.err
    assert "unexpected error" not in refused.err
