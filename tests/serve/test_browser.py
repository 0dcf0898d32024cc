"""The training room in a real browser: Debian's Chromium, driven by Playwright.

textual-serve draws each app's terminal on a canvas, so the page holds no text to read: what a
tab shows is read from the app's own screen (each served app keeps it as text in `screens/`,
the test-only switch `STARFRAME_SERVE_SCREENS`), and what a trainee did from the database.
Keys go to the page as a person types them. Timeouts only guard against a hang.

`STARFRAME_DOCS_SCREENSHOTS=1` also saves the trainee's and the trainer's pages as the PNGs in
docs/images that docs/trainers.md shows.
"""

from __future__ import annotations

import os
import time
from pathlib import Path
from typing import Any

import pytest

from tests.conftest import ROOT
from tests.serve.conftest import alive, children_of, free_port, run_starframe

pytestmark = pytest.mark.slow

WAIT_SECONDS = 90.0
"""Guards against a hang: under load an app is ready within about ten seconds."""
DEAN = "dean-after-release"
ANA = [3, 3, 2, 2, 2, 2, 3, 2, 1, 3]
"""Dean's reference scores: Ana matches them all."""
BEN = [4, 4, 3, 3, 2, 2, 3, 2, 2, 3]
VIEWPORT = {"width": 1200, "height": 760}


class Tab:
    """One browser tab on a served app, and that app's screen as text."""

    def __init__(self, browser: Any, screens: Path, url: str) -> None:
        before = set(screens.glob("*.txt"))
        self.context = browser.new_context(viewport=VIEWPORT, accept_downloads=True)
        self.page = self.context.new_page()
        self.page.set_default_timeout(WAIT_SECONDS * 1000)
        self.page.goto(url)
        self.file: Path = wait_for(lambda: next(iter(set(screens.glob("*.txt")) - before), None))
        self.pid = int(self.file.stem)

    def text(self) -> str:
        try:
            return self.file.read_text(encoding="utf-8")
        except FileNotFoundError:
            return ""

    def wait_text(self, *wanted: str) -> str:
        found = wait_for(lambda: all(w in self.text() for w in wanted) and self.text(), quiet=True)
        if not found:
            raise AssertionError(f"{wanted} never shown; the screen reads:\n{self.text()}")
        return str(found)

    def type(self, text: str) -> None:
        self.page.focus("textarea")
        self.page.keyboard.type(text, delay=25)
        self.wait_text(text)

    def press(self, *keys: str) -> None:
        self.page.focus("textarea")
        for key in keys:
            self.page.keyboard.press(key, delay=25)

    def close(self) -> None:
        self.context.close()


def wait_for(check: Any, seconds: float = WAIT_SECONDS, *, quiet: bool = False) -> Any:
    deadline = time.monotonic() + seconds
    while time.monotonic() < deadline:
        if found := check():
            return found
        time.sleep(0.1)
    if quiet:
        return None
    raise AssertionError("timed out")


def join_and_score(tab: Tab, name: str, code: str, points: list[int]) -> None:
    """As a trainee: name, session code, the session's case, a score per scale, submit."""
    tab.wait_text("Your name", "Session code")
    tab.type(name)
    tab.press("Enter")
    time.sleep(1)  # the focus moves to the code field once Enter is handled
    tab.type(code)
    tab.press("Enter")
    tab.wait_text(f"Cases of session {code}")
    tab.press("Enter")
    tab.wait_text("Vignette", "v shows the ladder")
    for number, point in enumerate(points, start=1):
        tab.press(str(point % 10))  # a first score moves on to the next scale by itself
        tab.wait_text(f"{number} of 10 ")  # "(3 of 10 done)", then "10 of 10 scored"
    tab.press("f")
    tab.wait_text("Submit your answers")
    tab.press("y")
    tab.wait_text("Feedback:", name)


def stored_answers(db: Path, code: str) -> dict[str, list[Any]]:
    """Each trainee's answers to Dean, as the database holds them."""
    from starframe.catalog import build_catalog
    from starframe.practice.cases import build_case_catalog
    from starframe.practice.sessions import session_results
    from starframe.readings.store import open_store

    cases = build_case_catalog(build_catalog())
    with open_store(str(db)) as store, store.read() as reader:
        results = session_results(reader.connection, code, cases)
    (dean,) = results.cases
    return {name: [s.own for s in fb.scales] for name, fb in dean.feedback.items()}


