"""Where a served room listens, and what is said about it before anyone opens it.

The rules, in one place so the command only prints what they decide:

- practice listens on 127.0.0.1 unless `--host` says otherwise; any other address is reachable
  by everyone on that network, and anyone who knows a session code can submit answers there,
  so binding to it prints a warning;
- the trainer's results listen on 127.0.0.1 only: they show every trainee's results and can
  close sessions. `--host` is refused unless `--allow-remote-trainer` is given too, and then
  a warning is printed;
- a port is 1 to 65535 and must be free: both are checked before the server starts, so a
  mistake is one line and exit 2, not a traceback from the web server.
"""

from __future__ import annotations

import errno
import ipaddress
import socket
from dataclasses import dataclass, field
from typing import Literal
from urllib.parse import urlsplit

Kind = Literal["practice", "trainer"]
LOOPBACK = "127.0.0.1"
DEFAULT_PORTS: dict[Kind, int] = {"practice": 8000, "trainer": 8001}
EVERY_ADDRESS = {"0.0.0.0", "::", ""}


class AddressRefused(ValueError):
    """The address or port cannot be used; the message says why and what to do instead."""


@dataclass(frozen=True)
class Address:
    """A checked place to listen, the address to read out, and the warnings to print first."""

    kind: Kind
    host: str
    port: int
    public_url: str | None = None
    warnings: tuple[str, ...] = field(default=())

    @property
    def local(self) -> bool:
        return is_loopback(self.host)

    @property
    def url(self) -> str:
        """The address to open, in full: the public URL when one was given."""
        if self.public_url:
            return self.public_url.rstrip("/") + "/"
        return f"http://{_url_host(shown_host(self.host))}:{self.port}/"


def is_loopback(host: str) -> bool:
    if host == "localhost":
        return True
    try:
        return ipaddress.ip_address(host).is_loopback
    except ValueError:
        return False


def shown_host(host: str) -> str:
    """For an address meaning "every interface", this machine's address on its network, which
    is what a trainee types; otherwise the host as given."""
    if host not in EVERY_ADDRESS:
        return host
    probe = socket.socket(socket.AF_INET, socket.SOCK_DGRAM)
    try:
        # No packet is sent: connecting a UDP socket only picks the interface a route uses.
        probe.connect(("192.0.2.1", 9))
        found: str = probe.getsockname()[0]
    except OSError:
        found = socket.gethostname()
    finally:
        probe.close()
    return found


def _url_host(host: str) -> str:
    return f"[{host}]" if ":" in host else host


def choose_address(
    kind: Kind,
    *,
    host: str | None,
    port: int | None,
    public_url: str | None = None,
    allow_remote_trainer: bool = False,
) -> Address:
    """The address `starframe serve KIND` listens on, with its warnings; AddressRefused when the
    options break a rule above."""
    chosen_port = DEFAULT_PORTS[kind] if port is None else port
    if not 1 <= chosen_port <= 65535:
        raise AddressRefused(f"--port {chosen_port} is not a port: give one from 1 to 65535.")
    if public_url is not None:
        check_public_url(public_url)
    warnings: list[str] = []
    if kind == "trainer":
        if host is not None and not allow_remote_trainer:
            raise AddressRefused(
                "the trainer's results listen on 127.0.0.1 only (they show every trainee's "
                "results and can close sessions): leave out --host, or add "
                "--allow-remote-trainer if you really mean to show them on the network."
            )
        if host is not None and not is_loopback(host):
            warnings.append(
                f"WARNING: the trainer's results will be open on {host}: anyone who can reach "
                "this address sees every trainee's results and can close sessions."
            )
    chosen_host = LOOPBACK if host is None else host
    if kind == "practice" and not is_loopback(chosen_host):
        warnings.append(
            f"WARNING: practice is open to the network on {chosen_host}: anyone on it who "
            "knows a session code can submit answers in that session."
        )
    return Address(kind, chosen_host, chosen_port, public_url, tuple(warnings))


def check_public_url(url: str) -> None:
    parts = urlsplit(url)
    if parts.scheme not in {"http", "https"} or not parts.hostname:
        raise AddressRefused(
            f"--public-url {url} is not a web address: give it whole, e.g. "
            "https://room.example.org (the address trainees open, before any proxy)."
        )


def check_free(address: Address) -> None:
    """AddressRefused unless `address` can be listened on now (free port, an address of this
    machine, a port the user may open)."""
    family = socket.AF_INET6 if ":" in address.host else socket.AF_INET
    probe = socket.socket(family, socket.SOCK_STREAM)
    try:
        probe.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
        probe.bind((address.host, address.port))
    except OSError as error:
        raise AddressRefused(_bind_failure(address, error)) from None
    finally:
        probe.close()


def _bind_failure(address: Address, error: OSError) -> str:
    where = f"{address.host}:{address.port}"
    if error.errno == errno.EADDRINUSE:
        return (
            f"port {address.port} is in use on {address.host}: stop what uses it, or choose "
            "another with --port."
        )
    if error.errno == errno.EACCES:
        return f"cannot listen on {where}: ports below 1024 need privileges; use --port 8000."
    if error.errno in {errno.EADDRNOTAVAIL, socket.EAI_NONAME} or isinstance(
        error, socket.gaierror
    ):
        return f"cannot listen on {where}: {address.host} is not an address of this machine."
    return f"cannot listen on {where}: {error.strerror or error}."
