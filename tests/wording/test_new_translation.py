"""`starframe new translation`: every key null with the source above it; `--from` carries over."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

from starframe.definition.load import load_star_file
from starframe.definition.translation import check_against, load_translation_text

TINY = Path(__file__).resolve().parents[1] / "data" / "tiny-star.yaml"
STARFRAME = Path(sys.executable).parent / "starframe"


def _run(*args: str | Path) -> subprocess.CompletedProcess[str]:
    environ = {k: v for k, v in os.environ.items() if not k.startswith("STARFRAME_")}
    done = subprocess.run(
        [str(STARFRAME), *map(str, args)],
        capture_output=True,
        text=True,
        env=environ,
        timeout=60,
        check=False,
    )
    assert "Traceback" not in done.stdout + done.stderr
    return done


def test_every_text_is_null_and_counts_as_missing_not_as_an_error(tmp_path: Path) -> None:
    star_file = tmp_path / "tiny.yaml"
    star_file.write_bytes(TINY.read_bytes())
    done = _run("new", "translation", star_file, "--lang", "cy")
    assert done.returncode == 0, done.stderr
    written = tmp_path / "tiny.cy.yaml"
    text = written.read_text(encoding="utf-8")
    assert "      # I have nowhere to live.\n      1: null\n" in text
    star = load_star_file(star_file).star
    assert star is not None
    loaded = load_translation_text(text, str(written))
    check_against(loaded, star)
    assert not [p for p in loaded.problems if p.is_error]
    assert {p.code for p in loaded.problems} == {"SF411"}
    again = _run("new", "translation", star_file, "--lang", "cy")
    assert again.returncode == 1
    assert "already exists" in again.stderr


def test_from_an_older_edition_copies_texts_and_rekeys_renamed_scales(tmp_path: Path) -> None:
    old = tmp_path / "old"
    old.mkdir()
    (old / "tiny.yaml").write_bytes(TINY.read_bytes())
    (old / "tiny.cy.yaml").write_text(
        'starframe: 1\nkind: translation\nstar: tiny\nedition: "1.0"\nlanguage: cy\n'
        "name: Seren Fach\nscales:\n  home:\n    name: Cartref\n    ladder:\n"
        "      1: Does gen i ddim unman i fyw.\n",
        encoding="utf-8",
    )
    new_text = (
        TINY.read_text(encoding="utf-8")
        .replace(
            'edition: "1.0"',
            'edition: "1.1"\nsupersedes:\n  edition: "1.0"\n  scales:\n    home: housing',
        )
        .replace("  - id: home\n", "  - id: housing\n")
    )
    new = tmp_path / "tiny.yaml"
    new.write_text(new_text, encoding="utf-8")
    done = _run("new", "translation", new, "--lang", "cy", "--from", old / "tiny.yaml")
    assert done.returncode == 0, done.stderr
    text = (tmp_path / "tiny.cy.yaml").read_text(encoding="utf-8")
    assert 'edition: "1.1"' in text
    assert 'name: "Seren Fach"' in text
    housing = text.split("  housing:\n", 1)[1].split("\n  money:", 1)[0]
    assert 'name: "Cartref"' in housing
    assert '1: "Does gen i ddim unman i fyw."' in housing
    assert "2: null" in housing


def test_stars_show_says_how_complete_each_translation_is(tmp_path: Path) -> None:
    star_file = tmp_path / "tiny.yaml"
    star_file.write_bytes(TINY.read_bytes())
    assert _run("new", "translation", star_file, "--lang", "cy").returncode == 0
    shown = _run("stars", "show", star_file)
    # a new translation is every text null: nothing done yet
    assert shown.stdout.endswith("\nTranslations: cy 0%.\n")
    by_id = _run("stars", "show", "tiny", "--stars-dir", tmp_path)
    assert by_id.stdout.endswith("\nTranslations: cy 0%.\n")
    # the bundled Welsh Justice translation: the same share as its SF504 note
    assert "Translations: cy 16%." in _run("stars", "show", "justice").stdout
