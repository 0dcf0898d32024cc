"""starframe: define, validate and host Star outcome tools.

This module stays light because plugins written for 0.1 import `hookimpl` from it at start-up
(new plugins import everything from `starframe.plugin_api`): the models, the loader and
`hookimpl` itself (pluggy) are imported on first use, so a `stars list` printed again from
the cache (`starframe.cli.kept_listing`) never loads pluggy. Not even `typing` is imported
(TYPE_CHECKING, as type checkers read it, is False when it runs): it is a tenth of such a start.
"""

from __future__ import annotations

TYPE_CHECKING = False
if TYPE_CHECKING:
    from typing import Any

    from starframe.catalog import Catalog, build_catalog
    from starframe.definition.load import LoadedStar, load_star_file, load_star_text
    from starframe.definition.models import Scale, Stage, Star
    from starframe.plugins.spec import hookimpl
    from starframe.problems import Problem

__version__ = "0.1.0"

__all__ = [
    "Catalog",
    "LoadedStar",
    "Problem",
    "Scale",
    "Stage",
    "Star",
    "__version__",
    "build_catalog",
    "hookimpl",
    "load_star_file",
    "load_star_text",
]

_LAZY = {
    "Catalog": "starframe.catalog",
    "build_catalog": "starframe.catalog",
    "LoadedStar": "starframe.definition.load",
    "load_star_file": "starframe.definition.load",
    "load_star_text": "starframe.definition.load",
    "Scale": "starframe.definition.models",
    "Stage": "starframe.definition.models",
    "Star": "starframe.definition.models",
    "Problem": "starframe.problems",
    "hookimpl": "starframe.plugins.spec",
}


def __getattr__(name: str) -> Any:
    module = _LAZY.get(name)
    if module is None:
        raise AttributeError(f"module 'starframe' has no attribute {name!r}")
    import importlib

    return getattr(importlib.import_module(module), name)
