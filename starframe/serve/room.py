"""The web server of a training room: textual-serve, one app process per browser tab.

textual-serve's `Server` starts the command it is given for every tab that connects (a
websocket) and draws that app's terminal on the page. starframe's server adds what a room
needs around it:

- the command is starframe's own served app (`starframe serve app practice|trainer`, see
  `starframe.tui.reach`), never anything a page can choose; the database is handed down in
  the environment (`STARFRAME_DB`), so a password in a URL is on no process's command line;
- a tab's websocket is accepted only from a page of this same server (its Origin must be the
  address the browser asked for, or `--public-url`): another site, or the practice page,
  cannot drive the trainer's app. The trainer's server also answers only to a loopback Host,
  so a DNS name pointed at 127.0.0.1 cannot reach it either;
- the page fetches nothing from the Internet (a hotspot room has none) and the websocket
  address follows the address the browser used, so `--host 0.0.0.0` works without
  `--public-url`;
- Ctrl+C (or SIGTERM) quits every app it started, and kills any that do not quit within
  `STOP_SECONDS`, so no process is left behind.
"""

from __future__ import annotations

import asyncio
import contextlib
import logging
import shlex
import signal
import sys
from pathlib import Path
from typing import TYPE_CHECKING, Any
from urllib.parse import urlsplit

import aiohttp_jinja2
from aiohttp import web
from textual_serve.app_service import AppService
from textual_serve.server import Server, to_int

from starframe.serve.address import Address, is_loopback

if TYPE_CHECKING:
    from starframe.serve.address import Kind

TEMPLATES = Path(__file__).parent / "templates"
STOP_SECONDS = 3.0
"""How long an app has to quit on Ctrl+C before it is killed."""
TITLES: dict[Kind, str] = {
    "practice": "starframe practice",
    "trainer": "starframe trainer: live results",
}
log = logging.getLogger("starframe.serve")


def app_command(
    kind: Kind,
    *,
    cases_dirs: tuple[Path, ...] = (),
    stars_dirs: tuple[Path, ...] = (),
    lang: str | None = None,
) -> str:
    """The shell command each tab runs: this Python's starframe, confined to `kind`.

    `exec` makes the app the process the server started, so stopping it stops the app.
    """
    words = [sys.executable, "-m", "starframe", "serve", "app", kind]
    for folder in cases_dirs:
        words += ["--cases-dir", str(folder.resolve())]
    for folder in stars_dirs:
        words += ["--stars-dir", str(folder.resolve())]
    if lang:
        words += ["--lang", lang]
    return "exec " + shlex.join(words)


class RoomServer(Server):
    """textual-serve's server for one kind of room app (see the module's docstring)."""

    def __init__(self, command: str, address: Address) -> None:
        import textual_serve

        statics = Path(textual_serve.__file__).parent / "static"
        super().__init__(
            command,
            host=address.host,
            port=address.port,
            title=TITLES[address.kind],
            public_url=address.public_url,
            statics_path=statics,
            templates_path=TEMPLATES,
        )
        self.address = address
        self.services: dict[str, tuple[AppService, web.WebSocketResponse]] = {}

    # Who may connect

    def _origins(self, request: web.Request) -> set[str]:
        allowed = {f"{request.scheme}://{request.host}"}
        if self.address.public_url:
            parts = urlsplit(self.address.public_url)
            allowed.add(f"{parts.scheme}://{parts.netloc}")
        return allowed

    def refusal(self, request: web.Request) -> str | None:
        """Why this request may not open an app, or None when it may."""
        if self.address.kind == "trainer" and self.address.local:
            hostname = urlsplit(f"//{request.host}").hostname or ""
            if not is_loopback(hostname):
                return "the trainer's results answer only at 127.0.0.1."
        origin = request.headers.get("Origin")
        if origin is not None and origin not in self._origins(request):
            return f"a page from {origin} may not open this server's app."
        return None

    # Pages

    @aiohttp_jinja2.template("app_index.html")
    async def handle_index(self, request: web.Request) -> dict[str, Any]:
        if (reason := self.refusal(request)) is not None:
            raise web.HTTPForbidden(text=reason)
        base = self.address.public_url or f"{request.scheme}://{request.host}"
        base = base.rstrip("/")
        socket_base = "wss" + base[5:] if base.startswith("https") else "ws" + base[4:]
        return {
            "font_size": to_int(request.query.get("fontsize", "16"), 16),
            "app_websocket_url": f"{socket_base}/ws",
            "config": {"static": {"url": f"{base}/static/"}},
            "application": {"name": self.title},
        }

    async def handle_websocket(self, request: web.Request) -> web.WebSocketResponse:
        """textual-serve's handler, after the origin check, keeping each app to stop later."""
        if (reason := self.refusal(request)) is not None:
            raise web.HTTPForbidden(text=reason)
        websocket = web.WebSocketResponse(heartbeat=15)
        width = to_int(request.query.get("width", "80"), 80)
        height = to_int(request.query.get("height", "24"), 24)
        service: AppService | None = None
        try:
            await websocket.prepare(request)
            service = AppService(
                self.command,
                write_bytes=websocket.send_bytes,
                write_str=websocket.send_str,
                close=lambda: _close(websocket),
                download_manager=self.download_manager,
                debug=False,
            )
            self.services[service.app_service_id] = (service, websocket)
            await service.start(width, height)
            await self._process_messages(websocket, service)
        except asyncio.CancelledError:
            await websocket.close()
        except Exception as error:  # one tab's failure is logged; the room carries on
            log.exception(error)
        finally:
            if service is not None:
                await stop_app(service)
                self.services.pop(service.app_service_id, None)
        return websocket

    # Starting and stopping

    async def on_startup(self, app: web.Application) -> None:
        """Nothing printed: the command has printed the address already."""

    async def on_shutdown(self, app: web.Application) -> None:
        """Every app quits (or is killed), then every page is told the room has closed."""
        running = list(self.services.values())
        await asyncio.gather(*(stop_app(service) for service, _ in running))
        await asyncio.gather(*(socket.close() for _, socket in running))

    def serve(self, debug: bool = False) -> None:
        """Listen until Ctrl+C or SIGTERM."""
        logging.basicConfig(level=logging.WARNING, format="%(name)s: %(message)s")
        loop = asyncio.new_event_loop()
        asyncio.set_event_loop(loop)
        loop.add_signal_handler(signal.SIGINT, self.request_exit)
        loop.add_signal_handler(signal.SIGTERM, self.request_exit)
        web.run_app(
            self._make_app(),
            host=self.host,
            port=self.port,
            handle_signals=False,
            loop=loop,
            print=None,
            access_log=None,
            shutdown_timeout=STOP_SECONDS,
        )


async def _close(websocket: web.WebSocketResponse) -> None:
    await websocket.close()


async def stop_app(service: AppService) -> None:
    """Ask the app to quit; kill it if it has not within `STOP_SECONDS`."""
    process = service._process
    with contextlib.suppress(TimeoutError, ConnectionError, RuntimeError):
        await asyncio.wait_for(service.stop(), STOP_SECONDS)
    if process is not None and process.returncode is None:
        process.kill()
        await process.wait()
