"""`starframe render`: PDFs of the star chart, a person's report, paper packs and cohort reports.

ReportLab and the store are imported inside the commands, so `starframe --help` and the
definition commands never pay for them; ReportLab only once the data is read, so a mistake
(an unknown person) is answered at once. Only these commands open the store: the renderers
get summaries and readings, never a database. Each command loads the plugins once
(`Installed`): the Stars it looks up and the report sections come from the same plugin host.
"""

from __future__ import annotations

import datetime as dt
import os
from pathlib import Path
from typing import TYPE_CHECKING

import click

from starframe.cli.options import (
    OWN_REFLECTION,
    WORKER_HELP,
    db_option,
    force_option,
    lang_option,
    out_option,
    pdf_out_option,
    stars_dir_option,
    window_options,
)
from starframe.cli.shared.errors import UserError
from starframe.cli.shared.pdf import write_pdf
from starframe.cli.shared.store import database_files, default_database_files, opened_store
from starframe.output_files import check_target

if TYPE_CHECKING:
    from starframe.catalog import Catalog
    from starframe.definition.models import Star
    from starframe.i18n import Messages
    from starframe.plugins.host import PluginHost
    from starframe.plugins.types import ReportSection
    from starframe.readings.reader import Reader
    from starframe.render.sections import ReportContext

NEWEST_INSTALLED = click.option(
    "--edition", help="Edition to print (default: the newest installed)."
)
NEWEST_READ = click.option(
    "--edition", help="Edition (default: the newest the person has complete readings of)."
)
ONLY_READ = click.option(
    "--edition", help="Edition (needed when readings use several editions of the Star)."
)


@click.group()
def render() -> None:
    """Print Stars and readings as PDF: paper packs, person reports and cohort reports."""


@render.command("blank")
@click.argument("star_ref", metavar="ID_OR_FILE")
@NEWEST_INSTALLED
@lang_option
@stars_dir_option
@pdf_out_option
@force_option
def blank(
    star_ref: str,
    edition: str | None,
    lang: str | None,
    stars_dirs: tuple[Path, ...],
    output: Path,
    force: bool,
) -> None:
    """A paper pack: an empty chart, a reading sheet and the ladder booklet.

    Works on an installed Star, a draft in a --stars-dir folder, or a Star file.
    """
    from starframe.cli.shared.catalogs import resolve_star
    from starframe.render.blank import blank_pack
    from starframe.render.sections import ReportContext

    protected = default_database_files()
    check_target(output, force=force, protected=protected)
    installed = Installed(stars_dirs)
    star = resolve_star(star_ref, edition, stars_dirs, lang, catalogs=installed.catalog)
    sections = installed.sections(ReportContext("blank", star))
    pdf = blank_pack(star, sections=sections, messages=installed.messages(lang))
    write_pdf(output, pdf, force=force, protected=protected)


@render.command("person")
@click.argument("code")
@click.option("--star", "star_id", required=True, metavar="ID", help="The Star to report on.")
@NEWEST_READ
@lang_option
@stars_dir_option
@db_option
@pdf_out_option
@force_option
def person(
    code: str,
    star_id: str,
    edition: str | None,
    lang: str | None,
    stars_dirs: tuple[Path, ...],
    db: str | None,
    output: Path,
    force: bool,
) -> None:
    """A person's report: first, previous and latest readings, changes, notes, action plan.

    With several editions of the Star, the newest the person has readings of, unless --edition.
    """
    from starframe.render.loading import load_person
    from starframe.render.report_content import person_view
    from starframe.render.sections import ReportContext

    protected = database_files(db)
    check_target(output, force=force, protected=protected)
    with opened_store(db) as store, store.read() as reader:
        inputs = load_person(reader, code, star_id, edition)
    installed = Installed(stars_dirs)
    star = installed.translated(inputs.star, lang)
    from starframe.render.report import render_report

    view = person_view(star, inputs.journey, inputs.latest, inputs.workers, code)
    sections = installed.sections(ReportContext("person", star, inputs.summary))
    pdf = render_report(view, sections=sections, messages=installed.messages(lang))
    write_pdf(output, pdf, force=force, protected=protected)


