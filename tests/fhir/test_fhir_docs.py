"""The FHIR docs list exactly the extensions starframe writes, and the error reference its codes."""

from __future__ import annotations

import re
from pathlib import Path

from starframe.fhir.namespace import DEFAULT_BASE_URL, EXTENSIONS

DOCS = Path(__file__).resolve().parents[2] / "docs"


def _section() -> str:
    text = (DOCS / "organisations.md").read_text(encoding="utf-8")
    start = text.index("## Sharing readings with health and care records")
    return text[start : text.index("\n## ", start + 1)]


def test_the_docs_list_every_extension_starframe_defines_and_no_other() -> None:
    section = _section()
    table = section[section.index("| name | where and what |") :]
    listed = re.findall(r"^\| `([a-z-]+)` \| (.+) \|$", table, re.M)
    assert [name for name, _ in listed] == list(EXTENSIONS)
    assert [what for _, what in listed] == list(EXTENSIONS.values())


def test_the_docs_name_the_default_base_url() -> None:
    assert f"by default `{DEFAULT_BASE_URL}`" in _section()


def test_the_docs_explain_the_choice_for_action_plans() -> None:
    assert "### Action plans: extensions, not CarePlan" in _section()
