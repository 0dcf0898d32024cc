"""The check cache: a warm start skips heavy imports; a changed file is always re-checked."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest

from starframe.catalog import Catalog, build_catalog
from starframe.plugins.host import ALLOW_ENV, make_plugin_host

HEAVY = ("pydantic", "pydantic_core", "ruamel")
PROBE = """
import json, sys
from starframe.catalog import build_catalog
catalog = build_catalog()
print(json.dumps({
    "states": sorted(f"{e.summary.id}:{e.state}" for e in catalog.entries if e.summary),
    "heavy": sorted({m.split(".")[0] for m in sys.modules} & set(sys.argv[1:])),
}))
"""


def _probe(cache: Path, stars_dir: Path | None = None) -> dict[str, Any]:
    env = {k: v for k, v in os.environ.items() if not k.startswith("STARFRAME_")}
    env["STARFRAME_CACHE_DIR"] = str(cache)
    if stars_dir:
        env["STARFRAME_STARS_PATH"] = str(stars_dir)
        env[ALLOW_ENV] = ""  # only the drafts: the bundled Stars are not what is tested here
    done = subprocess.run(
        [sys.executable, "-c", PROBE, *HEAVY],
        env=env,
        capture_output=True,
        text=True,
        check=True,
        timeout=60,
    )
    result: dict[str, Any] = json.loads(done.stdout)
    return result


def test_warm_cache_builds_the_catalog_without_pydantic(tmp_path: Path) -> None:
    cold = _probe(tmp_path / "cache")
    assert "pydantic" in cold["heavy"]
    assert "justice:ok" in cold["states"]
    warm = _probe(tmp_path / "cache")
    assert warm["states"] == cold["states"]
    assert warm["heavy"] == []


def test_changed_file_is_rechecked_in_a_new_process(
    tmp_path: Path, make_star_text: Callable[..., str]
) -> None:
    drafts = tmp_path / "drafts"
    drafts.mkdir()
    star = drafts / "alpha.yaml"
    star.write_text(make_star_text("alpha"), encoding="utf-8")
    assert "alpha:ok" in _probe(tmp_path / "cache", drafts)["states"]
    star.write_text(make_star_text("alpha").replace("status: draft", "status: x"), encoding="utf-8")
    after = _probe(tmp_path / "cache", drafts)
    assert not any(s.startswith("alpha:") for s in after["states"])
    assert "pydantic" in after["heavy"], "the changed file must be validated again"


def _drafts_catalog(folder: Path, environ: dict[str, str]) -> Catalog:
    env = {ALLOW_ENV: "", **environ}
    return build_catalog(host=make_plugin_host(environ=env), stars_dirs=(folder,), environ=env)


def test_unchanged_file_is_served_from_the_cache(
    tmp_path: Path, make_star_text: Callable[..., str], count_loads: list[str]
) -> None:
    folder = tmp_path / "drafts"
    folder.mkdir()
    (folder / "alpha.yaml").write_text(make_star_text("alpha"), encoding="utf-8")
    env = {"STARFRAME_CACHE_DIR": str(tmp_path / "cache")}
    first = _drafts_catalog(folder, env)
    second = _drafts_catalog(folder, env)
    assert len(count_loads) == 1
    assert [e.state for e in first.entries] == [e.state for e in second.entries] == ["ok"]
    assert second.find("alpha").id == "alpha"  # the full Star is still there when asked for


def test_edited_file_is_never_served_stale(
    tmp_path: Path, make_star_text: Callable[..., str], count_loads: list[str]
) -> None:
    folder = tmp_path / "drafts"
    folder.mkdir()
    path = folder / "alpha.yaml"
    good = make_star_text("alpha")
    env = {"STARFRAME_CACHE_DIR": str(tmp_path / "cache")}

    path.write_text(good, encoding="utf-8")
    assert [e.state for e in _drafts_catalog(folder, env).entries] == ["ok"]
    path.write_text(good.replace("status: draft", "status: x"), encoding="utf-8")
    [entry] = _drafts_catalog(folder, env).entries
    assert entry.state == "broken"
    assert entry.reason is not None
    assert entry.reason.startswith("SF105")
    path.write_text(good.replace("name: Tiny Star", "name: Renamed Star"), encoding="utf-8")
    catalog = _drafts_catalog(folder, env)
    assert catalog.find("alpha").name == "Renamed Star"
    # Each edit checked once; the catalog keeps summaries only, so `find` reads the Star again.
    assert len(count_loads) == 4


def test_a_catalog_keeps_summaries_and_loads_a_star_when_asked(
    tmp_path: Path, make_star_text: Callable[..., str], count_loads: list[str]
) -> None:
    # A thousand drafts must fit in 100 MiB: no checked file keeps its parsed document.
    folder = tmp_path / "drafts"
    folder.mkdir()
    for name in ("alpha", "beta"):
        (folder / f"{name}.yaml").write_text(make_star_text(name), encoding="utf-8")
    catalog = _drafts_catalog(folder, {"STARFRAME_NO_CACHE": "1"})
    assert [e.summary.id for e in catalog.entries if e.summary] == ["alpha", "beta"]
    assert [e.checked.loaded for e in catalog.entries if e.checked] == [None, None]
    assert catalog.find("beta").id == "beta"
    alpha, beta = str(folder / "alpha.yaml"), str(folder / "beta.yaml")
    assert count_loads == [alpha, beta, beta]


def test_same_content_in_two_files_reports_each_file_by_its_own_name(
    tmp_path: Path, make_star_text: Callable[..., str]
) -> None:
    folder = tmp_path / "drafts"
    folder.mkdir()
    broken = make_star_text("alpha").replace("status: draft", "status: x")
    (folder / "one.yaml").write_text(broken, encoding="utf-8")
    (folder / "two.yaml").write_text(broken, encoding="utf-8")
    catalog = _drafts_catalog(folder, {"STARFRAME_CACHE_DIR": str(tmp_path / "cache")})
    files = sorted(Path(p.file).name for e in catalog.entries for p in e.problems)
    assert files == ["one.yaml", "two.yaml"]


def test_corrupt_cache_records_are_ignored(
    tmp_path: Path, make_star_text: Callable[..., str]
) -> None:
    folder = tmp_path / "drafts"
    folder.mkdir()
    (folder / "alpha.yaml").write_text(make_star_text("alpha"), encoding="utf-8")
    cache = tmp_path / "cache"
    env = {"STARFRAME_CACHE_DIR": str(cache)}
    _drafts_catalog(folder, env)
    records = list((cache / "checked").glob("*.json"))
    assert records
    for record in records:
        record.write_text("{not json", encoding="utf-8")
    assert [e.state for e in _drafts_catalog(folder, env).entries] == ["ok"]


def test_unusable_cache_folder_only_costs_time(
    tmp_path: Path, make_star_text: Callable[..., str]
) -> None:
    folder = tmp_path / "drafts"
    folder.mkdir()
    (folder / "alpha.yaml").write_text(make_star_text("alpha"), encoding="utf-8")
    not_a_folder = tmp_path / "cache-is-a-file"
    not_a_folder.write_text("", encoding="utf-8")
    catalog = _drafts_catalog(folder, {"STARFRAME_CACHE_DIR": str(not_a_folder)})
    assert [e.state for e in catalog.entries] == ["ok"]


def test_no_cache_env_writes_nothing(
    tmp_path: Path, make_star_text: Callable[..., str], count_loads: list[str]
) -> None:
    folder = tmp_path / "drafts"
    folder.mkdir()
    (folder / "alpha.yaml").write_text(make_star_text("alpha"), encoding="utf-8")
    cache = tmp_path / "cache"
    env = {"STARFRAME_CACHE_DIR": str(cache), "STARFRAME_NO_CACHE": "1"}
    _drafts_catalog(folder, env)
    _drafts_catalog(folder, env)
    assert len(count_loads) == 2
    assert not cache.exists()


@pytest.fixture
def count_record_reads(monkeypatch: pytest.MonkeyPatch) -> list[str]:
    """Counts the record files read one by one (what the catalog's index saves)."""
    from starframe.definition.check_cache import CheckCache

    reads: list[str] = []
    real = CheckCache._read_record

    def counting(self: CheckCache, key: str) -> dict[str, Any] | None:
        reads.append(key)
        return real(self, key)

    monkeypatch.setattr(CheckCache, "_read_record", counting)
    return reads


def _three_drafts(folder: Path, make_star_text: Callable[..., str]) -> None:
    folder.mkdir()
    for name in ("alpha", "beta", "gamma"):
        (folder / f"{name}.yaml").write_text(make_star_text(name), encoding="utf-8")


def _ids(catalog: Catalog) -> list[str]:
    return [f"{e.summary.id}:{e.state}" for e in catalog.entries if e.summary]


def test_a_warm_catalog_reads_its_index_not_a_file_per_draft(
    tmp_path: Path,
    make_star_text: Callable[..., str],
    count_loads: list[str],
    count_record_reads: list[str],
) -> None:
    folder = tmp_path / "drafts"
    _three_drafts(folder, make_star_text)
    env = {"STARFRAME_CACHE_DIR": str(tmp_path / "cache")}
    cold = _ids(_drafts_catalog(folder, env))
    assert len(count_loads) == 3
    count_record_reads.clear()
    assert _ids(_drafts_catalog(folder, env)) == cold == ["alpha:ok", "beta:ok", "gamma:ok"]
    assert count_record_reads == []
    assert len(count_loads) == 3


def test_the_index_follows_edited_removed_and_new_files(
    tmp_path: Path, make_star_text: Callable[..., str], count_loads: list[str]
) -> None:
    folder = tmp_path / "drafts"
    _three_drafts(folder, make_star_text)
    env = {"STARFRAME_CACHE_DIR": str(tmp_path / "cache")}
    _drafts_catalog(folder, env)
    beta = folder / "beta.yaml"
    beta.write_text(make_star_text("beta").replace("status: draft", "status: x"), encoding="utf-8")
    (folder / "gamma.yaml").unlink()
    (folder / "delta.yaml").write_text(make_star_text("delta"), encoding="utf-8")
    count_loads.clear()
    catalog = _drafts_catalog(folder, env)
    assert sorted(Path(file).name for file in count_loads) == ["beta.yaml", "delta.yaml"]
    assert _ids(catalog) == ["alpha:ok", "delta:ok"]
    [broken] = [e for e in catalog.entries if e.file == str(beta)]
    assert broken.state == "broken"
    assert _ids(_drafts_catalog(folder, env)) == ["alpha:ok", "delta:ok"]
    assert len(count_loads) == 2, "the index written after the edits serves them"


@pytest.mark.parametrize(
    "damage", [b"{not json", b"[]", b'{"records": []}', b'{"records": {"x": 1}}', b""]
)
def test_a_damaged_index_falls_back_to_the_record_files(
    tmp_path: Path, make_star_text: Callable[..., str], count_loads: list[str], damage: bytes
) -> None:
    folder = tmp_path / "drafts"
    _three_drafts(folder, make_star_text)
    cache = tmp_path / "cache"
    env = {"STARFRAME_CACHE_DIR": str(cache)}
    _drafts_catalog(folder, env)
    [index] = (cache / "catalog-index").glob("*.json")
    good = json.loads(index.read_text(encoding="utf-8"))
    records = good["records"]
    assert len(records) == 3
    if damage == b'{"records": {"x": 1}}':  # the right keys holding wrong records
        damage = json.dumps({"records": {key: {"kind": 7} for key in records}}).encode()
    index.write_bytes(damage)
    assert _ids(_drafts_catalog(folder, env)) == ["alpha:ok", "beta:ok", "gamma:ok"]
    assert len(count_loads) == 3, "the record files served every draft"
    assert json.loads(index.read_text(encoding="utf-8")) == good, "and the index is rebuilt"


def test_files_checked_by_worker_processes_give_the_same_problems_in_order(
    tmp_path: Path,
    make_star_text: Callable[..., str],
    count_loads: list[str],
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    from starframe.definition import check_cache

    folder = tmp_path / "drafts"
    folder.mkdir()
    for number in range(6):
        text = make_star_text(f"s{number}")
        if number % 2:
            text = text.replace("status: draft", "status: x").replace("name: Tiny", "name: ")
        (folder / f"s{number}.yaml").write_text(text, encoding="utf-8")
    env = {"STARFRAME_NO_CACHE": "1"}

    def problems(catalog: Catalog) -> list[tuple[str, str, str, int | None]]:
        return [(p.file, p.code, p.message, p.line) for e in catalog.entries for p in e.problems]

    here = problems(_drafts_catalog(folder, env))
    assert len(count_loads) == 6
    assert here
    monkeypatch.setattr(check_cache, "POOL_FROM", 2)
    count_loads.clear()
    assert problems(_drafts_catalog(folder, env)) == here
    assert count_loads == [], "the workers checked them, not this process"
