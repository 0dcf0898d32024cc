"""The catalog: draft folders, editions, and what a user is told when a Star is not there."""

from __future__ import annotations

import os
from collections.abc import Callable
from pathlib import Path

import pytest

from starframe.catalog import STARS_PATH_ENV, Catalog, StarNotFound, build_catalog, edition_order
from starframe.plugins.host import ALLOW_ENV, make_plugin_host

NO_PLUGINS = {ALLOW_ENV: ""}


def _drafts(folder: Path, files: dict[str, str]) -> Path:
    for name, text in files.items():
        target = folder / name
        target.parent.mkdir(parents=True, exist_ok=True)
        target.write_text(text, encoding="utf-8")
    return folder


def _catalog(
    *, stars_dirs: tuple[Path, ...] = (), environ: dict[str, str] | None = None
) -> Catalog:
    env = {**NO_PLUGINS, **(environ or {})}
    return build_catalog(host=make_plugin_host(environ=env), stars_dirs=stars_dirs, environ=env)


def _ids(catalog: Catalog) -> list[str]:
    return sorted(f"{e.summary.id}@{e.summary.edition}" for e in catalog.entries if e.summary)


def test_stars_dir_loads_drafts_as_folder_entries(
    tmp_path: Path, make_star_text: Callable[..., str]
) -> None:
    folder = _drafts(tmp_path / "drafts", {"a.yaml": make_star_text("alpha")})
    catalog = _catalog(stars_dirs=(folder,))
    [entry] = catalog.entries
    assert entry.state == "ok"
    assert (entry.origin.kind, entry.origin.name) == ("folder", str(folder))
    assert entry.origin.describe() == f"folder {folder}"
    assert catalog.find("alpha").id == "alpha"


def test_stars_path_env_lists_several_folders(
    tmp_path: Path, make_star_text: Callable[..., str]
) -> None:
    one = _drafts(tmp_path / "one", {"a.yaml": make_star_text("alpha")})
    two = _drafts(tmp_path / "two", {"b.yml": make_star_text("beta")})
    catalog = _catalog(environ={STARS_PATH_ENV: f"{one}{os.pathsep}{os.pathsep}{two}"})
    assert _ids(catalog) == ["alpha@1.0", "beta@1.0"]
    assert {e.origin.name for e in catalog.entries} == {str(one), str(two)}


def test_draft_folder_is_searched_recursively_skipping_hidden_folders_and_other_files(
    tmp_path: Path, make_star_text: Callable[..., str]
) -> None:
    folder = _drafts(
        tmp_path / "drafts",
        {
            "nested/deeper/a.yaml": make_star_text("alpha"),
            ".git/b.yaml": make_star_text("hidden"),
            "notes.md": "# not a Star",
            "c.yaml.bak": make_star_text("backup"),
        },
    )
    assert _ids(_catalog(stars_dirs=(folder,))) == ["alpha@1.0"]


def test_translation_in_a_draft_folder_is_not_a_broken_star(
    tmp_path: Path, make_star_text: Callable[..., str]
) -> None:
    translation = (
        'starframe: 1\nkind: translation\nstar: alpha\nedition: "1.0"\nlanguage: cy\n'
        "name: Seren Alffa\n"
    )
    folder = _drafts(
        tmp_path / "drafts", {"alpha.yaml": make_star_text("alpha"), "alpha.cy.yaml": translation}
    )
    catalog = _catalog(stars_dirs=(folder,))
    assert [e.state for e in catalog.entries] == ["ok"]
    assert all(not e.file.endswith("alpha.cy.yaml") for e in catalog.entries)


def test_broken_draft_is_listed_with_its_reason(
    tmp_path: Path, make_star_text: Callable[..., str]
) -> None:
    broken = make_star_text("alpha").replace("status: draft", "status: final")
    folder = _drafts(tmp_path / "drafts", {"alpha.yaml": broken})
    catalog = _catalog(stars_dirs=(folder,))
    [entry] = catalog.entries
    assert entry.state == "broken"
    assert entry.reason is not None
    assert entry.reason.startswith("SF105 at line ")
    with pytest.raises(StarNotFound, match="installed but broken"):
        catalog.find("alpha")


def test_draft_with_the_same_id_and_edition_as_another_conflicts(
    tmp_path: Path, make_star_text: Callable[..., str]
) -> None:
    one = _drafts(tmp_path / "one", {"a.yaml": make_star_text("alpha")})
    two = _drafts(tmp_path / "two", {"a.yaml": make_star_text("alpha")})
    catalog = _catalog(stars_dirs=(one, two))
    assert [e.state for e in catalog.entries] == ["conflict", "conflict"]
    first, second = catalog.entries
    assert str(two) in (first.reason or "")
    assert str(one) in (second.reason or "")


def test_find_takes_the_newest_edition_by_default(
    tmp_path: Path, make_star_text: Callable[..., str]
) -> None:
    folder = _drafts(
        tmp_path / "drafts",
        {
            f"alpha-{edition}.yaml": make_star_text("alpha", edition, name=f"Alpha {edition}")
            for edition in ("1.9", "1.10", "1.2", "0.99")
        },
    )
    catalog = _catalog(stars_dirs=(folder,))
    assert catalog.find("alpha").edition == "1.10"
    assert catalog.find("alpha", "1.9").name == "Alpha 1.9"
    assert catalog.entry("alpha").summary is not None


@pytest.mark.parametrize(
    ("older", "newer"),
    [("1.9", "1.10"), ("1.0", "2.0"), ("1", "1.1"), ("2.9.9", "10"), ("1.0", "1.0.1")],
)
def test_edition_order_is_numeric(older: str, newer: str) -> None:
    assert edition_order(older) < edition_order(newer)


def test_unknown_star_lists_what_is_available(
    tmp_path: Path, make_star_text: Callable[..., str]
) -> None:
    folder = _drafts(
        tmp_path / "drafts",
        {"a.yaml": make_star_text("alpha"), "b.yaml": make_star_text("beta", "2.1")},
    )
    catalog = _catalog(stars_dirs=(folder,))
    with pytest.raises(StarNotFound) as caught:
        catalog.find("gamma")
    message = str(caught.value)
    assert "gamma" in message
    assert "alpha@1.0" in message
    assert "beta@2.1" in message
    assert "starframe stars list" in message


def test_unknown_edition_names_the_edition_asked_for(
    tmp_path: Path, make_star_text: Callable[..., str]
) -> None:
    folder = _drafts(tmp_path / "drafts", {"a.yaml": make_star_text("alpha")})
    with pytest.raises(StarNotFound, match=r"alpha@9\.9.*available: alpha@1\.0"):
        _catalog(stars_dirs=(folder,)).find("alpha", "9.9")


def test_empty_catalog_says_none_are_available() -> None:
    with pytest.raises(StarNotFound, match=r"available: none"):
        _catalog().find("justice")


def test_stars_lists_every_usable_star(tmp_path: Path, make_star_text: Callable[..., str]) -> None:
    folder = _drafts(
        tmp_path / "drafts",
        {
            "a.yaml": make_star_text("alpha"),
            "b.yaml": make_star_text("beta").replace("status: draft", "status: x"),
        },
    )
    catalog = _catalog(stars_dirs=(folder,))
    assert [s.id for s in catalog.stars()] == ["alpha"]
    assert [e.summary.id for e in catalog.ok_entries() if e.summary] == ["alpha"]
