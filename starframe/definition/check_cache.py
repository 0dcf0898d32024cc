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
from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING, Any

from starframe.definition.file_stamps import Stamp, settled, stamp_from_json, stamp_of
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
    held: bytes | None
    """The file's bytes; None for a file known unchanged by its stamp, read when asked for."""
    kind: str | None
    summary: StarSummary | None
    problems: list[Problem] = field(default_factory=list)
    translates: TranslationHeader | None = None
    loaded: LoadedStar | None = field(default=None, repr=False)

    @property
    def ok(self) -> bool:
        return self.summary is not None and not any(p.is_error for p in self.problems)

    @property
    def raw(self) -> bytes:
        """The bytes checked (read now for a file its stamp showed unchanged: `stars list`
        never asks, so a warm listing reads no draft). Raises InputRefused."""
        if self.held is None:
            from starframe.documents.inputs import read_input

            self.held = read_input(self.file)
        return self.held

    def load(self) -> LoadedStar:
        """The full Star; plugin lint rules do not matter here, only whether it loads."""
        if self.loaded is None:
            from starframe.definition.load import load_star_text

            self.loaded = load_star_text(self.raw, self.file)
        return self.loaded


class CheckCache:
    """One small JSON file per checked content hash, and an index of a catalog's records.

    A warm listing of a thousand drafts spent most of its time opening a thousand record
    files; the index (`catalog-index/<scope>.json`, one per set of folders listed) holds
    every record the last catalog of that scope used, keyed as the files are, and is read
    once. A record the index lacks or holds damaged is looked for file by file, as before.
    Each list of string keys is written once in the index (`strings`) and named by number
    in its records: drafts of one Star share them, and they were most of its bytes.

    With `use_stamps`, the index also keeps each file's stamp and key (`files`,
    `definition/file_stamps.py`), so an unchanged file is known without reading it.
    """

    def __init__(self, directory: Path, scope: str = "") -> None:
        self.directory = directory / "checked"
        self.salt = _checker_fingerprint()
        name = hashlib.sha256(scope.encode()).hexdigest()[:16]
        self.index_path = directory / "catalog-index" / f"{name}.json"
        self._index: dict[str, Any] | None = None
        self._used: dict[str, dict[str, Any]] = {}
        self._index_stale = False
        self._checker: str | None = None
        self._files: dict[str, tuple[Stamp, str]] = {}
        self._stamped: dict[str, tuple[Stamp, str]] = {}
        self._pending: dict[str, Stamp] = {}
        self._kept_checker: str | None = None

    def use_stamps(self, rules: Sequence[LintRule]) -> None:
        """Know unchanged files by their stamps (`unchanged`), keyed for these `rules`."""
        self._checker = hashlib.sha256(self.salt + b"\0" + rules_fingerprint(rules)).hexdigest()

    def unchanged(self, file: str) -> dict[str, Any] | None:
        """The record of `file` when its stamp is the one kept with its key, else None.

        Only with `use_stamps`. A file found changed (or new) has its stamp noted, to be kept
        with its key once it is read and hashed (`stamped`), if its times are settled.
        """
        if self._checker is None:
            return None
        stamp = stamp_of(file)
        if stamp is None:
            return None
        self._read_index()
        kept = self._files.get(file)
        if kept is not None and kept[0] == stamp:
            record = self.get(kept[1])
            if record is not None:
                self._stamped[file] = kept
                return record
        if settled(stamp):
            self._pending[file] = stamp
        return None

    def stamped(self, file: str, key: str) -> None:
        """`file`, read and hashed as `key`: keep its noted stamp, if it has one."""
        stamp = self._pending.pop(file, None)
        if stamp is not None:
            self._stamped[file] = (stamp, key)

    def key(self, raw: bytes, rules: Sequence[LintRule]) -> str:
        return hashlib.sha256(self.salt + rules_fingerprint(rules) + b"\0" + raw).hexdigest()

    def get(self, key: str) -> dict[str, Any] | None:
        """The record stored for `key`, or None when it is missing or not one we wrote.

        Deleting the cache is documented as always safe, so anything else found there — a
        truncated or binary file, valid JSON of another shape — is ignored and rebuilt.
        """
        record = self._read_index().get(key)
        if record is None or not _well_formed(record):
            self._index_stale = True
            record = self._read_record(key)
        if record is not None:
            self._used[key] = record
        return record

    def put(self, key: str, record: dict[str, Any]) -> None:
        self.remember(key, record)
        self.write_record(key, record)

    def remember(self, key: str, record: dict[str, Any]) -> None:
        """Keep `record` for the index, whose record file another process has written."""
        self._used[key] = record
        self._index_stale = True

    def write_record(self, key: str, record: dict[str, Any]) -> None:
        """The record file of `key`; a worker process writes those of the files it checked."""
        import tempfile  # only a file checked afresh is written: a warm start never needs it

        try:
            self.directory.mkdir(parents=True, exist_ok=True)
            fd, tmp = tempfile.mkstemp(dir=self.directory, suffix=".tmp")
            with os.fdopen(fd, "w", encoding="utf-8") as handle:
                handle.write(json.dumps(record))
            os.replace(tmp, self.directory / f"{key}.json")
        except OSError:
            return

    def save_index(self) -> None:
        """Write the index of the records used since this cache was opened, if it changed.

        Records of files removed since drop out; a failed write only costs time.
        """
        records = self._read_index()
        if self._checker is None:  # stamps not asked for: keep those of files still used
            files = {f: kept for f, kept in self._files.items() if kept[1] in self._used}
        else:
            files = self._stamped
        if not self._index_stale and set(self._used) == set(records) and files == self._files:
            return
        from starframe.output_files import OutputError, make_folder, write_text

        index = {
            **_shared_strings(self._used),
            "checker": self._checker or self._kept_checker,
            "files": {file: [*stamp, key] for file, (stamp, key) in files.items()},
        }
        try:
            make_folder(self.index_path.parent)
            write_text(self.index_path, json.dumps(index), force=True)
        except (OSError, OutputError):
            return

    def _read_index(self) -> dict[str, Any]:
        if self._index is None:
            try:
                with open(self.index_path, encoding="utf-8") as handle:
                    found = json.load(handle)
            except (OSError, ValueError, RecursionError):
                found = None
            if not isinstance(found, dict):
                found = {}
            records = found.get("records")
            self._index = (
                _with_strings(records, found.get("strings")) if isinstance(records, dict) else {}
            )
            checker = found.get("checker")
            self._kept_checker = checker if isinstance(checker, str) else None
            files = found.get("files")
            if isinstance(files, dict) and (self._checker is None or checker == self._checker):
                for file, value in files.items():
                    kept = stamp_from_json(value)
                    if kept is not None:
                        self._files[file] = kept
        return self._index

    def _read_record(self, key: str) -> dict[str, Any] | None:
        try:
            with open(self.directory / f"{key}.json", encoding="utf-8") as handle:
                record = json.load(handle)
        except (OSError, ValueError, RecursionError):
            return None
        return record if _well_formed(record) else None


