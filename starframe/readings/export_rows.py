"""Readings written straight from their rows: the lines of an export, without a model each.

An export of a million readings of a ten-scale Star is ten million score rows. Built as
models and dumped, each reading cost about 100 µs; here the database groups each reading's
scores into two short texts (`Reader.each_stored`: the scales scored, and their values as JSON
writes them), and a reading's JSON Lines line or CSV rows are put together from texts made once
per Star and pattern of scales (`ScoreLayouts`). A reading whose scores carry more than a value
(the person's own score, an n/a reason, a note) is rare: it is written from its full score rows,
as a document (`reading_document`), with exactly the keys and order `Reading.document()` gives.
tests/readings/test_export_rows.py holds the lines and rows to those of the models.
"""

from __future__ import annotations

import csv
import datetime as dt
import io
import json
from collections.abc import Callable, Iterator, Mapping, Sequence
from dataclasses import dataclass
from operator import itemgetter
from typing import TYPE_CHECKING, Any

from sqlalchemy import select

from starframe.definition.models import NA
from starframe.readings.rows import score_fields

if TYPE_CHECKING:
    from sqlalchemy import Connection

    from starframe.definition.models import Star

_ENCODER = json.JSONEncoder(ensure_ascii=False, separators=(",", ":"), check_circular=False)


def _made_once() -> Callable[[Any], str]:
    """`_ENCODER.encode`, with the C encoder it builds on every call built once.

    `json.dumps` with options builds a new encoder per call, and `JSONEncoder.encode` a new
    C encoder per call: together half the cost of encoding a reading's line. Made with the
    arguments `JSONEncoder.iterencode` gives it, so the text is the same (without the C
    extension, `encode` itself).
    """
    from json import encoder

    make = getattr(encoder, "c_make_encoder", None)
    if make is None:
        return _ENCODER.encode
    encode = make(
        None,
        _ENCODER.default,
        encoder.encode_basestring,
        None,
        _ENCODER.key_separator,
        _ENCODER.item_separator,
        False,
        False,
        True,
    )
    join = "".join

    def encoded(value: Any) -> str:
        return join(encode(value, 0))

    return encoded


ENCODE = _made_once()
"""`json.dumps(record, ensure_ascii=False, separators=(",", ":"))`, at a third of its cost."""
NA_TOKEN = ENCODE(NA)
"""How a score of n/a is written in JSON (`"n/a"`); a point is written as its digits."""
_NO_EXTRAS = ',"person_scores":{},"not_applicable_reasons":{},"notes":{}'
_TEXT: Callable[[str], str] = json.encoder.encode_basestring  # how `ENCODE` writes a str
_KNOWN = 1_000
"""Distinct stamps a `ReadingLines` keeps written at once."""


def _fields(fields: dict[str, Any]) -> str:
    """`fields` as they stand inside an object `ENCODE` writes: `,"key":value` each."""
    return "," + ENCODE(fields)[1:-1]


@dataclass(slots=True)
class ReadingRows:
    """One reading as the database holds it, as `Reader.each_stored` reads it."""

    row: Mapping[Any, Any]
    """Its row of `readings`."""
    scales: str
    """The scales it has a score or n/a on, comma-separated, in the order the database gave."""
    tokens: str
    """Their scores as JSON writes them (`3`, `"n/a"`), in the same order."""
    scores: Sequence[Sequence[Any]] | None
    """Every score row (in `rows.SCORE_COLUMNS` order) when one carries more than a score;
    None otherwise (`scales` and `tokens` say everything)."""
    actions: Sequence[Mapping[str, Any]]


def score_rows(stored: ReadingRows) -> Sequence[Sequence[Any]]:
    """The reading's score rows, made from `scales` and `tokens` when it kept no other."""
    if stored.scores is not None:
        return stored.scores
    if not stored.scales:
        return []
    pk = stored.row["pk"]
    return [
        (pk, scale, None, True, None, None, None)
        if token == NA_TOKEN
        else (pk, scale, int(token), False, None, None, None)
        for scale, token in zip(stored.scales.split(","), stored.tokens.split(","), strict=True)
    ]


def moment(value: dt.datetime) -> str:
    """A stored time (in UTC) as pydantic writes it in JSON: ISO 8601 with `Z`."""
    text = value.isoformat()
    assert text.endswith("+00:00"), text
    return text[:-6] + "Z"


class Moments:
    """`moment` of the stamps read, remembering the last: an import stamps a batch alike."""

    def __init__(self) -> None:
        self._last: tuple[dt.datetime, str] | None = None

    def __call__(self, value: dt.datetime) -> str:
        from starframe.store.values import in_utc

        last = self._last
        if last is not None and last[0] == value:
            return last[1]
        shown = moment(in_utc(value))
        self._last = (value, shown)
        return shown


def reading_document(
    stored: ReadingRows, rank: Mapping[str, int], *, stamped: bool, moments: Callable[..., str]
) -> dict[str, Any]:
    """`Reading.document()` of the reading `rows.build_reading` would build, without it."""
    values, person, reasons, notes = score_fields(score_rows(stored), rank)
    document = _head(stored.row)
    document.update(
        scores=values, person_scores=person, not_applicable_reasons=reasons, notes=notes
    )
    document.update(_tail(stored, stamped=stamped, moments=moments))
    return document


