"""Follow docs/authoring.md: a new Star, validated, packaged, pip-installed and hosted.

The plugin is installed with pip into a folder of its own (never into the project's venv), and
starframe is run through its real entry point with that folder on PYTHONPATH, so entry-point
discovery works exactly as it does for an organisation's install.
"""

from __future__ import annotations

import json
import os
import re
import subprocess
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent
GUIDE = (ROOT / "docs" / "authoring.md").read_text(encoding="utf-8")
STARFRAME = str(Path(sys.executable).parent / "starframe")


def _block_after(heading_text: str, lang: str) -> str:
    """The first fenced block of `lang` after the line containing `heading_text`."""
    tail = GUIDE.split(heading_text, 1)[1]
    match = re.search(rf"```{lang}\n(.*?)```", tail, re.S)
    assert match, f"no {lang} block after {heading_text!r} in docs/authoring.md"
    return match.group(1)


def _draft_star() -> str:
    """The bundled Justice Star, renamed: a complete, valid Star written as a new author would."""
    text = (ROOT / "plugins/justice/starframe_justice/stars/justice.yaml").read_text("utf-8")
    return (
        text.replace("id: justice\n", "id: tenancy\n", 1)
        .replace("name: Justice Star", "name: Tenancy Star", 1)
        .replace("status: published", "status: draft", 1)
    )


def _run(*args: str, env: dict[str, str], cwd: Path) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [STARFRAME, *args], env=env, cwd=cwd, capture_output=True, text=True, check=False
    )


@pytest.mark.slow
def test_the_authoring_guide_from_draft_to_installed_plugin(tmp_path: Path) -> None:
    env = {**os.environ, "STARFRAME_CACHE_DIR": str(tmp_path / "cache")}
    drafts = tmp_path / "drafts"
    drafts.mkdir()
    broken = _draft_star().replace("audience:", "audiance:", 1)
    (drafts / "tenancy.yaml").write_text(broken, encoding="utf-8")

    # 2. Validate: the typo is reported with its place and a suggestion.
    result = _run("validate", "drafts/tenancy.yaml", env=env, cwd=tmp_path)
    assert result.returncode == 1
    assert re.search(
        r"drafts/tenancy\.yaml:\d+:1: error SF101: .*did you mean `audience`", result.stdout
    )

    (drafts / "tenancy.yaml").write_text(_draft_star(), encoding="utf-8")
    assert _run("validate", "drafts/tenancy.yaml", env=env, cwd=tmp_path).returncode == 0

    # 3. Read it through, from the folder of drafts.
    listed = _run("stars", "list", "--stars-dir", "drafts", "--json", env=env, cwd=tmp_path)
    assert {"tenancy"} <= {r["id"] for r in json.loads(listed.stdout)}

    # 4. Package it exactly as the guide shows.
    package = tmp_path / "starframe-tenancy"
    (package / "starframe_tenancy" / "stars").mkdir(parents=True)
    (package / "pyproject.toml").write_text(_block_after("`pyproject.toml`:", "toml"), "utf-8")
    (package / "README.md").write_text("# starframe-tenancy\n", "utf-8")
    init = _block_after("`starframe_tenancy/__init__.py`:", "python")
    (package / "starframe_tenancy" / "__init__.py").write_text(init, "utf-8")
    (package / "starframe_tenancy" / "stars" / "tenancy.yaml").write_text(_draft_star(), "utf-8")

    # 5. Install (into a folder of its own) and check.
    target = tmp_path / "site"
    subprocess.run(
        [
            sys.executable,
            "-m",
            "pip",
            "install",
            "--quiet",
            "--no-deps",
            "--no-build-isolation",
            "--target",
            str(target),
            str(package),
        ],
        check=True,
        capture_output=True,
    )
    installed = {**env, "PYTHONPATH": str(target)}
    listed = _run("stars", "list", "--json", env=installed, cwd=tmp_path)
    rows = {r["id"]: r for r in json.loads(listed.stdout)}
    assert rows["tenancy"]["state"] == "ok"
    assert rows["tenancy"]["source"] == {
        "kind": "plugin",
        "name": "starframe-tenancy",
        "version": "1.0.0",
    }
    assert _run("validate", "tenancy", env=installed, cwd=tmp_path).returncode == 0
    # The by-hand layout ships no practice cases: the publish check says so, and nothing else.
    strict = _run("validate", "tenancy", "--strict", env=installed, cwd=tmp_path)
    assert strict.returncode == 1
    assert re.findall(r" (?:error|warning) (SF\d+)", strict.stdout) == ["SF421"], strict.stdout
    assert "has 0 practice cases; a Star ships at least 3" in strict.stdout
    plugins = json.loads(_run("plugins", "--json", env=installed, cwd=tmp_path).stdout)
    tenancy = next(p for p in plugins if p["distribution"] == "starframe-tenancy")
    assert tenancy["hooks"] == ["starframe_register_stars"]
    assert tenancy["stars"] == 1


def _short_path() -> list[list[str]]:
    block = GUIDE.split("## The short path", 1)[1].split("```sh\n", 1)[1].split("```", 1)[0]
    return [line.split() for line in block.strip().splitlines()]


@pytest.mark.slow
def test_the_short_path_scaffold_install_list_validate_render_test(tmp_path: Path) -> None:
    """Runs the guide's short path command by command; pip installs into a folder of its own."""
    site = tmp_path / "site"
    env = {
        **os.environ,
        "STARFRAME_CACHE_DIR": str(tmp_path / "cache"),
        "PYTHONPATH": str(site),
    }
    outputs = {}
    for words in _short_path():
        program, args = words[0], [w.strip("'") for w in words[1:]]
        if program == "pip":
            assert args[:2] == ["install", "-e"]
            package = args[2].removesuffix("[test]")
            command = [
                sys.executable,
                "-m",
                "pip",
                "install",
                "--quiet",
                "--no-deps",
                "--no-build-isolation",
                "--target",
                str(site),
                package,
            ]
        elif program == "pytest":
            command = [sys.executable, "-m", "pytest", "-q", "-p", "no:cacheprovider", *args]
        else:
            assert program == "starframe"
            command = [STARFRAME, *args]
        result = subprocess.run(
            command, cwd=tmp_path, env=env, capture_output=True, text=True, check=False
        )
        assert result.returncode == 0, (words, result.stdout, result.stderr)
        outputs[" ".join(words[:3])] = result.stdout + result.stderr
    listed = outputs["starframe stars list"]
    assert re.search(r"^tenancy\s+0\.1\s+draft\s+6\s+Tenancy Star.*ok$", listed, re.M)
    assert "warning SF403" in outputs["starframe validate tenancy"]
    assert "0 errors" in outputs["starframe validate tenancy"]
    assert (tmp_path / "tenancy-blank.pdf").read_bytes().startswith(b"%PDF")
    assert "3 passed, 1 xfailed" in outputs["pytest drafts/starframe-tenancy"]
