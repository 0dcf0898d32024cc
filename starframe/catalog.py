"""The installed and draft Stars, by id and edition, with every broken source kept visible.

The catalog asks each plugin for its files, checks every file, and records what went wrong
where — an organisation must see that a Star is broken and why, not find it silently missing.
"""

from __future__ import annotations

import os
import re
from collections.abc import Callable, Iterator, Mapping, Sequence
from dataclasses import dataclass, field
from functools import cached_property
from importlib.resources.abc import Traversable
from pathlib import Path
from typing import TYPE_CHECKING, Literal, Protocol, TypeVar

from starframe.definition.check_cache import (
    CheckCache,
    CheckedFile,
    StarSummary,
    TranslationHeader,
    check_many,
    check_unchanged,
    open_cache,
)
from starframe.definition.coverage import Coverage, coverage
from starframe.definition.lint import LintRule
from starframe.documents.inputs import InputRefused, read_input
from starframe.limits import MAX_BYTES
from starframe.plugins.calls import collect
from starframe.plugins.host import PluginHost, make_plugin_host
from starframe.plugins.rules import plugin_rules
from starframe.plugins.sources import FolderFiles, NotAPath, folder_files, source_check
from starframe.problems import Problem, first_error

if TYPE_CHECKING:
    from starframe.definition.models import Star

STARS_PATH_ENV = "STARFRAME_STARS_PATH"
NON_STAR_KINDS = ("translation", "practice-case", "practice-answers", "reading")
EntryState = Literal["ok", "broken", "conflict"]


@dataclass(frozen=True)
class Origin:
    """Where a definition came from: a plugin distribution, or a folder of drafts."""

    kind: Literal["plugin", "folder"]
    name: str
    version: str | None = None

    def describe(self) -> str:
        if self.kind == "folder":
            return f"folder {self.name}"
        return f"{self.name} {self.version}" if self.version else f"plugin {self.name}"


@dataclass
class CatalogEntry:
    origin: Origin
    file: str
    checked: CheckedFile | None
    problems: list[Problem] = field(default_factory=list)
    conflict: str | None = None

    @property
    def summary(self) -> StarSummary | None:
        return self.checked.summary if self.checked else None

    @property
    def state(self) -> EntryState:
        if self.conflict:
            return "conflict"
        return "ok" if self.checked and self.checked.ok else "broken"

    @property
    def reason(self) -> str | None:
        return self.conflict or first_error(self.problems)

    def star(self) -> Star:
        """The validated Star; only for entries in state `ok`."""
        if self.checked is None or self.checked.load().star is None:
            raise LookupError(f"{self.file} holds no valid Star")
        star = self.checked.load().star
        assert star is not None
        return star


class StarNotFound(LookupError):
    """The message says what is available, so the user can correct the id."""


