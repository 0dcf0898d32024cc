"""Every hook a plugin may implement.

Plugins import only `starframe.hookimpl`. Hooks hand the plugin a `register` callback rather
than collecting return values, so the host owns validation, duplicates and error reporting
(a plugin cannot bypass them, and a broken file never stops the other plugins).
"""

from __future__ import annotations

from collections.abc import Callable
from importlib.resources.abc import Traversable
from os import PathLike

import pluggy

PROJECT = "starframe"
hookspec = pluggy.HookspecMarker(PROJECT)
hookimpl = pluggy.HookimplMarker(PROJECT)

StarSource = str | PathLike[str] | Traversable
"""A definition file (or a folder of them): a path, or a resource from `importlib.resources`."""

RegisterStar = Callable[[StarSource], None]


@hookspec
def starframe_register_stars(register: RegisterStar) -> None:
    """Offer Star definition files to the host.

    Call ``register(source)`` once per file the plugin ships; ``source`` may be a path or an
    ``importlib.resources.files(...) / "star.yaml"`` resource, or a folder whose ``*.yaml``
    files are all registered. The host validates each file and reports problems against it;
    two sources offering the same Star id and edition are reported as a conflict.

    .. versionadded:: 0.1
    """
