"""The plugin host with real (fake) installed distributions: one bad plugin never stops the rest.

Each fake is a package plus a `*.dist-info` folder on sys.path, so `importlib.metadata` finds
its `starframe` entry point exactly as it finds an installed wheel.
"""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path
from types import SimpleNamespace
from typing import Any

import pytest

from starframe import hookimpl
from starframe.catalog import Catalog, CatalogEntry, build_catalog
from starframe.plugins.host import ALLOW_ENV, DISABLE_ENV, PluginHost, make_plugin_host

BROKEN_YAML_SOURCE = """
    from importlib.resources import files

    from starframe import hookimpl


    @hookimpl
    def starframe_register_stars(register):
        register(files(__name__) / "broken.yaml")
"""


def _only(*names: str) -> dict[str, str]:
    """An environment that loads only the named plugins (the bundled Stars stay out)."""
    return {ALLOW_ENV: ",".join(names)}


def _catalog(environ: dict[str, str]) -> Catalog:
    host = make_plugin_host(environ=environ)
    return build_catalog(host=host, environ=environ)


def _entries_of(catalog: Catalog, dist: str) -> list[CatalogEntry]:
    return [e for e in catalog.entries if e.origin.name == dist]


def _plugin(host: PluginHost, name: str) -> Any:
    info = host.info(name)
    assert info is not None, f"no plugin {name}: {[p.name for p in host.plugins]}"
    return info


def test_fake_plugin_loads_and_its_star_is_ok(
    fake_dists: Any, make_star_text: Callable[..., str]
) -> None:
    fake_dists.add_star_plugin(
        "fake-good", module="fakegood", stars={"good.yaml": make_star_text("good")}, version="2.3"
    )
    catalog = _catalog(_only("fakegood"))
    info = _plugin(catalog.host, "fakegood")
    assert (info.state, info.distribution, info.version) == ("loaded", "fake-good", "2.3")
    assert info.hooks == ("starframe_register_stars",)
    [entry] = _entries_of(catalog, "fake-good")
    assert entry.state == "ok"
    assert entry.reason is None
    assert (entry.origin.kind, entry.origin.version) == ("plugin", "2.3")
    assert entry.file.endswith("good.yaml")
    assert catalog.find("good").name == "Tiny Star"


def test_plugin_that_fails_to_import_is_broken_and_others_load(
    fake_dists: Any, make_star_text: Callable[..., str]
) -> None:
    fake_dists.add(
        "fake-crash", module="fakecrash", source="raise RuntimeError('boom at import')\n"
    )
    fake_dists.add("fake-exit", module="fakeexit", source="import sys\nsys.exit('no thanks')\n")
    fake_dists.add_star_plugin(
        "fake-good", module="fakegood", stars={"g.yaml": make_star_text("good")}
    )
    catalog = _catalog(_only("fakecrash", "fakeexit", "fakegood"))

    crash = _plugin(catalog.host, "fakecrash")
    assert crash.state == "broken"
    assert "RuntimeError: boom at import" in crash.reason
    assert crash.distribution == "fake-crash"
    exit_ = _plugin(catalog.host, "fakeexit")
    assert exit_.state == "broken"
    assert "no thanks" in exit_.reason
    assert _plugin(catalog.host, "fakegood").state == "loaded"
    assert [e.state for e in _entries_of(catalog, "fake-good")] == ["ok"]


def test_plugin_that_raises_in_its_hook_is_broken_and_others_load(
    fake_dists: Any, make_star_text: Callable[..., str]
) -> None:
    fake_dists.add(
        "fake-hookfail",
        module="fakehookfail",
        source="""
            from importlib.resources import files

            from starframe import hookimpl


            @hookimpl
            def starframe_register_stars(register):
                register(files(__name__) / "half.yaml")
                raise ValueError("lost my files")
        """,
        files={"half.yaml": make_star_text("half")},
    )
    fake_dists.add_star_plugin(
        "fake-good", module="fakegood", stars={"g.yaml": make_star_text("good")}
    )
    catalog = _catalog(_only("fakehookfail", "fakegood"))

    info = _plugin(catalog.host, "fakehookfail")
    assert info.state == "broken"
    assert "starframe_register_stars" in info.reason
    assert "ValueError: lost my files" in info.reason
    # Nothing of a plugin that failed half-way is kept.
    assert _entries_of(catalog, "fake-hookfail") == []
    assert [e.state for e in _entries_of(catalog, "fake-good")] == ["ok"]
    assert catalog.find("good").id == "good"


def test_plugin_with_a_broken_file_shows_the_code_and_line(
    fake_dists: Any, make_star_text: Callable[..., str]
) -> None:
    broken = make_star_text("bad").replace('edition: "1.0"', "edition: 1.0")
    line = broken.splitlines().index("edition: 1.0") + 1
    fake_dists.add(
        "fake-bad", module="fakebad", source=BROKEN_YAML_SOURCE, files={"broken.yaml": broken}
    )
    catalog = _catalog(_only("fakebad"))

    assert _plugin(catalog.host, "fakebad").state == "loaded"
    [entry] = _entries_of(catalog, "fake-bad")
    assert entry.state == "broken"
    assert entry.reason is not None
    assert entry.reason.startswith(f"SF103 at line {line}:")
    assert catalog.ok_entries() == []


