"""A report-sections plugin that hangs, raises anything or prints: left out, the report is made."""

from __future__ import annotations

import threading
import types

import pytest

from starframe import hookimpl
from starframe.definition.models import Star
from starframe.plugins.guard import TIMEOUT_ENV
from starframe.plugins.host import make_plugin_host
from starframe.render.sections import ReportContext, ReportSection, report_sections


def _plugin(body: types.FunctionType) -> types.SimpleNamespace:
    return types.SimpleNamespace(starframe_report_sections=hookimpl(body))


def _good(report: ReportContext, register: object) -> None:
    assert callable(register)
    print("good plugin says hello")
    register(ReportSection("Local contacts"))


@pytest.mark.parametrize(
    "raised",
    [BaseException("base"), GeneratorExit("gen"), SystemExit(2), KeyboardInterrupt("plugin's")],
    ids=["base", "generatorexit", "systemexit", "keyboardinterrupt"],
)
def test_any_exception_from_the_hook_leaves_its_sections_out(
    tiny: Star, raised: BaseException
) -> None:
    def hook(report: ReportContext, register: object) -> None:
        raise raised

    host = make_plugin_host(
        autoload=False, plugins=[("broken", _plugin(hook)), ("good", _plugin(_good))]
    )
    sections, problems = report_sections(host, ReportContext("blank", tiny))
    assert [s.title for s in sections] == ["Local contacts"]
    assert len(problems) == 1
    assert f"starframe_report_sections raised {type(raised).__name__}" in problems[0]
    info = host.info("broken")
    assert info is not None
    assert info.state == "broken"


def test_a_hook_that_hangs_is_abandoned_and_never_called_again(tiny: Star) -> None:
    release = threading.Event()
    calls: list[str] = []

    def hook(report: ReportContext, register: object) -> None:
        calls.append(report.kind)
        release.wait(60)

    host = make_plugin_host(
        autoload=False,
        environ={TIMEOUT_ENV: "0.2"},
        plugins=[("stuck", _plugin(hook)), ("good", _plugin(_good))],
    )
    try:
        sections, problems = report_sections(host, ReportContext("blank", tiny))
        assert [s.title for s in sections] == ["Local contacts"]
        assert problems == [
            "plugin stuck: starframe_report_sections did not answer in 0.2 s; "
            "its report sections are left out"
        ]
        report_sections(host, ReportContext("blank", tiny))
        assert calls == ["blank"]
    finally:
        release.set()


def test_what_a_hook_prints_is_kept_for_starframe_plugins(
    tiny: Star, capsys: pytest.CaptureFixture[str]
) -> None:
    host = make_plugin_host(autoload=False, plugins=[("good", _plugin(_good))])
    sections, _ = report_sections(host, ReportContext("blank", tiny))
    assert len(sections) == 1
    assert capsys.readouterr().out == ""
    info = host.info("good")
    assert info is not None
    assert info.output == "good plugin says hello\n"
