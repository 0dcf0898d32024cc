"""Check definition files once per content: results are cached by the file's hash.

`starframe stars list` must answer fast even though validating a Star needs pydantic and a
pure-Python YAML parser. Like ruff and mypy we keep each file's findings, keyed by its bytes
and by the code that checked it, so an unchanged file is never re-validated and the heavy
imports are skipped entirely. A missing or unwritable cache only costs time, never correctness.
"""

from __future__ import annotations

import hashlib
import json
import os
from collections.abc import Mapping, Sequence
from dataclasses import asdict, dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING, Any

from starframe.definition.lint import LintRule, rules_fingerprint
from starframe.problems import Problem

if TYPE_CHECKING:
    from starframe.definition.load import LoadedStar

NO_CACHE_ENV = "STARFRAME_NO_CACHE"
_CHECKER_FILES = (
    "definition/models.py",
    "definition/rules.py",
    "definition/lint.py",
    "definition/lint_rules.py",
    "definition/readability.py",
    "definition/load.py",
    "definition/partial.py",
    "documents/document.py",
    "documents/composer.py",
    "documents/header.py",
    "documents/validation.py",
    "characters.py",
    "documents/first_errors.py",
    "limits.py",
    "problems.py",
    "definition/check_cache.py",
    "definition/coverage.py",
)


@dataclass(frozen=True)
class StarSummary:
    """What a listing needs to know about a Star, without loading it."""

    id: str
    name: str
    edition: str
    status: str
    language: str
    scales: int
    strings: tuple[str, ...] = ()
    """Every translatable string's key, so a listing can show a translation's coverage."""


@dataclass(frozen=True)
class TranslationHeader:
    """Which Star a translation file is for, read without validating it."""

    star: str
    edition: str
    language: str
    complete: bool = True
    """`complete: false` in the file: knowingly partial."""
    strings: tuple[str, ...] = ()
    """The keys of the strings it writes (`definition/coverage.py`)."""


@dataclass
class CheckedFile:
    file: str
    raw: bytes
    kind: str | None
    summary: StarSummary | None
    problems: list[Problem] = field(default_factory=list)
    translates: TranslationHeader | None = None
    loaded: LoadedStar | None = field(default=None, repr=False)

    @property
    def ok(self) -> bool:
        return self.summary is not None and not any(p.is_error for p in self.problems)

    def load(self) -> LoadedStar:
        """The full Star; plugin lint rules do not matter here, only whether it loads."""
        if self.loaded is None:
            from starframe.definition.load import load_star_text

            self.loaded = load_star_text(self.raw, self.file)
        return self.loaded


class CheckCache:
    """One small JSON file per checked content hash."""

    def __init__(self, directory: Path) -> None:
        self.directory = directory / "checked"
        self.salt = _checker_fingerprint()

    def key(self, raw: bytes, rules: Sequence[LintRule]) -> str:
        return hashlib.sha256(self.salt + rules_fingerprint(rules) + b"\0" + raw).hexdigest()

    def get(self, key: str) -> dict[str, Any] | None:
        """The record stored for `key`, or None when it is missing or not one we wrote.

        Deleting the cache is documented as always safe, so anything else found there — a
        truncated or binary file, valid JSON of another shape — is ignored and rebuilt.
        """
        try:
            with open(self.directory / f"{key}.json", encoding="utf-8") as handle:
                record = json.load(handle)
        except (OSError, ValueError, RecursionError):
            return None
        return record if _well_formed(record) else None

    def put(self, key: str, record: dict[str, Any]) -> None:
        import tempfile  # only a file checked afresh is written: a warm start never needs it

        try:
            self.directory.mkdir(parents=True, exist_ok=True)
            fd, tmp = tempfile.mkstemp(dir=self.directory, suffix=".tmp")
            with os.fdopen(fd, "w", encoding="utf-8") as handle:
                json.dump(record, handle)
            os.replace(tmp, self.directory / f"{key}.json")
        except OSError:
            return


_SUMMARY_FIELDS = {"id": str, "name": str, "edition": str, "status": str, "language": str}
_HEADER_FIELDS = dict.fromkeys(("star", "edition", "language"), str)
_PROBLEM_FIELDS = {"code": str, "message": str, "line": int, "column": int}


