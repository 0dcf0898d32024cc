"""Crafted and careless input files, through the installed `starframe` entry point.

Issue 19: deep nesting crashed the process, huge numbers and control bytes gave "unexpected
error", `/dev/zero` and named pipes ate memory or hung, and a file with many errors took
minutes. Each must now be a located problem (file:line:col), exit code 1 and no traceback, in
bounded time. Every input is generated in tmp_path; the subprocess timeout guards against hangs.
"""

from __future__ import annotations

import io
import json
import os
import re
import subprocess
import sys
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st
from ruamel.yaml import YAML

from starframe.definition.load import load_star_text
from starframe.documents import document
from starframe.documents.document import read_document
from starframe.documents.inputs import InputRefused, read_input
from starframe.limits import MAX_BYTES, MAX_DEPTH, MAX_PROBLEMS, SHOWN_PROBLEMS

TESTS = Path(__file__).resolve().parent
STARFRAME = Path(sys.executable).parent / "starframe"
TINY_STAR = TESTS / "data" / "tiny-star.yaml"
DEEP = 50_000


@dataclass
class Run:
    code: int
    out: str
    err: str

    @property
    def both(self) -> str:
        return self.out + self.err


@pytest.fixture(scope="module")
def cache(tmp_path_factory: pytest.TempPathFactory) -> Path:
    return tmp_path_factory.mktemp("hostile-cache")


@pytest.fixture
def starframe(cache: Path, tmp_path: Path) -> Any:
    def run(*args: str | Path, env: dict[str, str] | None = None) -> Run:
        environ = {k: v for k, v in os.environ.items() if not k.startswith("STARFRAME_")}
        environ.update(
            {
                "STARFRAME_CACHE_DIR": str(cache),
                "STARFRAME_DB": str(tmp_path / "r.db"),
                "COLUMNS": "200",
                **(env or {}),
            }
        )
        done = subprocess.run(
            [str(STARFRAME), *map(str, args)],
            env=environ,
            capture_output=True,
            text=True,
            timeout=120,
        )
        return Run(done.returncode, done.stdout, done.stderr)

    return run


def _no_crash(run: Run) -> None:
    assert run.code == 1, run.both[-2000:]
    assert "Traceback" not in run.both
    assert "unexpected error" not in run.both


def _deep_yaml(opening: str = "[") -> str:
    closing = {"[": "]", "{": "}"}[opening]
    inner = "[" * DEEP + "]" * DEEP if opening == "[" else "{a: " * DEEP + "1" + closing * DEEP
    return f"starframe: 1\nkind: star\nnote: {inner}\n"


def _deep_block() -> str:
    return "starframe: 1\nkind: star\nnote:\n" + "".join(
        " " * level + "- " + "\n" for level in range(0, 400, 2)
    )


@pytest.mark.parametrize(
    "text",
    [_deep_yaml("["), _deep_yaml("{"), _deep_block(), "starframe: 1\nnote: " + "[" * 500],
    ids=["flow-lists", "flow-mappings", "block-lists", "500-unclosed"],
)
def test_deep_nesting_is_located_in_validate(starframe: Any, tmp_path: Path, text: str) -> None:
    path = tmp_path / "deep.yaml"
    path.write_text(text)
    run = starframe("validate", path)
    _no_crash(run)
    found = re.search(rf"{re.escape(str(path))}:(\d+):(\d+): error SF013: ", run.out)
    assert found, run.out[:500]
    assert int(found[1]) >= 2


@pytest.mark.parametrize("suffix", [".yaml", ".json"])
def test_deep_nesting_in_a_reading_file(starframe: Any, tmp_path: Path, suffix: str) -> None:
    path = tmp_path / f"reading{suffix}"
    nested = "[" * DEEP + "]" * DEEP
    path.write_text('{"starframe": 1, "kind": "reading", "note": ' + nested + "}\n")
    run = starframe("readings", "add", "--from", path)
    _no_crash(run)
    assert f"{path}:1:" in run.err
    assert "SF013" in run.err


def test_deep_nesting_in_a_json_lines_import(starframe: Any, tmp_path: Path) -> None:
    path = tmp_path / "export.jsonl"
    nested = "[" * DEEP + "]" * DEEP
    path.write_text('{"starframe": 1, "kind": "person", "code": "P1"}\n{"note": ' + nested + "}\n")
    run = starframe("readings", "import", path)
    _no_crash(run)
    assert f"{path}:2:" in run.err
    assert "SF013" in run.err


def test_deep_nesting_in_practice_answers(starframe: Any, tmp_path: Path) -> None:
    path = tmp_path / "answers.yaml"
    path.write_text(_deep_yaml())
    run = starframe("practice", "submit", "ABC123", "--trainee", "Sam", "--from", path)
    _no_crash(run)
    assert f"{path}:3:" in run.err
    assert "SF013" in run.err


