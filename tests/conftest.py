"""Shared fixtures: an isolated environment, paths to test data, and fake plugin distributions."""

from __future__ import annotations

import importlib
import sys
import textwrap
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import pytest
from hypothesis import strategies as st

REFUSED_FORMAT = "\u2028\u2029\u202a\u202b\u202c\u202d\u202e\u2066\u2067\u2068\u2069"
STORABLE_CHARACTERS = st.characters(
    codec="utf-8", exclude_categories=("Cc", "Cs"), exclude_characters=REFUSED_FORMAT
)
"""Any character new text may hold on one line (`starframe.characters`): generated names and
notes keep to it, since text with control characters is refused when it is stored."""

TESTS = Path(__file__).resolve().parent
ROOT = TESTS.parent
DATA = TESTS / "data"
TINY_STAR = DATA / "tiny-star.yaml"
"""A small valid Star (4 points, 2 stages, 3 scales) with no warnings."""

SHIPPED_STARS = {
    "justice": ROOT / "plugins" / "justice" / "starframe_justice" / "stars" / "justice.yaml",
    "parent-baby": (
        ROOT / "plugins" / "parent_baby" / "starframe_parent_baby" / "stars" / "parent-baby.yaml"
    ),
}
"""The bundled Star files (other test modules import this)."""

STARFRAME_ENV = (
    "STARFRAME_STARS_PATH",
    "STARFRAME_DISABLE_PLUGINS",
    "STARFRAME_LOAD_PLUGINS",
    "STARFRAME_NO_CACHE",
    "STARFRAME_DEBUG",
    "STARFRAME_PLUGIN_TIMEOUT",
)


@pytest.fixture(autouse=True)
def isolated_env(tmp_path_factory: pytest.TempPathFactory, monkeypatch: pytest.MonkeyPatch) -> Path:
    """Tests never touch the user's cache or data, and never see their plugin settings."""
    cache = tmp_path_factory.mktemp("cache")
    monkeypatch.setenv("STARFRAME_CACHE_DIR", str(cache))
    monkeypatch.setenv("STARFRAME_DATA_DIR", str(tmp_path_factory.mktemp("data")))
    for name in STARFRAME_ENV:
        monkeypatch.delenv(name, raising=False)
    return cache


@pytest.fixture
def tiny_text() -> str:
    return TINY_STAR.read_text(encoding="utf-8")


def star_text(star_id: str = "tiny", edition: str = "1.0", *, name: str = "Tiny Star") -> str:
    """The tiny Star's text with another id, edition and name."""
    text = TINY_STAR.read_text(encoding="utf-8")
    text = text.replace("id: tiny\n", f"id: {star_id}\n", 1)
    text = text.replace('edition: "1.0"', f'edition: "{edition}"', 1)
    return text.replace("name: Tiny Star\n", f"name: {name}\n", 1)


@pytest.fixture
def make_star_text() -> Callable[..., str]:
    return star_text


@dataclass
class FakeDistributions:
    """Builds real (tiny) installed distributions in a folder on sys.path."""

    root: Path
    monkeypatch: pytest.MonkeyPatch

    def add(
        self,
        dist: str,
        *,
        module: str,
        source: str,
        entry_point: str | None = None,
        version: str = "1.0",
        files: dict[str, str] | None = None,
    ) -> Path:
        """A distribution `dist` whose `starframe` entry point loads `module` (a package).

        `source` is the package's `__init__.py`; `files` are extra files inside the package.
        Returns the package folder.
        """
        package = self.root / module
        package.mkdir()
        (package / "__init__.py").write_text(textwrap.dedent(source), encoding="utf-8")
        for name, content in (files or {}).items():
            target = package / name
            target.parent.mkdir(parents=True, exist_ok=True)
            target.write_text(content, encoding="utf-8")
        info = self.root / f"{dist.replace('-', '_')}-{version}.dist-info"
        info.mkdir()
        (info / "METADATA").write_text(
            f"Metadata-Version: 2.1\nName: {dist}\nVersion: {version}\n", encoding="utf-8"
        )
        (info / "entry_points.txt").write_text(
            f"[starframe]\n{entry_point or module} = {module}\n", encoding="utf-8"
        )
        importlib.invalidate_caches()
        return package

    def add_star_plugin(
        self, dist: str, *, module: str, stars: dict[str, str], version: str = "1.0"
    ) -> Path:
        """A plugin that ships `stars` (file name → text) and registers each of them."""
        return self.add(
            dist, module=module, source=registering(*stars), files=stars, version=version
        )

    def forget_modules(self) -> None:
        for name, module in list(sys.modules.items()):
            origin = getattr(module, "__file__", None) or ""
            if origin.startswith(str(self.root)):
                del sys.modules[name]


REGISTER_FILES = """
    from importlib.resources import files

    from starframe import hookimpl


    @hookimpl
    def starframe_register_stars(register):
        for name in {names!r}:
            register(files(__name__) / name)
"""


def registering(*names: str) -> str:
    """Source of a plugin module that registers the given files from its own package."""
    return REGISTER_FILES.format(names=names)


@pytest.fixture
def fake_dists(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Iterator[FakeDistributions]:
    site = tmp_path / "site"
    site.mkdir()
    monkeypatch.syspath_prepend(str(site))
    fakes = FakeDistributions(site, monkeypatch)
    yield fakes
    fakes.forget_modules()


@pytest.fixture
def count_loads(monkeypatch: pytest.MonkeyPatch) -> list[str]:
    """The files the Star loader really checked (a cache or a kept stamp calls it only on a
    miss), in the order it checked them."""
    from starframe.definition import load as load_module

    calls: list[str] = []
    real = load_module.load_star_text

    def counting(raw: bytes | str, file: str = "<text>", **kwargs: Any) -> Any:
        calls.append(file)
        return real(raw, file, **kwargs)

    monkeypatch.setattr(load_module, "load_star_text", counting)
    return calls
