"""`starframe render blank` through the installed command, as a pilot team would run it."""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

from tests.conftest import TINY_STAR
from tests.render.conftest import RunCli, read_pdf


def test_a_draft_in_a_stars_dir_and_a_star_file(run_cli: RunCli, tmp_path: Path) -> None:
    drafts = tmp_path / "drafts"
    drafts.mkdir()
    shutil.copy(TINY_STAR, drafts / "tiny.yaml")
    from_dir = run_cli(
        "render", "blank", "tiny", "--stars-dir", str(drafts), "-o", str(tmp_path / "a.pdf")
    )
    assert from_dir.code == 0, from_dir.stderr
    from_file = run_cli("render", "blank", str(drafts / "tiny.yaml"), "-o", str(tmp_path / "b.pdf"))
    assert from_file.code == 0, from_file.stderr
    for name in ("a.pdf", "b.pdf"):
        pdf = read_pdf((tmp_path / name).read_bytes())
        assert "Tiny Star" in pdf.text
        assert "DRAFT" in pdf.text


def test_lang_prints_the_translation(run_cli: RunCli, tmp_path: Path) -> None:
    out = tmp_path / "cy.pdf"
    done = run_cli("render", "blank", "justice", "--lang", "cy", "-o", str(out))
    assert done.code == 0, done.stderr
    assert "Seren Cyfiawnder" in read_pdf(out.read_bytes()).text


@pytest.mark.parametrize(
    ("args", "message"),
    [
        (["render", "blank", "no-such-star"], "no Star `no-such-star` is installed"),
        (["render", "blank", "justice", "--lang", "xx"], "no `xx` translation"),
    ],
)
def test_user_errors_are_one_line(
    run_cli: RunCli, tmp_path: Path, args: list[str], message: str
) -> None:
    done = run_cli(*args, "-o", str(tmp_path / "x.pdf"))
    assert done.code == 1
    assert message in done.stderr
    assert "Traceback" not in done.stderr
    assert not (tmp_path / "x.pdf").exists()


def test_an_output_folder_that_does_not_exist(run_cli: RunCli, tmp_path: Path) -> None:
    done = run_cli("render", "blank", "justice", "-o", str(tmp_path / "missing" / "x.pdf"))
    assert done.code == 1
    assert "does not exist" in done.stderr
    assert "Traceback" not in done.stderr


def test_an_output_folder_that_is_not_writable(run_cli: RunCli, tmp_path: Path) -> None:
    if os.name == "posix" and os.geteuid() != 0:
        locked = tmp_path / "locked"
        locked.mkdir(mode=0o500)
        target = locked / "x.pdf"
    elif Path("/proc/self").is_dir():
        target = Path("/proc/starframe-test.pdf")  # not even root creates files here
    else:
        pytest.skip("no folder this user cannot write to")
    done = run_cli("render", "blank", str(TINY_STAR), "-o", str(target))
    assert done.code == 1
    assert f"cannot write {target}" in done.stderr
    assert "Traceback" not in done.stderr


def test_an_output_folder_that_is_a_file(run_cli: RunCli) -> None:
    done = run_cli("render", "blank", str(TINY_STAR), "-o", str(TINY_STAR / "x.pdf"))
    assert done.code == 1
    assert "is a file, not a folder" in done.stderr


def test_definition_commands_never_import_reportlab(cli_env: dict[str, str]) -> None:
    script = (
        "import sys\n"
        "import starframe\n"
        "from starframe.cli import main\n"
        "try:\n"
        "    main(['stars', 'list'])\n"
        "except SystemExit:\n"
        "    pass\n"
        "print('reportlab' in sys.modules, file=sys.stderr)\n"
    )
    done = subprocess.run(
        [sys.executable, "-c", script], env=cli_env, capture_output=True, text=True, check=False
    )
    assert done.stderr.strip().splitlines()[-1] == "False"