@render.command("mine")
@click.argument("code")
@click.option("--star", "star_id", required=True, metavar="ID", help="The Star to print.")
@click.option(
    "--reading",
    "reading_id",
    metavar="ID",
    help="The reading to print (default: the person's latest complete reading of the Star).",
)
@lang_option
@click.option("--large-print", is_flag=True, help="Larger type, in one column.")
@click.option(
    "--with-worker-name",
    is_flag=True,
    help='Name the worker (by display name); without it the copy says "your worker".',
)
@stars_dir_option
@db_option
@pdf_out_option
@force_option
def mine(
    code: str,
    star_id: str,
    reading_id: str | None,
    lang: str | None,
    large_print: bool,
    with_worker_name: bool,
    stars_dirs: tuple[Path, ...],
    db: str | None,
    output: Path,
    force: bool,
) -> None:
    """ "My Star": the person's own copy of a reading, written to them in plain words.

    It holds no codes, ids or statistics: the ladder's words for where they are, what changed
    since last time, their own score beside the worker's, their goals, and space to write.
    """
    from starframe.render.loading import load_mine
    from starframe.render.mine_content import mine_view

    protected = database_files(db)
    check_target(output, force=force, protected=protected)
    with opened_store(db) as store, store.read() as reader:
        inputs = load_mine(reader, code, star_id, reading_id)
    installed = Installed(stars_dirs)
    star = installed.translated(inputs.star, lang)
    messages = installed.messages(lang)
    name = inputs.worker_name if with_worker_name else None
    view = mine_view(star, inputs.journey, inputs.reading, messages, name)
    from starframe.render.mine import render_mine

    pdf = render_mine(view, messages=messages, large_print=large_print)
    write_pdf(output, pdf, force=force, protected=protected)


@render.command("reading")
@click.argument("reading_id", metavar="ID")
@lang_option
@stars_dir_option
@db_option
@pdf_out_option
@force_option
def reading(
    reading_id: str,
    lang: str | None,
    stars_dirs: tuple[Path, ...],
    db: str | None,
    output: Path,
    force: bool,
) -> None:
    """One reading on its own (a draft too): chart, scores, notes and action plan."""
    from starframe.render.reading_pdf import save_reading_pdf
    from starframe.store.errors import StoreError

    protected = database_files(db)
    check_target(output, force=force, protected=protected)
    installed = Installed(stars_dirs)
    with opened_store(db) as store:
        with store.read() as reader:
            found = reader.reading(reader.resolve_id(reading_id))
            if found.definition is None:
                raise StoreError(f"reading {found.id} has no definition; run `starframe db check`.")
            star = installed.translated(reader.star(found.definition), lang)
        messages = installed.messages(lang)
        warnings = save_reading_pdf(
            store, found, star, installed.host(), output, force=force, messages=messages
        )
    for warning in warnings:
        click.echo(f"starframe: warning: {warning}", err=True)
    click.echo(f"wrote {output}", err=True)


@render.command("cohort")
@click.argument("star_id", metavar="ID")
@ONLY_READ
@window_options(WORKER_HELP)
@lang_option
@stars_dir_option
@db_option
@pdf_out_option
@force_option
def cohort(
    star_id: str,
    edition: str | None,
    since: dt.date | None,
    until: dt.date | None,
    worker: str | None,
    team: str | None,
    lang: str | None,
    stars_dirs: tuple[Path, ...],
    db: str | None,
    output: Path,
    force: bool,
) -> None:
    """A cohort report: people, distance travelled, stage movement and the average shapes."""
    from starframe.readings.summaries import select_cohort, summarise_cohort
    from starframe.render.sections import ReportContext

    protected = database_files(db)
    check_target(output, force=force, protected=protected)
    installed = Installed(stars_dirs)
    with opened_store(db) as store, store.read() as reader:
        selection = select_cohort(
            reader, star_id, edition, since=since, until=until, worker=worker, team=team
        )
        summary = summarise_cohort(selection, since=since, until=until, worker=worker, team=team)
        star = installed.translated(selection.star, lang)
    sections = installed.sections(ReportContext("cohort", star, summary))
    from starframe.render.cohort import average_shapes, render_cohort

    shapes = average_shapes(selection.rows)
    pdf = render_cohort(star, summary, shapes, sections=sections, messages=installed.messages(lang))
    write_pdf(output, pdf, force=force, protected=protected)


@render.command("learning")
@click.argument("star_id", metavar="ID")
@ONLY_READ
@window_options(OWN_REFLECTION)
@lang_option
@stars_dir_option
@db_option
@pdf_out_option
@force_option
def learning(
    star_id: str,
    edition: str | None,
    since: dt.date | None,
    until: dt.date | None,
    worker: str | None,
    team: str | None,
    lang: str | None,
    stars_dirs: tuple[Path, ...],
    db: str | None,
    output: Path,
    force: bool,
) -> None:
    """A learning review for a team meeting: where people move and stay, action plans,
    questions. It ranks no one and names no worker; counts of fewer than 5 are withheld."""
    from starframe.readings.learning import learning_review

    protected = database_files(db)
    check_target(output, force=force, protected=protected)
    installed = Installed(stars_dirs)
    with opened_store(db) as store, store.read() as reader:
        review = learning_review(
            reader, star_id, edition, since=since, until=until, worker=worker, team=team
        )
        star = reader.star(reader.definition_hashes(star_id)[review.edition][0])
    star = installed.translated(star, lang)
    from starframe.render.learning import render_learning

    pdf = render_learning(star, review, messages=installed.messages(lang))
    write_pdf(output, pdf, force=force, protected=protected)


