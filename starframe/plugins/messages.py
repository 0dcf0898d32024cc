"""The message catalogues plugins add through `starframe_message_catalogues`.

Each catalogue is read and parsed inside the plugin's guarded `register` call, so a `.mo` file
that is not one (or a path the plugin may not register: `starframe.plugins.sources`) breaks
that plugin alone, before anything is printed with it.
"""

from __future__ import annotations

import gettext
import io
import re
from typing import TYPE_CHECKING

from starframe.i18n import Messages, messages_for
from starframe.plugins.calls import collect
from starframe.plugins.sources import NotAPath, RefusedSource, source_check
from starframe.plugins.types import MessageCatalogue

if TYPE_CHECKING:
    from collections.abc import Callable

    from starframe.plugins.host import PluginHost

HOOK = "starframe_message_catalogues"
LANGUAGE = re.compile(r"^[a-z]{2,3}(-[A-Za-z0-9]{2,8})*$")
MAX_BYTES = 5_000_000
"""A larger catalogue is refused: the core's whole wording is a few kilobytes."""


def plugin_messages(host: PluginHost | None, language: str | None) -> Messages:
    """The reports' wording in `language`: the core's catalogue, then the plugins' for it."""
    if host is None or not language:
        return messages_for(language)
    wanted = {language, language.split("-")[0]}
    extra = [
        found.catalogue
        for _plugin, found in collect(host, HOOK, _reader(host))
        if isinstance(found, _Read) and found.language in wanted
    ]
    return messages_for(language, extra)


class _Read:
    def __init__(self, language: str, catalogue: gettext.GNUTranslations) -> None:
        self.language = language
        self.catalogue = catalogue


def _reader(host: PluginHost) -> Callable[[str], Callable[[object], object]]:
    def for_plugin(plugin_name: str) -> Callable[[object], object]:
        info = host.info(plugin_name)
        check = source_check(info.folders if info else None, [])

        def read(item: object) -> _Read:
            if not isinstance(item, MessageCatalogue):
                raise RefusedSource(f"registered {type(item).__name__}, not a MessageCatalogue")
            if not isinstance(item.language, str) or not LANGUAGE.match(item.language):
                raise RefusedSource(
                    f"registered a catalogue for {item.language!r}, not a language code"
                )
            source = check(item.source)
            if isinstance(source, NotAPath):
                raise RefusedSource(f"registered {source}, which is not a path to a .mo file")
            data = source.read_bytes()
            if len(data) > MAX_BYTES:
                raise RefusedSource(f"registered {source}, larger than {MAX_BYTES:,} bytes")
            try:
                catalogue = gettext.GNUTranslations(io.BytesIO(data))
            except Exception as exc:  # gettext raises OSError, struct.error, UnicodeError…
                raise RefusedSource(
                    f"registered {source}, which is not a .mo catalogue: {exc}"
                ) from None
            return _Read(item.language, catalogue)

        return read

    return for_plugin