def _head(row: Mapping[str, Any]) -> dict[str, Any]:
    return {
        "starframe": 1,
        "kind": "reading",
        "id": row["id"],
        "star": row["star_id"],
        "edition": row["edition"],
        "definition": row["definition_hash"],
        "person": row["person_code"],
        "worker": row["worker_code"],
        "date": row["taken_on"].isoformat(),
        "mode": row["mode"],
        "retrospective": bool(row["retrospective"]),
        "status": row["status"],
    }


def _tail(stored: ReadingRows, *, stamped: bool, moments: Callable[..., str]) -> dict[str, Any]:
    row = stored.row
    tail: dict[str, Any] = {} if row["note"] is None else {"note": row["note"]}
    tail["actions"] = [_action(action) for action in sorted(stored.actions, key=_position)]
    if stamped:
        tail["created_at"] = moments(row["created_at"])
        tail["updated_at"] = moments(row["updated_at"])
        tail["revision"] = row["revision"]
    return tail


def _position(action: Mapping[str, Any]) -> int:
    return int(action["position"])


def _action(action: Mapping[str, Any]) -> dict[str, Any]:
    item: dict[str, Any] = {"scale": action["scale_id"], "goal": action["goal"]}
    for key, column in (("steps", "steps"), ("who", "who")):
        if action[column] is not None:
            item[key] = action[column]
    if action["due"] is not None:
        item["by"] = action["due"].isoformat()
    item["status"] = action["status"]
    return item


class ScoreLayouts:
    """Per Star and pattern of scales scored, the texts a reading's scores are written with.

    Nearly every reading of a Star has the same scales scored, so the JSON object's keys in
    the Star's order, and each CSV row's text after the reading's own cells, are made once.
    """

    def __init__(self, star_of: Callable[[str], Star]) -> None:
        self._star_of = star_of
        self._ranks: dict[str, dict[str, int]] = {}
        self._json: dict[tuple[str, str], tuple[str, Callable[[list[str]], Any]]] = {}
        self._csv: dict[tuple[str, str], list[tuple[_Rest, int]]] = {}
        self._stars: dict[str, Star] = {}
        self._cells = _CsvCells()

    def star(self, definition: str) -> Star:
        star = self._stars.get(definition)
        if star is None:
            star = self._stars[definition] = self._star_of(definition)
        return star

    def rank(self, definition: str) -> dict[str, int]:
        rank = self._ranks.get(definition)
        if rank is None:
            scales = self.star(definition).scales
            rank = self._ranks[definition] = {scale.id: i for i, scale in enumerate(scales)}
        return rank

    def json_scores(self, definition: str, scales: str, tokens: str) -> str:
        """The `scores` object, its keys in the Star's order, as `ENCODE` writes it."""
        if not scales:
            return "{}"
        layout = self._json.get((definition, scales))
        if layout is None:
            layout = self._json[(definition, scales)] = self._json_layout(definition, scales)
        template, pick = layout
        return str(template % pick(tokens.split(",")))

    def _json_layout(self, definition: str, scales: str) -> tuple[str, Callable[[list[str]], Any]]:
        names = scales.split(",")
        rank, last = self.rank(definition), len(self.rank(definition))
        order = sorted(range(len(names)), key=lambda i: (rank.get(names[i], last), names[i]))
        keys = ",".join(ENCODE(names[i]).replace("%", "%%") + ":%s" for i in order)
        if len(order) == 1:
            only = order[0]
            return "{" + keys + "}", lambda tokens: (tokens[only],)
        return "{" + keys + "}", itemgetter(*order)

    def csv_rows(self, definition: str, scales: str, tokens: str, shared: str) -> str:
        """The reading's CSV rows, one per scale of its Star; `shared` its own cells' text."""
        layout = self._csv.get((definition, scales))
        if layout is None:
            layout = self._csv[(definition, scales)] = self._csv_layout(definition, scales)
        values = tokens.split(",")
        return "".join([shared + rest[values[at] if at >= 0 else ""] for rest, at in layout])

    def _csv_layout(self, definition: str, scales: str) -> list[tuple[_Rest, int]]:
        from starframe.readings.export import safe_cell

        star = self.star(definition)
        at = {name: i for i, name in enumerate(scales.split(","))} if scales else {}
        layout = []
        for scale in star.scales:
            shown = safe_cell(scale.id)
            rest = {
                "": self._cells.line((shown, "", "", "", "", "")),
                NA_TOKEN: self._cells.line((shown, NA, "", "", "", "")),
            }
            layout.append((_Rest(rest, self._cells, shown, star), at.get(scale.id, -1)))
        return layout

    def shared(self, cells: Sequence[object]) -> str:
        """The text of a row's first cells, ending in the comma before the next."""
        return self._cells.line(cells)[:-2] + ","


