"""What a plugin may register: its own files, or the user's folders; folders searched with limits.

A plugin registering a file outside its package, a path with a NUL, a FIFO or a whole system
folder is broken with the reason; the other plugins, and the user's drafts, still load.
"""

from __future__ import annotations

import os
from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest

from starframe.catalog import Catalog, build_catalog
from starframe.plugins import sources as plugin_sources
from starframe.plugins.guard import TIMEOUT_ENV
from starframe.plugins.host import ALLOW_ENV, make_plugin_host
from starframe.practice.cases import build_case_catalog
from tests.conftest import ROOT
from tests.plugin_cli import broken_plugins, list_plugins, list_stars, ok_ids


def _registering(*sources: str) -> str:
    """A plugin registering each Python expression in `sources` (`here` is its own folder)."""
    lines = "".join(f"    register({source})\n" for source in sources)
    return (
        "import os\n"
        "from importlib.resources import files\n\n"
        "from starframe import hookimpl\n\n"
        "here = os.path.dirname(__file__)\n\n\n"
        "@hookimpl\n"
        "def starframe_register_stars(register):\n" + lines
    )


def _catalog(*plugins: str, stars_dirs: tuple[Path, ...] = ()) -> Catalog:
    environ = {ALLOW_ENV: ",".join(plugins), TIMEOUT_ENV: "5"}
    return build_catalog(
        host=make_plugin_host(environ=environ), stars_dirs=stars_dirs, environ=environ
    )


def _state(catalog: Catalog, plugin: str) -> tuple[str, str]:
    info = catalog.host.info(plugin)
    assert info is not None
    return info.state, info.reason or ""


@pytest.fixture
def good_plugin(fake_dists: Any, make_star_text: Callable[..., str]) -> str:
    fake_dists.add_star_plugin(
        "fake-good", module="fakegood", stars={"good.yaml": make_star_text("good")}
    )
    return "fakegood"


@pytest.mark.parametrize(
    ("source", "reason"),
    [
        ("'/etc/passwd'", "registered /etc/passwd, which is outside its own package folder"),
        ("'/usr'", "registered /usr, which is outside its own package folder"),
        ("os.path.join(here, '..', '..')", "which is outside its own package folder"),
        ("'/etc/passwd\\0.yaml'", "registered a path with a NUL character in it"),
        ("os.path.join(here, 'link.yaml')", "which is outside its own package folder"),
        ("os.path.join(here, 'pipe.yaml')", "which is not a regular file or a folder"),
    ],
    ids=["etc-passwd", "usr", "parent-folder", "nul", "symlink-out", "fifo"],
)
def test_a_path_the_plugin_may_not_register_breaks_only_that_plugin(
    fake_dists: Any,
    good_plugin: str,
    make_star_text: Callable[..., str],
    source: str,
    reason: str,
) -> None:
    package = fake_dists.add(
        "fake-nosy",
        module="fakenosy",
        source=_registering("files(__name__) / 'mine.yaml'", source),
        files={"mine.yaml": make_star_text("mine")},
    )
    (package / "link.yaml").symlink_to("/etc/passwd")
    os.mkfifo(package / "pipe.yaml")

    catalog = _catalog("fakenosy", good_plugin)
    state, why = _state(catalog, "fakenosy")
    assert state == "broken"
    assert why.startswith("starframe_register_stars registered")
    assert reason in why
    # None of its registrations is used, not even its own good file.
    assert [e.summary.id for e in catalog.entries if e.summary] == ["good"]
    assert _state(catalog, good_plugin) == ("loaded", "")


def test_own_files_by_path_resource_or_folder_and_the_users_folders_are_accepted(
    fake_dists: Any, tmp_path: Path, make_star_text: Callable[..., str]
) -> None:
    drafts = tmp_path / "drafts"
    drafts.mkdir()
    (drafts / "draft.yaml").write_text(make_star_text("draft"), encoding="utf-8")
    fake_dists.add(
        "fake-tidy",
        module="faketidy",
        source=_registering(
            "os.path.join(here, 'a.yaml')",
            "files(__name__) / 'b.yaml'",
            "files(__name__) / 'more'",
            f"{str(drafts / 'draft.yaml')!r}",
        ),
        files={
            "a.yaml": make_star_text("a"),
            "b.yaml": make_star_text("b"),
            "more/c.yaml": make_star_text("c"),
        },
    )
    catalog = _catalog("faketidy", stars_dirs=(drafts,))
    assert _state(catalog, "faketidy") == ("loaded", "")
    assert sorted(e.summary.id for e in catalog.entries if e.summary) == ["a", "b", "c", "draft"]
    assert {e.state for e in catalog.entries} == {"ok"}


def test_the_users_folder_given_by_environment_is_accepted_too(
    fake_dists: Any, tmp_path: Path, make_star_text: Callable[..., str]
) -> None:
    drafts = tmp_path / "drafts"
    drafts.mkdir()
    (drafts / "draft.yaml").write_text(make_star_text("draft"), encoding="utf-8")
    fake_dists.add("fake-env", module="fakeenv", source=_registering(repr(str(drafts))))
    environ = {ALLOW_ENV: "fakeenv", "STARFRAME_STARS_PATH": str(drafts)}
    catalog = build_catalog(host=make_plugin_host(environ=environ), environ=environ)
    assert catalog.host.info("fakeenv").state == "loaded"  # type: ignore[union-attr]