def _broken_folder(folder: Path) -> Path:
    folder.mkdir()
    (folder / "deep.yaml").write_text(_deep_yaml())
    os.mkfifo(folder / "pipe.yaml")
    (folder / "zero.yaml").symlink_to("/dev/zero")
    return folder


def _states(run: Run) -> dict[str, str]:
    listed = json.loads(run.out)
    return {Path(entry["file"]).name: entry["state"] for entry in listed}


@pytest.mark.parametrize("how", ["--stars-dir", "STARFRAME_STARS_PATH"])
def test_stars_list_shows_hostile_files_as_broken(starframe: Any, tmp_path: Path, how: str) -> None:
    folder = _broken_folder(tmp_path / "stars")
    if how == "--stars-dir":
        run = starframe("stars", "list", "--json", "--stars-dir", folder)
    else:
        run = starframe("stars", "list", "--json", env={"STARFRAME_STARS_PATH": str(folder)})
    assert run.code == 0, run.both[-2000:]
    states = _states(run)
    assert states["deep.yaml"] == states["pipe.yaml"] == states["zero.yaml"] == "broken"
    assert states["justice.yaml"] == "ok"


@pytest.mark.parametrize("kind", ["fifo", "dev-zero"])
def test_validate_refuses_what_is_not_a_regular_file(
    starframe: Any, tmp_path: Path, kind: str
) -> None:
    path = tmp_path / "star.yaml"
    if kind == "fifo":
        os.mkfifo(path)
    else:
        path.symlink_to("/dev/zero")
    run = starframe("validate", path)
    _no_crash(run)
    assert f"{path}: error SF001: " in run.out
    assert ("named pipe" if kind == "fifo" else "a device") in run.out


@pytest.mark.parametrize("source", ["/dev/zero", "fifo"])
def test_readings_add_refuses_what_is_not_a_regular_file(
    starframe: Any, tmp_path: Path, source: str
) -> None:
    path = Path(source)
    if source == "fifo":
        path = tmp_path / "reading.yaml"
        os.mkfifo(path)
    run = starframe("readings", "add", "--from", path)
    _no_crash(run)
    assert "SF001" in run.err


def test_a_file_over_the_limit_is_refused_without_reading_it_all(tmp_path: Path) -> None:
    path = tmp_path / "huge.yaml"
    with path.open("wb") as handle:
        handle.truncate(8 * 1024**3)  # sparse: 8 GB on paper, nothing on disk
    with pytest.raises(InputRefused) as refused:
        read_input(path)
    assert refused.value.problem.code == "SF002"
    assert f"{MAX_BYTES:,}" in refused.value.problem.message


def test_a_path_with_a_control_character_is_refused(tmp_path: Path) -> None:
    path = tmp_path / "star\x1b[2J.yaml"
    path.write_text("starframe: 1\n")
    with pytest.raises(InputRefused) as refused:
        read_input(path)
    problem = refused.value.problem
    assert problem.code == "SF001"
    assert "U+001B" in problem.message
    assert "\x1b" not in problem.file


HUGE_HEX = "0x" + "f" * 5000
HUGE_DECIMAL = "9" * 5000


@pytest.mark.parametrize("number", [HUGE_HEX, HUGE_DECIMAL], ids=["hex", "decimal"])
@pytest.mark.parametrize("where", ["starframe", "points"])
def test_huge_numbers_in_a_star_are_located(
    starframe: Any, tmp_path: Path, number: str, where: str
) -> None:
    text = TINY_STAR.read_text()
    if where == "starframe":
        text = text.replace("starframe: 1", f"starframe: {number}", 1)
    else:
        text = text.replace("points: 4", f"points: {number}", 1)
    path = tmp_path / "star.yaml"
    path.write_text(text)
    run = starframe("validate", path)
    _no_crash(run)
    assert " error SF014: " in run.out
    assert "5,00" in run.out


def test_a_huge_number_in_a_translation_is_located(starframe: Any, tmp_path: Path) -> None:
    path = tmp_path / "tiny.cy.yaml"
    path.write_text(
        f"starframe: 1\nkind: translation\nstar: tiny\nedition: {HUGE_HEX}\nlanguage: cy\n"
    )
    run = starframe("validate", path)
    _no_crash(run)
    assert f"{path}:4:10: error SF014: " in run.out


def test_a_huge_score_in_a_reading_is_located(starframe: Any, tmp_path: Path) -> None:
    path = tmp_path / "reading.yaml"
    path.write_text(
        "starframe: 1\nkind: reading\nperson: P1\nstar: justice\nedition: '1.0'\n"
        f"date: 2024-01-01\nscores:\n  accommodation: {HUGE_HEX}\n"
    )
    run = starframe("readings", "add", "--from", path)
    _no_crash(run)
    assert f"{path}:8:18: error SF014: " in run.err


