"""Golden tests: broken definitions and the exact problem, line and column each must report.

Each file in `golden/` states what loading it must report in leading comments:

    # expect: <severity> <CODE> <line>:<column> | <text the message must contain>

The set of reported problems must equal the set of expectations (nothing missing, nothing
extra). A file whose expectations are all warnings must still load as a Star.
"""

from __future__ import annotations

import re
import time
from dataclasses import dataclass
from pathlib import Path

import pytest

from starframe.definition.load import load_star_file, load_star_text
from starframe.documents import document

GOLDEN = Path(__file__).parent / "golden"
TINY_STAR = Path(__file__).parent / "data" / "tiny-star.yaml"
EXPECT = re.compile(
    rb"^# expect: (?P<severity>error|warning|note) (?P<code>SF\d{3}) (?P<line>\d+):(?P<column>\d+)"
    rb"(?: \| (?P<text>.*))?$",
    re.MULTILINE,
)


@dataclass(frozen=True)
class Expected:
    severity: str
    code: str
    line: int
    column: int
    text: str | None


def expectations(raw: bytes) -> list[Expected]:
    return [
        Expected(
            m["severity"].decode(),
            m["code"].decode(),
            int(m["line"]),
            int(m["column"]),
            m["text"].decode("utf-8") if m["text"] else None,
        )
        for m in EXPECT.finditer(raw)
    ]


GOLDEN_FILES = sorted(GOLDEN.glob("*.yaml"))


def test_there_are_enough_golden_cases() -> None:
    assert len(GOLDEN_FILES) >= 20
    codes = {e.code for f in GOLDEN_FILES for e in expectations(f.read_bytes())}
    wanted = {f"SF{n:03d}" for n in (3, 4, 5, 6, 7, 8, 9, 10, 11, 12)}
    wanted |= {f"SF{n}" for n in (*range(101, 110), *range(201, 207), *range(401, 405))}
    assert wanted <= codes, f"no golden case for {sorted(wanted - codes)}"


@pytest.mark.parametrize("path", GOLDEN_FILES, ids=lambda p: p.stem)
def test_golden_file(path: Path) -> None:
    raw = path.read_bytes()
    expected = expectations(raw)
    assert expected, f"{path.name} has no `# expect:` line"

    started = time.perf_counter()
    loaded = load_star_file(path, display=path.name)
    elapsed = time.perf_counter() - started
    assert elapsed < 10, f"took {elapsed:.1f} s: broken input must fail fast (alias bombs too)"

    found = {(p.severity, p.code, p.line, p.column) for p in loaded.problems}
    wanted = {(e.severity, e.code, e.line, e.column) for e in expected}
    assert found == wanted, "\n".join(
        p.render(raw.decode("utf-8", "replace")) for p in loaded.problems
    )
    for e in expected:
        problem = next(
            p for p in loaded.problems if (p.code, p.line, p.column) == (e.code, e.line, e.column)
        )
        assert problem.file == path.name
        if e.text:
            assert e.text in problem.message
    if all(e.severity == "warning" for e in expected):
        assert loaded.star is not None, "a Star with only warnings must still load"
    else:
        assert loaded.star is None


def _problems(raw: bytes | str) -> list[tuple[str, int, int]]:
    return [(p.code, p.line, p.column) for p in load_star_text(raw, "x.yaml").problems]


def test_the_golden_base_is_valid_without_warnings(tiny_text: str) -> None:
    loaded = load_star_text(tiny_text)
    assert loaded.problems == []
    assert loaded.star is not None
    assert loaded.star.id == "tiny"


@pytest.mark.parametrize(
    "raw",
    [b"", "", "   \n\n  \n", b"\xef\xbb\xbf", "# only\n#comments\n"],
    ids=["empty-bytes", "empty-text", "blank-lines", "bom-only", "comments"],
)
def test_empty_file_is_sf004_at_the_start(raw: bytes | str) -> None:
    assert _problems(raw) == [("SF004", 1, 1)]


