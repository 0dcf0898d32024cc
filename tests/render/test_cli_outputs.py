"""The PDFs `starframe render` writes: never onto the database, never over a file unasked.

Issue 19: `render … -o victim.db` replaced any file without asking (item 1), and the folder
`render batch` created was readable by everyone, showing person codes as file names (item 12).
"""

from __future__ import annotations

import shutil
import stat
from pathlib import Path

import pytest

from tests.render.conftest import TINY_STAR, RunCli, Seeded


@pytest.fixture
def db(seeded: Seeded, cli_env: dict[str, str], tmp_path: Path) -> Seeded:
    copy = tmp_path / "copy.db"
    shutil.copy(seeded.db, copy)
    cli_env["STARFRAME_DB"] = str(copy)
    return Seeded(copy, seeded.reading_ids)


def mode(path: Path) -> int:
    return stat.S_IMODE(path.stat().st_mode)


def test_a_report_onto_the_database_in_use_is_refused(run_cli: RunCli, db: Seeded) -> None:
    before = db.db.read_bytes()
    done = run_cli("render", "person", "P-0001", "--star", "justice", "-o", str(db.db), "--force")
    assert done.code == 1
    assert (
        done.stderr == f"starframe: error: {db.db} is the database in use: choose another file.\n"
    )
    assert db.db.read_bytes() == before


def test_a_report_replaces_a_file_only_with_force(
    run_cli: RunCli, db: Seeded, tmp_path: Path
) -> None:
    out = tmp_path / "victim.pdf"
    out.write_bytes(b"an earlier report")
    out.chmod(0o644)
    reading = db.reading_ids["p2-only"][:8]
    refused = run_cli("render", "reading", reading, "-o", str(out))
    assert refused.code == 1
    assert "already exists: add --force to replace it" in refused.stderr
    assert out.read_bytes() == b"an earlier report"
    replaced = run_cli("render", "reading", reading, "--output", str(out), "--force")
    assert replaced.code == 0, replaced.stderr
    assert out.read_bytes().startswith(b"%PDF")
    assert mode(out) == 0o600


def test_a_blank_pack_is_owner_only_too(run_cli: RunCli, tmp_path: Path) -> None:
    out = tmp_path / "pack.pdf"
    assert run_cli("render", "blank", str(TINY_STAR), "--out", str(out)).code == 0
    assert mode(out) == 0o600


def test_a_blank_pack_never_replaces_the_default_database(run_cli: RunCli, db: Seeded) -> None:
    """`render blank` opens no database, but --force must not let it destroy the one every
    other command uses."""
    before = db.db.read_bytes()
    run = run_cli("render", "blank", str(TINY_STAR), "-o", str(db.db), "--force")
    assert run.code == 1
    assert "is the database in use" in run.stderr
    assert db.db.read_bytes() == before


def test_help_names_out_and_hides_the_old_output(run_cli: RunCli) -> None:
    shown = run_cli("render", "person", "--help").stdout
    assert "-o, --out FILE" in shown
    assert "--force" in shown
    assert "--output" not in shown
    missing = run_cli("render", "blank", str(TINY_STAR))
    assert missing.code == 2
    assert "Missing option '-o' / '--out'." in missing.stderr


def test_the_batch_folder_is_owner_only_and_its_reports_replaced_only_with_force(
    run_cli: RunCli, db: Seeded, tmp_path: Path
) -> None:
    out = tmp_path / "reports" / "june"
    done = run_cli("render", "batch", "justice", "-o", str(out), "--jobs", "1")
    assert done.code == 0, done.stderr
    assert mode(tmp_path / "reports") == 0o700
    assert mode(out) == 0o700, "its file names are person codes"
    reports = sorted(out.glob("*.pdf"))
    assert [p.name for p in reports] == ["P-0001.pdf", "P-0002.pdf"]
    assert all(mode(p) == 0o600 for p in reports)
    (out / "P-0002.pdf").write_bytes(b"an earlier report")
    again = run_cli("render", "batch", "justice", "-o", str(out), "--jobs", "1")
    assert again.code == 1
    assert again.stderr == (
        f"starframe: error: {out} already holds P-0001.pdf, P-0002.pdf: add --force to "
        "replace them, or choose another folder.\n"
    )
    assert (out / "P-0002.pdf").read_bytes() == b"an earlier report"
    forced = run_cli("render", "batch", "justice", "-o", str(out), "--jobs", "1", "--force")
    assert forced.code == 0, forced.stderr
    assert (out / "P-0002.pdf").read_bytes().startswith(b"%PDF")
    assert not [p for p in out.iterdir() if p.name.startswith(".starframe-")]


def test_the_tui_replaces_the_chosen_file_but_never_the_database(
    db: Seeded, tmp_path: Path
) -> None:
    """The TUI asks for the path in its save dialog and whether to replace a file there."""
    from starframe.output_files import OutputError
    from starframe.tui.report_pdf import save_reading_pdf
    from starframe.tui.store_access import StoreAccess

    records = StoreAccess(str(db.db), lambda: pytest.fail("the report needs no catalog"))
    try:
        with records.store().read() as reader:
            reading = reader.reading(db.reading_ids["p2-only"])
            assert reading.definition is not None
            star = reader.star(reading.definition)
        with pytest.raises(OutputError, match="is the database in use: choose another file"):
            save_reading_pdf(records, reading, star, None, db.db)
        chosen = tmp_path / "chosen.pdf"
        chosen.write_bytes(b"an earlier report")
        chosen.chmod(0o644)
        save_reading_pdf(records, reading, star, None, chosen, replace=True)
    finally:
        records.close()
    assert db.db.read_bytes().startswith(b"SQLite format 3\x00")
    assert chosen.read_bytes().startswith(b"%PDF")
    assert mode(chosen) == 0o600