def test_a_control_byte_is_reported_at_its_line_and_column(starframe: Any, tmp_path: Path) -> None:
    path = tmp_path / "star.yaml"
    path.write_bytes(b"starframe: 1\nkind: star\nname: Tin\x01y\n")
    run = starframe("validate", path)
    _no_crash(run)
    assert f"{path}:3:10: error SF003: " in run.out
    assert "U+0001" in run.out
    assert "position" not in run.out


def test_many_errors_are_capped_sorted_and_quick(starframe: Any, tmp_path: Path) -> None:
    path = tmp_path / "star.yaml"
    path.write_text("starframe: 1\nkind: star\n" + "same: 1\n" * 40_000)
    run = starframe("validate", path)
    _no_crash(run)
    shown = [line for line in run.out.splitlines() if " error SF007" in line]
    assert len(shown) == SHOWN_PROBLEMS
    lines = [int(line.split(":")[1]) for line in shown]
    assert lines == sorted(lines)
    assert f"{MAX_PROBLEMS + 1 - SHOWN_PROBLEMS:,} more (`--format json` lists all)." in run.out
    assert " error SF015: checking stopped after 10,000 problems" in run.out
    records = json.loads(starframe("validate", "--format", "json", path).out)
    assert len(records) == MAX_PROBLEMS + 1
    stop = [r for r in records if r["code"] == "SF015"]
    assert len(stop) == 1
    assert "were not checked" in stop[0]["message"]


def test_many_bad_json_lines_are_capped(starframe: Any, tmp_path: Path) -> None:
    path = tmp_path / "export.jsonl"
    path.write_text("{not json}\n" * 20_000)
    run = starframe("readings", "import", path)
    _no_crash(run)
    assert f"{MAX_PROBLEMS + 1 - SHOWN_PROBLEMS:,} more (`--format json` lists all)." in run.err
    assert "SF015" in run.err


@pytest.mark.parametrize("version", ["1.0", "true"])
def test_json_lines_reads_the_version_as_yaml_does(
    starframe: Any, tmp_path: Path, version: str
) -> None:
    path = tmp_path / "export.jsonl"
    path.write_text(f'{{"starframe": {version}, "kind": "person", "code": "P1"}}\n')
    run = starframe("readings", "import", path)
    _no_crash(run)
    assert f"{path}:1:" in run.err
    assert "SF011" in run.err


def test_json_lines_accepts_a_bom_at_the_start(starframe: Any, tmp_path: Path) -> None:
    path = tmp_path / "export.jsonl"
    person = b'{"starframe": 1, "kind": "person", "code": "P1", "consent_date": "2024-01-01"}'
    path.write_bytes(b"\xef\xbb\xbf" + person + b"\n")
    run = starframe("readings", "import", path)
    assert run.code == 0, run.both[-2000:]


def test_a_long_plain_list_is_not_an_alias_bomb() -> None:
    text = "starframe: 1\nkind: star\nitems:\n" + "  - {a: 1}\n" * 100_000
    doc = read_document(text, "long.yaml")
    assert [p.code for p in doc.problems] == []
    assert len(doc.data["items"]) == 100_000


def test_nesting_at_the_limit_is_read() -> None:
    inner = "[" * (MAX_DEPTH - 1) + "]" * (MAX_DEPTH - 1)
    doc = read_document(f"note: {inner}\n", "ok.yaml")
    assert doc.ok, doc.problems
    deeper = read_document(f"note: [{inner}]\n", "deep.yaml")
    assert [(p.code, p.line, p.column) for p in deeper.problems] == [("SF013", 1, MAX_DEPTH + 6)]


def test_aliases_cannot_nest_past_the_limit() -> None:
    levels = ["a0: &a0 [1]"] + [
        f"a{i}: &a{i} " + "[" * 30 + f"*a{i - 1}" + "]" * 30 for i in range(1, 6)
    ]
    doc = read_document("\n".join(levels) + "\n", "aliases.yaml")
    assert [p.code for p in doc.problems] == ["SF013"]


def test_a_star_with_a_bom_and_crlf_still_loads() -> None:
    raw = b"\xef\xbb\xbf" + TINY_STAR.read_bytes().replace(b"\n", b"\r\n")
    assert load_star_text(raw).ok


# --- properties of the loader on nested and odd input -----------------------------------------

SCALARS = st.one_of(
    st.integers(-(10**30), 10**30),
    st.booleans(),
    st.none(),
    st.text(alphabet="abcé 019-.", max_size=8),  # ruamel's pure dumper misquotes ":0"
)
NESTED = st.recursive(
    SCALARS,
    lambda inner: st.one_of(
        st.lists(inner, max_size=4),
        st.dictionaries(st.text(alphabet="abcxyz", min_size=1, max_size=3), inner, max_size=4),
    ),
    max_leaves=30,
)


