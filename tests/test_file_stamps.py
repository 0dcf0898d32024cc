"""A catalog built by stamps (`stars list`) reads no unchanged file, and misses no edit."""

from __future__ import annotations

import json
import os
from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest

from starframe.catalog import Catalog, build_catalog
from starframe.definition import file_stamps
from starframe.plugins.host import ALLOW_ENV, make_plugin_host


@pytest.fixture
def settled_at_once(monkeypatch: pytest.MonkeyPatch) -> None:
    """Every file counts as settled, so a test need not wait two seconds after writing."""
    monkeypatch.setattr(file_stamps, "SETTLED_NS", -(10**18))


def _kept_index(cache: Path) -> tuple[Path, dict[str, Any]]:
    """The catalog index file the cache keeps, and what it holds."""
    [index] = (cache / "catalog-index").glob("*.json")
    return index, json.loads(index.read_text(encoding="utf-8"))


def _alpha_listed(tmp_path: Path, make_star_text: Callable[..., str]) -> tuple[Path, Path]:
    """A folder holding one draft, `alpha`, listed once: the folder and the cache it left."""
    folder = tmp_path / "drafts"
    folder.mkdir()
    (folder / "alpha.yaml").write_text(make_star_text("alpha"), encoding="utf-8")
    cache = tmp_path / "cache"
    _catalog(folder, cache)
    return folder, cache


def _catalog(folder: Path, cache: Path) -> Catalog:
    env = {ALLOW_ENV: "", "STARFRAME_CACHE_DIR": str(cache)}
    host = make_plugin_host(environ=env)
    return build_catalog(host=host, stars_dirs=(folder,), environ=env, by_stamps=True)


def _held(catalog: Catalog) -> bytes | None:
    """The bytes the catalog's one file holds in memory: None if known by its stamp only."""
    [entry] = catalog.entries
    assert entry.checked is not None
    return entry.checked.held


def _states(catalog: Catalog) -> list[tuple[str, str, str | None]]:
    return [(Path(e.file).name, e.state, e.reason) for e in catalog.entries]


def test_an_unchanged_file_is_not_read_and_an_edit_of_the_same_size_is_noticed(
    tmp_path: Path,
    make_star_text: Callable[..., str],
    count_loads: list[str],
    settled_at_once: None,
) -> None:
    folder = tmp_path / "drafts"
    folder.mkdir()
    star = folder / "alpha.yaml"
    good = make_star_text("alpha")
    star.write_text(good, encoding="utf-8")
    cache = tmp_path / "cache"
    assert _states(_catalog(folder, cache)) == [("alpha.yaml", "ok", None)]
    warm = _catalog(folder, cache)
    assert _held(warm) is None, "known by its stamp only"
    assert len(count_loads) == 1
    assert warm.find("alpha").id == "alpha", "the Star is still read when asked for"

    before = star.stat()
    edited = good.replace("status: draft", "status: xxxxx")
    star.write_text(edited, encoding="utf-8")
    os.utime(star, ns=(before.st_atime_ns, before.st_mtime_ns + 1_000_000_000))
    assert star.stat().st_size == before.st_size
    [(_name, state, reason)] = _states(_catalog(folder, cache))
    assert state == "broken"
    assert (reason or "").startswith("SF105")

    # The same size and the old modification time: the status-change time still tells.
    star.write_text(good.replace("status: draft", "status: yyyyy"), encoding="utf-8")
    os.utime(star, ns=(before.st_atime_ns, before.st_mtime_ns + 1_000_000_000))
    [(_name, state, reason)] = _states(_catalog(folder, cache))
    assert state == "broken"
    assert "yyyyy" in (reason or "")
    assert len(count_loads) == 4  # the first check, `find`, and each edit once


def test_a_file_written_just_now_is_read_again_until_it_settles(
    tmp_path: Path, make_star_text: Callable[..., str]
) -> None:
    folder, cache = _alpha_listed(tmp_path, make_star_text)
    assert _held(_catalog(folder, cache)) is not None, "racily clean: read again"
    _index, kept = _kept_index(cache)
    assert kept["files"] == {}


def test_stamps_kept_for_other_rules_are_not_trusted(
    tmp_path: Path, make_star_text: Callable[..., str], settled_at_once: None
) -> None:
    folder, cache = _alpha_listed(tmp_path, make_star_text)
    index, kept = _kept_index(cache)
    assert kept["files"]
    index.write_text(json.dumps({**kept, "checker": "other rules"}), encoding="utf-8")
    assert _held(_catalog(folder, cache)) is not None


def test_a_catalog_without_stamps_keeps_those_of_files_it_still_uses(
    tmp_path: Path, make_star_text: Callable[..., str], settled_at_once: None
) -> None:
    folder = tmp_path / "drafts"
    folder.mkdir()
    (folder / "alpha.yaml").write_text(make_star_text("alpha"), encoding="utf-8")
    (folder / "beta.yaml").write_text(make_star_text("beta"), encoding="utf-8")
    cache = tmp_path / "cache"
    _catalog(folder, cache)
    (folder / "beta.yaml").unlink()
    env = {ALLOW_ENV: "", "STARFRAME_CACHE_DIR": str(cache)}
    build_catalog(host=make_plugin_host(environ=env), stars_dirs=(folder,), environ=env)
    files = _kept_index(cache)[1]["files"]
    assert [Path(name).name for name in files] == ["alpha.yaml"]
    assert _held(_catalog(folder, cache)) is None


def test_a_string_table_entry_that_names_nothing_falls_back_to_the_record_file(
    tmp_path: Path, make_star_text: Callable[..., str], count_loads: list[str]
) -> None:
    folder, cache = _alpha_listed(tmp_path, make_star_text)
    index, kept = _kept_index(cache)
    [record] = kept["records"].values()
    assert record["summary"]["strings"] == 0, "each list of strings is written once"
    index.write_text(json.dumps({**kept, "strings": []}), encoding="utf-8")
    [entry] = _catalog(folder, cache).entries
    assert entry.state == "ok"
    assert entry.summary is not None
    assert entry.summary.strings
    assert len(count_loads) == 1, "served by the record file, not checked again"
