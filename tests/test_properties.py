"""Properties: any valid Star survives dump → load, and no input makes the loader crash."""

from __future__ import annotations

import io
from pathlib import Path
from typing import Any

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from ruamel.yaml import YAML

from starframe.characters import folded, text_problem
from starframe.definition.dump import dump_star
from starframe.definition.load import LoadedStar, load_star_text
from starframe.definition.models import (
    LABEL_MAX,
    MAX_POINTS,
    MAX_SCALES,
    MIN_POINTS,
    MIN_SCALES,
    Star,
)
from tests.conftest import REFUSED_FORMAT, STORABLE_CHARACTERS

SLOW = settings(
    max_examples=50,
    deadline=None,
    suppress_health_check=[HealthCheck.too_slow, HealthCheck.data_too_large],
)

# Characters that YAML treats specially somewhere, plus non-ASCII and line breaks of every kind.
TRICKY = " :#'\"-?!&*|>%@`,[]{}\\\t\n\r\x85\u2028\u2029\u00a0\ufeffé中😀\x00\x07\x1b\x7f"
# Definition text may hold no control characters (starframe.characters), names and labels no
# line breaks or tabs either: the generated text keeps to what may be stored.
ONE_LINE_TRICKY = "".join(c for c in TRICKY if text_problem(c, multi_line=False) is None)
MULTI_LINE_TRICKY = "".join(c for c in TRICKY if text_problem(c, multi_line=True) is None)
ONE_LINE_CHAR = STORABLE_CHARACTERS
TINY_STAR = Path(__file__).parent / "data" / "tiny-star.yaml"


VISIBLE = st.characters(
    codec="utf-8", exclude_categories=("Zs", "Zl", "Zp", "Cc"), exclude_characters=REFUSED_FORMAT
)


def _text(max_size: int, *, multi_line: bool = False) -> st.SearchStrategy[str]:
    """Non-blank text: anything around at least one visible character, or a YAML look-alike."""
    tricky = MULTI_LINE_TRICKY if multi_line else ONE_LINE_TRICKY
    around = st.text(
        alphabet=st.one_of(ONE_LINE_CHAR, st.sampled_from(tricky)), max_size=(max_size - 1) // 2
    )
    return st.one_of(
        st.builds(lambda before, core, after: before + core + after, around, VISIBLE, around),
        st.sampled_from(["null", "~", "true", "no", "1.0", "0x1F", "2024-01-01", ".inf", "- a"]),
    )


TEXT = _text(40, multi_line=True)
SHORT = _text(30)
LABEL = _text(LABEL_MAX)
SLUG = st.from_regex(r"[a-z][a-z0-9]{0,8}(-[a-z0-9]{1,5}){0,2}", fullmatch=True)
EDITION = st.from_regex(r"[0-9A-Za-z]{1,4}([.-][0-9A-Za-z]{1,3}){0,2}", fullmatch=True)
LANGUAGE = st.from_regex(r"[a-z]{2,3}(-[A-Za-z0-9]{2,8})?", fullmatch=True)


@st.composite
def journeys(draw: st.DrawFn, points: int) -> list[dict[str, Any]]:
    """2+ contiguous stages that partition 1..points."""
    count = draw(st.integers(2, min(points, 6)))
    cuts = sorted(draw(st.sets(st.integers(1, points - 1), min_size=count - 1, max_size=count - 1)))
    bounds = [0, *cuts, points]
    ids = draw(st.lists(SLUG, min_size=count, max_size=count, unique=True))
    names = draw(st.lists(SHORT, min_size=count, max_size=count, unique_by=folded))
    stages = []
    for i in range(count):
        stage: dict[str, Any] = {
            "id": ids[i],
            "name": names[i],
            "points": [bounds[i] + 1, bounds[i + 1]],
        }
        summary = draw(st.none() | TEXT)
        if summary is not None:
            stage["summary"] = summary
        stages.append(stage)
    return stages


@st.composite
def scales(draw: st.DrawFn, points: int, most: int = MAX_SCALES) -> list[dict[str, Any]]:
    count = draw(st.integers(MIN_SCALES, most))
    ids = draw(st.lists(SLUG, min_size=count, max_size=count, unique=True))
    labels = draw(st.lists(LABEL, min_size=count, max_size=count, unique_by=folded))
    result = []
    for i in range(count):
        scale: dict[str, Any] = {
            "id": ids[i],
            "name": draw(SHORT),
            "label": labels[i],
            "summary": draw(TEXT),
            "prompts": draw(st.lists(TEXT, max_size=3)),
            "not_applicable": draw(st.booleans()),
            "ladder": {p: draw(TEXT) for p in range(1, points + 1)},
        }
        guidance = draw(st.none() | TEXT)
        if guidance is not None:
            scale["guidance"] = guidance
        result.append(scale)
    return result


