"""`starframe serve practice|trainer` through the installed command: where it listens, what it
says first, what it refuses, and that Ctrl+C leaves no app behind."""

from __future__ import annotations

import asyncio
import socket
import time
from pathlib import Path
from typing import Any

import aiohttp
import pytest

from tests.serve.conftest import alive, children_of, free_port, run_starframe


def one_line_error(result: Any) -> str:
    lines = result.stderr.strip().splitlines()
    assert len(lines) == 1, result.stderr
    assert "Traceback" not in result.stderr
    return str(lines[0])


def test_serve_lists_practice_and_trainer_and_hides_the_app_command() -> None:
    result = run_starframe("serve", "--help")
    assert result.returncode == 0
    assert "practice" in result.stdout
    assert "trainer" in result.stdout
    assert " app " not in result.stdout


def test_the_trainer_refuses_a_host_without_the_flag(room_db: Path) -> None:
    result = run_starframe("serve", "trainer", "--db", str(room_db), "--host", "0.0.0.0")
    assert result.returncode == 2
    line = one_line_error(result)
    assert "127.0.0.1 only" in line
    assert "--allow-remote-trainer" in line
    assert result.stdout == ""


@pytest.mark.parametrize("port", ["0", "70000"])
def test_a_bad_port_is_one_line_and_exit_2(room_db: Path, port: str) -> None:
    result = run_starframe("serve", "practice", "--db", str(room_db), "--port", port)
    assert result.returncode == 2
    assert "give one from 1 to 65535" in one_line_error(result)


def test_a_port_in_use_is_one_line_and_exit_2(room_db: Path) -> None:
    with socket.socket() as taken:
        taken.bind(("127.0.0.1", 0))
        taken.listen()
        port = taken.getsockname()[1]
        result = run_starframe("serve", "practice", "--db", str(room_db), "--port", str(port))
    assert result.returncode == 2
    assert f"port {port} is in use" in one_line_error(result)


def test_a_database_that_cannot_be_opened_is_one_line(room_home: Path) -> None:
    broken = room_home / "room.db"
    broken.write_text("not a database\n" * 100, encoding="utf-8")
    result = run_starframe("serve", "practice", "--db", str(broken), "--port", str(free_port()))
    assert result.returncode == 1
    assert one_line_error(result).startswith("starframe: error:")


def test_practice_listens_on_loopback_and_prints_the_address(serve: Any, room_db: Path) -> None:
    port = free_port()
    served = serve("practice", "--db", str(room_db), "--port", str(port))
    line = served.wait_listening(port)
    assert f"http://127.0.0.1:{port}/" in line
    assert "WARNING" not in "".join(served.err)
    assert served.stop() == 0
    assert "every app this server started has ended" in "".join(served.out)


def test_practice_on_the_network_warns_first(serve: Any, room_db: Path) -> None:
    port = free_port()
    served = serve("practice", "--db", str(room_db), "--host", "0.0.0.0", "--port", str(port))
    line = served.wait_listening(port)
    assert "0.0.0.0" not in line
    assert "knows a session code can submit answers" in "".join(served.err)


def test_a_remote_trainer_needs_the_flag_and_warns(serve: Any, room_db: Path) -> None:
    port = free_port()
    served = serve(
        "trainer",
        "--db",
        str(room_db),
        "--host",
        "0.0.0.0",
        "--allow-remote-trainer",
        "--port",
        str(port),
    )
    served.wait_listening(port)
    assert "can close sessions" in "".join(served.err)


async def open_tabs(url: str, count: int, origin: str) -> list[Any]:
    """`count` app websockets, as that many browser tabs open them."""
    session = aiohttp.ClientSession()
    sockets = [
        await session.ws_connect(f"{url}ws?width=80&height=24", headers={"Origin": origin})
        for _ in range(count)
    ]
    return [session, *sockets]


def wait_for(check: Any, seconds: float = 60) -> Any:
    deadline = time.monotonic() + seconds
    while time.monotonic() < deadline:
        if found := check():
            return found
        time.sleep(0.1)
    raise AssertionError("timed out")


def test_ctrl_c_ends_every_app_the_server_started(serve: Any, room_db: Path) -> None:
    port = free_port()
    served = serve("practice", "--db", str(room_db), "--port", str(port))
    served.wait_listening(port)
    origin = f"http://127.0.0.1:{port}"

    async def scenario() -> None:
        opened = await open_tabs(origin + "/", 2, origin)
        apps = wait_for(lambda: len(children_of(served.pid)) == 2 and children_of(served.pid))
        assert all(alive(pid) for pid in apps)
        assert await asyncio.to_thread(served.stop) == 0
        assert [pid for pid in apps if alive(pid)] == []
        await opened[0].close()

    asyncio.run(scenario())


def test_a_page_of_another_origin_cannot_open_an_app(serve: Any, room_db: Path) -> None:
    practice_port, trainer_port = free_port(), free_port()
    practice = serve("practice", "--db", str(room_db), "--port", str(practice_port))
    trainer = serve("trainer", "--db", str(room_db), "--port", str(trainer_port))
    practice.wait_listening(practice_port)
    trainer.wait_listening(trainer_port)

    async def refused(url: str, origin: str, host: str | None = None) -> int:
        headers = {"Origin": origin} | ({"Host": host} if host else {})
        async with (
            aiohttp.ClientSession() as session,
            session.get(
                url + "ws",
                headers={
                    **headers,
                    "Upgrade": "websocket",
                    "Connection": "Upgrade",
                    "Sec-WebSocket-Version": "13",
                    "Sec-WebSocket-Key": "dGhlIHNhbXBsZSBub25jZQ==",
                },
            ) as response,
        ):
            return response.status

    trainer_url = f"http://127.0.0.1:{trainer_port}/"

    async def scenario() -> None:
        # The practice page's own origin may not drive the trainer's app, nor may a DNS
        # name pointed at 127.0.0.1 (a rebinding attack).
        assert await refused(trainer_url, f"http://127.0.0.1:{practice_port}") == 403
        assert await refused(trainer_url, "http://evil.example") == 403
        rebound = f"evil.example:{trainer_port}"
        assert await refused(trainer_url, f"http://{rebound}", host=rebound) == 403

    asyncio.run(scenario())
    assert children_of(trainer.pid) == set()