def _depth(value: object) -> int:
    if isinstance(value, list):
        return 1 + max((_depth(v) for v in value), default=0)
    if isinstance(value, dict):
        return 1 + max((_depth(v) for v in value.values()), default=0)
    return 0


@settings(max_examples=150, deadline=None)
@given(NESTED, st.booleans(), st.integers(0, 3))
def test_nested_data_reads_back_as_written(data: object, flow: bool, wrap: int) -> None:
    """The event builder gives what a YAML dump holds, in block and flow style alike."""
    for _ in range(wrap):
        data = [data]
    yaml = YAML(typ="safe", pure=True)
    yaml.default_flow_style = flow
    out = io.StringIO()
    yaml.dump({"value": data}, out)
    doc = read_document(out.getvalue(), "dumped.yaml")
    assert doc.ok, doc.problems
    assert doc.data == {"value": data}


@settings(max_examples=100, deadline=None)
@given(
    st.lists(
        st.sampled_from(["[", "]", "{", "}", "a: ", "- ", ", ", "\n", " ", "*a", "&a "]),
        max_size=400,
    ).map("".join),
    st.integers(0, 300),
)
def test_bracket_noise_and_deep_nesting_give_problems_not_exceptions(
    noise: str, depth: int
) -> None:
    text = "starframe: 1\nnote: " + "[" * depth + noise + "]" * depth + "\n"
    doc = read_document(text, "noise.yaml")
    for problem in doc.problems:
        assert problem.line >= 1, problem
        assert problem.column >= 1, problem
    if doc.ok:
        assert _depth(doc.data) <= MAX_DEPTH
    if depth > MAX_DEPTH:
        assert not doc.ok


@settings(max_examples=60, deadline=None)
@given(st.integers(1, 3 * MAX_DEPTH), st.sampled_from(["[", '{"a": ']))
def test_json_nesting_is_bounded_exactly(depth: int, opening: str) -> None:
    closing = "]" if opening == "[" else "}"
    inner = opening * depth + ("1" if opening != "[" else "") + closing * depth
    doc = read_document('{"note": ' + inner + "}", "deep.json")
    assert doc.ok == (depth + 1 <= MAX_DEPTH), doc.problems
    if not doc.ok:
        assert [p.code for p in doc.problems] == ["SF013"]


JUSTICE = TESTS.parent / "plugins/justice/starframe_justice/stars/justice.yaml"


@pytest.mark.parametrize("path", [TINY_STAR, JUSTICE], ids=lambda p: p.name)
def test_without_libyaml_the_same_data_and_places(
    path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """The pure-Python parser (no ruamel.yaml.clib) feeds the same builder."""
    text = path.read_text()
    fast = read_document(text, path.name)
    monkeypatch.setattr(document, "_HAVE_LIBYAML", False)
    slow = read_document(text, path.name)
    assert (slow.data, slow.values, slow.keys, slow.problems) == (
        fast.data,
        fast.values,
        fast.keys,
        fast.problems,
    )


def test_without_libyaml_deep_nesting_is_located(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(document, "_HAVE_LIBYAML", False)
    doc = read_document(_deep_yaml(), "deep.yaml")
    assert [(p.code, p.line) for p in doc.problems] == [("SF013", 3)]


def test_validate_a_folder_reports_what_is_not_a_regular_file(
    starframe: Any, tmp_path: Path
) -> None:
    folder = _broken_folder(tmp_path / "stars")
    (folder / "tiny.yaml").write_text(TINY_STAR.read_text())
    run = starframe("validate", folder)
    _no_crash(run)
    assert f"{folder / 'pipe.yaml'}: error SF001: " in run.out
    assert f"{folder / 'zero.yaml'}: error SF001: " in run.out
    assert f"{folder / 'deep.yaml'}:3:" in run.out


def test_left_out_values_do_not_disturb_what_follows() -> None:
    text = (
        "a: [1, 2]\n"
        "a: [3, {b: 4}]\n"  # duplicate key: its list is left out
        "? [x]\n"
        ": 5\n"  # a list as a key: it and its value are left out
        "t: !!set {q: null}\n"  # a tagged mapping: refused, left out
        "z: [6, !!binary aGk=, 7]\n"
    )
    doc = read_document(text, "odd.yaml")
    assert [(p.code, p.line) for p in doc.problems] == [
        ("SF007", 2),
        ("SF005", 3),
        ("SF008", 5),
        ("SF008", 6),
    ]
    assert doc.data == {"a": [1, 2], "t": None, "z": [6, None, 7]}
    assert doc.values[("z", 2)] == (6, 23)
