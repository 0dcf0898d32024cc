"""The plugin contract: `starframe.plugin_api` is all a plugin imports, and every hook is tested.

Each `test_hook_<name>` runs one hook end to end through a plugin written as a user would
write it, importing `starframe.plugin_api` alone. As in datasette's own tests, a test checks
that every hook in the spec has one (and docs/plugins.md a heading: tests/test_docs.py).
"""

from __future__ import annotations

import ast
import importlib
import re
import subprocess
import sys
import textwrap
import types
from collections.abc import Iterator
from pathlib import Path

import pytest

from starframe import plugin_api
from starframe.catalog import build_catalog
from starframe.definition.load import load_star_file
from starframe.definition.models import Star
from starframe.plugins import spec
from starframe.plugins.host import PluginHost, make_plugin_host
from starframe.plugins.rules import plugin_rules
from starframe.practice.cases import build_case_catalog
from starframe.render.sections import ReportContext, report_sections
from tests.conftest import ROOT, SHIPPED_STARS, TINY_STAR

HOOKS = sorted(name for name in vars(spec) if name.startswith("starframe_"))
PLUGIN_API = "starframe.plugin_api"
TESTING = "starframe.testing"


def _plugin(source: str) -> types.ModuleType:
    """A plugin module from its source, as a user would write it (its files given as names)."""
    module = types.ModuleType("user_plugin")
    module.__dict__["TINY_STAR"] = str(TINY_STAR)
    module.__dict__["JUSTICE"] = str(SHIPPED_STARS["justice"])
    module.__dict__["JUSTICE_CASES"] = str(SHIPPED_STARS["justice"].parent.parent / "practice")
    exec(compile(textwrap.dedent(source), "user_plugin.py", "exec"), module.__dict__)
    return module


def _host(source: str) -> PluginHost:
    return make_plugin_host(autoload=False, plugins=[("user", _plugin(source))])


def _loaded(host: PluginHost) -> None:
    info = host.info("user")
    assert info is not None
    assert (info.state, info.reason) == ("loaded", None)


def test_every_hook_has_a_test() -> None:
    tests = {name for name in globals() if name.startswith("test_hook_")}
    assert HOOKS, "the spec declares no hooks"
    assert {f"test_hook_{hook}" for hook in HOOKS} == tests


def test_hook_starframe_register_stars() -> None:
    host = _host(
        """
        from starframe.plugin_api import RegisterStar, hookimpl

        @hookimpl
        def starframe_register_stars(register: RegisterStar) -> None:
            register(TINY_STAR)
        """
    )
    catalog = build_catalog(host=host, environ={}, use_cache=False)
    assert [e.summary.id for e in catalog.ok_entries() if e.summary] == ["tiny"]
    _loaded(host)


def test_hook_starframe_register_practice_cases() -> None:
    host = _host(
        """
        from starframe.plugin_api import RegisterPracticeCase, RegisterStar, hookimpl

        @hookimpl
        def starframe_register_stars(register: RegisterStar) -> None:
            register(JUSTICE)

        @hookimpl
        def starframe_register_practice_cases(register: RegisterPracticeCase) -> None:
            register(JUSTICE_CASES)
        """
    )
    cases = build_case_catalog(build_catalog(host=host, environ={}, use_cache=False))
    assert [e.state for e in cases.entries] == ["ok", "ok", "ok"]
    assert {case.star for case in cases.cases()} == {"justice"}
    _loaded(host)


def test_hook_starframe_lint_rules() -> None:
    host = _host(
        """
        from collections.abc import Iterator

        from starframe.plugin_api import (
            Finding, LintRule, LintSettings, RegisterLintRule, Star, hookimpl,
        )

        def named_tiny(star: Star, settings: LintSettings) -> Iterator[Finding]:
            if star.id == "tiny":
                yield Finding(("id",), "a Star called tiny")

        @hookimpl
        def starframe_lint_rules(register: RegisterLintRule) -> None:
            register(LintRule("HOUSE1", "no tiny Stars", named_tiny))
        """
    )
    (rule,) = plugin_rules(host)
    assert (rule.code, rule.origin) == ("HOUSE1", "user")
    star = _tiny()
    assert [f.message for f in rule.check(star, plugin_api.LintSettings())] == [
        "a Star called tiny"
    ]
    _loaded(host)


