"""Run the real `starframe` command with fake plugin distributions on PYTHONPATH."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from starframe.plugins.guard import TIMEOUT_ENV
from starframe.plugins.host import ALLOW_ENV

STARFRAME = Path(sys.executable).parent / "starframe"
HANG_GUARD = 60
SHORT_LIMIT = "0.5"
"""The plugin time limit in these tests, so a hung plugin costs half a second."""


@dataclass
class Run:
    code: int
    out: str
    err: str


def environ(fake_dists: Any, allow: Sequence[str], **extra: str) -> dict[str, str]:
    """Only the `allow`ed plugins, the test's cache, and a short plugin time limit."""
    env = {k: v for k, v in os.environ.items() if not k.startswith("STARFRAME_")}
    env.update(
        {
            "PYTHONPATH": os.pathsep.join([str(fake_dists.root), env.get("PYTHONPATH", "")]),
            "STARFRAME_CACHE_DIR": os.environ["STARFRAME_CACHE_DIR"],
            ALLOW_ENV: ",".join(allow),
            TIMEOUT_ENV: SHORT_LIMIT,
            **extra,
        }
    )
    return env


def run(fake_dists: Any, allow: Sequence[str], *args: str, **extra: str) -> Run:
    """`starframe ARGS…`, guarded against a hang (a failure, never a timing assertion)."""
    done = subprocess.run(
        [str(STARFRAME), *args],
        env=environ(fake_dists, allow, **extra),
        capture_output=True,
        text=True,
        timeout=HANG_GUARD,
    )
    return Run(done.returncode, done.stdout, done.stderr)


def list_plugins(fake_dists: Any, allow: Sequence[str]) -> dict[str, dict[str, Any]]:
    """`starframe plugins --json`, by plugin name; it must answer, exit 0 and print only JSON."""
    done = run(fake_dists, allow, "plugins", "--json")
    assert done.code == 0, done.err
    return {p["name"]: p for p in json.loads(done.out)}


def list_stars(fake_dists: Any, allow: Sequence[str]) -> list[dict[str, Any]]:
    """`starframe stars list --json`: exit 0, and stdout is JSON and nothing else."""
    done = run(fake_dists, allow, "stars", "list", "--json")
    assert done.code == 0, done.err
    assert "Traceback" not in done.err
    records: list[dict[str, Any]] = json.loads(done.out)
    return records


def ok_ids(records: list[dict[str, Any]]) -> list[str]:
    return sorted(r["id"] for r in records if r["state"] == "ok" and r["id"])


def broken_plugins(records: list[dict[str, Any]]) -> dict[str, str]:
    return {r["source"]["name"]: r["reason"] for r in records if r["file"] is None and r["reason"]}
