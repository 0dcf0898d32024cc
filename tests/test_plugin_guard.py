"""Plugins that hang, raise anything, or print: each is reported broken; the command still answers.

Every case runs the real `starframe` command in a subprocess, with fake installed distributions
on PYTHONPATH, so a hang, an exit or a stray print would show exactly as a user would see it.
Timeouts here are hang guards, never timing assertions.
"""

from __future__ import annotations

import json
import signal
import subprocess
import time
from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest

from starframe.plugins.guard import TIMEOUT_ENV, shown_output
from starframe.plugins.host import ALLOW_ENV, make_plugin_host
from tests.plugin_cli import (
    HANG_GUARD,
    SHORT_LIMIT,
    STARFRAME,
    broken_plugins,
    environ,
    list_plugins,
    list_stars,
    ok_ids,
    run,
)


def _hook_plugin(body: str) -> str:
    """Source of a plugin whose `starframe_register_stars` runs `body` (indented 4)."""
    return (
        "from starframe import hookimpl\n\n\n"
        "@hookimpl\n"
        "def starframe_register_stars(register):\n"
        + "".join(f"    {line}\n" for line in body.splitlines())
    )


@pytest.fixture
def good_plugin(fake_dists: Any, make_star_text: Callable[..., str]) -> str:
    fake_dists.add_star_plugin(
        "fake-good", module="fakegood", stars={"good.yaml": make_star_text("good")}
    )
    return "fakegood"


def test_plugin_that_hangs_in_import_or_hook_is_broken_and_the_commands_answer(
    fake_dists: Any, good_plugin: str
) -> None:
    fake_dists.add("fake-sleepy", module="fakesleepy", source="import time\ntime.sleep(3600)\n")
    fake_dists.add(
        "fake-spin",
        module="fakespin",
        source=_hook_plugin("while True:\n    pass"),
    )
    allow = ("fakesleepy", "fakespin", good_plugin)

    plugins = list_plugins(fake_dists, allow)
    assert plugins["fakesleepy"]["state"] == "broken"
    assert (
        plugins["fakesleepy"]["reason"]
        == f"did not answer in {SHORT_LIMIT} s while importing fakesleepy"
    )
    assert plugins["fakespin"]["state"] == "broken"
    assert plugins["fakespin"]["reason"] == (
        f"starframe_register_stars did not answer in {SHORT_LIMIT} s"
    )
    assert plugins["fakegood"]["state"] == "loaded"

    records = list_stars(fake_dists, allow)
    assert ok_ids(records) == ["good"]
    broken = broken_plugins(records)
    assert "did not answer" in broken["fake-sleepy"]
    assert "did not answer" in broken["fake-spin"]


def test_the_time_limit_defaults_to_5_s(fake_dists: Any, good_plugin: str) -> None:
    fake_dists.add("fake-sleepy", module="fakesleepy", source="import time\ntime.sleep(3600)\n")
    done = run(fake_dists, ("fakesleepy", good_plugin), "plugins", "--json", **{TIMEOUT_ENV: ""})
    assert done.code == 0, done.err
    [sleepy] = [p for p in json.loads(done.out) if p["name"] == "fakesleepy"]
    assert sleepy["reason"] == "did not answer in 5 s while importing fakesleepy"


RAISED = {
    "baseexception": "raise BaseException('base')",
    "generatorexit": "raise GeneratorExit('closing')",
    "systemexit": "raise SystemExit(0)",
    "keyboardinterrupt": "raise KeyboardInterrupt('not the user')",
}


def test_plugin_raising_any_base_exception_is_broken_not_the_end_of_the_command(
    fake_dists: Any, good_plugin: str
) -> None:
    names = []
    for kind, statement in RAISED.items():
        fake_dists.add(f"fake-imp-{kind}", module=f"fakeimp{kind}", source=statement + "\n")
        fake_dists.add(
            f"fake-hook-{kind}", module=f"fakehook{kind}", source=_hook_plugin(statement)
        )
        names += [f"fakeimp{kind}", f"fakehook{kind}"]
    allow = (*names, good_plugin)

    plugins = list_plugins(fake_dists, allow)
    for kind in RAISED:
        on_import, in_hook = plugins[f"fakeimp{kind}"], plugins[f"fakehook{kind}"]
        assert on_import["state"] == "broken"
        assert on_import["reason"].startswith(f"failed to import fakeimp{kind}: ")
        assert in_hook["state"] == "broken"
        assert in_hook["reason"].startswith("starframe_register_stars raised ")
    assert "BaseException: base" in plugins["fakeimpbaseexception"]["reason"]
    assert "GeneratorExit: closing" in plugins["fakehookgeneratorexit"]["reason"]
    assert "KeyboardInterrupt: not the user" in plugins["fakehookkeyboardinterrupt"]["reason"]
    assert plugins["fakegood"]["state"] == "loaded"

    records = list_stars(fake_dists, allow)
    assert ok_ids(records) == ["good"]
    assert len(broken_plugins(records)) == 2 * len(RAISED)


