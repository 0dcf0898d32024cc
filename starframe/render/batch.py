"""`render batch`: every person's report for one Star edition, on all cores.

People are handed to worker processes in chunks; each chunk opens its own store connection
and plugin host (neither crosses a process boundary), renders its people and writes their files.
Rendered in the command's own process, every chunk shares the command's one host. A person
whose report fails is named in the result; the others are still written.
"""

from __future__ import annotations

import math
import time
from collections.abc import Callable, Sequence
from concurrent.futures import ProcessPoolExecutor
from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING

from starframe.output_files import OutputError, make_folder, write_bytes

if TYPE_CHECKING:
    from starframe.definition.models import Star
    from starframe.plugins.host import PluginHost

CHUNK = 25
"""People per task at most: enough that opening the store is a small share of a task, few
enough that the last tasks finish close together."""


@dataclass(frozen=True)
class BatchJob:
    db: str
    """The database URL (each worker opens its own connection to it)."""
    star_id: str
    edition: str
    out: Path
    star: Star | None = None
    """The Star to print with (a translation); None prints each report with its own definition."""
    force: bool = False
    """Replace reports already in the folder."""
    protected: tuple[Path, ...] = ()
    """The database in use and its working files, which no report may replace."""
    lang: str | None = None
    """The language of the reports' headings (--lang); None for English."""

    def report_file(self, code: str) -> Path:
        return self.out / f"{code}.pdf"


@dataclass
class BatchResult:
    written: int = 0
    failed: list[str] = field(default_factory=list)
    """"CODE: reason" for each report that could not be made."""
    problems: list[str] = field(default_factory=list)
    """Plugins that failed (each once); their sections are left out."""
    seconds: float = 0.0

    def add(self, other: BatchResult) -> None:
        self.written += other.written
        self.failed += other.failed
        self.problems += [p for p in other.problems if p not in self.problems]


def check_batch(job: BatchJob, people: Sequence[str]) -> None:
    """Create the folder (owner-only: its file names are person codes) and refuse, before any
    work, reports that are already there (without `force`). Raises OutputError."""
    make_folder(job.out)
    if job.force:
        return
    present = [code for code in people if job.report_file(code).exists()]
    if present:
        shown = ", ".join(f"{code}.pdf" for code in present[:3])
        more = f" and {len(present) - 3} more" if len(present) > 3 else ""
        raise OutputError(
            f"{job.out} already holds {shown}{more}: add --force to replace them, "
            "or choose another folder."
        )


def render_batch(
    job: BatchJob,
    people: Sequence[str],
    processes: int,
    *,
    host: Callable[[], PluginHost] | None = None,
) -> BatchResult:
    """Every report, in this process or on `processes` workers.

    `host` gives the command's plugin host (default: a new one), shared by every chunk rendered
    here; worker processes build their own, so it is only asked for when it is used.
    """
    start = time.perf_counter()
    size = max(1, min(CHUNK, math.ceil(len(people) / max(processes, 1))))
    chunks = [list(people[i : i + size]) for i in range(0, len(people), size)]
    result = BatchResult()
    if processes <= 1 or len(chunks) <= 1:
        from starframe.plugins.host import make_plugin_host

        shared = (host or make_plugin_host)()
        for chunk in chunks:
            result.add(render_chunk(job, chunk, shared))
    else:
        with ProcessPoolExecutor(max_workers=min(processes, len(chunks))) as pool:
            for done in pool.map(render_chunk, [job] * len(chunks), chunks):
                result.add(done)
    result.seconds = time.perf_counter() - start
    return result


def render_chunk(
    job: BatchJob, people: Sequence[str], host: PluginHost | None = None
) -> BatchResult:
    """Render and write the reports of `people` (in a worker process, with a host of its own)."""
    from starframe.plugins.host import make_plugin_host
    from starframe.readings.store import open_store
    from starframe.render.loading import load_person
    from starframe.render.report import render_report
    from starframe.render.report_content import person_view
    from starframe.render.sections import ReportContext, report_sections
    from starframe.store.errors import StoreError

    result = BatchResult()
    if host is None:
        host = make_plugin_host()
    try:
        store = open_store(job.db, migrate=False)
    except StoreError as exc:
        result.failed += [f"{code}: {exc}" for code in people]
        return result
    from starframe.plugins.messages import plugin_messages

    messages = plugin_messages(host, job.lang)
    with store:
        for code in people:
            try:
                with store.read() as reader:
                    inputs = load_person(reader, code, job.star_id, job.edition)
                star = job.star or inputs.star
                view = person_view(star, inputs.journey, inputs.latest, inputs.workers, code)
                context = ReportContext("person", star, inputs.summary)
                sections, problems = report_sections(host, context)
                pdf = render_report(view, sections=sections, messages=messages)
                write_bytes(job.report_file(code), pdf, force=job.force, protected=job.protected)
            except (StoreError, OutputError, OSError) as exc:
                result.failed.append(f"{code}: {exc}")
                continue
            except Exception as exc:
                # One odd report must not stop the other 999; the message says what broke.
                result.failed.append(f"{code}: unexpected {type(exc).__name__}: {exc}")
                continue
            result.written += 1
            result.problems += [p for p in problems if p not in result.problems]
    return result