@render.command("batch")
@click.argument("star_id", metavar="ID")
@ONLY_READ
@out_option(
    "Folder for the reports (created readable by you only if missing); one CODE.pdf per person.",
    folder=True,
)
@force_option
@click.option(
    "--jobs",
    type=click.IntRange(min=1),
    help="Processes to render with (default: every core).",
)
@lang_option
@stars_dir_option
@db_option
def batch(
    star_id: str,
    edition: str | None,
    output: Path,
    force: bool,
    jobs: int | None,
    lang: str | None,
    stars_dirs: tuple[Path, ...],
    db: str | None,
) -> None:
    """Every person's report for one Star edition, rendered on all cores.

    A report already in the folder is refused before any is rendered, unless --force.
    """
    from starframe.render.batch import BatchJob, check_batch, render_batch

    protected = database_files(db)
    with opened_store(db) as store, store.read() as reader:
        chosen = edition or only_edition(reader, star_id)
        people = sorted(
            {r.person for r in reader.readings(star=star_id, edition=chosen, status="complete")}
        )
        url = store.location.url
    if not people:
        raise UserError(f"no complete readings of {star_id} {chosen} are recorded.")
    installed = Installed(stars_dirs)
    in_lang = installed.in_lang(star_id, chosen, lang) if lang else None
    job = BatchJob(
        url, star_id, chosen, output, in_lang, force=force, protected=protected, lang=lang
    )
    check_batch(job, people)
    result = render_batch(job, people, jobs or os.cpu_count() or 1, host=installed.host)
    for problem in result.problems:
        click.echo(f"starframe: warning: {problem}", err=True)
    click.echo(f"wrote {result.written} report(s) to {output} in {result.seconds:.1f} s", err=True)
    if result.failed:
        raise UserError(f"{len(result.failed)} report(s) failed: {'; '.join(result.failed[:3])}")


def only_edition(reader: Reader, star_id: str) -> str:
    editions = reader.editions(star_id)
    if not editions:
        raise UserError(f"no complete readings of Star {star_id} are recorded.")
    if len(editions) > 1:
        raise UserError(
            f"readings of {star_id} use editions {', '.join(editions)}: choose one with --edition."
        )
    return editions[0]


class Installed:
    """The installed plugins for one command: the host is built once, on first use.

    A command may need the catalog (a Star by id, or its --lang translation) and the plugins'
    report sections. Building a host for each would import every plugin and run its hooks
    twice, each time under the time limit; sharing one also means a plugin that hung while
    offering its Stars is not waited for again for its sections. A command that needs
    neither never loads a plugin.
    """

    def __init__(self, stars_dirs: tuple[Path, ...]) -> None:
        self.stars_dirs = stars_dirs
        self._host: PluginHost | None = None

    def host(self) -> PluginHost:
        if self._host is None:
            from starframe.plugins.host import make_plugin_host

            self._host = make_plugin_host()
        return self._host

    def catalog(self, stars_dirs: tuple[Path, ...]) -> Catalog:
        """The Stars of the plugins and of `stars_dirs` (the command's, or with a file's folder)."""
        from starframe.catalog import build_catalog

        return build_catalog(host=self.host(), stars_dirs=stars_dirs)

    def translated(self, star: Star, lang: str | None) -> Star:
        """With --lang, the same Star edition in that language (from the installed translation)."""
        return self.in_lang(star.id, star.edition, lang) if lang else star

    def in_lang(self, star_id: str, edition: str, lang: str) -> Star:
        from starframe.catalog import StarNotFound

        try:
            return self.catalog(self.stars_dirs).find(star_id, edition, lang)
        except StarNotFound as exc:
            raise UserError(f"--lang {lang}: {exc}") from None

    def messages(self, lang: str | None) -> Messages:
        """The reports' fixed wording in --lang: the core's catalogue and the plugins'."""
        from starframe.i18n import ENGLISH

        if not lang:
            return ENGLISH
        from starframe.plugins.messages import plugin_messages

        return plugin_messages(self.host(), lang)

    def sections(self, context: ReportContext) -> list[ReportSection]:
        """Sections from installed plugins; a failing plugin is a warning, not a failed report."""
        from starframe.render.sections import report_sections

        sections, problems = report_sections(self.host(), context)
        for problem in problems:
            click.echo(f"starframe: warning: {problem}", err=True)
        return sections