def test_exception_whose_message_raises_is_still_reported(
    fake_dists: Any, good_plugin: str
) -> None:
    fake_dists.add(
        "fake-rude",
        module="fakerude",
        source=(
            "class Rude(Exception):\n"
            "    def __str__(self):\n"
            "        raise SystemExit('from __str__')\n\n"
            "raise Rude()\n"
        ),
    )
    plugins = list_plugins(fake_dists, ("fakerude", good_plugin))
    assert plugins["fakerude"]["reason"] == (
        "failed to import fakerude: Rude: (its message could not be shown)"
    )


def test_plugin_output_is_kept_off_stdout_and_shown_under_plugins(
    fake_dists: Any, good_plugin: str
) -> None:
    fake_dists.add(
        "fake-chatty",
        module="fakechatty",
        source=(
            "import sys\n"
            "print('importing chatty \\x1b[2J')\n"
            "sys.stderr.write('a warning on stderr\\n')\n"
            "sys.stdout.buffer.write(b'raw bytes\\n')\n"
            "from starframe import hookimpl\n\n\n"
            "@hookimpl\n"
            "def starframe_register_stars(register):\n"
            "    print('[not json', flush=True)\n"
            "    print('x' * 10_000)\n"
        ),
    )
    allow = ("fakechatty", good_plugin)

    records = list_stars(fake_dists, allow)  # stdout parses as JSON
    assert ok_ids(records) == ["good"]

    chatty = list_plugins(fake_dists, allow)["fakechatty"]
    assert chatty["state"] == "loaded"
    output = chatty["output"]
    assert output.startswith(
        "importing chatty \\x1b[2J\na warning on stderr\nraw bytes\n[not json\nxxx"
    )
    assert "\x1b" not in output
    assert output.endswith("more characters)")
    assert len(output) < 2_100

    table = run(fake_dists, allow, "plugins")
    assert table.code == 0
    assert "importing chatty" not in table.out
    assert "fakechatty printed, while loading:\n    importing chatty \\x1b[2J" in table.err


def test_shown_output_escapes_control_characters_and_caps_the_length() -> None:
    assert shown_output("a\x1b]52;c;aGk=\x07b\n\u202e\U000e0001") == (
        "a\\x1b]52;c;aGk=\\x07b\n\\u202e\\U000e0001"
    )
    long = shown_output("y" * 5_000)
    assert long == "y" * 2_000 + "… (3000 more characters)"


def test_real_ctrl_c_while_a_plugin_loads_still_cancels_the_command(
    fake_dists: Any, tmp_path: Path
) -> None:
    started = tmp_path / "started"
    fake_dists.add(
        "fake-slow",
        module="fakeslow",
        source=f"import time\nopen({str(started)!r}, 'w').close()\ntime.sleep(3600)\n",
    )
    env = environ(fake_dists, ("fakeslow",), **{TIMEOUT_ENV: str(HANG_GUARD)})
    process = subprocess.Popen(
        [str(STARFRAME), "stars", "list", "--json"],
        env=env,
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        text=True,
    )
    try:
        deadline = time.monotonic() + HANG_GUARD
        while not started.exists() and time.monotonic() < deadline and process.poll() is None:
            time.sleep(0.05)
        assert started.exists(), "the plugin never started loading"
        process.send_signal(signal.SIGINT)
        out, err = process.communicate(timeout=HANG_GUARD)
    finally:
        if process.poll() is None:
            process.kill()
            process.wait()
    assert process.returncode == 130
    assert "starframe: cancelled." in err
    assert "Traceback" not in err
    assert out == ""


def test_a_plugins_exception_message_is_escaped_and_cut(fake_dists: Any) -> None:
    fake_dists.add(
        "fake-loud",
        module="fakeloud",
        source="raise RuntimeError('\\x1b]52;c;aGk=\\x07 \\x1b[2J' + 'x' * 1_000)\n",
    )
    host = make_plugin_host(environ={ALLOW_ENV: "fakeloud"})
    info = host.info("fakeloud")
    assert info is not None
    assert info.state == "broken"
    reason = info.reason or ""
    assert "\x1b" not in reason
    assert "\x07" not in reason
    assert reason.startswith(
        "failed to import fakeloud: RuntimeError: \\x1b]52;c;aGk=\\x07 \\x1b[2J"
    )
    assert reason.endswith("more characters)")
    assert len(reason) < 600