def test_hook_starframe_report_sections() -> None:
    host = _host(
        """
        from starframe.plugin_api import (
            PersonSummary, RegisterReportSection, ReportContext, ReportSection, hookimpl,
        )

        @hookimpl
        def starframe_report_sections(
            report: ReportContext, register: RegisterReportSection
        ) -> None:
            about = "a person" if isinstance(report.subject, PersonSummary) else report.kind
            register(ReportSection("Contacts", [f"For {about}."]))
        """
    )
    sections, problems = report_sections(host, ReportContext("blank", _tiny()))
    assert problems == []
    assert [(s.title, s.paragraphs, s.plugin) for s in sections] == [
        ("Contacts", ("For blank.",), "user")
    ]
    _loaded(host)


def test_hook_starframe_message_catalogues(tmp_path: Path) -> None:
    from babel.messages.catalog import Catalog
    from babel.messages.mofile import write_mo

    catalogue = Catalog(locale="gd")
    catalogue.add("My Star", "Mo Rionnag")
    with (tmp_path / "starframe.mo").open("wb") as stream:
        write_mo(stream, catalogue)
    host = _host(
        f"""
        from starframe.plugin_api import MessageCatalogue, RegisterMessageCatalogue, hookimpl

        @hookimpl
        def starframe_message_catalogues(register: RegisterMessageCatalogue) -> None:
            register(MessageCatalogue("gd", {str(tmp_path / "starframe.mo")!r}))
        """
    )
    from starframe.plugins.messages import plugin_messages

    assert plugin_messages(host, "gd")("My Star") == "Mo Rionnag"
    assert plugin_messages(host, "cy")("My Star") == "Fy Seren"
    _loaded(host)


def test_a_catalogue_that_is_not_one_breaks_only_its_plugin(tmp_path: Path) -> None:
    (tmp_path / "bad.mo").write_bytes(b"not a catalogue")
    host = _host(
        f"""
        from starframe.plugin_api import MessageCatalogue, hookimpl

        @hookimpl
        def starframe_message_catalogues(register):
            register(MessageCatalogue("gd", {str(tmp_path / "bad.mo")!r}))
        """
    )
    from starframe.plugins.messages import plugin_messages

    assert plugin_messages(host, "gd")("My Star") == "My Star"
    info = host.info("user")
    assert info is not None
    assert info.state == "broken"
    assert "not a .mo catalogue" in (info.reason or "")


def _tiny() -> Star:
    loaded = load_star_file(TINY_STAR)
    assert loaded.star is not None
    return loaded.star


def test_every_name_the_api_lists_is_there() -> None:
    for name in plugin_api.__all__:
        assert getattr(plugin_api, name) is not None, name
    assert plugin_api.hookimpl is spec.hookimpl
    assert plugin_api.ReportContext is ReportContext


def test_an_unknown_name_is_an_attribute_error() -> None:
    with pytest.raises(AttributeError, match="has no attribute 'Catalog'"):
        _ = plugin_api.Catalog


def test_importing_the_api_imports_no_models() -> None:
    """Plugins import it at start-up, when `stars list` may need no pydantic at all."""
    code = (
        "import sys, starframe.plugin_api\n"
        "print(sorted({m.split('.')[0] for m in sys.modules} & {'pydantic', 'ruamel'}))"
    )
    done = subprocess.run(
        [sys.executable, "-I", "-c", code], capture_output=True, text=True, check=True, timeout=60
    )
    assert done.stdout.strip() == "[]"


def test_the_old_hookspecs_import_still_works_and_warns() -> None:
    sys.modules.pop("starframe.hookspecs", None)
    with pytest.warns(DeprecationWarning, match=r"starframe\.plugin_api"):
        old = importlib.import_module("starframe.hookspecs")
    assert old.hookimpl is plugin_api.hookimpl
    assert old.RegisterStar == plugin_api.RegisterStar
    assert old.starframe_register_stars is spec.starframe_register_stars


