"""Fixtures for the PDF tests: byte-identical output, Stars to print, and reading PDFs back."""

from __future__ import annotations

import datetime as dt
import io
import os
import subprocess
import sys
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from pathlib import Path

import pytest
from pypdf import PdfReader

from starframe.definition.load import load_star_file, load_star_text
from starframe.definition.models import NA, Star
from starframe.readings.models import ActionItem, Person, Reading, Worker
from starframe.readings.store import open_store
from tests.conftest import SHIPPED_STARS, TINY_STAR

STARFRAME = Path(sys.executable).parent / "starframe"
MARKUP_NOTE = "<b>5 & 6</b> <font size=90>"
"""Text that ReportLab would read as markup if it were not escaped."""
WELSH = "Rwy'n byw mewn tŷ; mae'r ŵyr yn helpu"
POLISH = "Mieszkam w domu, żyję spokojnie; łatwo mi ścielić łóżko"
GREEK = "Ζω σε ένα σπίτι με ασφάλεια"


@pytest.fixture(autouse=True, scope="session")
def invariant_pdfs() -> Iterator[None]:
    """ReportLab's invariant mode: no creation date or random id, so bytes repeat."""
    from reportlab import rl_config

    before = rl_config.invariant
    rl_config.invariant = 1
    yield
    rl_config.invariant = before


def star_from(path: Path) -> Star:
    star = load_star_file(path).star
    assert star is not None
    return star


@pytest.fixture(scope="session")
def justice() -> Star:
    return star_from(SHIPPED_STARS["justice"])


@pytest.fixture(scope="session")
def parent_baby() -> Star:
    return star_from(SHIPPED_STARS["parent-baby"])


@pytest.fixture(scope="session")
def tiny() -> Star:
    return star_from(TINY_STAR)


def tiny_variant(*replacements: tuple[str, str]) -> Star:
    """The tiny Star with some of its text replaced (each replacement must apply)."""
    text = TINY_STAR.read_text(encoding="utf-8")
    for old, new in replacements:
        assert old in text, old
        text = text.replace(old, new, 1)
    loaded = load_star_text(text.encode(), "variant.yaml")
    assert loaded.star is not None, [p.message for p in loaded.problems]
    return loaded.star


@pytest.fixture(scope="session")
def multilingual() -> Star:
    """Welsh, Polish and Greek wording, which ReportLab's bundled fonts cannot show."""
    return tiny_variant(
        ("label: Home", "label: Cartref ŵ ŷ"),
        ("label: Money", "label: Pieniądze łżś"),
        ("label: Health", "label: Υγεία"),
        ("1: I have nowhere to live.", f"1: {WELSH}"),
        ("1: My debts are out of control.", f"1: {POLISH}"),
        ("1: I am unwell and not getting help.", f"1: {GREEK}"),
        ("name: Early days", "name: Dyddiau cynnar"),
    )


@dataclass
class Pdf:
    pages: int
    text: str
    page_texts: list[str]

    @property
    def words(self) -> str:
        """The text with every run of whitespace made one space (lines wrap anywhere)."""
        return " ".join(self.text.split())


def read_pdf(data: bytes) -> Pdf:
    assert data.startswith(b"%PDF-")
    reader = PdfReader(io.BytesIO(data))
    texts = [page.extract_text() for page in reader.pages]
    return Pdf(len(reader.pages), "\n".join(texts), texts)


@pytest.fixture
def cli_env(tmp_path: Path) -> dict[str, str]:
    """The environment for running the real `starframe` command: its own cache and database."""
    env = {k: v for k, v in os.environ.items() if not k.startswith("STARFRAME_")}
    env["STARFRAME_CACHE_DIR"] = str(tmp_path / "cache")
    env["STARFRAME_DB"] = str(tmp_path / "starframe.db")
    return env


@dataclass
class Run:
    code: int
    stdout: str
    stderr: str


RunCli = Callable[..., Run]


@pytest.fixture
def run_cli(cli_env: dict[str, str]) -> RunCli:
    """Runs the installed `starframe` entry point, as a user would."""

    def run(*args: str) -> Run:
        done = subprocess.run(
            [str(STARFRAME), *args], env=cli_env, capture_output=True, text=True, timeout=120
        )
        return Run(done.returncode, done.stdout, done.stderr)

    return run


LONG_NOTE = " ".join(f"Sentence {n} of a long note about the week." for n in range(1, 220))
"""About 10,000 characters: must flow over more than one page."""


@dataclass(frozen=True)
class Seeded:
    db: Path
    reading_ids: dict[str, str]
    """Name → reading id: p1-first, p1-second, p1-latest, p2-only, p3-draft."""


def justice_reading(person: str, day: str, base: int, definition: str, **extra: object) -> Reading:
    """A complete Justice reading whose scores rise with `base` (parenting `n/a`)."""
    star = star_from(SHIPPED_STARS["justice"])
    scores: dict[str, int | str] = {
        scale.id: min(star.points, base + index % 3) for index, scale in enumerate(star.scales)
    }
    scores["parenting-caring"] = NA
    values: dict[str, object] = {
        "star": "justice",
        "edition": "1.0",
        "definition": definition,
        "person": person,
        "worker": "W-01",
        "date": dt.date.fromisoformat(day),
        "scores": scores,
        **extra,
    }
    return Reading.model_validate(values)


def seed_store(path: Path, extra_people: int = 0) -> Seeded:
    """A database with three people on the Justice Star, and `extra_people` more."""
    raw = SHIPPED_STARS["justice"].read_bytes()
    consent = dt.date(2024, 1, 1)
    with open_store(str(path)) as store, store.write() as writer:
        definition = writer.put_definition(raw)
        writer.add_worker(Worker(code="W-01", name="Sam Jones"))
        codes = ["P-0001", "P-0002", "P-0003", *(f"X-{n:04d}" for n in range(extra_people))]
        for code in codes:
            writer.add_person(Person(code=code, consent_date=consent))
        readings = [
            justice_reading("P-0001", "2024-01-10", 2, definition),
            justice_reading("P-0001", "2024-05-02", 4, definition),
            justice_reading(
                "P-0001",
                "2024-09-20",
                6,
                definition,
                person_scores={"accommodation": 9},
                note=f"{MARKUP_NOTE}\n{LONG_NOTE}",
                notes={"accommodation": f"{WELSH}. {POLISH}. {GREEK}."},
                not_applicable_reasons={"parenting-caring": "No children."},
                actions=[
                    ActionItem(
                        scale="accommodation",
                        goal="Keep paying the rent on time",
                        steps="Set up a standing order with the bank.",
                        who="person and worker",
                        by=dt.date(2024, 10, 31),
                    )
                ],
            ),
            justice_reading("P-0002", "2024-03-03", 5, definition),
            justice_reading("P-0003", "2024-04-04", 3, definition, status="draft"),
            *(
                justice_reading(code, day, base, definition)
                for code in codes[3:]
                for day, base in (("2024-02-01", 3), ("2024-08-01", 5))
            ),
        ]
        stored = writer.add_readings(readings)
    names = ["p1-first", "p1-second", "p1-latest", "p2-only", "p3-draft"]
    return Seeded(path, {name: str(r.id) for name, r in zip(names, stored, strict=False)})


@pytest.fixture(scope="session")
def seeded(tmp_path_factory: pytest.TempPathFactory) -> Seeded:
    return seed_store(tmp_path_factory.mktemp("store") / "starframe.db")