@st.composite
def star_documents(
    draw: st.DrawFn, most_points: int = MAX_POINTS, most_scales: int = MAX_SCALES
) -> dict[str, Any]:
    points = draw(st.integers(MIN_POINTS, most_points))
    document = {
        "starframe": 1,
        "kind": "star",
        "id": draw(SLUG),
        "name": draw(SHORT),
        "edition": draw(EDITION),
        "status": draw(st.sampled_from(["draft", "pilot", "published", "retired"])),
        "language": draw(LANGUAGE),
        "summary": draw(TEXT),
        "audience": draw(TEXT),
        "licence": draw(TEXT),
        "attribution": draw(TEXT),
        "points": points,
        "journey": draw(journeys(points)),
        "scales": draw(scales(points, most_scales)),
    }
    document.update(draw(optional_sections(document)))
    return document


HEX = st.from_regex(r"#[0-9A-Fa-f]{6}", fullmatch=True)


@st.composite
def optional_sections(draw: st.DrawFn, document: dict[str, Any]) -> dict[str, Any]:
    """Sometimes `supersedes`, `lint` and `colours`, each valid."""
    extra: dict[str, Any] = {}
    if draw(st.booleans()):
        new_ids = [scale["id"] for scale in document["scales"]]
        extra["supersedes"] = {
            "edition": document["edition"] + "-0",
            "scales": draw(st.dictionaries(SLUG, st.sampled_from(new_ids), max_size=3)),
        }
    if draw(st.booleans()):
        lint: dict[str, Any] = {
            "disable": draw(
                st.lists(
                    st.fixed_dictionaries(
                        {
                            "rule": st.from_regex(r"[A-Z]{1,3}[0-9]{1,3}", fullmatch=True),
                            "reason": TEXT,
                        }
                    ),
                    max_size=2,
                )
            )
        }
        for key, low, high in (("max_grade", 1, 20), ("max_sentence_words", 5, 100)):
            value = draw(st.none() | st.integers(low, high))
            if value is not None:
                lint[key] = value
        extra["lint"] = lint
    if draw(st.booleans()):
        extra["colours"] = {
            key: value
            for key in ("primary", "accent")
            if (value := draw(st.none() | HEX)) is not None
        }
    return extra


stars = star_documents().map(Star.model_validate)


@SLOW
@given(stars)
def test_dump_then_load_gives_the_same_star(star: Star) -> None:
    text = dump_star(star)
    loaded = load_star_text(text, "dumped.yaml")
    errors = [p.render(text) for p in loaded.problems if p.is_error]
    assert errors == []
    assert loaded.star == star


@SLOW
@given(stars, st.data())
def test_the_next_scale_to_do_is_the_first_unanswered_one_after_the_current_round_the_top(
    star: Star, data: st.DataObject
) -> None:
    """Both scoring screens move on by it: a skipped scale is come back to, none is missed."""
    ids = [scale.id for scale in star.scales]
    answered = data.draw(st.sets(st.sampled_from(ids)))
    after = data.draw(st.sampled_from(ids))
    upcoming = star.next_to_do(answered, after)
    at = ids.index(after)
    around = ids[at + 1 :] + ids[:at]
    if upcoming is None:
        assert set(around) <= answered
    else:
        assert upcoming not in answered
        assert set(around[: around.index(upcoming)]) <= answered


def test_dumped_text_starts_with_the_schema_comment() -> None:
    star = load_star_text(TINY_STAR.read_text(encoding="utf-8")).star
    assert star is not None
    text = dump_star(star, schema="../schemas/star.schema.json")
    assert text.startswith("# yaml-language-server: $schema=../schemas/star.schema.json\n")
    assert load_star_text(text).star == star


def _assert_well_formed(loaded: LoadedStar, text_lines: int | None = None) -> None:
    assert isinstance(loaded, LoadedStar)
    if loaded.star is None:
        assert any(p.is_error for p in loaded.problems)
    else:
        assert not any(p.is_error for p in loaded.problems)
    for problem in loaded.problems:
        assert problem.code.startswith("SF")
        assert problem.message
        assert problem.line >= 0
        assert problem.column >= 0
        if text_lines is not None and problem.line:
            assert problem.line <= text_lines + 1


@settings(max_examples=100, deadline=None)
@given(st.text())
def test_any_text_gives_problems_not_exceptions(text: str) -> None:
    _assert_well_formed(load_star_text(text))


@settings(max_examples=100, deadline=None)
@given(st.binary())
def test_any_bytes_give_problems_not_exceptions(raw: bytes) -> None:
    _assert_well_formed(load_star_text(raw))


