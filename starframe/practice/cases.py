"""The practice cases on offer, from plugins and from trainers' own folders.

Every case is checked against the Star it names, taken from the Star catalog. A case that
does not load, whose Star is missing, or whose reference scores do not fit, stays in the
listing as broken with its reason: a trainer must see why a case is unavailable, not find it
silently gone.
"""

from __future__ import annotations

from collections.abc import Iterator, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING, Literal

from starframe.catalog import (
    Origin,
    StarNotFound,
    one_entry_per_file,
    read_source,
    registered_sources,
)
from starframe.documents.header import document_kind
from starframe.plugins.calls import collect
from starframe.practice.models import LoadedCase, PracticeCase, check_case, load_case_text
from starframe.problems import Problem, first_error

if TYPE_CHECKING:
    from starframe.catalog import Catalog
    from starframe.definition.models import Star
    from starframe.plugins.host import PluginHost

HOOK = "starframe_register_practice_cases"
OTHER_KINDS = ("star", "translation", "reading", "practice-answers")
"""Kinds passed over in a folder of cases, so cases can sit beside the draft Star they use
and trainees' answers."""
CaseState = Literal["ok", "broken", "conflict"]


class CaseNotFound(LookupError):
    """The message says what is available, so the trainer can correct the id."""


@dataclass
class CaseEntry:
    origin: Origin
    file: str
    loaded: LoadedCase | None
    """None when the file could not be read at all."""
    problems: list[Problem] = field(default_factory=list)
    conflict: str | None = None

    @property
    def case(self) -> PracticeCase | None:
        return self.loaded.case if self.loaded else None

    @property
    def state(self) -> CaseState:
        if self.conflict:
            return "conflict"
        ok = self.case is not None and not any(p.is_error for p in self.problems)
        return "ok" if ok else "broken"

    @property
    def reason(self) -> str | None:
        return self.conflict or first_error(self.problems)

    def declared(self, key: str) -> str | None:
        """A header field as written (`id`, `star`, `title`…), even in a broken case."""
        data = self.loaded.document.data if self.loaded else None
        value = data.get(key) if isinstance(data, dict) else None
        return value if isinstance(value, str) else None


@dataclass
class CaseCatalog:
    entries: list[CaseEntry]
    stars: Catalog

    def ok_entries(self) -> list[CaseEntry]:
        return [e for e in self.entries if e.state == "ok"]

    def cases(self) -> list[PracticeCase]:
        return [e.case for e in self.ok_entries() if e.case]

    def find(self, case_id: str, star: str | None = None, edition: str | None = None) -> CaseEntry:
        """The usable case `case_id`; `star` and `edition` choose when several Stars have one."""
        matches = [
            e
            for e in self.ok_entries()
            if e.case
            and e.case.id == case_id
            and (star is None or e.case.star == star)
            and (edition is None or e.case.edition == edition)
        ]
        if len(matches) == 1:
            return matches[0]
        if matches:
            stars = ", ".join(f"{e.case.star}@{e.case.edition}" for e in matches if e.case)
            raise CaseNotFound(
                f"there is a practice case `{case_id}` for {stars}: choose one with "
                "--star ID[@EDITION]."
            )
        unusable = [e for e in self.entries if e.state != "ok" and e.declared("id") == case_id]
        if unusable:
            first = unusable[0]
            raise CaseNotFound(
                f"practice case `{case_id}` ({first.file}) is {first.state}: {first.reason}"
            )
        available = ", ".join(sorted({c.id for c in self.cases()})) or "none"
        raise CaseNotFound(
            f"no practice case `{case_id}` (available: {available}). Run `starframe practice "
            "cases`, or add a folder of cases with --cases-dir."
        )

    def star_of(self, case: PracticeCase) -> Star:
        """The Star a usable case was checked against."""
        return self.stars.find(case.star, case.edition)


def build_case_catalog(stars: Catalog, cases_dirs: Sequence[str | Path] = ()) -> CaseCatalog:
    """Every case the plugins register and every case in `cases_dirs`, each checked.

    `stars` gives the Stars to check against and its plugin host, so plugins load only once.
    A file reached both ways (a plugin's own folder given as `cases_dirs`) is one case, as in
    the Star catalog, not a conflict with itself.
    """
    entries: list[CaseEntry] = []
    user_dirs = (*stars.user_dirs, *map(Path, cases_dirs))
    for plugin_name, source in collect(stars.host, HOOK, registered_sources(stars.host, user_dirs)):
        entries.extend(_entries_for(_plugin_origin(stars.host, plugin_name), source, stars))
    for folder in cases_dirs:
        entries.extend(_entries_for(Origin("folder", str(folder)), Path(folder), stars))
    entries = one_entry_per_file(entries, lambda entry: entry.loaded is not None)
    _mark_conflicts(entries)
    return CaseCatalog(entries, stars)


def check_against(loaded: LoadedCase, stars: Catalog) -> None:
    """Check a loaded case against its Star from `stars`; SF605 when that Star is missing."""
    case, doc = loaded.checkable, loaded.document
    if case is None:
        return
    try:
        star = stars.find(case.star, case.edition)
    except StarNotFound as exc:
        doc.problems.append(
            doc.problem("SF605", f"the Star of this case is not available: {exc}", ("star",))
        )
        return
    check_case(loaded, star)


def _plugin_origin(host: PluginHost, plugin_name: str) -> Origin:
    info = host.info(plugin_name)
    if info is None:
        return Origin("plugin", plugin_name)
    return Origin("plugin", info.distribution or plugin_name, info.version)


def _entries_for(origin: Origin, source: object, stars: Catalog) -> Iterator[CaseEntry]:
    for shown, raw, problem in read_source(origin, source):
        if raw is None:
            yield CaseEntry(origin, shown, None, [problem] if problem else [])
            continue
        loaded = load_case_text(raw, shown)
        if loaded.case is None and document_kind(loaded.document) in OTHER_KINDS:
            continue
        check_against(loaded, stars)
        yield CaseEntry(origin, shown, loaded, list(loaded.problems))


def _mark_conflicts(entries: list[CaseEntry]) -> None:
    by_key: dict[tuple[str, str, str], list[CaseEntry]] = {}
    for entry in entries:
        if entry.state == "ok" and entry.case:
            key = (entry.case.star, entry.case.edition, entry.case.id)
            by_key.setdefault(key, []).append(entry)
    for (star_id, edition, case_id), group in by_key.items():
        if len(group) < 2:
            continue
        for entry in group:
            others = "; ".join(f"{o.origin.describe()} ({o.file})" for o in group if o is not entry)
            entry.conflict = (
                f"practice case {case_id} for {star_id}@{edition} is also offered by {others}: "
                "remove one of them, or give one another id."
            )
