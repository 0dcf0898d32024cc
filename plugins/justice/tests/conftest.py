"""Keep these tests away from the user's starframe cache and plugin settings."""

from __future__ import annotations

import pytest


@pytest.fixture(autouse=True)
def isolated_env(tmp_path_factory: pytest.TempPathFactory, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("STARFRAME_CACHE_DIR", str(tmp_path_factory.mktemp("cache")))
    for name in ("STARFRAME_STARS_PATH", "STARFRAME_DISABLE_PLUGINS", "STARFRAME_LOAD_PLUGINS"):
        monkeypatch.delenv(name, raising=False)
