"""The one writer every output goes through (`starframe.output_files`)."""

from __future__ import annotations

import ast
import os
import stat
import tempfile
from pathlib import Path

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from starframe import output_files
from starframe.output_files import (
    OutputError,
    TargetExists,
    check_target,
    make_folder,
    open_text,
    staged,
    write_bytes,
    write_text,
)

ROOT = Path(__file__).resolve().parents[1]


def mode(path: Path) -> int:
    return stat.S_IMODE(path.stat().st_mode)


def leftovers(folder: Path) -> list[str]:
    return [p.name for p in folder.iterdir() if p.name.startswith(".starframe-")]


@settings(max_examples=60, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(data=st.binary(max_size=4096), umask=st.sampled_from([0o000, 0o022, 0o077]))
def test_bytes_round_trip_owner_only_whatever_the_umask(data: bytes, umask: int) -> None:
    with tempfile.TemporaryDirectory() as work:
        path = Path(work) / "out.bin"
        path.write_bytes(b"old")
        path.chmod(0o666)
        before = os.umask(umask)
        try:
            write_bytes(path, data, force=True)
        finally:
            os.umask(before)
        assert path.read_bytes() == data
        assert mode(path) == 0o600
        assert leftovers(Path(work)) == []


@settings(max_examples=60, deadline=None)
@given(text=st.text(max_size=2000), pieces=st.integers(min_value=1, max_value=5))
def test_streamed_text_round_trips_byte_for_byte(text: str, pieces: int) -> None:
    with tempfile.TemporaryDirectory() as work:
        path = Path(work) / "out.txt"
        size = max(1, len(text) // pieces)
        with open_text(path) as handle:
            for start in range(0, len(text), size):
                handle.write(text[start : start + size])
            assert not path.exists(), "nothing is at the target until the block ends"
        assert path.read_bytes() == text.encode("utf-8", "surrogatepass")
        assert mode(path) == 0o600


def test_an_existing_file_needs_force(tmp_path: Path) -> None:
    path = tmp_path / "r1.db"
    path.write_text("keep", encoding="utf-8")
    with pytest.raises(OutputError) as refused:
        write_text(path, "new")
    assert str(refused.value) == (
        f"{path} already exists: add --force to replace it, or choose another file."
    )
    assert path.read_text(encoding="utf-8") == "keep"
    write_text(path, "new", force=True)
    assert path.read_text(encoding="utf-8") == "new"


def test_protected_files_are_refused_even_with_force(tmp_path: Path) -> None:
    database = tmp_path / "r1.db"
    database.write_bytes(b"SQLite format 3\x00")
    protected = (database, tmp_path / "r1.db-wal")
    with pytest.raises(OutputError, match="is the database in use: choose another file"):
        write_bytes(database, b"", force=True, protected=protected)
    with pytest.raises(OutputError, match=r"is a working file of the database in use"):
        write_bytes(tmp_path / "r1.db-wal", b"", force=True, protected=protected)
    assert database.read_bytes() == b"SQLite format 3\x00"
    assert not (tmp_path / "r1.db-wal").exists()


def test_a_symlink_is_never_followed(tmp_path: Path) -> None:
    victim = tmp_path / "victim"
    victim.write_text("keep", encoding="utf-8")
    link = tmp_path / "link"
    link.symlink_to(victim)
    dangling = tmp_path / "dangling"
    dangling.symlink_to(tmp_path / "nowhere")
    for target in (link, dangling):
        with pytest.raises(OutputError, match="is a symbolic link"):
            write_text(target, "new", force=True)
    assert victim.read_text(encoding="utf-8") == "keep"
    assert not (tmp_path / "nowhere").exists()


def test_a_folder_or_a_device_is_not_a_file_to_replace(tmp_path: Path) -> None:
    with pytest.raises(OutputError, match="is a folder"):
        write_text(tmp_path, "x", force=True)
    os.mkfifo(tmp_path / "fifo")
    with pytest.raises(OutputError, match="is not a regular file"):
        write_text(tmp_path / "fifo", "x", force=True)


def test_a_failure_in_the_block_keeps_the_old_file(tmp_path: Path) -> None:
    path = tmp_path / "out.csv"
    path.write_text("old", encoding="utf-8")

    def broken_export() -> None:
        with open_text(path, force=True) as handle:
            handle.write("half")
            raise RuntimeError("the export broke")

    with pytest.raises(RuntimeError):
        broken_export()
    assert path.read_text(encoding="utf-8") == "old"
    assert leftovers(tmp_path) == []


def test_a_failed_rename_keeps_the_old_file(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    path = tmp_path / "out.pdf"
    path.write_bytes(b"old")

    def full(*args: object) -> None:
        raise OSError(28, "No space left on device")

    monkeypatch.setattr(output_files.os, "replace", full)
    with pytest.raises(OutputError, match=r"cannot write .*out.pdf: No space left on device\."):
        write_bytes(path, b"new", force=True)
    assert path.read_bytes() == b"old"
    assert leftovers(tmp_path) == []


def test_a_file_that_appears_during_the_work_is_not_replaced(tmp_path: Path) -> None:
    path = tmp_path / "late.txt"

    def overtaken() -> None:
        with staged(path) as temporary:
            temporary.write_text("mine", encoding="utf-8")
            path.write_text("someone else's", encoding="utf-8")

    with pytest.raises(OutputError, match="already exists"):
        overtaken()
    assert path.read_text(encoding="utf-8") == "someone else's"
    assert leftovers(tmp_path) == []


def test_only_an_existing_regular_file_is_a_refusal_a_person_may_overrule(tmp_path: Path) -> None:
    """The TUI asks before replacing on TargetExists, and offers nothing for the rest."""
    database = tmp_path / "r1.db"
    database.write_bytes(b"SQLite format 3\x00")
    protected = (database, tmp_path / "r1.db-wal")
    existing = tmp_path / "report.pdf"
    existing.write_bytes(b"old")
    link = tmp_path / "link.pdf"
    link.symlink_to(existing)
    check_target(tmp_path / "new.pdf", protected=protected)
    with pytest.raises(TargetExists):
        check_target(existing, protected=protected)
    check_target(existing, force=True, protected=protected)
    for refused in (database, tmp_path / "r1.db-wal", link, tmp_path):
        with pytest.raises(OutputError) as raised:
            check_target(refused, protected=protected)
        assert not isinstance(raised.value, TargetExists), refused


def test_folders_are_created_owner_only(tmp_path: Path) -> None:
    folder = tmp_path / "a" / "b"
    before = os.umask(0o022)
    try:
        make_folder(folder)
    finally:
        os.umask(before)
    assert mode(tmp_path / "a") == 0o700
    assert mode(folder) == 0o700
    (tmp_path / "file").write_text("", encoding="utf-8")
    with pytest.raises(OutputError, match="is not a folder"):
        make_folder(tmp_path / "file" / "sub")


def test_a_missing_folder_is_named(tmp_path: Path) -> None:
    with pytest.raises(OutputError, match=r"the folder .*missing does not exist"):
        write_text(tmp_path / "missing" / "x.txt", "x")


def test_the_writer_imports_nothing_from_starframe() -> None:
    """It sits below every layer, so any of them may use it."""
    tree = ast.parse((ROOT / "starframe" / "output_files.py").read_text(encoding="utf-8"))
    imported = [
        node.module if isinstance(node, ast.ImportFrom) else alias.name
        for node in ast.walk(tree)
        if isinstance(node, ast.Import | ast.ImportFrom)
        for alias in node.names
    ]
    assert not [name for name in imported if name and name.startswith("starframe")]


def test_no_other_module_writes_files_itself() -> None:
    """Every output goes through the writer. The check cache (rebuilt at will, holding no
    personal data) and the database file itself are not outputs."""
    allowed = {"output_files.py", "definition/check_cache.py", "store/database.py"}
    raw = (".write_text(", ".write_bytes(", "os.replace(", "mkstemp(", '"w"', '"wb"', "O_CREAT")
    found = []
    for path in sorted((ROOT / "starframe").rglob("*.py")):
        name = path.relative_to(ROOT / "starframe").as_posix()
        source = path.read_text(encoding="utf-8")
        if name not in allowed and any(call in source for call in raw):
            found.append(name)
    assert found == []


def test_schema_replaces_its_files_only_with_force(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    from starframe.cli import main

    def run(*args: str) -> int:
        with pytest.raises(SystemExit) as ended:
            main(["schema", "-o", str(tmp_path / "schemas"), *args])
        return int(ended.value.code or 0)

    assert run() == 0
    star = tmp_path / "schemas" / "star.schema.json"
    star.write_text("{}", encoding="utf-8")
    capsys.readouterr()
    assert run() == 1
    assert "star.schema.json already exists: add --force" in capsys.readouterr().err
    assert star.read_text(encoding="utf-8") == "{}"
    assert run("--force") == 0
    assert star.read_text(encoding="utf-8") != "{}"


def test_edit_in_place_with_nothing_changed_leaves_the_file_byte_for_byte(tmp_path: Path) -> None:
    from starframe.output_files import edit_in_place, read_for_edit

    star = tmp_path / "star.yaml"
    star.write_bytes(b"name: A  # the author's comment\r\n")
    os.chmod(star, 0o644)
    before = os.stat(star)
    assert edit_in_place(read_for_edit(star), star.read_bytes()) is False
    after = os.stat(star)
    assert star.read_bytes() == b"name: A  # the author's comment\r\n"
    assert (after.st_ino, after.st_mtime_ns) == (before.st_ino, before.st_mtime_ns)


def test_edit_in_place_replaces_atomically_and_keeps_the_authors_mode(tmp_path: Path) -> None:
    from starframe.output_files import TEMPORARY_PREFIX, edit_in_place, read_for_edit

    star = tmp_path / "star.yaml"
    star.write_text("name: A\n", encoding="utf-8")
    os.chmod(star, 0o644)
    assert edit_in_place(read_for_edit(star), b"name: B\n") is True
    assert star.read_text(encoding="utf-8") == "name: B\n"
    assert stat.S_IMODE(os.stat(star).st_mode) == 0o644
    assert not list(tmp_path.glob(f"{TEMPORARY_PREFIX}*"))


def test_edit_in_place_refuses_a_file_changed_since_it_was_read(tmp_path: Path) -> None:
    from starframe.output_files import OutputError, edit_in_place, read_for_edit

    star = tmp_path / "star.yaml"
    star.write_text("name: A\n", encoding="utf-8")
    read = read_for_edit(star)
    star.write_text("name: edited in an editor\n", encoding="utf-8")
    with pytest.raises(OutputError, match="changed since starframe read it"):
        edit_in_place(read, b"name: B\n")
    assert star.read_text(encoding="utf-8") == "name: edited in an editor\n"


def test_read_for_edit_refuses_a_link(tmp_path: Path) -> None:
    from starframe.output_files import OutputError, read_for_edit

    real = tmp_path / "real.yaml"
    real.write_text("x: 1\n", encoding="utf-8")
    link = tmp_path / "star.yaml"
    link.symlink_to(real)
    with pytest.raises(OutputError, match="symbolic link"):
        read_for_edit(link)
