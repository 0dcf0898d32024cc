"""Where a served room listens: loopback by default, warnings beyond it, the trainer kept local."""

from __future__ import annotations

import socket

import pytest

from starframe.serve.address import AddressRefused, check_free, choose_address


def test_practice_listens_on_loopback_by_default_without_a_warning() -> None:
    address = choose_address("practice", host=None, port=None)
    assert (address.host, address.port, address.warnings) == ("127.0.0.1", 8000, ())
    assert address.url == "http://127.0.0.1:8000/"


def test_practice_on_another_address_warns_about_session_codes() -> None:
    address = choose_address("practice", host="0.0.0.0", port=8080)
    (warning,) = address.warnings
    assert "anyone on it who knows a session code can submit answers" in warning
    assert address.url.endswith(":8080/")
    assert "0.0.0.0" not in address.url, "the address read out is one a trainee can type"


def test_a_public_url_is_the_address_read_out() -> None:
    address = choose_address(
        "practice", host="0.0.0.0", port=8000, public_url="https://room.example.org"
    )
    assert address.url == "https://room.example.org/"


def test_a_public_url_must_be_a_web_address() -> None:
    with pytest.raises(AddressRefused, match="not a web address"):
        choose_address("practice", host=None, port=None, public_url="room.example.org")


def test_the_trainer_listens_on_loopback_and_refuses_a_host() -> None:
    assert choose_address("trainer", host=None, port=None).host == "127.0.0.1"
    assert choose_address("trainer", host=None, port=None).port == 8001
    with pytest.raises(AddressRefused, match="--allow-remote-trainer"):
        choose_address("trainer", host="0.0.0.0", port=None)
    with pytest.raises(AddressRefused, match="--allow-remote-trainer"):
        choose_address("trainer", host="127.0.0.1", port=None)


def test_the_trainer_on_another_address_needs_the_flag_and_warns() -> None:
    address = choose_address("trainer", host="0.0.0.0", port=None, allow_remote_trainer=True)
    (warning,) = address.warnings
    assert "sees every trainee's results and can close sessions" in warning


@pytest.mark.parametrize("port", [0, -1, 65536, 100000])
def test_a_port_outside_the_range_is_refused(port: int) -> None:
    with pytest.raises(AddressRefused, match="from 1 to 65535"):
        choose_address("practice", host=None, port=port)


def test_a_port_in_use_is_refused_in_words() -> None:
    with socket.socket() as taken:
        taken.bind(("127.0.0.1", 0))
        taken.listen()
        port = taken.getsockname()[1]
        with pytest.raises(AddressRefused, match=f"port {port} is in use"):
            check_free(choose_address("practice", host=None, port=port))


def test_an_address_of_another_machine_is_refused_in_words() -> None:
    address = choose_address("practice", host="192.0.2.10", port=8000)
    with pytest.raises(AddressRefused, match="not an address of this machine"):
        check_free(address)