def _shared_strings(records: Mapping[str, dict[str, Any]]) -> dict[str, Any]:
    """`records` with each summary's and translation header's `strings` named by number in
    a table of the distinct lists, for the index."""
    table: dict[tuple[str, ...], int] = {}
    written: dict[str, Any] = {}
    for key, record in records.items():
        copy = dict(record)
        for part in ("summary", "translates"):
            found = record.get(part)
            if isinstance(found, dict) and isinstance(found.get("strings"), list | tuple):
                strings = tuple(found["strings"])
                copy[part] = {**found, "strings": table.setdefault(strings, len(table))}
        written[key] = copy
    return {"records": written, "strings": [list(strings) for strings in table]}


def _with_strings(records: dict[str, Any], table: object) -> dict[str, Any]:
    """The index's records with their strings put back from `table`; a number that names
    none is left as it is, so the record is not well formed and is looked for elsewhere."""
    if not isinstance(table, list):
        return records
    for record in records.values():
        if not isinstance(record, dict):
            continue
        for part in ("summary", "translates"):
            found = record.get(part)
            if not isinstance(found, dict):
                continue
            number = found.get("strings")
            if type(number) is int and 0 <= number < len(table) and isinstance(table[number], list):
                found["strings"] = table[number]
    return records


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


def open_cache(environ: Mapping[str, str] | None = None, scope: str = "") -> CheckCache | None:
    """The user's check cache, or None when STARFRAME_NO_CACHE is set.

    `scope` names what is checked (a catalog's folders), so each has its own index."""
    from starframe.paths import cache_dir

    env = os.environ if environ is None else environ
    return None if env.get(NO_CACHE_ENV) else CheckCache(cache_dir(env), scope)


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
    return _checked(raw, file, record, loaded if keep else None)


POOL_FROM = 50
"""Files to check afresh from which worker processes share the work (a cold catalog)."""
_worker_rules: Sequence[LintRule] = ()
"""The lint rules of the pool being started: forked workers inherit them, unpickled."""
_worker_cache: CheckCache | None = None
"""The cache whose record files the pool's workers write, each for the files it checked."""


