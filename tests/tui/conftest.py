"""The TUI on a fixed catalog (the two bundled Stars), a fresh database and a fixed date.

Nothing here depends on what is installed: the plugin host loads no entry points and offers
only the bundled Star files and their practice cases; the database lives in the test's own
folder, which is also HOME (so the app shows it as `~/starframe.db`); "today" is 1 June 2024.

Snapshots: `snap_screens` keeps one SVG per test and terminal size under
`__snapshots__/<test file>/`, in pytest-textual-snapshot's format. Review a change, then
accept it with `.venv/bin/pytest tests/tui --snapshot-update`.
"""

from __future__ import annotations

import asyncio
import datetime as dt
import io
from collections.abc import Awaitable, Callable, Iterable
from pathlib import Path
from typing import Any

import pytest
from pytest_textual_snapshot import SVGImageExtension
from rich.console import Console
from syrupy.assertion import SnapshotAssertion
from textual.app import App
from textual.pilot import Pilot

from starframe import hookimpl
from starframe.plugins.host import PluginHost, make_plugin_host
from starframe.plugins.types import RegisterPracticeCase, RegisterStar
from starframe.practice.cases import CaseCatalog
from starframe.tui.app import StarframeApp, make_app
from tests.conftest import SHIPPED_STARS

TODAY = dt.date(2024, 6, 1)
JUSTICE_SCALES = [
    "accommodation",
    "living-skills",
    "mental-health",
    "friends-community",
    "relationships-family",
    "parenting-caring",
    "drugs-alcohol",
    "positive-use-of-time",
    "managing-feelings",
    "crime-free-life",
]

Scenario = Callable[[Pilot[None]], Awaitable[None]]


PRACTICE_CASES = {star: path.parent.parent / "practice" for star, path in SHIPPED_STARS.items()}
"""The bundled Stars' practice case folders."""


class BundledStars:
    """A plugin offering the two Stars shipped in plugins/ and their practice cases, from
    their files in the repo."""

    @hookimpl
    def starframe_register_stars(self, register: RegisterStar) -> None:
        register(SHIPPED_STARS["justice"])
        register(SHIPPED_STARS["parent-baby"])

    @hookimpl
    def starframe_register_practice_cases(self, register: RegisterPracticeCase) -> None:
        register(PRACTICE_CASES["justice"])
        register(PRACTICE_CASES["parent-baby"])


def fixed_host() -> PluginHost:
    return make_plugin_host(autoload=False, environ={}, plugins=[("bundled", BundledStars())])


def practice_cases() -> CaseCatalog:
    """The bundled practice cases, checked against the fixed host's Stars (as the app does)."""
    from starframe.catalog import build_catalog
    from starframe.practice.cases import build_case_catalog

    return build_case_catalog(build_catalog(host=fixed_host()))


