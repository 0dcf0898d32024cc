"""`starframe tui`, and `starframe` alone: the UI at a terminal, help everywhere else."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path
from types import SimpleNamespace
from typing import Any

import pytest
from click.testing import CliRunner

from starframe.cli.group import cli


class FakeApp:
    def __init__(self, calls: list[dict[str, Any]], options: dict[str, Any]) -> None:
        calls.append(options)

    def run(self) -> None:
        return None


@pytest.fixture
def launched(monkeypatch: pytest.MonkeyPatch) -> list[dict[str, Any]]:
    """Every make_app call the command makes, instead of opening a real terminal UI."""
    calls: list[dict[str, Any]] = []
    monkeypatch.setattr("starframe.tui.app.make_app", lambda **options: FakeApp(calls, options))
    return calls


HOME = {"db": None, "stars_dirs": (), "cases_dirs": (), "lang": None, "first": "home"}
AT_A_TERMINAL = SimpleNamespace(isatty=lambda: True)


def test_tui_passes_its_options_to_the_app(launched: list[dict[str, Any]], tmp_path: Path) -> None:
    result = CliRunner().invoke(
        cli,
        [
            "tui",
            "--db",
            "x.db",
            "--stars-dir",
            str(tmp_path),
            "--cases-dir",
            str(tmp_path),
            "--lang",
            "cy",
        ],
    )
    assert result.exit_code == 0, result.output
    assert launched == [
        {**HOME, "db": "x.db", "stars_dirs": (tmp_path,), "cases_dirs": (tmp_path,), "lang": "cy"}
    ]


def test_starframe_alone_at_a_terminal_opens_the_ui(
    launched: list[dict[str, Any]], monkeypatch: pytest.MonkeyPatch
) -> None:
    terminal = SimpleNamespace(stdin=AT_A_TERMINAL, stdout=AT_A_TERMINAL)
    monkeypatch.setattr("starframe.cli.group.sys", terminal)
    result = CliRunner().invoke(cli, [])
    assert result.exit_code == 0, result.output
    assert launched == [HOME]


def test_starframe_alone_in_a_script_prints_help(launched: list[dict[str, Any]]) -> None:
    result = CliRunner().invoke(cli, [])
    assert result.exit_code == 0
    assert "Usage:" in result.output
    assert "tui" in result.output
    assert launched == []


def test_practice_alone_at_a_terminal_opens_the_ui_on_practice(
    launched: list[dict[str, Any]], monkeypatch: pytest.MonkeyPatch, tmp_path: Path
) -> None:
    terminal = SimpleNamespace(stdin=AT_A_TERMINAL, stdout=AT_A_TERMINAL)
    monkeypatch.setattr("starframe.cli.commands.practice.sys", terminal)
    result = CliRunner().invoke(cli, ["practice", "--db", "x.db", "--cases-dir", str(tmp_path)])
    assert result.exit_code == 0, result.output
    assert launched == [{**HOME, "db": "x.db", "cases_dirs": (tmp_path,), "first": "practice"}]


def test_practice_alone_in_a_script_prints_its_help(launched: list[dict[str, Any]]) -> None:
    result = CliRunner().invoke(cli, ["practice"])
    assert result.exit_code == 0
    assert "Usage:" in result.output
    assert "results" in result.output
    assert launched == []


def test_the_ui_options_before_a_practice_command_are_refused(
    launched: list[dict[str, Any]],
) -> None:
    result = CliRunner().invoke(cli, ["practice", "--db", "x.db", "cases"])
    assert result.exit_code == 2
    assert "put them after `cases`" in result.output
    assert launched == []


def test_importing_starframe_does_not_import_textual() -> None:
    probe = (
        "import sys, starframe, starframe.cli\n"
        "print(sorted(m for m in sys.modules if m.startswith('textual')))"
    )
    env = {k: v for k, v in os.environ.items() if not k.startswith("STARFRAME_")}
    done = subprocess.run([sys.executable, "-c", probe], env=env, capture_output=True, text=True)
    assert done.stdout.strip() == "[]", done.stderr
