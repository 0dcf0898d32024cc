"""Each publication rule: an example that trips it and the fixed version that passes."""

from __future__ import annotations

import types
from collections.abc import Iterator
from pathlib import Path

import pytest

from starframe import hookimpl
from starframe.catalog import build_catalog
from starframe.definition.lint import Finding, LintRule
from starframe.definition.load import load_star_text
from starframe.definition.models import LintSettings, Star
from starframe.plugins.host import make_plugin_host
from starframe.plugins.rules import plugin_rules
from tests.conftest import SHIPPED_STARS, TINY_STAR

TINY = TINY_STAR.read_text(encoding="utf-8")


def warnings_of(text: str, *, rules: tuple[LintRule, ...] = ()) -> list[tuple[str, int]]:
    loaded = load_star_text(text, "star.yaml", rules=rules)
    assert loaded.star is not None, loaded.problems
    return [(p.code, p.line) for p in loaded.problems if p.severity == "warning"]


def line_of(text: str, fragment: str) -> int:
    return text[: text.index(fragment)].count("\n") + 1


def test_the_example_star_and_the_shipped_stars_pass_every_rule() -> None:
    assert warnings_of(TINY) == []
    for path in SHIPPED_STARS.values():
        assert warnings_of(path.read_text(encoding="utf-8")) == []


# (code, broken text, fragment the warning points at, fixed text)
CASES = [
    (
        "SF401",
        TINY.replace("    summary: Things are getting better.\n", ""),
        "  - id: later",
        TINY,
    ),
    (
        "SF402",
        TINY.replace("2: I am looking for somewhere with help.", "2: I have nowhere to live."),
        "2: I have nowhere to live.",
        TINY,
    ),
    (
        "SF403",
        TINY.replace("3: I keep to a budget most weeks.", "3: TODO"),
        "3: TODO",
        TINY,
    ),
    (
        "SF404",
        TINY.replace("    label: Money\n", "    label: Money\n    not_applicable: true\n"),
        "not_applicable: true",
        TINY.replace(
            "    label: Money\n",
            "    label: Money\n    not_applicable: true\n"
            "    guidance: Mark it not applicable when someone has no income of their own.\n",
        ),
    ),
    (
        "SF405",
        TINY.replace(
            "3: I book my own appointments.",
            "3: I see a doctor when someone books it. I am starting to book.",
        ),
        "3: I see a doctor",
        TINY.replace(
            "3: I book my own appointments.",
            "3: I book my own doctor's appointments. I am starting to plan.",
        ),
    ),
    (
        "SF407",
        TINY.replace(
            "4: I look after my health well.",
            "4: Notwithstanding intermittent complications, comprehensive multidisciplinary "
            "rehabilitation consistently facilitates independent health maintenance.",
        ),
        "4: Notwithstanding",
        TINY.replace("4: I look after my health well.", "4: I look after my health on my own."),
    ),
    (
        "SF407",
        TINY.replace(
            "4: I manage my money on my own.",
            "4: " + " ".join(["I pay"] + ["my bills"] * 14) + ".",
        ),
        "4: I pay my bills",
        TINY,
    ),
]


@pytest.mark.parametrize(("code", "broken", "fragment", "fixed"), CASES)
def test_rule_trips_on_the_example_and_passes_once_fixed(
    code: str, broken: str, fragment: str, fixed: str
) -> None:
    assert (code, line_of(broken, fragment)) in warnings_of(broken)
    assert code not in {c for c, _ in warnings_of(fixed)}


def _many_scales(count: int, label: str) -> str:
    blocks = TINY.split("scales:\n", 1)
    template = blocks[1].split("  - id: money", 1)[0]
    scales = [
        template.replace("id: home", f"id: s{i}")
        .replace("label: Home", f"label: {label} {i}")
        .replace("I have nowhere", f"In area {i} I have nowhere")
        for i in range(count)
    ]
    return blocks[0] + "scales:\n" + "".join(scales)


def test_sf406_long_labels_on_a_crowded_chart() -> None:
    crowded = _many_scales(12, "Very long label")
    assert "SF406" in {code for code, _ in warnings_of(crowded)}
    assert "SF406" not in {code for code, _ in warnings_of(_many_scales(12, "Short"))}
    assert "SF406" not in {code for code, _ in warnings_of(_many_scales(6, "Very long label"))}


def test_sf409_published_with_warnings_points_at_status() -> None:
    published = TINY.replace("status: draft", "status: published").replace(
        "3: I keep to a budget most weeks.", "3: TBD"
    )
    found = warnings_of(published)
    assert ("SF409", line_of(published, "status: published")) in found
    assert "SF409" not in {
        c for c, _ in warnings_of(TINY.replace("status: draft", "status: published"))
    }


def test_a_rule_switched_off_with_a_reason_is_silent_and_an_unknown_code_is_flagged() -> None:
    broken = TINY.replace("3: I keep to a budget most weeks.", "3: TODO")
    switched = broken.replace(
        "points: 4\n",
        "points: 4\nlint:\n  disable:\n    - rule: SF403\n      reason: Drafting in a workshop.\n"
        "    - rule: SF999\n      reason: A typo.\n",
    )
    found = warnings_of(switched)
    assert "SF403" not in {c for c, _ in found}
    assert ("SF410", line_of(switched, "SF999")) in found


