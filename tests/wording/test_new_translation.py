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


OLD_PL = (
    'starframe: 1\nkind: translation\nstar: tiny\nedition: "1.0"\nlanguage: pl\n'
    "name: Mała Gwiazda\nscales:\n  home:\n    name: Dom\n    ladder:\n"
    "      1: Nie mam gdzie mieszkać.\n      2: Szukam mieszkania z pomocą.\n"
)


def _editions(tmp_path: Path) -> Path:
    """Installed-style drafts: 1.0 with a Polish translation, and 1.1, which renames `home`
    to `housing` and rewords its point 2."""
    drafts = tmp_path / "drafts"
    drafts.mkdir()
    (drafts / "tiny.yaml").write_bytes(TINY.read_bytes())
    (drafts / "tiny.pl.yaml").write_text(OLD_PL, encoding="utf-8")
    newer = (
        TINY.read_text(encoding="utf-8")
        .replace(
            'edition: "1.0"',
            'edition: "1.1"\nsupersedes:\n  edition: "1.0"\n  scales:\n    home: housing',
        )
        .replace("  - id: home\n", "  - id: housing\n")
        .replace("I am looking for somewhere with help.", "I am looking for a home, with help.")
    )
    (drafts / "tiny-1.1.yaml").write_text(newer, encoding="utf-8")
    return drafts


def test_a_translation_carries_to_the_new_edition_of_an_installed_star(tmp_path: Path) -> None:
    drafts = _editions(tmp_path)
    before = _run("stars", "show", "tiny@1.1", "--lang", "pl", "--stars-dir", drafts)
    assert before.returncode == 1
    assert "no `pl` translation of tiny@1.1" in before.stderr
    target = drafts / "tiny-1.1.pl.yaml"
    done = _run(
        "new", "translation", "tiny@1.1", "--lang", "pl", "--from", "tiny@1.0",
        "--stars-dir", drafts, "-o", target,
    )  # fmt: skip
    assert done.returncode == 0, done.stderr
    assert "with 3 texts of the 1.0 translation (1 more left null" in done.stdout
    text = target.read_text(encoding="utf-8")
    housing = text.split("  housing:\n", 1)[1].split("\n  money:", 1)[0]
    assert '1: "Nie mam gdzie mieszkać."' in housing
    # Point 2 was reworded in 1.1: its old translation is a comment, the text is still to do.
    assert (
        "      # The 1.0 translation, of wording changed since:\n"
        "      # Szukam mieszkania z pomocą.\n      2: null\n"
    ) in housing
    after = _run("stars", "show", "tiny@1.1", "--lang", "pl", "--stars-dir", drafts)
    assert after.returncode == 0, after.stderr
    assert "Mała Gwiazda" in after.stdout
    assert "Nie mam gdzie mieszkać." in after.stdout
    checked = _run("validate", target, "--stars-dir", drafts)
    assert checked.returncode == 0, checked.stdout
    assert "SF501" not in checked.stdout


def test_from_another_star_or_a_newer_edition_is_refused_and_nothing_is_written(
    tmp_path: Path,
) -> None:
    drafts = _editions(tmp_path)
    other = tmp_path / "other.yaml"
    other.write_text(
        TINY.read_text(encoding="utf-8").replace("id: tiny\n", "id: other\n"), encoding="utf-8"
    )
    (tmp_path / "other.pl.yaml").write_text(OLD_PL.replace("star: tiny", "star: other"), "utf-8")
    target = tmp_path / "out.yaml"
    for older, said in (
        (str(other), "--from names other@1.0, another Star: give an older edition of tiny"),
        ("tiny@1.1", "--from names tiny@1.1, which is not older than 1.0"),
    ):
        done = _run(
            "new", "translation", drafts / "tiny.yaml", "--lang", "pl", "--from", older,
            "--stars-dir", drafts, "-o", target,
        )  # fmt: skip
        assert done.returncode == 1
        assert said in done.stderr
        assert not target.exists()


def test_the_language_is_stored_in_its_canonical_case_and_must_be_a_tag(tmp_path: Path) -> None:
    star_file = tmp_path / "tiny.yaml"
    star_file.write_bytes(TINY.read_bytes())
    done = _run("new", "translation", star_file, "--lang", "CY")
    assert done.returncode == 0, done.stderr
    assert "\nlanguage: cy\n" in (tmp_path / "tiny.cy.yaml").read_text(encoding="utf-8")
    own = _run("new", "translation", star_file, "--lang", "EN", "-o", tmp_path / "en.yaml")
    assert own.returncode == 1
    assert "tiny is written in `en`: name another language." in own.stderr
    bad = _run("new", "translation", star_file, "--lang", "Welsh please", "-o", tmp_path / "w.yaml")
    assert bad.returncode == 1
    assert "`Welsh please` is not a language tag" in bad.stderr
    assert not (tmp_path / "en.yaml").exists()
    assert not (tmp_path / "w.yaml").exists()
