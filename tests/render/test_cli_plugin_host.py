"""Each render command loads the plugins once: its Stars and its report sections share one host.

A host imports every plugin and runs its hooks under the time limit; building one for the
catalog (a Star by id, a --lang translation) and another for the sections would do it twice.
"""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest
from click.testing import CliRunner

from starframe.cli.group import cli
from starframe.plugins import host as host_module
from starframe.plugins.host import PluginHost
from tests.render.conftest import Seeded


@pytest.fixture
def hosts(monkeypatch: pytest.MonkeyPatch) -> list[PluginHost]:
    """Every plugin host built while the test runs, wherever it is built from."""
    built: list[PluginHost] = []
    real = host_module.make_plugin_host

    def counted(**options: object) -> PluginHost:
        host = real(**options)  # type: ignore[arg-type]
        built.append(host)
        return host

    monkeypatch.setattr("starframe.plugins.host.make_plugin_host", counted)
    monkeypatch.setattr("starframe.catalog.make_plugin_host", counted)
    return built


@pytest.fixture
def db(seeded: Seeded, tmp_path: Path) -> str:
    copy = tmp_path / "copy.db"
    shutil.copy(seeded.db, copy)
    return str(copy)


def _render(*args: str) -> None:
    result = CliRunner().invoke(cli, ["render", *args])
    assert result.exit_code == 0, result.output


@pytest.mark.parametrize("lang", [[], ["--lang", "cy"]], ids=["own-language", "welsh"])
def test_a_blank_pack_of_an_installed_star_builds_one_host(
    hosts: list[PluginHost], tmp_path: Path, lang: list[str]
) -> None:
    _render("blank", "justice", *lang, "-o", str(tmp_path / "blank.pdf"))
    assert len(hosts) == 1


def test_a_person_report_in_welsh_builds_one_host(
    hosts: list[PluginHost], db: str, tmp_path: Path
) -> None:
    out = tmp_path / "p1.pdf"
    _render("person", "P-0001", "--star", "justice", "--lang", "cy", "--db", db, "-o", str(out))
    assert len(hosts) == 1


def test_a_reading_report_without_lang_builds_one_host(
    hosts: list[PluginHost], db: str, seeded: Seeded, tmp_path: Path
) -> None:
    reading = seeded.reading_ids["p2-only"]
    _render("reading", reading, "--db", db, "-o", str(tmp_path / "r.pdf"))
    assert len(hosts) == 1


def test_a_batch_in_this_process_shares_the_commands_host(
    hosts: list[PluginHost], db: str, tmp_path: Path
) -> None:
    out = tmp_path / "reports"
    _render("batch", "justice", "--lang", "cy", "--jobs", "1", "--db", db, "-o", str(out))
    assert sorted(p.name for p in out.glob("*.pdf")) == ["P-0001.pdf", "P-0002.pdf"]
    assert len(hosts) == 1