@dataclass
class Catalog:
    entries: list[CatalogEntry]
    host: PluginHost
    translations: list[CatalogEntry] = field(default_factory=list)
    user_dirs: tuple[Path, ...] = ()
    """The folders the user named (--stars-dir, STARFRAME_STARS_PATH): plugins may use them too."""

    def ok_entries(self) -> list[CatalogEntry]:
        return [e for e in self.entries if e.state == "ok"]

    def stars(self) -> list[Star]:
        return [e.star() for e in self.ok_entries()]

    def entry(self, star_id: str, edition: str | None = None) -> CatalogEntry:
        """The entry for `star_id` (newest edition unless `edition` is given)."""
        candidates = [
            e
            for e in self.ok_entries()
            if e.summary
            and e.summary.id == star_id
            and (edition is None or e.summary.edition == edition)
        ]
        if candidates:
            return max(
                candidates, key=lambda e: edition_order(e.summary.edition if e.summary else "")
            )
        raise StarNotFound(self._not_found(star_id, edition))

    def find(self, star_id: str, edition: str | None = None, language: str | None = None) -> Star:
        """The Star, in `language` when given (each untranslated string stays as written)."""
        star = self.entry(star_id, edition).star()
        if language is None or language == star.language:
            return star
        return self._translated(star, language)

    def languages(self, star_id: str, edition: str) -> list[str]:
        """The Star's own language first, then every language a translation offers."""
        own = self._own_languages.get((star_id, edition), [])
        offered = sorted(
            {header.language for header in self._translations_of(star_id, edition)} - set(own)
        )
        return own[:1] + offered

    def coverages(self, star_id: str, edition: str) -> list[Coverage]:
        """How much of the Star each installed translation covers, by language, read from
        the check cache (no file is loaded): what `stars list` and `stars show` print."""
        strings = self._ok_strings.get((star_id, edition))
        if strings is None:
            return []
        own = self.languages(star_id, edition)[:1]
        found: dict[str, Coverage] = {}
        for header in self._translations_of(star_id, edition):
            if header.language in own or header.language in found:
                continue
            found[header.language] = coverage(
                header.language, header.complete, list(header.strings), list(strings)
            )
        return [found[language] for language in sorted(found)]

    # The indexes below are built on first use: a catalog is never changed once built, and
    # `stars list` asks for every Star's languages, which must not scan every entry each time
    # (1,000 drafts made that a million steps).

    @cached_property
    def _own_languages(self) -> dict[tuple[str, str], list[str]]:
        """Each Star's languages as its entries declare them, in catalog order."""
        found: dict[tuple[str, str], list[str]] = {}
        for e in self.entries:
            if e.summary:
                found.setdefault((e.summary.id, e.summary.edition), []).append(e.summary.language)
        return found

    @cached_property
    def _ok_strings(self) -> dict[tuple[str, str], tuple[str, ...]]:
        """Each Star's translatable strings, from its first usable entry."""
        found: dict[tuple[str, str], tuple[str, ...]] = {}
        for e in self.ok_entries():
            if e.summary:
                found.setdefault((e.summary.id, e.summary.edition), e.summary.strings)
        return found

    @cached_property
    def _translations_by_star(self) -> dict[tuple[str, str], list[TranslationHeader]]:
        """The header of each translation file, by the Star it translates, in catalog order."""
        found: dict[tuple[str, str], list[TranslationHeader]] = {}
        for t in self.translations:
            header = t.checked.translates if t.checked else None
            if header:
                found.setdefault((header.star, header.edition), []).append(header)
        return found

    def _translations_of(self, star_id: str, edition: str) -> list[TranslationHeader]:
        return self._translations_by_star.get((star_id, edition), [])

    def _translated(self, star: Star, language: str) -> Star:
        from starframe.definition.translation import (
            apply_translation,
            check_against,
            load_translation_text,
        )

        wanted = (star.id, star.edition, language)
        for entry in self.translations:
            header = entry.checked.translates if entry.checked else None
            if entry.checked is None or header is None:
                continue
            if (header.star, header.edition, header.language) != wanted:
                continue
            loaded = load_translation_text(entry.checked.raw, entry.file)
            check_against(loaded, star)
            errors = [p for p in loaded.problems if p.is_error]
            if errors or loaded.translation is None:
                first = errors[0]
                raise StarNotFound(
                    f"the `{language}` translation of {star.id}@{star.edition} is broken: "
                    f"{first.file}:{first.line}:{first.column}: {first.code} {first.message}"
                )
            return apply_translation(star, loaded.translation)
        available = ", ".join(self.languages(star.id, star.edition))
        raise StarNotFound(
            f"no `{language}` translation of {star.id}@{star.edition} is installed "
            f"(languages: {available})."
        )

    def _not_found(self, star_id: str, edition: str | None) -> str:
        wanted = f"{star_id}@{edition}" if edition else star_id
        unusable = [e for e in self.entries if e.state != "ok" and _declared_id(e) == star_id]
        if unusable:
            return f"Star `{wanted}` is installed but {unusable[0].state}: {unusable[0].reason}"
        available = sorted(
            {f"{e.summary.id}@{e.summary.edition}" for e in self.ok_entries() if e.summary}
        )
        listing = ", ".join(available) if available else "none"
        return (
            f"no Star `{wanted}` is installed (available: {listing}). "
            "Run `starframe stars list`, or add a folder of drafts with --stars-dir."
        )


def _declared_id(entry: CatalogEntry) -> str | None:
    """The id a file declares, even when it is not a valid Star (so it has no summary)."""
    if entry.summary:
        return entry.summary.id
    if entry.checked is None:
        return None
    data = entry.checked.load().document.data
    declared = data.get("id") if isinstance(data, dict) else None
    return declared if isinstance(declared, str) else None


def edition_order(edition: str) -> tuple[tuple[int, str], ...]:
    """Orders '1.10' after '1.9' and plain numbers before suffixes like '2.0-pilot'."""
    return tuple(
        (int(part), "") if part.isdigit() else (-1, part) for part in re.split(r"[.-]", edition)
    )