def test_switching_a_rule_off_needs_a_reason() -> None:
    without = TINY.replace("points: 4\n", "points: 4\nlint:\n  disable:\n    - rule: SF403\n")
    loaded = load_star_text(without, "star.yaml")
    assert loaded.star is None
    assert [p.code for p in loaded.problems] == ["SF102"]


def test_readability_thresholds_are_configurable_per_file() -> None:
    hard = _hard_health_ladder()
    assert "SF407" in {c for c, _ in warnings_of(hard)}
    relaxed = hard.replace("points: 4\n", "points: 4\nlint:\n  max_grade: 20\n")
    assert "SF407" not in {c for c, _ in warnings_of(relaxed)}


def test_readability_grades_a_ladder_as_a_passage_not_one_short_sentence() -> None:
    # Grade 11 on its own (a few long words in a short sentence), plain in its ladder.
    one = TINY.replace(
        "4: I manage my money on my own.",
        "4: I manage my money online safely and confidently.",
    )
    assert "SF407" not in {c for c, _ in warnings_of(one)}
    hard = _hard_health_ladder()
    (message,) = [m for c, m in warnings_with_messages(hard) if c == "SF407"]
    assert "scale `health`'s ladder reads at grade" in message
    assert "starting with point 4, the hardest: “I maintain independent" in message


def _hard_health_ladder() -> str:
    return (
        TINY.replace(
            "2: I see a doctor when someone books it.",
            "2: I attend consultations when professionals organise them.",
        )
        .replace(
            "3: I book my own appointments.",
            "3: I coordinate appointments, medication and preventative healthcare.",
        )
        .replace(
            "4: I look after my health well.",
            "4: I maintain independent, consistent wellbeing management.",
        )
    )


def warnings_with_messages(text: str) -> list[tuple[str, str]]:
    loaded = load_star_text(text, "star.yaml")
    return [(p.code, p.message) for p in loaded.problems if p.severity == "warning"]


def _house_rule(star: Star, settings: LintSettings) -> Iterator[Finding]:
    for index, scale in enumerate(star.scales):
        if scale.name != scale.name.capitalize():
            yield Finding(("scales", index, "name"), f"`{scale.name}`: use sentence case")


def _house_plugin(register_rule: object) -> types.SimpleNamespace:
    @hookimpl
    def starframe_lint_rules(register):  # type: ignore[no-untyped-def]
        register(register_rule)

    return types.SimpleNamespace(starframe_lint_rules=starframe_lint_rules)


def test_a_plugin_adds_a_house_rule_and_files_can_switch_it_off() -> None:
    host = make_plugin_host(
        autoload=False,
        plugins=[("house", _house_plugin(LintRule("HOUSE1", "sentence case", _house_rule)))],
    )
    rules = plugin_rules(host)
    assert [r.code for r in rules] == ["HOUSE1"]
    text = TINY.replace("name: Money and bills", "name: Money And Bills")
    assert ("HOUSE1", line_of(text, "name: Money And Bills")) in warnings_of(text, rules=rules)
    off = text.replace(
        "points: 4\n",
        "points: 4\nlint:\n  disable:\n    - rule: HOUSE1\n      reason: Our names are titles.\n",
    )
    assert "HOUSE1" not in {c for c, _ in warnings_of(off, rules=rules)}


def test_a_house_rule_that_raises_is_reported_and_the_other_rules_still_run() -> None:
    def explode(star: Star, settings: LintSettings) -> Iterator[Finding]:
        raise RuntimeError("bad rule")

    text = TINY.replace("3: I keep to a budget most weeks.", "3: TODO")
    found = {c for c, _ in warnings_of(text, rules=(LintRule("BOOM1", "boom", explode),))}
    assert {"SF490", "SF403"} <= found


@pytest.mark.parametrize("bad", ["not a rule", LintRule("SF123", "steals a code", _house_rule)])
def test_a_plugin_registering_a_bad_rule_is_broken_with_its_reason(bad: object) -> None:
    host = make_plugin_host(autoload=False, plugins=[("house", _house_plugin(bad))])
    assert plugin_rules(host) == ()
    info = host.info("house")
    assert info is not None
    assert info.state == "broken"
    assert "starframe_lint_rules" in (info.reason or "") or "SF" in (info.reason or "")


def test_catalog_warnings_include_house_rules_and_the_cache_keeps_them_apart(
    tmp_path: Path,
) -> None:
    drafts = tmp_path / "drafts"
    drafts.mkdir()
    (drafts / "star.yaml").write_text(
        TINY.replace("name: Money and bills", "name: Money And Bills")
    )
    plain = build_catalog(host=make_plugin_host(autoload=False), stars_dirs=[drafts])
    assert [p.code for p in plain.entries[0].problems] == []
    house = make_plugin_host(
        autoload=False,
        plugins=[("house", _house_plugin(LintRule("HOUSE1", "sentence case", _house_rule)))],
    )
    with_rule = build_catalog(host=house, stars_dirs=[drafts])
    assert [p.code for p in with_rule.entries[0].problems] == ["HOUSE1"]