def test_broken_file_reason_counts_the_other_errors(
    fake_dists: Any, make_star_text: Callable[..., str]
) -> None:
    broken = make_star_text("bad").replace("status: draft", "status: final")
    broken = broken.replace("language: en", "language: English")
    fake_dists.add(
        "fake-bad", module="fakebad", source=BROKEN_YAML_SOURCE, files={"broken.yaml": broken}
    )
    [entry] = _entries_of(_catalog(_only("fakebad")), "fake-bad")
    assert entry.reason is not None
    assert entry.reason.endswith("(and 1 more)")


def test_plugin_registering_a_missing_path_is_sf304(fake_dists: Any, tmp_path: Path) -> None:
    missing = tmp_path / "nowhere" / "star.yaml"
    fake_dists.add(
        "fake-lost",
        module="fakelost",
        source=f"""
            from starframe import hookimpl


            @hookimpl
            def starframe_register_stars(register):
                register({str(missing)!r})
        """,
    )
    catalog = _catalog(_only("fakelost"))
    [entry] = _entries_of(catalog, "fake-lost")
    assert entry.state == "broken"
    assert [p.code for p in entry.problems] == ["SF304"]
    assert str(missing) in entry.problems[0].message
    assert entry.reason is not None
    assert entry.reason.startswith("SF304")


def test_plugin_registering_something_that_is_not_a_path_is_sf304(fake_dists: Any) -> None:
    fake_dists.add(
        "fake-odd",
        module="fakeodd",
        source="""
            from starframe import hookimpl


            @hookimpl
            def starframe_register_stars(register):
                register(42)
        """,
    )
    [entry] = _entries_of(_catalog(_only("fakeodd")), "fake-odd")
    assert entry.state == "broken"
    assert [p.code for p in entry.problems] == ["SF304"]


def test_plugin_registering_a_folder_offers_every_yaml_in_it(
    fake_dists: Any, make_star_text: Callable[..., str]
) -> None:
    fake_dists.add(
        "fake-folder",
        module="fakefolder",
        source="""
            from importlib.resources import files

            from starframe import hookimpl


            @hookimpl
            def starframe_register_stars(register):
                register(files(__name__) / "stars")
        """,
        files={
            "stars/one.yaml": make_star_text("one"),
            "stars/more/two.yml": make_star_text("two"),
            "stars/notes.txt": "not a Star",
        },
    )
    catalog = _catalog(_only("fakefolder"))
    assert sorted(e.summary.id for e in _entries_of(catalog, "fake-folder") if e.summary) == [
        "one",
        "two",
    ]
    assert all(e.state == "ok" for e in catalog.entries)


def test_plugin_folder_also_given_as_drafts_is_one_entry_not_a_conflict(
    fake_dists: Any, make_star_text: Callable[..., str]
) -> None:
    package = fake_dists.add_star_plugin(
        "fake-one", module="fakeone", stars={"a.yaml": make_star_text("one")}
    )
    environ = _only("fakeone")
    host = make_plugin_host(environ=environ)
    catalog = build_catalog(host=host, stars_dirs=(package,), environ=environ)
    assert [(e.summary.id, e.state) for e in catalog.entries if e.summary] == [("one", "ok")]


def test_two_plugins_offering_the_same_star_are_both_in_conflict(
    fake_dists: Any, make_star_text: Callable[..., str]
) -> None:
    fake_dists.add_star_plugin(
        "fake-one", module="fakeone", stars={"a.yaml": make_star_text("same")}
    )
    fake_dists.add_star_plugin(
        "fake-two", module="faketwo", stars={"b.yaml": make_star_text("same")}
    )
    catalog = _catalog(_only("fakeone", "faketwo"))

    entries = [*_entries_of(catalog, "fake-one"), *_entries_of(catalog, "fake-two")]
    assert [e.state for e in entries] == ["conflict", "conflict"]
    one, two = entries
    assert one.reason is not None
    assert two.reason is not None
    assert "same@1.0" in one.reason
    assert "fake-two" in one.reason
    assert two.file in one.reason
    assert "fake-one" in two.reason
    assert one.file in two.reason
    with pytest.raises(LookupError, match="conflict"):
        catalog.find("same")


def test_different_editions_of_one_star_do_not_conflict(
    fake_dists: Any, make_star_text: Callable[..., str]
) -> None:
    fake_dists.add_star_plugin(
        "fake-one", module="fakeone", stars={"a.yaml": make_star_text("same", "1.0")}
    )
    fake_dists.add_star_plugin(
        "fake-two", module="faketwo", stars={"b.yaml": make_star_text("same", "2.0")}
    )
    catalog = _catalog(_only("fakeone", "faketwo"))
    assert [e.state for e in catalog.entries] == ["ok", "ok"]
    assert catalog.find("same").edition == "2.0"