def stars_dirs_from_env(environ: Mapping[str, str] | None = None) -> list[Path]:
    env = os.environ if environ is None else environ
    return [Path(p) for p in env.get(STARS_PATH_ENV, "").split(os.pathsep) if p.strip()]


def build_catalog(
    *,
    host: PluginHost | None = None,
    stars_dirs: Sequence[str | Path] = (),
    environ: Mapping[str, str] | None = None,
    use_cache: bool = True,
    by_stamps: bool = False,
) -> Catalog:
    """Check every Star the plugins register and every draft in the given folders.

    `by_stamps` takes a file whose `stat` is what the cache kept as unchanged, without
    reading it (`definition/file_stamps.py`): for `stars list`, which needs no file's bytes.
    """
    env = os.environ if environ is None else environ
    host = host or make_plugin_host(environ=env)
    rules = plugin_rules(host)
    user_dirs = (*map(Path, stars_dirs), *stars_dirs_from_env(env))
    scope = os.pathsep.join(os.path.abspath(folder) for folder in user_dirs)
    cache = open_cache(env, scope) if use_cache else None
    if cache and by_stamps:
        cache.use_stamps(rules)
    entries: list[CatalogEntry] = []
    for plugin_name, source in collect(
        host, "starframe_register_stars", registered_sources(host, user_dirs)
    ):
        info = host.info(plugin_name)
        origin = Origin(
            "plugin",
            (info.distribution or plugin_name) if info else plugin_name,
            info.version if info else None,
        )
        entries.extend(_entries_for(origin, source, cache, rules))
    for folder in user_dirs:
        entries.extend(_entries_for(Origin("folder", str(folder)), folder, cache, rules))
    if cache:
        cache.save_index()
    entries = one_entry_per_file(entries, lambda entry: entry.checked is not None)
    translations = [e for e in entries if e.checked and e.checked.kind == "translation"]
    stars = [e for e in entries if not (e.checked and e.checked.kind in NON_STAR_KINDS)]
    _mark_conflicts(stars)
    return Catalog(stars, host, translations, user_dirs)


def registered_sources(
    host: PluginHost, user_paths: Sequence[Path]
) -> Callable[[str], Callable[[object], object]]:
    """The check a plugin's registered paths go through: its own folders, or the user's."""

    def for_plugin(plugin_name: str) -> Callable[[object], object]:
        info = host.info(plugin_name)
        return source_check(info.folders if info else None, user_paths)

    return for_plugin


def _entries_for(
    origin: Origin,
    source: object,
    cache: CheckCache | None,
    rules: Sequence[LintRule],
) -> Iterator[CatalogEntry]:
    """An entry per file; non-Star kinds are sorted out by the caller."""
    found = list(_source_files(origin, source, cache))
    checked = iter(
        check_many(
            [(raw, shown) for shown, raw, _ in found if isinstance(raw, bytes)], cache, rules
        )
    )
    for shown, raw, problem in found:
        if raw is None:
            yield CatalogEntry(origin, shown, None, [problem] if problem else [])
            continue
        file = raw if isinstance(raw, CheckedFile) else next(checked)
        yield CatalogEntry(origin, shown, file, list(file.problems))


def read_source(
    origin: Origin, source: object
) -> Iterator[tuple[str, bytes | None, Problem | None]]:
    """(display name, bytes, None) per file a source holds, or (name, None, why not)."""
    for shown, found, problem in _source_files(origin, source, None):
        assert not isinstance(found, CheckedFile)  # no cache: every file is read
        yield shown, found, problem


def _source_files(
    origin: Origin, source: object, cache: CheckCache | None
) -> Iterator[tuple[str, bytes | CheckedFile | None, Problem | None]]:
    """`read_source`, but a file the cache knows unchanged by its stamp
    (`CheckCache.use_stamps`) is not read: (name, its checked file, None)."""
    try:
        found = definition_files(source)
    except (OSError, TypeError, ValueError) as exc:
        shown = str(source)
        message = f"{origin.describe()} registered `{shown}`: {exc}"
        yield shown, None, Problem("SF304", "error", message, shown)
        return
    for shown, resource in found.files:
        known = (
            check_unchanged(shown, cache)
            if cache and isinstance(resource, Path) and shown == os.fspath(resource)
            else None
        )
        if known is not None:
            yield shown, known, None
            continue
        try:
            yield shown, _read_resource(resource, shown), None
        except InputRefused as exc:
            yield shown, None, exc.problem
        except OSError as exc:
            reason = exc.strerror or type(exc).__name__
            message = f"cannot read the file: {reason}."
            yield shown, None, Problem("SF001", "error", message, shown)
    if found.not_searched:
        shown = str(source)
        yield shown, None, Problem("SF306", "error", found.not_searched, shown)


