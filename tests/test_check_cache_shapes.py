"""A check-cache file of any other content is ignored and rebuilt: deleting it is always safe.

Whatever sits in a cache file — valid JSON of the wrong shape, wrong types, missing keys, a
truncated or binary file — `stars list` gives the right answer and exit 0, and the file is
rewritten with a good record.
"""

from __future__ import annotations

import json
import os
import shutil
import subprocess
import sys
from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from starframe.catalog import build_catalog
from starframe.plugins.host import ALLOW_ENV, make_plugin_host

STARFRAME = Path(sys.executable).parent / "starframe"

json_values = st.recursive(
    st.none() | st.booleans() | st.integers() | st.floats(allow_nan=False) | st.text(max_size=8),
    lambda inner: (
        st.lists(inner, max_size=4) | st.dictionaries(st.text(max_size=8), inner, max_size=4)
    ),
    max_leaves=12,
)


@pytest.fixture
def drafts(tmp_path: Path, make_star_text: Callable[..., str]) -> Path:
    folder = tmp_path / "drafts"
    folder.mkdir()
    (folder / "mine.yaml").write_text(make_star_text("mine", name="My Star"), encoding="utf-8")
    return folder


def _listing(drafts: Path) -> list[tuple[str, str, str, int]]:
    # The catalog's index is a copy of the record files; without it they are what is read.
    shutil.rmtree(Path(os.environ["STARFRAME_CACHE_DIR"]) / "catalog-index", ignore_errors=True)
    catalog = build_catalog(host=make_plugin_host(environ={ALLOW_ENV: ""}), stars_dirs=(drafts,))
    return [
        (e.summary.id, e.summary.name, e.state, e.summary.scales)
        for e in catalog.entries
        if e.summary
    ]


def _cache_file(cache: Path, drafts: Path) -> tuple[Path, dict[str, Any]]:
    """Fill the cache for `drafts` and return its one file and the good record in it."""
    assert _listing(drafts) == [("mine", "My Star", "ok", 3)]
    [path] = (cache / "checked").glob("*.json")
    good: dict[str, Any] = json.loads(path.read_text(encoding="utf-8"))
    return path, good


def _wrong_types(good: dict[str, Any]) -> list[object]:
    summary, problem = dict(good["summary"]), {"code": "SF1", "severity": "error", "message": "m"}
    return [
        [],
        [good],
        "a string",
        42,
        None,
        {},
        {**good, "summary": "mine"},
        {**good, "summary": {**summary, "scales": "3"}},
        {**good, "summary": {**summary, "scales": True}},
        {**good, "summary": {**summary, "id": None}},
        {k: v for k, v in good.items() if k != "problems"},
        {**good, "summary": {k: v for k, v in summary.items() if k != "name"}},
        {**good, "summary": {**summary, "extra": 1}},
        {**good, "problems": {"code": "SF1"}},
        {**good, "problems": [problem]},
        {**good, "problems": [{**problem, "line": 1, "column": 1, "severity": "fatal"}]},
        {**good, "problems": [{**problem, "line": "1", "column": 1}]},
        {**good, "translates": ["cy"]},
        {**good, "kind": 7},
    ]


def test_every_wrong_shape_is_ignored_and_rebuilt(isolated_env: Path, drafts: Path) -> None:
    path, good = _cache_file(isolated_env, drafts)
    text = json.dumps(good)
    contents: list[bytes] = [json.dumps(bad).encode() for bad in _wrong_types(good)]
    contents += [
        text[: len(text) // 2].encode(),  # truncated
        b"\x00\xff\xfe binary \x80",
        b"",
        b"[" * 100_000 + b"]" * 100_000,  # deeper than the JSON parser recurses
        b"1" * 5_000,  # more digits than int() converts
    ]
    for content in contents:
        path.write_bytes(content)
        assert _listing(drafts) == [("mine", "My Star", "ok", 3)], content[:80]
        assert json.loads(path.read_text(encoding="utf-8")) == good


@settings(
    max_examples=60, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture]
)
@given(value=json_values, key=st.sampled_from(["kind", "summary", "translates", "problems"]))
def test_any_json_value_in_the_cache_or_in_one_field_is_ignored_and_rebuilt(
    isolated_env: Path, drafts: Path, value: object, key: str
) -> None:
    path, good = _cache_file(isolated_env, drafts)
    bad_values = [value]
    if not _could_be_written(key, value):
        bad_values.append({**good, key: value})
    for bad in bad_values:
        path.write_text(json.dumps(bad), encoding="utf-8")
        assert _listing(drafts) == [("mine", "My Star", "ok", 3)]


def _could_be_written(key: str, value: object) -> bool:
    """Values a real record holds in `key` (for a file that is not a valid Star, say): such a
    record is well formed, and the cache rightly trusts it."""
    if key == "kind":
        return value is None or isinstance(value, str)
    if key == "problems":
        return value == []
    return value is None


def test_stars_list_exits_0_with_a_list_in_the_cache(isolated_env: Path, drafts: Path) -> None:
    path, _ = _cache_file(isolated_env, drafts)
    path.write_text("[]", encoding="utf-8")
    env = {k: v for k, v in os.environ.items() if not k.startswith("STARFRAME_")}
    env.update({"STARFRAME_CACHE_DIR": str(isolated_env), ALLOW_ENV: ""})
    done = subprocess.run(
        [str(STARFRAME), "stars", "list", "--json", "--stars-dir", str(drafts)],
        env=env,
        capture_output=True,
        text=True,
        timeout=60,
    )
    assert done.returncode == 0, done.stderr
    [record] = json.loads(done.stdout)
    assert (record["id"], record["name"], record["state"]) == ("mine", "My Star", "ok")