@pytest.mark.parametrize("blocked_by", ["fakeone", "fake-one", " fake-one , unrelated "])
def test_disable_env_blocks_a_plugin_by_entry_point_or_distribution_name(
    fake_dists: Any, make_star_text: Callable[..., str], blocked_by: str
) -> None:
    fake_dists.add_star_plugin(
        "fake-one", module="fakeone", stars={"a.yaml": make_star_text("one")}
    )
    fake_dists.add_star_plugin(
        "fake-two", module="faketwo", stars={"b.yaml": make_star_text("two")}
    )
    environ = {**_only("fakeone", "faketwo"), DISABLE_ENV: blocked_by}
    catalog = _catalog(environ)

    info = _plugin(catalog.host, "fakeone")
    assert info.state == "blocked"
    assert DISABLE_ENV in info.reason
    assert _plugin(catalog.host, "faketwo").state == "loaded"
    assert [e.summary.id for e in catalog.entries if e.summary] == ["two"]


def test_disabled_plugin_is_never_imported(fake_dists: Any, tmp_path: Path) -> None:
    marker = tmp_path / "imported"
    fake_dists.add("fake-spy", module="fakespy", source=f"open({str(marker)!r}, 'w').close()\n")
    host = make_plugin_host(environ={**_only("fakespy"), DISABLE_ENV: "fakespy"})
    assert _plugin(host, "fakespy").state == "blocked"
    assert not marker.exists()


def test_allow_list_loads_only_the_listed_plugins(
    fake_dists: Any, make_star_text: Callable[..., str]
) -> None:
    fake_dists.add_star_plugin(
        "fake-one", module="fakeone", stars={"a.yaml": make_star_text("one")}
    )
    fake_dists.add_star_plugin(
        "fake-two", module="faketwo", stars={"b.yaml": make_star_text("two")}
    )
    catalog = _catalog({ALLOW_ENV: "fake-two"})

    states = {p.name: p.state for p in catalog.host.plugins}
    assert states["faketwo"] == "loaded"
    assert states["fakeone"] == "blocked"
    assert ALLOW_ENV in _plugin(catalog.host, "fakeone").reason
    # The bundled Stars are installed, but not listed: they are blocked too.
    assert states.get("justice") == "blocked"
    assert [e.summary.id for e in catalog.entries if e.summary] == ["two"]


def test_empty_allow_list_loads_no_plugin(
    fake_dists: Any, make_star_text: Callable[..., str]
) -> None:
    fake_dists.add_star_plugin(
        "fake-one", module="fakeone", stars={"a.yaml": make_star_text("one")}
    )
    catalog = _catalog({ALLOW_ENV: ""})
    assert catalog.host.plugins, "installed plugins are still listed"
    assert {p.state for p in catalog.host.plugins} == {"blocked"}
    assert catalog.entries == []


def test_autoload_false_ignores_installed_plugins_but_takes_given_ones(
    make_star_text: Callable[..., str], tmp_path: Path
) -> None:
    star_file = tmp_path / "given.yaml"
    star_file.write_text(make_star_text("given"), encoding="utf-8")

    @hookimpl
    def starframe_register_stars(register: Callable[[object], None]) -> None:
        register(star_file)

    given = SimpleNamespace(starframe_register_stars=starframe_register_stars)
    host = make_plugin_host(autoload=False, environ={}, plugins=[("given", given)])
    catalog = build_catalog(host=host, environ={})
    assert [p.name for p in host.plugins] == ["given"]
    assert [e.summary.id for e in catalog.entries if e.summary] == ["given"]


def test_bundled_plugins_are_installed_and_ok() -> None:
    catalog = build_catalog(environ={})
    by_id = {e.summary.id: e for e in catalog.entries if e.summary}
    justice, parent_baby = by_id["justice"], by_id["parent-baby"]
    assert (justice.state, parent_baby.state) == ("ok", "ok")
    assert (justice.origin.kind, justice.origin.name) == ("plugin", "starframe-justice")
    assert (parent_baby.origin.kind, parent_baby.origin.name) == ("plugin", "starframe-parent-baby")
    assert justice.origin.version
    assert justice.summary is not None
    assert (justice.summary.edition, justice.summary.scales) == ("1.0", 10)

    star = catalog.find("justice")
    assert len(star.scales) == 10
    assert [s.id for s in star.scales if s.not_applicable] == ["parenting-caring"]
    assert catalog.find("parent-baby", "1.0").edition == "1.0"
    states = {p.name: p.state for p in catalog.host.plugins}
    assert states["justice"] == states["parent-baby"] == "loaded"


def test_a_misspelt_hook_makes_the_plugin_broken_with_a_suggestion() -> None:
    @hookimpl
    def starframe_register_starz(register):  # type: ignore[no-untyped-def]
        register("never called")

    plugin = SimpleNamespace(starframe_register_starz=starframe_register_starz)
    host = make_plugin_host(autoload=False, plugins=[("typo", plugin)])
    info = host.info("typo")
    assert info is not None
    assert info.state == "broken"
    assert "did you mean starframe_register_stars?" in (info.reason or "")
    assert not host.manager.is_registered(plugin)