def check_many(
    files: Sequence[tuple[bytes, str]], cache: CheckCache | None, rules: Sequence[LintRule] = ()
) -> list[CheckedFile]:
    """`check_star_bytes(raw, file, cache, rules, keep=False)` for each, in the same order.

    A cold listing of a thousand drafts is a thousand full checks (about 7.5 ms of CPU
    each); from `POOL_FROM` files not in the cache they are shared among worker processes,
    one per CPU. The results, and so the problems printed, keep the files' order.
    """
    keys = [cache.key(raw, rules) if cache else "" for raw, _file in files]
    if cache:
        for (_raw, file), key in zip(files, keys, strict=True):
            cache.stamped(file, key)
    records = [cache.get(key) if cache else None for key in keys]
    missing: dict[str, int] = {}
    for number, record in enumerate(records):
        if record is None:
            missing.setdefault(keys[number] or str(number), number)
    fresh = _check_in_workers([files[n] for n in missing.values()], list(missing), cache, rules)
    if fresh is None:
        fresh = [
            _check_afresh(raw, file, rules) for raw, file in (files[n] for n in missing.values())
        ]
        if cache:
            for key, record in zip(missing, fresh, strict=True):
                cache.write_record(key, record)
    by_key = dict(zip(missing, fresh, strict=True))
    for number, record in enumerate(records):
        if record is None:
            records[number] = by_key[keys[number] or str(number)]
    if cache:
        for key, record in by_key.items():
            cache.remember(key, record)
    return [
        _checked(raw, file, record, None)
        for (raw, file), record in zip(files, records, strict=True)
        if record is not None
    ]


def _check_in_workers(
    files: Sequence[tuple[bytes, str]],
    keys: Sequence[str],
    cache: CheckCache | None,
    rules: Sequence[LintRule],
) -> list[dict[str, Any]] | None:
    """The records of `files` checked by a pool of forked workers, or None to check here.

    Only forked workers (they inherit the imported checker and the plugins' rules), only
    from a single-threaded process (forking with threads running is unsafe), and any
    failure of the pool falls back to checking in this process. Each worker writes the
    record files of what it checked (`keys`): written here, one after the other, they were
    a second of a cold listing of a thousand drafts with both CPUs idle.
    """
    import threading

    workers = os.cpu_count() or 1
    if len(files) < POOL_FROM or workers < 2 or threading.active_count() > 1:
        return None
    import multiprocessing
    from concurrent.futures import ProcessPoolExecutor

    import starframe.definition.load  # noqa: F401  imported once, before the fork

    global _worker_rules, _worker_cache
    _worker_rules, _worker_cache = rules, cache
    try:
        context = multiprocessing.get_context("fork")
        with ProcessPoolExecutor(workers, mp_context=context) as pool:
            # Small chunks, so that neither CPU is left idle at the end while the other
            # finishes a long one.
            chunk = max(1, len(files) // (workers * 16))
            raws, names = [raw for raw, _ in files], [file for _, file in files]
            return list(pool.map(_check_in_worker, raws, names, keys, chunksize=chunk))
    except Exception:  # a broken pool only costs time: check here instead
        return None
    finally:
        _worker_rules, _worker_cache = (), None


def _check_in_worker(raw: bytes, file: str, key: str) -> dict[str, Any]:
    record = _check_afresh(raw, file, _worker_rules)
    if _worker_cache is not None:
        _worker_cache.write_record(key, record)
    return record


def _check_afresh(raw: bytes, file: str, rules: Sequence[LintRule]) -> dict[str, Any]:
    from starframe.definition.load import load_star_text

    return _record(load_star_text(raw, file, rules=rules))


def check_unchanged(file: str, cache: CheckCache) -> CheckedFile | None:
    """The checked file at `file`, unread, when its stamp shows it unchanged (`use_stamps`)."""
    record = cache.unchanged(file)
    return None if record is None else _checked(None, file, record, None)


def _checked(
    raw: bytes | None, file: str, record: dict[str, Any], loaded: LoadedStar | None
) -> CheckedFile:
    found = record.get("summary")
    summary = StarSummary(**{**found, "strings": tuple(found["strings"])}) if found else None
    problems = [Problem(file=file, **p) for p in record.get("problems", [])]
    header = record.get("translates")
    translates = (
        TranslationHeader(**{**header, "strings": tuple(header["strings"])}) if header else None
    )
    return CheckedFile(file, raw, record.get("kind"), summary, problems, translates, loaded)


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
        "summary": _summary_record(summary) if summary else None,
        "translates": header,
        "problems": problems,
    }


def _summary_record(summary: StarSummary) -> dict[str, Any]:
    """The summary as JSON holds it (`dataclasses.asdict` copied each of its strings deeply:
    a tenth of checking a draft)."""
    return {
        "id": summary.id,
        "name": summary.name,
        "edition": summary.edition,
        "status": summary.status,
        "language": summary.language,
        "scales": summary.scales,
        "strings": list(summary.strings),
    }
