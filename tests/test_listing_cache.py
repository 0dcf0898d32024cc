"""A warm `stars list` is printed again from the cache, and is always what a fresh one prints.

The listing kept is replayed without importing the plugins (each fake plugin here counts its
imports in a file), and never once a plugin's files or the installed distributions change.
"""

from __future__ import annotations

import os
import shutil
from collections.abc import Callable
from pathlib import Path
from typing import Any

from starframe.cli.shared.listing_cache import CACHE_FILE
from tests.conftest import registering
from tests.plugin_cli import Run, run

ALLOW = ("fakegood", "fakebad")


def _plugin(fake_dists: Any, tmp_path: Path, text: str, version: str = "1.0") -> Path:
    """A Star plugin that appends a line to `imports.txt` each time it is imported."""
    counter = tmp_path / "imports.txt"
    source = registering("good.yaml") + f"\n    open({str(counter)!r}, 'a').write('i')\n"
    return fake_dists.add(
        "fake-good", module="fakegood", source=source, files={"good.yaml": text}, version=version
    )


def _imports(tmp_path: Path) -> int:
    counter = tmp_path / "imports.txt"
    return len(counter.read_text()) if counter.exists() else 0


def _listing(fake_dists: Any, *args: str, **extra: str) -> Run:
    done = run(fake_dists, ALLOW, "stars", "list", *args, COLUMNS="100", **extra)
    assert done.code == 0, done.err
    return done


def _fresh(fake_dists: Any, *args: str) -> Run:
    return _listing(fake_dists, *args, STARFRAME_NO_CACHE="1")


def _kept() -> Path:
    return Path(os.environ["STARFRAME_CACHE_DIR"]) / CACHE_FILE


def test_a_warm_listing_is_the_fresh_one_without_importing_the_plugins(
    fake_dists: Any, tmp_path: Path, make_star_text: Callable[..., str]
) -> None:
    _plugin(fake_dists, tmp_path, make_star_text("good"))
    for args in ((), ("--json",)):
        cold = _listing(fake_dists, *args)
        assert "good" in cold.out
        assert "broken" not in cold.out + cold.err
        imported = _imports(tmp_path)
        warm = _listing(fake_dists, *args)
        assert warm == cold
        assert _imports(tmp_path) == imported  # printed again, the plugin not even imported
        assert _fresh(fake_dists, *args) == cold
        assert _imports(tmp_path) == imported + 1
    for args in ((), ("--json",)):  # each is kept: neither pushes the other out
        imported = _imports(tmp_path)
        _listing(fake_dists, *args)
        assert _imports(tmp_path) == imported


def test_an_edited_upgraded_or_removed_plugin_is_listed_afresh(
    fake_dists: Any, tmp_path: Path, make_star_text: Callable[..., str]
) -> None:
    package = _plugin(fake_dists, tmp_path, make_star_text("good"))
    _listing(fake_dists)
    assert "good" in _listing(fake_dists).out

    (package / "good.yaml").write_text(make_star_text("renamed-good"), encoding="utf-8")
    edited = _listing(fake_dists)
    assert "renamed-good" in edited.out
    assert edited == _fresh(fake_dists)

    old = fake_dists.root / "fake_good-1.0.dist-info"
    new = fake_dists.root / "fake_good-2.0.dist-info"
    old.rename(new)  # as an installer does: the old folder goes, the new one comes
    (new / "METADATA").write_text(
        "Metadata-Version: 2.1\nName: fake-good\nVersion: 2.0\n", encoding="utf-8"
    )
    upgraded = _listing(fake_dists)
    assert "fake-good 2.0" in upgraded.out
    assert upgraded == _fresh(fake_dists)

    shutil.rmtree(new)
    shutil.rmtree(package)
    removed = _listing(fake_dists)
    assert "fake-good" not in removed.out
    assert removed == _fresh(fake_dists)


def test_a_listing_with_a_broken_plugin_or_a_draft_folder_is_never_kept(
    fake_dists: Any, tmp_path: Path, make_star_text: Callable[..., str]
) -> None:
    _plugin(fake_dists, tmp_path, make_star_text("good"))
    fake_dists.add("fake-bad", module="fakebad", source="raise RuntimeError('no')\n")
    first = _listing(fake_dists)
    assert "fake-bad" in first.err
    assert _listing(fake_dists) == first == _fresh(fake_dists)
    assert not _kept().exists()

    drafts = tmp_path / "drafts"
    drafts.mkdir()
    (drafts / "draft.yaml").write_text(make_star_text("draft"), encoding="utf-8")
    assert (
        "draft" in _listing(fake_dists, "--stars-dir", str(drafts), STARFRAME_LOAD_PLUGINS="").out
    )
    assert not _kept().exists()


def test_a_changed_environment_or_a_damaged_cache_lists_afresh(
    fake_dists: Any, tmp_path: Path, make_star_text: Callable[..., str]
) -> None:
    _plugin(fake_dists, tmp_path, make_star_text("good"))
    shown = _listing(fake_dists)
    assert _kept().is_file()
    assert "good" not in _listing(fake_dists, STARFRAME_DISABLE_PLUGINS="fakegood").out
    for damage in ("{not json", '{"key": 1}', "[]", '{"key": [], "folders": [1]}'):
        _kept().write_text(damage, encoding="utf-8")
        assert _listing(fake_dists) == shown


def test_the_kept_listing_holds_no_secret_of_the_environment(
    fake_dists: Any, tmp_path: Path, make_star_text: Callable[..., str]
) -> None:
    """The key covers the environment, which can hold a password: only its digest is kept."""
    _plugin(fake_dists, tmp_path, make_star_text("good"))
    secret = "s3cret-Passw0rd-in-the-url"
    kept = _listing(fake_dists, PGPASSWORD=secret)
    assert secret not in _kept().read_text(encoding="utf-8")
    imported = _imports(tmp_path)
    assert _listing(fake_dists, PGPASSWORD=secret) == kept
    assert _imports(tmp_path) == imported  # the digest still finds the kept listing
    _listing(fake_dists, PGPASSWORD="another")
    assert _imports(tmp_path) == imported + 1  # and a changed value lists afresh
