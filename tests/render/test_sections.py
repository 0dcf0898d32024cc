"""Plugins add report sections through `starframe_report_sections`; a broken one is left out."""

from __future__ import annotations

import types

from starframe import hookimpl
from starframe.definition.models import Star
from starframe.plugins.host import make_plugin_host
from starframe.plugins.spec import starframe_report_sections
from starframe.render.blank import blank_pack
from starframe.render.sections import ReportContext, ReportSection, report_sections
from tests.conftest import ROOT
from tests.render.conftest import MARKUP_NOTE, read_pdf


class Contacts:
    """A well-behaved plugin: one section with paragraphs and a table."""

    seen: list[ReportContext]

    def __init__(self) -> None:
        self.seen = []

    @hookimpl
    def starframe_report_sections(self, report: ReportContext, register: object) -> None:
        self.seen.append(report)
        assert callable(register)
        register(
            ReportSection(
                "Local contacts",
                [f"Call us on 0100 000 000. {MARKUP_NOTE}"],
                [["Service", "Phone"], ["Housing advice", "0100 111 111"]],
            )
        )


def raising_plugin() -> types.SimpleNamespace:
    @hookimpl
    def starframe_report_sections(report: ReportContext, register: object) -> None:
        raise RuntimeError("the plugin fell over")

    return types.SimpleNamespace(starframe_report_sections=starframe_report_sections)


def wrong_thing_plugin() -> types.SimpleNamespace:
    @hookimpl
    def starframe_report_sections(report: ReportContext, register: object) -> None:
        assert callable(register)
        register(ReportSection("Fine section"))
        register("not a section")

    return types.SimpleNamespace(starframe_report_sections=starframe_report_sections)


def test_the_hook_is_declared_with_its_documented_arguments() -> None:
    assert starframe_report_sections.__doc__
    assert "versionadded" in starframe_report_sections.__doc__
    host = make_plugin_host(autoload=False)
    assert host.manager.hook.starframe_report_sections.spec.argnames == ("report", "register")


def test_a_plugin_section_is_printed_after_the_report(tiny: Star) -> None:
    contacts = Contacts()
    host = make_plugin_host(autoload=False, plugins=[("contacts", contacts)])
    context = ReportContext("blank", tiny)
    sections, problems = report_sections(host, context)
    assert problems == []
    assert contacts.seen == [context]
    pdf = read_pdf(blank_pack(tiny, sections=sections))
    assert "Local contacts" in pdf.page_texts[-1]
    assert "Housing advice" in pdf.words
    assert MARKUP_NOTE in pdf.words
    assert "Added by the plugin contacts." in pdf.words


def test_a_raising_plugin_is_reported_and_the_others_still_print(tiny: Star) -> None:
    host = make_plugin_host(
        autoload=False,
        plugins=[("broken", raising_plugin()), ("contacts", Contacts())],
    )
    sections, problems = report_sections(host, ReportContext("blank", tiny))
    assert [s.title for s in sections] == ["Local contacts"]
    assert len(problems) == 1
    assert "plugin broken" in problems[0]
    assert "RuntimeError: the plugin fell over" in problems[0]
    info = host.info("broken")
    assert info is not None
    assert info.state == "broken"
    assert read_pdf(blank_pack(tiny, sections=sections)).pages >= 1


def test_a_plugin_registering_something_else_contributes_nothing(tiny: Star) -> None:
    host = make_plugin_host(autoload=False, plugins=[("odd", wrong_thing_plugin())])
    sections, problems = report_sections(host, ReportContext("blank", tiny))
    assert sections == []
    assert "takes a ReportSection, not str" in problems[0]


def test_no_host_means_no_sections(tiny: Star) -> None:
    assert report_sections(None, ReportContext("blank", tiny)) == ([], [])


def test_the_example_in_the_reports_guide_works(tiny: Star) -> None:
    guide = (ROOT / "docs" / "reports.md").read_text(encoding="utf-8")
    section = guide.split("## Adding sections from a plugin", 1)[1]
    code = section.split("```python", 1)[1].split("```", 1)[0]
    plugin = types.ModuleType("example_plugin")
    exec(compile(code, "docs/reports.md", "exec"), plugin.__dict__)
    host = make_plugin_host(autoload=False, plugins=[("example", plugin)])
    assert report_sections(host, ReportContext("blank", tiny)) == ([], [])
    sections, problems = report_sections(host, ReportContext("person", tiny))
    assert problems == []
    assert [s.title for s in sections] == ["Where to get help"]
    assert "Debt" in read_pdf(blank_pack(tiny, sections=sections)).text
