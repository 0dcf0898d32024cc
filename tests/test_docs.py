"""The docs are part of the feature: every problem code and every hook is documented."""

from __future__ import annotations

import re
from pathlib import Path

from starframe import thresholds
from starframe.definition.models import LABEL_MAX, MAX_POINTS, MAX_SCALES, MIN_POINTS, MIN_SCALES
from starframe.plugins import spec as hookspecs

ROOT = Path(__file__).resolve().parent.parent
DOCS = ROOT / "docs"


def _codes_in_source() -> set[str]:
    codes: set[str] = set()
    for path in (ROOT / "starframe").rglob("*.py"):
        codes |= set(re.findall(r'"(SF\d{3})"', path.read_text(encoding="utf-8")))
    return codes


def test_every_problem_code_has_a_heading_in_the_error_reference() -> None:
    documented = set(
        re.findall(r"^### (SF\d{3}) — ", (DOCS / "errors.md").read_text(encoding="utf-8"), re.M)
    )
    missing = _codes_in_source() - documented
    assert not missing, f"codes used in starframe/ but not documented in docs/errors.md: {missing}"
    stale = documented - _codes_in_source()
    assert not stale, f"docs/errors.md documents codes starframe never reports: {stale}"


def test_every_hook_is_documented_with_a_heading() -> None:
    hooks = {name for name in dir(hookspecs) if name.startswith("starframe_")}
    text = (DOCS / "plugins.md").read_text(encoding="utf-8")
    headings = set(re.findall(r"^### (starframe_\w+)$", text, re.M))
    assert hooks, "hookspecs declares no hooks"
    assert hooks == headings


def test_every_definition_field_is_documented() -> None:
    from starframe.definition.models import Scale, Stage, Star

    text = (DOCS / "format.md").read_text(encoding="utf-8")
    for model in (Star, Stage, Scale):
        for field in model.model_fields:
            assert f"| `{field}` |" in text, f"{model.__name__}.{field} missing from docs/format.md"


def test_documented_limits_match_the_models() -> None:
    text = (DOCS / "format.md").read_text(encoding="utf-8")
    assert f"at most {LABEL_MAX} characters" in text
    assert f"{MIN_SCALES} to {MAX_SCALES} scales" in text
    assert f"{MIN_POINTS} to {MAX_POINTS}" in text


def test_readme_quick_start_is_the_two_make_commands() -> None:
    readme = (ROOT / "README.md").read_text(encoding="utf-8")
    block = readme.split("## Quick start", 1)[1].split("```sh", 1)[1].split("```", 1)[0]
    commands = [line.split("#")[0].strip() for line in block.strip().splitlines()]
    assert commands == ["make run", "make test"]
    assert "make test" in (ROOT / ".ci" / "run").read_text(encoding="utf-8")


def test_doc_links_point_at_files_that_exist() -> None:
    for page in [ROOT / "README.md", *DOCS.glob("*.md"), *ROOT.glob("plugins/*/README.md")]:
        for target in re.findall(r"\]\(([^)#]+)(?:#[^)]*)?\)", page.read_text(encoding="utf-8")):
            if "://" in target:
                continue
            assert (page.parent / target).exists(), f"{page.name} links to missing {target}"


def test_every_threshold_is_on_the_figures_page_with_its_value() -> None:
    text = (DOCS / "figures.md").read_text(encoding="utf-8")
    names = [name for name in vars(thresholds) if name.isupper()]
    assert names, "starframe/thresholds.py holds no thresholds"
    for name in names:
        value = getattr(thresholds, name)
        row = f"| `{name}` | {value} |"
        assert row in text, f"docs/figures.md lacks the row {row!r}"
