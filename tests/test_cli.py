"""The `starframe` command through its installed entry point, as a user runs it.

Exit codes: 0 success, 1 problems found or a user error, 2 usage, 3 unexpected failure.
"""

from __future__ import annotations

import json
import os
import re
import subprocess
import sys
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import pytest
from ruamel.yaml import YAML

from starframe.definition.load import load_star_file
from starframe.schemas import render_schema

TESTS = Path(__file__).resolve().parent
GOLDEN = TESTS / "golden"
TINY_STAR = TESTS / "data" / "tiny-star.yaml"
STARFRAME = Path(sys.executable).parent / "starframe"
JUSTICE_YAML = TESTS.parent / "plugins/justice/starframe_justice/stars/justice.yaml"
PARENT_BABY_YAML = TESTS.parent / "plugins/parent_baby/starframe_parent_baby/stars/parent-baby.yaml"
RECORD_FIELDS = {"code", "severity", "message", "file", "line", "column"}


@dataclass
class Run:
    code: int
    out: str
    err: str

    @property
    def both(self) -> str:
        return self.out + self.err


@pytest.fixture(scope="module")
def cli_cache(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """One cache for the module, so the bundled Stars are checked once, not per command."""
    return tmp_path_factory.mktemp("cli-cache")


@pytest.fixture
def starframe(cli_cache: Path) -> Any:
    def run(*args: str | Path, env: dict[str, str] | None = None) -> Run:
        environ = {k: v for k, v in os.environ.items() if not k.startswith("STARFRAME_")}
        environ.update({"STARFRAME_CACHE_DIR": str(cli_cache), "COLUMNS": "100", **(env or {})})
        done = subprocess.run(
            [str(STARFRAME), *map(str, args)],
            env=environ,
            capture_output=True,
            text=True,
            timeout=60,
        )
        result = Run(done.returncode, done.stdout, done.stderr)
        if "--debug" not in args:
            assert "Traceback" not in result.both, result.both
        return result

    return run


def _expected(path: Path) -> tuple[str, int, int]:
    """(code, line, column) from a golden file's first `# expect:` line."""
    first = next(line for line in path.read_text("utf-8").splitlines() if "# expect:" in line)
    _, _, _, code, where = first.split(" | ")[0].split()
    line, column = where.split(":")
    return code, int(line), int(column)


def _flat(text: str) -> str:
    return " ".join(text.split())


def test_the_entry_point_is_installed() -> None:
    assert STARFRAME.is_file()


def test_stars_list_table(starframe: Any) -> None:
    run = starframe("stars", "list")
    assert run.code == 0
    header, *rows = run.out.splitlines()
    assert header.split()[:5] == ["ID", "EDITION", "STATUS", "SCALES", "NAME"]
    assert header.split()[-1] == "STATE"
    by_id = {row.split()[0]: row for row in rows}
    assert by_id["justice"].split()[1:4] == ["1.0", "published", "10"]
    assert "Justice Star" in by_id["justice"]
    assert "starframe-justice" in by_id["justice"]
    assert by_id["justice"].endswith("ok")
    assert by_id["parent-baby"].split()[1:4] == ["1.0", "published", "8"]


def test_stars_list_json(starframe: Any) -> None:
    run = starframe("stars", "list", "--json")
    assert run.code == 0
    records = json.loads(run.out)
    by_id = {r["id"]: r for r in records}
    justice = by_id["justice"]
    for field in ("id", "name", "edition", "status", "scales", "source", "file", "state", "reason"):
        assert field in justice
    assert justice["name"] == "Justice Star"
    assert (justice["edition"], justice["status"], justice["scales"]) == ("1.0", "published", 10)
    assert justice["source"]["kind"] == "plugin"
    assert justice["source"]["name"] == "starframe-justice"
    assert justice["source"]["version"]
    assert Path(justice["file"]).resolve() == JUSTICE_YAML.resolve()
    assert (justice["state"], justice["reason"]) == ("ok", None)
    assert by_id["parent-baby"]["scales"] == 8


def test_stars_list_shows_broken_drafts_with_the_reason(starframe: Any, tmp_path: Path) -> None:
    golden = GOLDEN / "sf105_bad_status.yaml"
    _, line, _ = _expected(golden)
    (tmp_path / "bad.yaml").write_bytes(golden.read_bytes())
    run = starframe("stars", "list", "--stars-dir", tmp_path, "--json")
    assert run.code == 0
    [record] = [r for r in json.loads(run.out) if r["source"]["kind"] == "folder"]
    assert record["state"] == "broken"
    assert record["source"]["name"] == str(tmp_path)
    assert record["reason"].startswith(f"SF105 at line {line}:")
    table = starframe("stars", "list", "--stars-dir", tmp_path)
    assert "broken" in table.out
    assert f"SF105 at line {line}:" in table.err


def test_stars_show_prints_the_journey_and_every_ladder(starframe: Any) -> None:
    run = starframe("stars", "show", "justice")
    assert run.code == 0
    star = load_star_file(JUSTICE_YAML).star
    assert star is not None
    shown = _flat(run.out)
    for stage in star.journey:
        assert stage.name in shown
    for scale in star.scales:
        assert scale.name in shown
    accommodation = star.scale("accommodation")
    assert len(accommodation.ladder) == 10
    for point, wording in accommodation.ladder.items():
        assert f"{point} {_flat(wording)}" in shown


def test_stars_show_json_has_the_structure_of_the_yaml(starframe: Any) -> None:
    run = starframe("stars", "show", "justice", "--json")
    assert run.code == 0
    shown = json.loads(run.out)
    written = YAML(typ="safe", pure=True).load(JUSTICE_YAML.read_text(encoding="utf-8"))
    assert shown["id"] == "justice"
    assert [s["id"] for s in shown["journey"]] == [s["id"] for s in written["journey"]]
    assert [s["points"] for s in shown["journey"]] == [s["points"] for s in written["journey"]]
    assert [s["id"] for s in shown["scales"]] == [s["id"] for s in written["scales"]]
    for shown_scale, written_scale in zip(shown["scales"], written["scales"], strict=True):
        assert shown_scale["ladder"] == {str(k): v for k, v in written_scale["ladder"].items()}
    for key, value in written.items():
        if key not in ("journey", "scales"):
            assert shown[key] == value


def test_stars_show_reads_a_file(starframe: Any) -> None:
    run = starframe("stars", "show", TINY_STAR)
    assert run.code == 0
    assert run.out.startswith("Tiny Star — tiny edition 1.0")
    assert "I have nowhere to live." in run.out


def test_stars_show_of_a_broken_file_is_a_user_error(starframe: Any) -> None:
    run = starframe("stars", "show", GOLDEN / "sf105_bad_status.yaml")
    assert run.code == 1
    assert run.out == ""
    assert "is not a valid Star" in run.err
    assert "starframe validate" in run.err


def test_stars_show_unknown_id_lists_what_is_available(starframe: Any) -> None:
    run = starframe("stars", "show", "nope")
    assert run.code == 1
    assert len(run.err.strip().splitlines()) == 1
    assert "nope" in run.err
    assert "justice@1.0" in run.err


@pytest.mark.parametrize("path", [JUSTICE_YAML, PARENT_BABY_YAML, TINY_STAR], ids=lambda p: p.name)
def test_validate_bundled_and_clean_files_exit_0(starframe: Any, path: Path) -> None:
    run = starframe("validate", path)
    assert run.code == 0
    assert "0 errors, 0 warnings" in run.err


def test_validate_the_bundled_translation_next_to_its_installed_star(starframe: Any) -> None:
    # The folder holds the Star the plugin also installs: the same file, not a conflict.
    run = starframe("validate", JUSTICE_YAML.with_name("justice.cy.yaml"))
    assert run.code == 0
    assert "Checked 1 file: 0 errors" in run.err
    # Marked `complete: false`: the untranslated ladders are one note, not a warning each.
    assert "note SF504: cy 16%, partial" in run.out


def test_the_bundled_stars_pass_the_publish_check(starframe: Any) -> None:
    for target in (("justice",), ("parent-baby",), ("--plugin", "starframe-justice")):
        run = starframe("validate", "--strict", *target)
        assert run.code == 0, run.both
        assert " 0 warnings" in run.err, run.both


def test_validate_a_folder_checks_every_star_in_it(starframe: Any, tmp_path: Path) -> None:
    (tmp_path / "a.yaml").write_bytes(TINY_STAR.read_bytes())
    golden = GOLDEN / "sf203_backwards_range.yaml"
    code, line, column = _expected(golden)
    (tmp_path / "b.yaml").write_bytes(golden.read_bytes())
    run = starframe("validate", tmp_path)
    assert run.code == 1
    assert "Checked 2 files: 1 error, 0 warnings." in run.err
    assert f"{tmp_path / 'b.yaml'}:{line}:{column}: error {code}:" in run.out


def test_validate_a_broken_file_shows_where_and_exits_1(starframe: Any) -> None:
    path = GOLDEN / "sf103_edition_float.yaml"
    code, line, column = _expected(path)
    run = starframe("validate", path)
    assert run.code == 1
    head, source, caret = run.out.splitlines()[:3]
    assert head.startswith(f"{path}:{line}:{column}: error {code}: ")
    assert source.endswith("| edition: 1.0")
    assert caret.index("^") == source.index("1.0")
    assert "1 error, 0 warnings" in run.err


def test_validate_strict_fails_on_warnings_only(starframe: Any) -> None:
    path = GOLDEN / "sf401_stage_without_summary.yaml"
    relaxed = starframe("validate", path)
    assert relaxed.code == 0
    assert "warning SF401" in relaxed.out
    strict = starframe("validate", "--strict", path)
    assert strict.code == 1
    assert "warning SF401" in strict.out


def test_validate_json_format_gives_problem_records(starframe: Any) -> None:
    path = GOLDEN / "sf101_typo_in_scale.yaml"
    run = starframe("validate", "--format", "json", path)
    assert run.code == 1
    records = json.loads(run.out)
    assert isinstance(records, list)
    assert all(set(r) == RECORD_FIELDS for r in records)
    expected = [
        (m[1], int(m[2]), int(m[3]))
        for m in re.finditer(r"# expect: error (SF\d+) (\d+):(\d+)", path.read_text("utf-8"))
    ]
    assert len(expected) == 1  # the missing `label` is folded into the typo
    assert sorted((r["code"], r["line"], r["column"]) for r in records) == sorted(expected)
    assert {r["severity"] for r in records} == {"error"}
    assert {r["file"] for r in records} == {str(path)}


def test_validate_json_of_a_clean_file_is_an_empty_list(starframe: Any) -> None:
    run = starframe("validate", "--format", "json", TINY_STAR)
    assert (run.code, json.loads(run.out)) == (0, [])


@pytest.mark.parametrize("target", ["does/not/exist.yaml", "no-such-star"])
def test_validate_unknown_path_or_id_is_a_usage_error(starframe: Any, target: str) -> None:
    run = starframe("validate", target)
    assert run.code == 2
    assert target in run.err
    assert "starframe stars list" in run.err


def test_validate_an_installed_star_by_id(starframe: Any) -> None:
    run = starframe("validate", "justice")
    assert run.code == 0
    assert "error" not in run.out


def test_validate_without_arguments_is_a_usage_error(starframe: Any) -> None:
    run = starframe("validate")
    assert run.code == 2
    assert "Usage:" in run.err


def test_unknown_command_is_a_usage_error(starframe: Any) -> None:
    run = starframe("frobnicate")
    assert run.code == 2
    assert "frobnicate" in run.err


def test_plugins_table_and_json(starframe: Any) -> None:
    table = starframe("plugins")
    assert table.code == 0
    header, *rows = table.out.splitlines()
    assert header.split()[:3] == ["PLUGIN", "DISTRIBUTION", "STATE"]
    by_name = {row.split()[0]: row for row in rows}
    assert "starframe-justice" in by_name["justice"]
    assert "loaded" in by_name["justice"]
    assert "starframe_register_stars" in by_name["parent-baby"]

    run = starframe("plugins", "--json")
    assert run.code == 0
    records = {r["name"]: r for r in json.loads(run.out)}
    justice = records["justice"]
    assert justice["distribution"] == "starframe-justice"
    assert justice["state"] == "loaded"
    assert justice["reason"] is None
    assert "starframe_register_stars" in justice["hooks"]
    assert justice["stars"] >= 1


def test_plugins_shows_why_one_is_blocked(starframe: Any) -> None:
    run = starframe("plugins", "--json", env={"STARFRAME_DISABLE_PLUGINS": "justice"})
    records = {r["name"]: r for r in json.loads(run.out)}
    assert records["justice"]["state"] == "blocked"
    assert "STARFRAME_DISABLE_PLUGINS" in records["justice"]["reason"]
    assert records["parent-baby"]["state"] == "loaded"
    listed = starframe("stars", "list", "--json", env={"STARFRAME_DISABLE_PLUGINS": "justice"})
    assert [r["id"] for r in json.loads(listed.out)] == ["parent-baby"]


def test_schema_writes_the_schema_files(starframe: Any, tmp_path: Path) -> None:
    out = tmp_path / "out"
    run = starframe("schema", "--out", out)
    assert run.code == 0
    written = out / "star.schema.json"
    assert written.read_text(encoding="utf-8") == render_schema("star.schema.json")
    assert str(written) in run.out


def test_schema_into_an_unwritable_place_is_a_user_error(starframe: Any, tmp_path: Path) -> None:
    blocker = tmp_path / "a-file"
    blocker.write_text("", encoding="utf-8")
    run = starframe("schema", "--out", blocker / "sub")
    assert run.code == 1
    assert run.err.startswith("starframe: error: cannot write the schemas")


def test_stars_list_imports_no_heavy_optional_modules(cli_cache: Path) -> None:
    probe = (
        "import sys\n"
        "from starframe.cli import main\n"
        "try:\n"
        "    main(['stars', 'list'])\n"
        "except SystemExit as exc:\n"
        "    code = exc.code\n"
        "heavy = sorted({m.split('.')[0] for m in sys.modules} & "
        "{'textual', 'reportlab', 'sqlalchemy', 'fhir', 'scipy', 'numpy', 'openpyxl'})\n"
        "print('RESULT', code, heavy)\n"
    )
    env = {k: v for k, v in os.environ.items() if not k.startswith("STARFRAME_")}
    env["STARFRAME_CACHE_DIR"] = str(cli_cache)
    done = subprocess.run(
        [sys.executable, "-c", probe], env=env, capture_output=True, text=True, timeout=60
    )
    last = done.stdout.strip().splitlines()[-1]
    assert last == "RESULT 0 []", done.stdout + done.stderr


# --- unexpected errors, in process: nothing a user can do makes the core fail like this ------


def _boom(**_: object) -> None:
    raise RuntimeError("kaboom")


def test_unexpected_error_is_one_line_and_exit_3(
    monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    from starframe.cli import main

    monkeypatch.setattr("starframe.catalog.build_catalog", _boom)
    with pytest.raises(SystemExit) as exited:
        main(["stars", "list"])
    assert exited.value.code == 3
    captured = capsys.readouterr()
    assert captured.out == ""
    lines = captured.err.strip().splitlines()
    assert len(lines) == 1
    assert "unexpected error: RuntimeError: kaboom" in lines[0]
    assert "--debug" in lines[0]
    assert "Traceback" not in captured.err


@pytest.mark.parametrize("how", ["flag", "env"])
def test_debug_shows_the_traceback(
    monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str], how: str
) -> None:
    from starframe.cli import main

    monkeypatch.setattr("starframe.catalog.build_catalog", _boom)
    args = ["stars", "list"]
    if how == "flag":
        args.insert(0, "--debug")
    else:
        monkeypatch.setenv("STARFRAME_DEBUG", "1")
    with pytest.raises(SystemExit) as exited:
        main(args)
    assert exited.value.code == 3
    err = capsys.readouterr().err
    assert "Traceback (most recent call last)" in err
    assert "RuntimeError: kaboom" in err


def test_main_exits_0_on_success(capsys: pytest.CaptureFixture[str]) -> None:
    from starframe.cli import main

    with pytest.raises(SystemExit) as exited:
        main(["validate", str(TINY_STAR)])
    assert exited.value.code == 0
    assert "0 errors" in capsys.readouterr().err