def _well_formed(record: object) -> bool:
    """True for a record of exactly the shape `_record` writes."""
    if not isinstance(record, dict) or set(record) != {"kind", "summary", "translates", "problems"}:
        return False
    summary, header, problems = record["summary"], record["translates"], record["problems"]
    return (
        (record["kind"] is None or isinstance(record["kind"], str))
        and (
            summary is None
            or (
                _fields_fit(summary, {**_SUMMARY_FIELDS, "scales": int, "strings": list})
                and _strings_fit(summary["strings"])
            )
        )
        and (
            header is None
            or (
                _fields_fit(header, {**_HEADER_FIELDS, "complete": bool, "strings": list})
                and _strings_fit(header["strings"])
            )
        )
        and isinstance(problems, list)
        and all(_problem_fits(problem) for problem in problems)
    )


def _fields_fit(value: object, fields: Mapping[str, type]) -> bool:
    """A dict with exactly these keys, each of its type (a bool is not taken for an int)."""
    return (
        isinstance(value, dict)
        and set(value) == set(fields)
        and all(
            isinstance(value[name], kind) and (kind is bool or not isinstance(value[name], bool))
            for name, kind in fields.items()
        )
    )


def _strings_fit(value: list[Any]) -> bool:
    # `type`, not `isinstance`: JSON gives plain str, and a warm listing of a thousand drafts
    # checks some 150,000 keys here (a C-level map is a third of the generator's time).
    return set(map(type, value)) <= {str}


def _problem_fits(problem: object) -> bool:
    if not isinstance(problem, dict) or problem.get("severity") not in ("error", "warning", "note"):
        return False
    rest = {name: value for name, value in problem.items() if name != "severity"}
    return _fields_fit(rest, _PROBLEM_FIELDS)


def open_cache(environ: Mapping[str, str] | None = None) -> CheckCache | None:
    """The user's check cache, or None when STARFRAME_NO_CACHE is set."""
    from starframe.paths import cache_dir

    env = os.environ if environ is None else environ
    return None if env.get(NO_CACHE_ENV) else CheckCache(cache_dir(env))


def _checker_fingerprint() -> bytes:
    """Changes whenever the checking code changes, so an upgrade never serves stale findings."""
    root = Path(__file__).resolve().parent.parent
    parts = []
    for name in _CHECKER_FILES:
        try:
            stat = (root / name).stat()
        except OSError:
            continue
        parts.append(f"{name}:{stat.st_size}:{stat.st_mtime_ns}")
    return "|".join(parts).encode()


def check_star_bytes(
    raw: bytes,
    file: str,
    cache: CheckCache | None,
    rules: Sequence[LintRule] = (),
    *,
    keep: bool = True,
) -> CheckedFile:
    """Check `raw` as a Star with the built-in rules plus `rules`, through the cache.

    With `keep=False` a Star checked afresh is not kept, only its summary and problems: a
    catalog of a thousand drafts would otherwise hold a thousand parsed documents (about
    120 KB each) for a listing that needs none, and `load()` reads the Star again if asked.
    """
    key = cache.key(raw, rules) if cache else ""
    record = cache.get(key) if cache else None
    loaded = None
    if record is None:
        from starframe.definition.load import load_star_text

        loaded = load_star_text(raw, file, rules=rules)
        record = _record(loaded)
        if cache:
            cache.put(key, record)
    found = record.get("summary")
    summary = StarSummary(**{**found, "strings": tuple(found["strings"])}) if found else None
    problems = [Problem(file=file, **p) for p in record.get("problems", [])]
    header = record.get("translates")
    translates = (
        TranslationHeader(**{**header, "strings": tuple(header["strings"])}) if header else None
    )
    kept = loaded if keep else None
    return CheckedFile(file, raw, record.get("kind"), summary, problems, translates, kept)


def _record(loaded: LoadedStar) -> dict[str, Any]:
    from starframe.definition.coverage import star_strings, translated_strings
    from starframe.definition.models import canonical_language
    from starframe.documents.header import document_kind

    star = loaded.star
    summary = (
        StarSummary(
            star.id,
            star.name,
            star.edition,
            star.status,
            star.language,
            len(star.scales),
            tuple(star_strings(star)),
        )
        if star
        else None
    )
    problems = []
    for problem in loaded.problems:
        record = problem.as_record()
        del record["file"]
        problems.append(record)
    kind = document_kind(loaded.document)
    data = loaded.document.data
    header: dict[str, Any] | None = None
    if kind == "translation" and isinstance(data, dict):
        fields = {key: data.get(key) for key in ("star", "edition", "language")}
        if all(isinstance(value, str) for value in fields.values()):
            complete = data.get("complete")
            header = {
                **fields,
                "language": canonical_language(fields["language"]),
                "complete": complete if isinstance(complete, bool) else True,
                "strings": translated_strings(data),
            }
    return {
        "kind": kind,
        "summary": asdict(summary) if summary else None,
        "translates": header,
        "problems": problems,
    }