def test_a_path_object_that_fails_to_convert_breaks_the_plugin(
    fake_dists: Any, good_plugin: str
) -> None:
    fake_dists.add(
        "fake-odd-path",
        module="fakeoddpath",
        source=(
            "from starframe import hookimpl\n\n\n"
            "class Odd:\n"
            "    def __fspath__(self):\n"
            "        raise RuntimeError('no path today')\n\n\n"
            "@hookimpl\n"
            "def starframe_register_stars(register):\n"
            "    try:\n"
            "        register(Odd())\n"
            "    except BaseException:\n"
            "        pass\n"
        ),
    )
    catalog = _catalog("fakeoddpath", good_plugin)
    state, why = _state(catalog, "fakeoddpath")
    assert state == "broken"
    assert "RuntimeError: no path today" in why


def test_a_refusal_caught_by_the_plugin_still_breaks_it(fake_dists: Any) -> None:
    fake_dists.add(
        "fake-sly",
        module="fakesly",
        source=_registering().replace(
            "def starframe_register_stars(register):\n",
            "def starframe_register_stars(register):\n"
            "    try:\n"
            "        register('/etc/passwd')\n"
            "    except BaseException:\n"
            "        pass\n",
        ),
    )
    assert _state(_catalog("fakesly"), "fakesly")[0] == "broken"


def test_folders_are_searched_eight_levels_deep_and_the_rest_is_reported(
    fake_dists: Any, make_star_text: Callable[..., str]
) -> None:
    deep = {
        f"stars/{'d/' * depth}level{depth}.yaml": make_star_text(f"l{depth}") for depth in (8, 9)
    }
    package = fake_dists.add(
        "fake-deep",
        module="fakedeep",
        source=_registering("files(__name__) / 'stars'"),
        files=deep,
    )
    (package / "stars" / "loop").symlink_to(package / "stars", target_is_directory=True)

    catalog = _catalog("fakedeep")
    assert [e.summary.id for e in catalog.entries if e.summary] == ["l8"]
    [limit] = [e for e in catalog.entries if e.summary is None]
    assert [p.code for p in limit.problems] == ["SF306"]
    assert "folders more than 8 levels deep" in limit.problems[0].message
    assert "the rest was not searched" in limit.problems[0].message


def test_a_folder_with_more_files_than_the_limit_is_cut_off_and_says_so(
    tmp_path: Path, make_star_text: Callable[..., str], monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(plugin_sources, "MAX_FILES", 3)
    drafts = tmp_path / "drafts"
    drafts.mkdir()
    for n in range(5):
        (drafts / f"s{n}.yaml").write_text(make_star_text(f"s{n}"), encoding="utf-8")
    environ = {ALLOW_ENV: ""}
    catalog = build_catalog(
        host=make_plugin_host(environ=environ), stars_dirs=(drafts,), environ=environ
    )
    assert sorted(e.summary.id for e in catalog.entries if e.summary) == ["s0", "s1", "s2"]
    [limit] = [e for e in catalog.entries if e.summary is None]
    assert "more than 3 definition files" in limit.problems[0].message


def test_a_practice_case_path_outside_the_package_breaks_the_plugin(
    fake_dists: Any, good_plugin: str
) -> None:
    fake_dists.add(
        "fake-case-nosy",
        module="fakecasenosy",
        source=(
            "from starframe import hookimpl\n\n\n"
            "@hookimpl\n"
            "def starframe_register_practice_cases(register):\n"
            "    register('/etc/passwd')\n"
        ),
    )
    stars = _catalog("fakecasenosy", good_plugin)
    cases = build_case_catalog(stars)
    assert cases.entries == []
    state, why = _state(stars, "fakecasenosy")
    assert state == "broken"
    assert why.startswith("starframe_register_practice_cases registered /etc/passwd, which is")


def test_bad_paths_through_the_cli(
    fake_dists: Any, good_plugin: str, make_star_text: Callable[..., str]
) -> None:
    fake_dists.add("fake-passwd", module="fakepasswd", source=_registering("'/etc/passwd'"))
    fake_dists.add("fake-usr", module="fakeusr", source=_registering("'/usr'"))
    fake_dists.add("fake-nul", module="fakenul", source=_registering("'a\\0b'"))
    allow = ("fakepasswd", "fakeusr", "fakenul", good_plugin)

    plugins = list_plugins(fake_dists, allow)
    for name in ("fakepasswd", "fakeusr", "fakenul"):
        assert plugins[name]["state"] == "broken"
        assert plugins[name]["reason"].startswith("starframe_register_stars registered")
    assert plugins[good_plugin]["state"] == "loaded"

    records = list_stars(fake_dists, allow)
    assert ok_ids(records) == ["good"]
    assert "outside its own package folder" in broken_plugins(records)["fake-usr"]
    assert "root:" not in str(records)


def test_an_editable_install_registers_from_its_source_folder() -> None:
    """The bundled plugins are editable installs: their distribution lists only a `.pth`."""
    catalog = build_catalog(environ={ALLOW_ENV: "justice"})
    info = catalog.host.info("justice")
    assert info is not None
    assert info.state == "loaded"
    assert info.folders == (os.path.realpath(ROOT / "plugins" / "justice" / "starframe_justice"),)
    assert [e.summary.id for e in catalog.entries if e.summary] == ["justice"]


def test_something_that_is_not_a_path_is_sf304_showing_what_it_was(fake_dists: Any) -> None:
    fake_dists.add("fake-num", module="fakenum", source=_registering("42"))
    catalog = _catalog("fakenum")
    [entry] = catalog.entries
    [problem] = entry.problems
    assert problem.code == "SF304"
    assert "registered `42`: expected a path or an importlib.resources file, got int" in (
        problem.message
    )