def test_the_old_register_section_name_still_works_and_warns() -> None:
    sections = importlib.import_module("starframe.render.sections")
    with pytest.warns(DeprecationWarning, match="RegisterReportSection"):
        old = sections.RegisterSection
    assert old == plugin_api.RegisterReportSection


# Which code is plugin code, and what it may import.


def _starframe_imports(source: str, where: str) -> Iterator[str]:
    """Every `starframe…` module a piece of Python source imports."""
    for node in ast.walk(ast.parse(source, where)):
        if isinstance(node, ast.Import):
            names = [alias.name for alias in node.names]
        elif isinstance(node, ast.ImportFrom) and node.level == 0 and node.module:
            names = [node.module]
        else:
            continue
        yield from (name for name in names if name.split(".")[0] == "starframe")


def _python_blocks(page: Path) -> Iterator[str]:
    """Each Python example of a page, dedented; a fragment (a line out of a function) is kept
    inside a function, so it still parses."""
    for block in re.findall(r"```python\n(.*?)```", page.read_text(encoding="utf-8"), re.S):
        code = textwrap.dedent(block)
        try:
            ast.parse(code)
        except SyntaxError:
            code = "def fragment():\n" + textwrap.indent(code, "    ")
        yield code


def _template(path: Path) -> str:
    """A scaffold template as the Python it becomes (its `$placeholders` filled in)."""
    return re.sub(r"\$(\w+)", r"\1", path.read_text(encoding="utf-8"))


PLUGIN_CODE = sorted(
    [
        *ROOT.glob("plugins/*/starframe_*/**/*.py"),
        ROOT / "starframe" / "scaffold" / "templates" / "__init__.py.tmpl",
    ]
)
PLUGIN_TESTS = sorted(
    [
        *ROOT.glob("plugins/*/tests/*.py"),
        *(ROOT / "starframe" / "scaffold" / "templates").glob("test_*.py.tmpl"),
    ]
)
DOC_PAGES = sorted([*(ROOT / "docs").glob("*.md"), *ROOT.glob("plugins/*/README.md")])


def _source(path: Path) -> str:
    return _template(path) if path.suffix == ".tmpl" else path.read_text(encoding="utf-8")


@pytest.mark.parametrize("path", PLUGIN_CODE, ids=lambda p: str(p.relative_to(ROOT)))
def test_plugin_code_imports_only_the_plugin_api(path: Path) -> None:
    imported = set(_starframe_imports(_source(path), str(path)))
    assert imported, f"{path} imports nothing from starframe: is it plugin code?"
    assert imported <= {PLUGIN_API}, f"{path} imports {sorted(imported - {PLUGIN_API})}"


@pytest.mark.parametrize("path", PLUGIN_TESTS, ids=lambda p: str(p.relative_to(ROOT)))
def test_plugin_tests_import_only_the_plugin_api_and_testing(path: Path) -> None:
    imported = set(_starframe_imports(_source(path), str(path)))
    assert imported <= {PLUGIN_API, TESTING}, f"{path} imports {sorted(imported)}"


def test_every_doc_example_imports_only_the_plugin_api() -> None:
    checked = 0
    for page in DOC_PAGES:
        for index, block in enumerate(_python_blocks(page)):
            where = f"{page.relative_to(ROOT)}, Python block {index + 1}"
            imported = set(_starframe_imports(block, where))
            assert imported <= {PLUGIN_API}, f"{where} imports {sorted(imported)}"
            checked += bool(imported)
    assert checked >= 4, "the plugin examples in the docs were not found"


def test_the_core_never_imports_the_plugin_api() -> None:
    for path in sorted((ROOT / "starframe").rglob("*.py")):
        if path.name == "plugin_api.py":
            continue
        imported = set(_starframe_imports(path.read_text(encoding="utf-8"), str(path)))
        assert PLUGIN_API not in imported, f"{path.relative_to(ROOT)} imports the plugin API"


def test_the_hook_spec_imports_nothing_from_the_layers_that_use_it() -> None:
    source = (ROOT / "starframe" / "plugins" / "spec.py").read_text(encoding="utf-8")
    assert set(_starframe_imports(source, "spec.py")) <= {"starframe.plugins.types"}
