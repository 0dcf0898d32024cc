"""Installed plugins are remembered between starts, and never served stale.

A start reads the entry points it remembered unless a distribution on sys.path was installed,
upgraded or removed since; these tests install, upgrade and damage things between two starts.
"""

from __future__ import annotations

import shutil
from pathlib import Path
from typing import Any

from starframe.plugins.entry_points import CACHE_FILE, installed_entry_points
from starframe.plugins.host import ALLOW_ENV, ENTRY_POINT_GROUP, make_plugin_host


def _env(tmp_path: Path) -> dict[str, str]:
    return {"STARFRAME_CACHE_DIR": str(tmp_path / "cache"), ALLOW_ENV: "fakeone,faketwo"}


def _found(env: dict[str, str]) -> list[tuple[str, str | None, str | None]]:
    host = make_plugin_host(environ=env)
    return [(p.name, p.distribution, p.version) for p in host.plugins if p.state == "loaded"]


def test_a_plugin_installed_since_the_last_start_is_found(fake_dists: Any, tmp_path: Path) -> None:
    env = _env(tmp_path)
    fake_dists.add("fake-one", module="fakeone", source="")
    assert _found(env) == [("fakeone", "fake-one", "1.0")]
    assert (tmp_path / "cache" / CACHE_FILE).is_file()
    fake_dists.add("fake-two", module="faketwo", source="")
    assert _found(env) == [("fakeone", "fake-one", "1.0"), ("faketwo", "fake-two", "1.0")]


def test_an_upgraded_or_removed_plugin_is_seen_at_the_next_start(
    fake_dists: Any, tmp_path: Path
) -> None:
    env = _env(tmp_path)
    fake_dists.add("fake-one", module="fakeone", source="")
    assert _found(env) == [("fakeone", "fake-one", "1.0")]
    old = fake_dists.root / "fake_one-1.0.dist-info"
    new = fake_dists.root / "fake_one-2.0.dist-info"
    old.rename(new)  # as an installer does: the old folder goes, the new one comes
    (new / "METADATA").write_text(
        "Metadata-Version: 2.1\nName: fake-one\nVersion: 2.0\n", encoding="utf-8"
    )
    assert _found(env) == [("fakeone", "fake-one", "2.0")]
    shutil.rmtree(new)
    assert _found(env) == []


def test_a_damaged_cache_is_read_afresh(fake_dists: Any, tmp_path: Path) -> None:
    env = _env(tmp_path)
    fake_dists.add("fake-one", module="fakeone", source="")
    _found(env)
    cache = tmp_path / "cache" / CACHE_FILE
    for damage in ("{not json", '{"group": "starframe", "state": 1}', "[]"):
        cache.write_text(damage, encoding="utf-8")
        assert _found(env) == [("fakeone", "fake-one", "1.0")]


def test_without_the_cache_nothing_is_written(fake_dists: Any, tmp_path: Path) -> None:
    env = {**_env(tmp_path), "STARFRAME_NO_CACHE": "1"}
    fake_dists.add("fake-one", module="fakeone", source="")
    assert "fakeone" in [e.name for e in installed_entry_points(ENTRY_POINT_GROUP, env)]
    assert not (tmp_path / "cache").exists()