YAMLISH = st.lists(
    st.sampled_from([*"ab1 :-[]{}#&*!|>'\",?%@`.\t<=~\\", "  ", "- ", ": ", "&a ", "*a", "!!str "])
).map("".join)


@settings(max_examples=100, deadline=None)
@given(st.lists(YAMLISH, max_size=12).map("\n".join))
def test_yaml_like_noise_gives_problems_not_exceptions(text: str) -> None:
    _assert_well_formed(load_star_text("starframe: 1\nkind: star\n" + text))


# --- structured fuzz: valid Stars with one thing broken --------------------------------------

OPTIONAL_KEYS = {
    "points",  # defaults to 10 (the ladders may then be incomplete, or not)
    "prompts",
    "not_applicable",
    "guidance",
    "supersedes",
    "lint",
    "colours",
    "disable",
    "max_grade",
    "max_sentence_words",
    "primary",
    "accent",
}
"""Keys a Star may leave out wherever they appear; see `_is_optional` for the rest."""


def _paths(node: Any, path: tuple[Any, ...] = ()) -> list[tuple[Any, ...]]:
    found = [path] if path else []
    if isinstance(node, dict):
        for key, value in node.items():
            found += _paths(value, (*path, key))
    elif isinstance(node, list):
        for index, value in enumerate(node):
            found += _paths(value, (*path, index))
    return found


def _parent(doc: dict[str, Any], path: tuple[Any, ...]) -> Any:
    node: Any = doc
    for part in path[:-1]:
        node = node[part]
    return node


def _is_optional(path: tuple[Any, ...]) -> bool:
    """Whether deleting the key at `path` may leave a valid Star."""
    if path[0] == "journey" and path[-1] == "summary":
        return True  # a stage's summary (the Star's and the scales' are required)
    if path[0] == "supersedes" and path[-1] != "edition":
        return True  # the scale map, or one entry of it
    if path[0] == "journey" and path[-1] == "points":
        return False  # a stage's range
    return isinstance(path[-1], str) and path[-1] in OPTIONAL_KEYS


def _dump_data(data: Any) -> str:
    yaml = YAML(typ="rt", pure=True)
    buffer = io.StringIO()
    yaml.dump(data, buffer)
    return buffer.getvalue()


WRONG_VALUES = {
    str: st.one_of(st.integers(), st.booleans(), st.just([]), st.just({"a": 1})),
    int: st.one_of(st.text(min_size=1, max_size=5), st.floats(allow_nan=False), st.just([1])),
    bool: st.one_of(st.just("yes please"), st.integers(2, 9)),
    list: st.one_of(st.text(min_size=1, max_size=5), st.integers(), st.just({"a": 1})),
    dict: st.one_of(st.text(min_size=1, max_size=5), st.integers(), st.just([1, 2])),
}


@st.composite
def broken_documents(draw: st.DrawFn) -> tuple[dict[str, Any], str, bool]:
    """(document, mutation, must_fail): one key deleted, one type changed, or an item doubled."""
    doc = draw(star_documents(most_points=10, most_scales=6))  # small: the mutation matters
    paths = _paths(doc)
    mutation = draw(st.sampled_from(["delete", "retype", "duplicate"]))
    if mutation == "delete":
        path = draw(st.sampled_from([p for p in paths if isinstance(_parent(doc, p), dict)]))
        del _parent(doc, path)[path[-1]]
        return doc, f"delete {path}", not _is_optional(path)
    if mutation == "retype":
        path = draw(st.sampled_from(paths))
        parent = _parent(doc, path)
        current = parent[path[-1]]
        parent[path[-1]] = draw(WRONG_VALUES[type(current)])
        return doc, f"retype {path}", True
    targets = [("journey",), ("scales",)]
    targets += [("scales", i, "ladder") for i in range(len(doc["scales"]))]
    where = draw(st.sampled_from(targets))
    node: Any = doc
    for part in where:
        node = node[part]
    if isinstance(node, list):
        node.insert(draw(st.integers(0, len(node))), node[draw(st.integers(0, len(node) - 1))])
        return doc, f"duplicate an item of {where}", True
    extra = max(node) + draw(st.integers(1, 3))
    node[extra] = node[1]
    return doc, f"add point {extra} to {where}", True


@SLOW
@given(broken_documents())
def test_broken_documents_give_positioned_errors(case: tuple[dict[str, Any], str, bool]) -> None:
    doc, mutation, must_fail = case
    text = _dump_data(doc)
    loaded = load_star_text(text, "broken.yaml")
    _assert_well_formed(loaded, text.count("\n"))
    errors = [p for p in loaded.problems if p.is_error]
    if must_fail:
        assert errors, f"{mutation} was accepted"
    for error in errors:
        assert error.line >= 1, error
        assert error.column >= 1, error