class _Rest(dict[str, str]):
    """A scale's CSV texts by score token (none, n/a, or a point, made when first met)."""

    def __init__(self, known: dict[str, str], cells: _CsvCells, shown: object, star: Star) -> None:
        super().__init__(known)
        self._cells, self._shown, self._star = cells, shown, star

    def __missing__(self, token: str) -> str:
        from starframe.readings.export import safe_cell

        value = int(token)
        stage = safe_cell(self._star.stage_of(value).name)
        text = self[token] = self._cells.line((self._shown, value, stage, "", "", ""))
        return text


class _CsvCells:
    """Cells as `csv.writer` writes them in an export (CRLF), as text."""

    def __init__(self) -> None:
        self._buffer = io.StringIO()
        self._writer = csv.writer(self._buffer, lineterminator="\r\n")

    def line(self, cells: Sequence[object]) -> str:
        buffer = self._buffer
        buffer.seek(0)
        buffer.truncate()
        self._writer.writerow(cells)
        return buffer.getvalue()


class ReadingLines:
    """Each reading's JSON Lines line (before `shown_json`), as `ENCODE(document())` gives it."""

    def __init__(self, layouts: ScoreLayouts, *, stamped: bool) -> None:
        self._layouts = layouts
        self._stamped = stamped
        self._moments = Moments()
        self._stars: dict[tuple[str, str, str], str] = {}
        self._hows: dict[tuple[str, bool, str], str] = {}
        self._stamps: dict[tuple[dt.datetime, dt.datetime], str] = {}

    def line(self, stored: ReadingRows) -> str:
        row = stored.row
        definition = row["definition_hash"]
        if stored.scores is not None or not self._stamped:
            rank = self._layouts.rank(definition)
            document = reading_document(stored, rank, stamped=self._stamped, moments=self._moments)
            return ENCODE(document)
        # The usual reading: its line is put together from texts made once (the Star, its
        # edition and definition; the mode, retrospective and status; the stamps, alike for
        # a batch an import wrote) and its own few fields, each encoded as `ENCODE` would.
        star = (row["star_id"], row["edition"], definition)
        of_star = self._stars.get(star)
        if of_star is None:
            of_star = self._stars[star] = _fields(
                {"star": star[0], "edition": star[1], "definition": definition}
            )
        how = (row["mode"], bool(row["retrospective"]), row["status"])
        of_how = self._hows.get(how)
        if of_how is None:
            of_how = self._hows[how] = _fields(
                {"mode": how[0], "retrospective": how[1], "status": how[2]}
            )
        stamps = (row["created_at"], row["updated_at"])
        of_stamps = self._stamps.get(stamps)
        if of_stamps is None:
            if len(self._stamps) >= _KNOWN:
                self._stamps.clear()
            of_stamps = self._stamps[stamps] = _fields(
                {"created_at": self._moments(stamps[0]), "updated_at": self._moments(stamps[1])}
            )
        note = row["note"]
        tail = "" if note is None else ',"note":' + _TEXT(note)
        if stored.actions:
            actions = [_action(action) for action in sorted(stored.actions, key=_position)]
            tail += ',"actions":' + ENCODE(actions)
        else:
            tail += ',"actions":[]'
        scores = self._layouts.json_scores(definition, stored.scales, stored.tokens)
        return (
            f'{{"starframe":1,"kind":"reading","id":{_TEXT(row["id"])}{of_star}'
            f',"person":{_TEXT(row["person_code"])},"worker":{_TEXT(row["worker_code"])}'
            f',"date":"{row["taken_on"].isoformat()}"{of_how},"scores":{scores}{_NO_EXTRAS}'
            f'{tail}{of_stamps},"revision":{int(row["revision"])}}}'
        )

    def document(self, stored: ReadingRows) -> dict[str, Any]:
        rank = self._layouts.rank(stored.row["definition_hash"])
        return reading_document(stored, rank, stamped=self._stamped, moments=self._moments)


def person_documents(connection: Connection) -> Iterator[dict[str, Any]]:
    """Everyone recorded, by code, each as `Person.model_dump(mode="json", exclude_none=True)`
    of the stamped person `rows.build_person` builds, straight from their row: an export of a
    million readings carries a quarter of a million people."""
    from starframe.readings.models import DEFAULT_TEAM
    from starframe.readings.reader import READ_BATCH
    from starframe.store import tables as t

    moments = Moments()
    p = t.people.c
    columns = (p.code, p.display_name, p.consent_date, p.birth_years, p.support_need)
    query = select(*columns, p.created_at, p.team_code).order_by(p.code)
    for code, name, consent, years, need, created, team in connection.execute(
        query.execution_options(yield_per=READ_BATCH)
    ):
        person: dict[str, Any] = {"starframe": 1, "kind": "person", "code": code}
        if name is not None:
            person["display_name"] = name
        person["consent_date"] = consent.isoformat()
        if years is not None:
            person["birth_years"] = years
        if need is not None:
            person["support_need"] = need
        person["created_at"] = moments(created)
        person["team"] = team or DEFAULT_TEAM
        yield person