@pytest.fixture(scope="session")
def check_cache(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """One check cache for the session: each test need not validate the Stars again."""
    return tmp_path_factory.mktemp("tui-cache")


@pytest.fixture(autouse=True)
def tui_env(tmp_path: Path, monkeypatch: pytest.MonkeyPatch, check_cache: Path) -> Path:
    monkeypatch.setenv("HOME", str(tmp_path))
    monkeypatch.setenv("STARFRAME_CACHE_DIR", str(check_cache))
    monkeypatch.delenv("STARFRAME_DB", raising=False)
    monkeypatch.delenv("NO_COLOR", raising=False)
    return tmp_path


@pytest.fixture
def db(tmp_path: Path) -> Path:
    return tmp_path / "starframe.db"


@pytest.fixture
def tui(db: Path) -> Callable[..., StarframeApp]:
    """Build the app as `starframe tui` would, on the fixed catalog, database and date."""

    def build(**options: Any) -> StarframeApp:
        settings: dict[str, Any] = {
            "db": str(db),
            "make_host": fixed_host,
            "today": lambda: TODAY,
            "cursor_blink": False,
        }
        settings.update(options)
        return make_app(**settings)

    return build


async def settle(pilot: Pilot[Any]) -> None:
    """Let the screen catch up: pending messages and background workers, until both are done.

    A worker can finish (and fill a table) during a pause, and a screen it fills may start
    another; so this goes round until a pause leaves no worker unfinished, then lets the last
    changes render.
    """
    app = pilot.app
    for _ in range(20):
        await pilot.pause()
        if all(worker.is_finished for worker in app.workers):
            break
        await app.workers.wait_for_complete()
    await pilot.pause()


async def keys(pilot: Pilot[Any], *pressed: str) -> None:
    for key in pressed:
        await pilot.press(key)
    await settle(pilot)


async def type_text(pilot: Pilot[Any], text: str) -> None:
    await pilot.press(*text)


def drive(app: App[Any], scenario: Scenario, size: tuple[int, int] = (80, 24)) -> None:
    """Run `scenario` against the app, headless, from a plain (non-async) test."""

    async def run() -> None:
        async with app.run_test(size=size) as pilot:
            await settle(pilot)
            await scenario(pilot)

    asyncio.run(run())


def screen_text(app: App[Any]) -> str:
    """The screen as plain text, for assertions and for readable snapshot failures."""
    console = Console(width=app.size.width, record=True, file=io.StringIO(), color_system=None)
    console.print(app.screen._compositor.render_update(full=True))
    return console.export_text()


async def steady_screenshot(pilot: Pilot[Any]) -> str:
    """A screenshot that a further pause no longer changes.

    Some widgets finish their work when idle, which can land just after a pause; two equal
    screenshots in a row mean the screen is done.
    """
    shot = ""
    for _ in range(10):
        await settle(pilot)
        previous, shot = shot, pilot.app.export_screenshot(title="starframe", simplify=True)
        if shot == previous:
            break
    return shot


SIZES = ((80, 24), (120, 40))
"""Every screen is checked at the smallest size it must work at, and a comfortable one."""


@pytest.fixture
def snap_screens(snapshot: SnapshotAssertion) -> Callable[..., None]:
    """Compare screenshots of the app with the accepted ones, one per terminal size.

    pytest-textual-snapshot's `snap_compare` starts the app once per size and does not wait
    for background workers; this uses its SVG snapshot format (and syrupy's
    `--snapshot-update`) but drives the app itself: the keys are pressed once, every worker
    is waited for, and the terminal is then resized, as a person would, before each further
    screenshot. Snapshots are named `<test>[<width>x<height>].svg`.
    """
    svg_snapshot = snapshot.use_extension(SVGImageExtension)

    def compare(
        app: App[Any],
        press: Iterable[str] = (),
        sizes: Iterable[tuple[int, int]] = SIZES,
        before: Scenario | None = None,
    ) -> None:
        """`before` runs first, for steps that must wait on the app between keys."""
        wanted = list(sizes)
        shots: list[tuple[str, str, str]] = []

        async def capture(pilot: Pilot[Any]) -> None:
            if before is not None:
                await before(pilot)
            await keys(pilot, *press)
            for width, height in wanted:
                if (width, height) != tuple(app.size):
                    await pilot.resize_terminal(width, height)
                await pilot.wait_for_scheduled_animations()
                svg = await steady_screenshot(pilot)
                shots.append((f"{width}x{height}", svg, screen_text(app)))

        drive(app, capture, wanted[0])
        for size, svg, text in shots:
            assert svg_snapshot(name=size) == svg, f"the screen at {size} now reads:\n{text}"

    return compare


def justice_scores(*points: int | str) -> dict[str, int | str]:
    return dict(zip(JUSTICE_SCALES, points, strict=True))


@pytest.fixture
def seeded(db: Path) -> Path:
    """P-0042: two complete Justice readings and a draft; P-0007: no readings yet."""
    seed_database(db)
    return db


def seed_database(db: Path) -> None:
    from starframe.catalog import build_catalog
    from starframe.readings.models import ActionItem, Person, Reading, Worker
    from starframe.readings.sources import InstalledDefinitions
    from starframe.readings.store import open_store

    catalog = build_catalog(host=fixed_host())

    def reading(day: dt.date, status: str, scores: dict[str, int | str], **more: Any) -> Reading:
        return Reading.model_validate(
            {
                "star": "justice",
                "edition": "1.0",
                "person": "P-0042",
                "worker": "W-01",
                "date": day,
                "status": status,
                "scores": scores,
                **more,
            }
        )

    readings = [
        reading(
            dt.date(2024, 1, 10),
            "complete",
            justice_scores(2, 3, 2, 4, 3, "n/a", 2, 3, 2, 3),
            notes={"accommodation": "Sofa surfing at a cousin's."},
        ),
        reading(
            dt.date(2024, 3, 15),
            "complete",
            justice_scores(4, 4, 3, 5, 4, "n/a", 3, 5, 4, 5),
            person_scores={"mental-health": 5},
            actions=[ActionItem(scale="accommodation", goal="Keep up the rent", who="person")],
        ),
        reading(dt.date(2024, 5, 20), "draft", {"accommodation": 6, "living-skills": 5}),
    ]
    with open_store(str(db)) as store, store.write() as writer:
        writer.add_worker(Worker(code="W-01", name="Sam Okafor"))
        writer.add_person(
            Person(code="P-0042", consent_date=dt.date(2024, 1, 2), display_name="Alex Doe")
        )
        writer.add_person(Person(code="P-0007", consent_date=dt.date(2024, 2, 1)))
        definitions = InstalledDefinitions(lambda: catalog).hashes(writer, readings)
        writer.add_readings(readings, definitions=definitions)


def stored_readings(db: Path, **filters: Any) -> list[Any]:
    from starframe.readings.store import open_store

    with open_store(str(db)) as store, store.read() as reader:
        return reader.readings(**filters)


# Practice


async def practice_as(pilot: Pilot[Any], name: str, code: str = "") -> None:
    """Home › Practice, the trainee's name and any session code, typed, then to the cases."""
    await keys(pilot, "p")
    await type_text(pilot, name)
    await keys(pilot, "enter")
    await type_text(pilot, code)
    await keys(pilot, "enter")


async def choose_case(pilot: Pilot[Any], title: str) -> None:
    """Highlight the case whose title starts with `title` in the case list and open it."""
    from textual.widgets import OptionList

    cases = pilot.app.screen.query_one("#practice-cases", OptionList)
    cases.focus()
    prompts = [str(cases.get_option_at_index(i).prompt) for i in range(cases.option_count)]
    cases.highlighted = next(i for i, prompt in enumerate(prompts) if prompt[2:].startswith(title))
    await keys(pilot, "enter")


async def answer_justice(pilot: Pilot[Any], answers: dict[str, Any]) -> None:
    """Score each Justice scale in `answers` by its key, down the list scale by scale, on a
    case not yet answered: a score moves on to the next scale by itself, n/a and a scale left
    unscored take `right`."""
    for scale in JUSTICE_SCALES:
        value = answers.get(scale)
        if isinstance(value, int):
            await pilot.press(str(value % 10))
            continue
        if value == "n/a":
            await pilot.press("x")
        await pilot.press("right")
    await settle(pilot)


def open_practice_session(db: Path, cases: list[str], *, closed: bool = False) -> str:
    """A trainer's session on the bundled `cases`, under the default rule; returns its code."""
    from starframe.practice.writer import PracticeWriter
    from starframe.readings.store import open_store

    catalog = practice_cases()
    chosen = [catalog.find(case_id).case for case_id in cases]
    with open_store(str(db)) as store, store.write() as writer:
        practice = PracticeWriter(writer)
        code = practice.open_session([c for c in chosen if c])
        if closed:
            practice.close_session(code)
    return code


def submit_practice(
    db: Path, code: str, trainee: str, case_id: str, scores: dict[str, Any]
) -> None:
    """A trainee's answers submitted from elsewhere (another terminal, or the CLI)."""
    from starframe.practice.writer import PracticeWriter
    from starframe.readings.store import open_store

    catalog = practice_cases()
    case = catalog.find(case_id).case
    assert case is not None
    with open_store(str(db)) as store, store.write() as writer:
        PracticeWriter(writer).submit(code, trainee, case, catalog.star_of(case), scores)
