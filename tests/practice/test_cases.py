"""The case catalog: cases from plugins and folders, each checked against its Star.

Plugins are real (fake) installed distributions, as in tests/test_plugin_host.py, so their
hooks run through entry points exactly as an installed wheel's do.
"""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest

from starframe.catalog import build_catalog
from starframe.plugins.host import ALLOW_ENV, make_plugin_host
from starframe.practice.cases import CaseCatalog, CaseEntry, CaseNotFound, build_case_catalog
from tests.practice.conftest import TINY_CASE, tiny_case_text

PLUGIN = """
    from importlib.resources import files

    from starframe import hookimpl


    @hookimpl
    def starframe_register_stars(register):
        register(files(__name__) / "tiny.yaml")


    @hookimpl
    def starframe_register_practice_cases(register):
        register(files(__name__) / "practice")
"""

HALF_THEN_RAISE = """
    from importlib.resources import files

    from starframe import hookimpl


    @hookimpl
    def starframe_register_practice_cases(register):
        register(files(__name__) / "sam.yaml")
        raise RuntimeError("lost the cases")
"""

MISSING_FOLDER = """
    from pathlib import Path

    from starframe import hookimpl


    @hookimpl
    def starframe_register_practice_cases(register):
        register(Path(__file__).parent / "no-such-folder")
"""


def _cases(*plugins: str, cases_dirs: tuple[Path, ...] = ()) -> CaseCatalog:
    environ = {ALLOW_ENV: ",".join(plugins)}
    stars = build_catalog(host=make_plugin_host(environ=environ), environ=environ)
    return build_case_catalog(stars, cases_dirs)


def _by_file(catalog: CaseCatalog, name: str) -> CaseEntry:
    return next(e for e in catalog.entries if Path(e.file).name == name)


def _line(text: str, fragment: str) -> int:
    return text[: text.index(fragment)].count("\n") + 1


@pytest.fixture
def tiny_plugin(fake_dists: Any, make_star_text: Callable[..., str]) -> str:
    """A plugin with the tiny Star, a good case and one whose reference is off the scale."""
    fake_dists.add(
        "fake-tiny",
        module="faketiny",
        source=PLUGIN,
        version="2.0",
        files={
            "tiny.yaml": make_star_text(),
            "practice/sam.yaml": TINY_CASE,
            "practice/off-scale.yaml": tiny_case_text("off-scale", health="7"),
        },
    )
    return "faketiny"


def test_plugin_cases_are_checked_against_their_star(tiny_plugin: str) -> None:
    catalog = _cases(tiny_plugin)
    sam = _by_file(catalog, "sam.yaml")
    assert (sam.state, sam.reason, sam.conflict) == ("ok", None, None)
    assert (sam.origin.kind, sam.origin.name, sam.origin.version) == ("plugin", "fake-tiny", "2.0")
    assert catalog.cases() == [sam.case]
    broken = _by_file(catalog, "off-scale.yaml")
    line = _line(tiny_case_text("off-scale", health="7"), "    score: 7")
    assert broken.state == "broken"
    assert broken.reason == f"SF603 at line {line}: 7 is off the scale: scores run from 1 to 4."
    assert broken.declared("id") == "off-scale"


def test_a_plugin_whose_hook_raises_is_broken_and_the_others_load(
    tiny_plugin: str, fake_dists: Any
) -> None:
    fake_dists.add(
        "fake-raise", module="fakeraise", source=HALF_THEN_RAISE, files={"sam.yaml": TINY_CASE}
    )
    catalog = _cases(tiny_plugin, "fakeraise")
    info = catalog.stars.host.info("fakeraise")
    assert info is not None
    assert info.state == "broken"
    assert info.reason == "starframe_register_practice_cases raised RuntimeError: lost the cases"
    assert {e.origin.name for e in catalog.entries} == {"fake-tiny"}  # nothing half-registered
    assert catalog.find("sam").origin.name == "fake-tiny"


def test_a_registered_path_that_is_not_there_is_sf304(fake_dists: Any) -> None:
    fake_dists.add("fake-lost", module="fakelost", source=MISSING_FOLDER)
    [entry] = _cases("fakelost").entries
    assert entry.state == "broken"
    assert entry.reason is not None
    assert entry.reason.startswith("SF304 at line 0: fake-lost 1.0 registered")
    assert entry.declared("id") is None