def open_session(db: Path) -> str:
    result = run_starframe("practice", "session", "new", "--case", DEAN, "--db", str(db))
    assert result.returncode == 0, result.stderr
    return result.stdout.split()[0]


def docs_screenshot(tab: Tab, name: str) -> None:
    if os.environ.get("STARFRAME_DOCS_SCREENSHOTS") != "1":
        return
    from starframe.output_files import write_bytes

    write_bytes(ROOT / "docs" / "images" / name, tab.page.screenshot(), force=True)


@pytest.fixture
def room(serve: Any, room_db: Path, room_home: Path) -> dict[str, Any]:
    """A session on Dean's case, practice and the trainer's results served, screens kept."""
    code = open_session(room_db)
    env = {"STARFRAME_SERVE_SCREENS": str(room_home / "screens")}
    ports = {"practice": free_port(), "trainer": free_port()}
    servers = {
        kind: serve(kind, "--db", str(room_db), "--port", str(port), env=env)
        for kind, port in ports.items()
    }
    for kind, served in servers.items():
        served.wait_listening(ports[kind])
    return {
        "code": code,
        "screens": room_home / "screens",
        "servers": servers,
        "url": {kind: f"http://127.0.0.1:{port}/" for kind, port in ports.items()},
    }


def test_two_trainees_score_and_the_trainer_sees_both(
    browser: Any, room: dict[str, Any], room_db: Path, room_home: Path
) -> None:
    from pypdf import PdfReader

    code, screens, url = room["code"], room["screens"], room["url"]
    trainer = Tab(browser, screens, url["trainer"])
    trainer.wait_text("Session code")
    ana = Tab(browser, screens, url["practice"])
    ben = Tab(browser, screens, url["practice"])

    join_and_score(ana, "Ana Silva", code, ANA)
    join_and_score(ben, "Ben Okoro", code, BEN)
    assert stored_answers(room_db, code) == {"Ana Silva": ANA, "Ben Okoro": BEN}
    assert "PASSED" in ana.text()

    trainer.type(code)
    trainer.press("Enter")
    trainer.wait_text("Ana Silva", "Ben Okoro")

    with ana.page.expect_download() as download:
        ana.press("d")
    assert download.value.suggested_filename == f"feedback-{code}.pdf"
    sheet = room_home / "sheet.pdf"
    download.value.save_as(sheet)
    assert "Ana Silva" in "".join(page.extract_text() for page in PdfReader(sheet).pages)

    docs_screenshot(trainer, "serve-trainer.png")
    ana.press("Escape")
    ana.wait_text("Cases of session")
    docs_screenshot(ana, "serve-trainee.png")
    for tab in (ana, ben, trainer):
        tab.close()


def test_a_trainee_page_reaches_practice_only_and_a_closed_tab_ends_its_app(
    browser: Any, room: dict[str, Any]
) -> None:
    screens, url = room["screens"], room["url"]
    practice = room["servers"]["practice"]
    tab = Tab(browser, screens, url["practice"])
    other = Tab(browser, screens, url["practice"])
    tab.wait_text("Your name")
    other.wait_text("Your name")

    # The keys that lead to the trainer's screens in the terminal lead nowhere here.
    # (The palette is left to tests/tui/test_reach.py: Chromium keeps Ctrl+P for printing.)
    tab.press("Control+t", "Control+n", "Escape")
    time.sleep(2)
    assert "Your name" in tab.text()
    assert "Follow a session" not in tab.text()
    assert "New practice session" not in tab.text()

    # Nor can the page's own script open the trainer's app or read its page.
    trainer_socket = url["trainer"].replace("http", "ws") + "ws"
    outcome = tab.page.evaluate(
        """(address) => new Promise((done) => {
            const socket = new WebSocket(address);
            socket.onopen = () => done("opened");
            socket.onerror = () => done("refused");
            setTimeout(() => done("no answer"), 20000);
        })""",
        trainer_socket,
    )
    assert outcome == "refused"
    fetched = tab.page.evaluate(
        "(address) => fetch(address).then(r => 'read ' + r.status, () => 'blocked')",
        url["trainer"],
    )
    assert fetched == "blocked"
    assert children_of(room["servers"]["trainer"].pid) == set()

    # Closing a tab ends its app; the other tab's app carries on.
    assert {tab.pid, other.pid} <= children_of(practice.pid)
    tab.close()
    wait_for(lambda: not alive(tab.pid))
    assert alive(other.pid)
    other.close()
    wait_for(lambda: not alive(other.pid))