def test_file_over_the_size_limit_is_sf002_without_parsing(tiny_text: str) -> None:
    padding = document.MAX_BYTES - len(tiny_text.encode()) + 1
    raw = (tiny_text + "#" + "x" * (padding - 2) + "\n").encode()
    assert len(raw) == document.MAX_BYTES + 1
    loaded = load_star_text(raw, "big.yaml")
    assert [p.code for p in loaded.problems] == ["SF002"]
    problem = loaded.problems[0]
    # The whole file is the problem: no line or column is given.
    assert (problem.line, problem.column) == (0, 0)
    assert f"{document.MAX_BYTES:,}" in problem.message
    assert problem.render(raw.decode()).startswith("big.yaml: error SF002: ")
    # Text is measured in encoded bytes, not characters.
    assert _problems(tiny_text + "#" + "é" * (document.MAX_BYTES // 2)) == [("SF002", 0, 0)]


def test_file_at_the_size_limit_loads(tiny_text: str) -> None:
    padding = document.MAX_BYTES - len(tiny_text.encode())
    raw = (tiny_text + "#" + "x" * (padding - 2) + "\n").encode()
    assert len(raw) == document.MAX_BYTES
    assert load_star_text(raw).ok


def test_utf8_bom_is_accepted(tiny_text: str) -> None:
    loaded = load_star_text(b"\xef\xbb\xbf" + tiny_text.encode())
    assert loaded.ok
    assert loaded.problems == []


def test_bad_byte_on_the_first_line() -> None:
    assert _problems(b"\xff\xfestarframe: 1\n") == [("SF003", 1, 1)]


@pytest.mark.parametrize("raw", ["starframe: 1\nkind: st\x00ar\n", "name: \ud800\n"])
def test_binary_text_is_sf003(raw: str) -> None:
    assert [code for code, _, _ in _problems(raw)] == ["SF003"]


def test_python_tags_never_run_or_build_anything(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.chdir(tmp_path)
    calls: list[object] = []
    monkeypatch.setattr("os.system", lambda *args: calls.append(args))
    raw = (GOLDEN / "sf008_python_object.yaml").read_bytes()
    for tagged in (
        raw,
        b"starframe: 1\nkind: !!python/object/new:os.system [touch pwned]\n",
        b"starframe: 1\nkind: !!python/name:os.system\n",
        b"starframe: 1\nkind: star\nid: !!python/object:collections.OrderedDict {}\n",
    ):
        loaded = load_star_text(tagged)
        assert loaded.star is None
        assert "SF008" in [p.code for p in loaded.problems]
        data = loaded.document.data
        assert all(isinstance(v, str | int | list | dict | type(None)) for v in data.values())
    assert calls == []
    assert list(tmp_path.iterdir()) == []


def test_tagged_values_are_dropped_from_the_data() -> None:
    loaded = load_star_text((GOLDEN / "sf008_custom_tag.yaml").read_bytes())
    assert loaded.document.data["attribution"] is None


def test_harmless_aliases_are_allowed(tiny_text: str) -> None:
    text = tiny_text.replace(
        "licence: CC-BY-4.0\nattribution: The starframe tests.",
        "licence: &who The starframe tests.\nattribution: *who",
    )
    loaded = load_star_text(text)
    assert loaded.star is not None
    assert loaded.star.licence == loaded.star.attribution == "The starframe tests."


def test_several_problems_are_reported_in_one_run(tiny_text: str) -> None:
    text = tiny_text.replace('edition: "1.0"', "edition: 1.0").replace(
        "status: draft", "status: final"
    )
    codes = sorted(code for code, _, _ in _problems(text))
    assert codes == ["SF103", "SF105"]


def test_rule_problems_are_all_reported(tiny_text: str) -> None:
    text = tiny_text.replace("  - id: health", "  - id: home").replace(
        "      3: I book my own appointments.\n", ""
    )
    codes = sorted(code for code, _, _ in _problems(text))
    assert codes == ["SF202", "SF205"]


def test_missing_points_are_listed_as_ranges(tiny_text: str) -> None:
    text = tiny_text.replace("points: 4", "points: 9").replace("[3, 4]", "[3, 9]")
    loaded = load_star_text(text)
    messages = [p.message for p in loaded.problems if p.code == "SF205"]
    assert len(messages) == 3
    assert all("points 5–9" in m for m in messages)


def test_missing_file_is_sf001(tmp_path: Path) -> None:
    loaded = load_star_file(tmp_path / "nope.yaml")
    assert [p.code for p in loaded.problems] == ["SF001"]
    assert loaded.star is None