@pytest.fixture
def folder(tmp_path: Path) -> Path:
    """A trainer's folder of cases (beside, not inside, the fake plugins' site folder)."""
    path = tmp_path / "cases"
    path.mkdir()
    return path


def test_a_folder_of_cases_passes_over_other_kinds_and_keeps_broken_files(
    tiny_plugin: str, folder: Path, make_star_text: Callable[..., str]
) -> None:
    (folder / "draft-star.yaml").write_text(make_star_text("draft"), encoding="utf-8")
    (folder / "mine.yaml").write_text(tiny_case_text("mine"), encoding="utf-8")
    (folder / "ghost.yaml").write_text(tiny_case_text("ghost", star="ghost"), "utf-8")
    (folder / "typo.yaml").write_text("starframe: 1\nkind: [practice-case\n", "utf-8")
    catalog = _cases(tiny_plugin, cases_dirs=(folder,))
    names = {Path(e.file).name for e in catalog.entries if e.origin.kind == "folder"}
    assert names == {"mine.yaml", "ghost.yaml", "typo.yaml"}
    mine = _by_file(catalog, "mine.yaml")
    assert (mine.state, mine.origin.name) == ("ok", str(folder))
    ghost = _by_file(catalog, "ghost.yaml")
    assert ghost.reason is not None
    line = _line(tiny_case_text("ghost", star="ghost"), "star: ghost")
    assert ghost.reason.startswith(
        f"SF605 at line {line}: the Star of this case is not available: no Star `ghost@1.0`"
    )
    assert _by_file(catalog, "typo.yaml").reason is not None
    assert _by_file(catalog, "typo.yaml").state == "broken"


def test_the_same_case_twice_is_a_conflict_naming_the_other(tiny_plugin: str, folder: Path) -> None:
    (folder / "sam.yaml").write_text(TINY_CASE, encoding="utf-8")
    catalog = _cases(tiny_plugin, cases_dirs=(folder,))
    sams = [e for e in catalog.entries if e.declared("id") == "sam"]
    assert [e.state for e in sams] == ["conflict", "conflict"]
    assert "also offered by folder" in (sams[0].reason or "")
    assert "also offered by fake-tiny 2.0" in (sams[1].reason or "")
    with pytest.raises(CaseNotFound, match=r"is conflict: practice case sam for tiny@1\.0"):
        catalog.find("sam")


def test_find_explains_what_is_available_and_what_is_broken(tiny_plugin: str) -> None:
    catalog = _cases(tiny_plugin)
    with pytest.raises(CaseNotFound, match=r"no practice case `nobody` \(available: sam\)"):
        catalog.find("nobody")
    with pytest.raises(CaseNotFound, match=r"`off-scale` \(.*off-scale.yaml\) is broken: SF603"):
        catalog.find("off-scale")
    with pytest.raises(CaseNotFound, match="no practice case `sam`"):
        catalog.find("sam", star="justice")


def test_the_same_id_for_two_stars_asks_which(
    tiny_plugin: str, tmp_path: Path, make_star_text: Callable[..., str]
) -> None:
    stars = tmp_path / "stars"
    stars.mkdir()
    (stars / "other.yaml").write_text(make_star_text("other", name="Other Star"), "utf-8")
    cases = tmp_path / "cases"
    cases.mkdir()
    (cases / "sam.yaml").write_text(tiny_case_text(star="other"), encoding="utf-8")
    environ = {ALLOW_ENV: tiny_plugin}
    host = make_plugin_host(environ=environ)
    catalog = build_case_catalog(
        build_catalog(host=host, environ=environ, stars_dirs=[stars]), [cases]
    )
    with pytest.raises(CaseNotFound, match=r"for tiny@1\.0, other@1\.0: choose one with --star"):
        catalog.find("sam")
    found = catalog.find("sam", star="other", edition="1.0")
    assert found.case is not None
    assert catalog.star_of(found.case).name == "Other Star"


def test_the_bundled_stars_ship_their_cases() -> None:
    catalog = build_case_catalog(build_catalog())
    by_star: dict[str, set[str]] = {}
    for case in catalog.cases():
        by_star.setdefault(case.star, set()).add(case.id)
    assert len(by_star["justice"]) >= 3
    assert len(by_star["parent-baby"]) >= 3
    assert [e for e in catalog.entries if e.state != "ok"] == []
