"""Hooks are called as pluggy calls them: each implementation gets only the arguments it names.

The host calls each plugin's implementation itself (one at a time, under the guard), so it
must pass arguments the way pluggy would: an implementation that names only `register` is a
valid pluggy implementation and must not be marked broken. A wrapper (`wrapper=True` or
`hookwrapper=True`) cannot be called that way, so it is refused with the reason.
"""

from __future__ import annotations

import types
from collections.abc import Iterator
from pathlib import Path

import pytest

from starframe import hookimpl
from starframe.catalog import build_catalog
from starframe.definition.models import Star
from starframe.plugins.host import make_plugin_host
from starframe.render.sections import ReportContext, ReportSection, report_sections
from tests.conftest import TINY_STAR
from tests.render.conftest import star_from


@pytest.fixture
def tiny() -> Star:
    return star_from(TINY_STAR)


def test_a_report_hook_that_names_only_register_adds_its_section(tiny: Star) -> None:
    @hookimpl
    def starframe_report_sections(register: object) -> None:
        assert callable(register)
        register(ReportSection("Local contacts"))

    plugin = types.SimpleNamespace(starframe_report_sections=starframe_report_sections)
    host = make_plugin_host(autoload=False, plugins=[("contacts", plugin)])
    sections, problems = report_sections(host, ReportContext("blank", tiny))
    assert problems == []
    assert [s.title for s in sections] == ["Local contacts"]
    info = host.info("contacts")
    assert info is not None
    assert info.state == "loaded"


def test_a_report_hook_that_names_only_report_is_called_with_it(tiny: Star) -> None:
    seen: list[str] = []

    @hookimpl
    def starframe_report_sections(report: ReportContext) -> None:
        seen.append(report.kind)

    plugin = types.SimpleNamespace(starframe_report_sections=starframe_report_sections)
    host = make_plugin_host(autoload=False, plugins=[("watcher", plugin)])
    assert report_sections(host, ReportContext("blank", tiny)) == ([], [])
    assert seen == ["blank"]


def test_a_method_hook_naming_its_arguments_in_another_order_gets_each_by_name(
    tiny: Star,
) -> None:
    class Plugin:
        @hookimpl
        def starframe_report_sections(self, register: object, report: ReportContext) -> None:
            assert callable(register)
            register(ReportSection(f"About a {report.kind} pack"))

    host = make_plugin_host(autoload=False, plugins=[("ordered", Plugin())])
    sections, problems = report_sections(host, ReportContext("blank", tiny))
    assert problems == []
    assert [s.title for s in sections] == ["About a blank pack"]


def test_a_star_hook_that_names_no_argument_registers_nothing_and_stays_loaded() -> None:
    calls: list[bool] = []

    @hookimpl
    def starframe_register_stars() -> None:
        calls.append(True)

    plugin = types.SimpleNamespace(starframe_register_stars=starframe_register_stars)
    host = make_plugin_host(autoload=False, plugins=[("quiet", plugin)])
    catalog = build_catalog(host=host, environ={})
    assert catalog.entries == []
    assert calls == [True]
    info = host.info("quiet")
    assert info is not None
    assert info.state == "loaded"


@pytest.mark.parametrize("option", ["wrapper", "hookwrapper"])
def test_a_wrapper_is_refused_with_the_reason(option: str) -> None:
    @hookimpl(**{option: True})
    def starframe_register_stars(register: object) -> Iterator[None]:
        assert callable(register)
        register(TINY_STAR)
        yield

    plugin = types.SimpleNamespace(starframe_register_stars=starframe_register_stars)
    host = make_plugin_host(autoload=False, plugins=[("wrapping", plugin)])
    info = host.info("wrapping")
    assert info is not None
    assert info.state == "broken"
    assert info.reason is not None
    assert f"starframe_register_stars as a hook wrapper ({option}=True)" in info.reason
    assert not host.manager.has_plugin("wrapping")


def test_a_wrapper_among_ordinary_hooks_refuses_the_whole_plugin(tmp_path: Path) -> None:
    class Plugin:
        @hookimpl
        def starframe_register_stars(self, register: object) -> None:
            assert callable(register)
            register(TINY_STAR)

        @hookimpl(wrapper=True)
        def starframe_lint_rules(self, register: object) -> Iterator[None]:
            yield

    host = make_plugin_host(autoload=False, plugins=[("mixed", Plugin())])
    catalog = build_catalog(host=host, environ={}, use_cache=False)
    assert catalog.entries == []
    info = host.info("mixed")
    assert info is not None
    assert info.state == "broken"
    assert info.reason is not None
    assert "starframe_lint_rules as a hook wrapper (wrapper=True)" in info.reason
    assert info.hooks == ("starframe_lint_rules", "starframe_register_stars")