def _read_resource(resource: Traversable, shown: str) -> bytes:
    """A file on disk through `read_input`; one inside a zip at most one byte past the limit."""
    if isinstance(resource, Path):
        return read_input(resource, display=shown)
    with resource.open("rb") as handle:
        return bytes(handle.read(MAX_BYTES + 1))


def definition_files(source: object) -> FolderFiles:
    """(display name, readable) for a file, or for every YAML file in a folder (bounded)."""
    if isinstance(source, NotAPath):
        raise TypeError(f"expected a path or an importlib.resources file, got {source.type_name}")
    if isinstance(source, str | os.PathLike):
        resource: Traversable = Path(os.fspath(source))
    elif isinstance(source, Traversable):
        resource = source
    else:
        raise TypeError(
            f"expected a path or an importlib.resources file, got {type(source).__name__}"
        )
    if resource.is_dir():
        return folder_files(resource)
    if resource.is_file():
        return FolderFiles([(str(resource), resource)])
    raise FileNotFoundError(f"no such file or folder: {resource}")


class ListedFile(Protocol):
    """A catalog entry: every one names the file it was read from, as shown."""

    file: str


EntryT = TypeVar("EntryT", bound=ListedFile)


def one_entry_per_file(entries: Sequence[EntryT], read: Callable[[EntryT], bool]) -> list[EntryT]:
    """A file read twice (a plugin's folder also given as drafts) is one entry, not a conflict.

    Files are the same when their real paths are, and the first entry is kept (a plugin's,
    since plugins are read first). An entry whose file could not be `read` is always kept, so
    that each failure stays in the listing.
    """
    seen: set[str] = set()
    unique = []
    folders: dict[str, str] = {}
    for entry in entries:
        where = _real_path(entry.file, folders)
        if not read(entry) or where not in seen:
            seen.add(where)
            unique.append(entry)
    return unique


def _real_path(file: str, folders: dict[str, str]) -> str:
    """`os.path.realpath(file)`, the real path of each folder found once (in `folders`).

    A name that is not a symbolic link has the real path of its folder joined to it; a
    thousand drafts in one folder were a thousand walks of the same folders (`realpath`
    looks at each part of a path)."""
    folder, name = os.path.split(file)
    if name in ("", ".", "..") or os.path.islink(file):
        return os.path.realpath(file)
    real = folders.get(folder)
    if real is None:
        real = folders[folder] = os.path.realpath(folder)
    return os.path.join(real, name)


def _mark_conflicts(entries: list[CatalogEntry]) -> None:
    by_key: dict[tuple[str, str], list[CatalogEntry]] = {}
    for entry in entries:
        if entry.state == "ok" and entry.summary:
            by_key.setdefault((entry.summary.id, entry.summary.edition), []).append(entry)
    for (star_id, edition), group in by_key.items():
        if len(group) < 2:
            continue
        for entry in group:
            others = "; ".join(f"{o.origin.describe()} ({o.file})" for o in group if o is not entry)
            entry.conflict = (
                f"Star {star_id}@{edition} is also offered by {others}: remove or block one "
                "of them (STARFRAME_DISABLE_PLUGINS), or give the draft a new edition."
            )


def translation_problems(raw: bytes, file: str, catalog: Catalog) -> list[Problem]:
    """A translation's own problems, then its orphans and gaps against the Star it names."""
    from starframe.definition.translation import check_against, load_translation_text

    loaded = load_translation_text(raw, file)
    translation = loaded.translation or loaded.partial
    if translation is None:
        return loaded.problems
    try:
        star = catalog.entry(translation.star, translation.edition).star()
    except StarNotFound:
        doc = loaded.document
        doc.problems.append(
            doc.problem(
                "SF503",
                f"this translates {translation.star}@{translation.edition}, which is neither "
                "installed nor in this folder: install it, or pass --stars-dir with its folder.",
                ("star",),
            )
        )
        return loaded.problems
    check_against(loaded, star)
    return loaded.problems
