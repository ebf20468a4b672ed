"""The ``briefing`` command: a thin shell over the library API.

It parses options, calls the library, and maps :class:`briefing.errors.BriefingError` to one
line on stderr and an exit code (2 for bad input, 1 for anything else that went wrong). No
logic lives here.

The options that are settings are not written out per command: :func:`with_settings` makes
them from the settings table (``briefing.config``), so ``build``, ``send``, ``schedule`` and
``serve`` take the same build options with the same help, and the table is the one place a
setting is declared. Only what the pipeline, the mail or the schedule needs is imported, when
a command runs: ``briefing --help`` imports neither NLTK nor WeasyPrint.
"""

from __future__ import annotations

import functools
import inspect
import logging
import signal
import sys
import threading
from collections.abc import Callable, Iterator
from contextlib import ExitStack, contextmanager, suppress
from dataclasses import dataclass, replace
from datetime import datetime, tzinfo
from pathlib import Path
from typing import TYPE_CHECKING, Annotated, Any, NoReturn

import typer

from briefing import __version__
from briefing.config import (
    TABLES,
    Entry,
    Layers,
    ScheduleSettings,
    SendSettings,
    Settings,
    SmtpSettings,
    describe,
    entries,
    parse_value,
    require_recipients,
    require_smtp,
    toml_value,
)
from briefing.errors import BriefingError, DeliveryError, InputError

if TYPE_CHECKING:
    from briefing.deliver import SendResult
    from briefing.models import Brief

app = typer.Typer(
    name="briefing",
    help="Turn a pile of news articles into a short, sourced situation brief.",
    no_args_is_help=True,
    pretty_exceptions_enable=False,
    # Plain click help: rich formatting costs about 0.2 s of CPU on every --help.
    rich_markup_mode=None,
)

logger = logging.getLogger("briefing")


def _fail(error: BriefingError) -> NoReturn:
    typer.echo(f"error: {error}", err=True)
    raise typer.Exit(code=error.exit_code)


def _configure_logging(quiet: bool, verbose: bool, *, timestamps: bool = False) -> None:
    level = logging.ERROR if quiet else logging.INFO if verbose else logging.WARNING
    handler = logging.StreamHandler(sys.stderr)
    # A long-running schedule writes a log a person reads the next day: say when.
    layout = (
        "%(asctime)s %(levelname)s: %(message)s" if timestamps else "%(levelname)s: %(message)s"
    )
    handler.setFormatter(logging.Formatter(layout, datefmt="%Y-%m-%d %H:%M:%S%z"))
    root = logging.getLogger("briefing")
    root.handlers[:] = [handler]
    root.setLevel(level)
    root.propagate = False
    # The extraction libraries log their own view of every page we skip, which we report
    # once, in our words; --verbose shows theirs too.
    for library in ("trafilatura", "htmldate", "courlan", "charset_normalizer", "feedparser"):
        logging.getLogger(library).setLevel(logging.DEBUG if verbose else logging.CRITICAL)
    logging.addLevelName(logging.WARNING, "warning")
    logging.addLevelName(logging.INFO, "info")
    logging.addLevelName(logging.ERROR, "error")


@contextmanager
def _progress(quiet: bool) -> Iterator[Callable[[str], None]]:
    """A spinner on stderr naming the running stage; silent with --quiet or off a terminal."""
    if quiet or not sys.stderr.isatty():
        yield lambda stage: None
        return
    from rich.console import Console  # only on a terminal

    with Console(stderr=True).status("starting") as status:
        yield lambda stage: status.update(f"{stage}...")


# -- options made from the settings table -------------------------------------------------------


def _parser(item: Entry) -> Callable[[str], Any]:
    """Parse and check one command-line value as the table says; ValueError names the problem."""

    def parse(text: str) -> Any:
        try:
            value = parse_value(item, text)
        except ValueError as error:
            raise typer.BadParameter(f"{text!r}: {error}") from None
        check = item.spec.check
        problem = check(value) if check is not None else None
        if problem:
            raise typer.BadParameter(f"{text!r}: {item.key} {problem}")
        return value

    parse.__name__ = item.type_name  # click shows it in "Invalid value" messages
    return parse


def option_help(item: Entry) -> str:
    """The ``--help`` text of a setting's option: its help, then its default."""
    return f"{item.spec.help} [default: {item.default_text}]"


#: How an option's value is shown in --help, by the setting's type.
_METAVARS = {
    "int": "N",
    "int | None": "N",
    "float": "NUMBER",
    "date | None": "YYYY-MM-DD",
    "Window | None": "24h|2d|YYYY-MM-DD",
    "Path": "DIR",
    "Path | None": "DIR",
    "tuple[str, ...]": "TEXT",
}


def _metavar(item: Entry) -> str:
    if item.spec.choices:
        return "|".join(item.spec.choices)
    return _METAVARS.get(item.type_name, "TEXT")


def _parameter(item: Entry) -> inspect.Parameter:
    flags = item.spec.flags
    if item.type_name == "bool":
        annotation: Any = Annotated[bool | None, typer.Option(*flags, help=option_help(item))]
    elif item.type_name.startswith("tuple"):
        annotation = Annotated[
            list[str] | None,
            typer.Option(
                *flags,
                help=option_help(item),
                parser=_parser(item),
                metavar=_metavar(item),
                show_default=False,
            ),
        ]
    else:
        annotation = Annotated[
            str | None,
            typer.Option(
                *flags,
                help=option_help(item),
                parser=_parser(item),
                metavar=_metavar(item),
                show_default=False,
            ),
        ]
    return inspect.Parameter(
        f"{item.table}__{item.name}",
        inspect.Parameter.KEYWORD_ONLY,
        default=None,
        annotation=annotation,
    )


def command_entries(*tables: str) -> list[Entry]:
    """The settings of ``tables`` that are command-line options, in table order."""
    return [item for table in tables for item in entries(table) if item.spec.flags]


INPUTS_HELP = (
    "Article files, folders (read recursively) and http(s) URLs of pages and feeds. "
    "Default: inputs in briefing.toml, else seeds/."
)


@dataclass
class Run:
    """What a command was given: the settings layers, and the switches of the command line."""

    layers: Layers
    quiet: bool
    verbose: bool

    def settings(self) -> Settings:
        return self.layers.build(Settings)

    def send_settings(self) -> SendSettings:
        return self.layers.build(SendSettings)

    def schedule_settings(self) -> ScheduleSettings:
        return self.layers.build(ScheduleSettings)

    def smtp(self) -> SmtpSettings:
        return require_smtp(self.layers.build(SmtpSettings))


def _keyword(name: str, kind: Any, option: Any, *, default: Any = False) -> inspect.Parameter:
    """A keyword parameter of a command, as typer reads it: ``name: Annotated[kind, option]``."""
    return inspect.Parameter(
        name, inspect.Parameter.KEYWORD_ONLY, default=default, annotation=Annotated[kind, option]
    )


def with_settings(*tables: str) -> Callable[[Callable[..., None]], Callable[..., None]]:
    """Give a command the options of the settings of ``tables``, plus INPUTS, --config, -q, -v.

    The command is called with ``run``, a :class:`Run`, instead of those parameters.
    """

    def decorate(command: Callable[..., None]) -> Callable[..., None]:
        own = [
            p
            for p in inspect.signature(command, eval_str=True).parameters.values()
            if p.name != "run"
        ]
        items = command_entries(*tables)
        common = [
            inspect.Parameter(
                "inputs",
                inspect.Parameter.POSITIONAL_OR_KEYWORD,
                default=None,
                annotation=Annotated[
                    list[str] | None,
                    typer.Argument(help=INPUTS_HELP, show_default=False, metavar="INPUT"),
                ],
            ),
            *[p.replace(kind=inspect.Parameter.KEYWORD_ONLY) for p in own],
            *[_parameter(item) for item in items],
            _keyword(
                "config",
                Path | None,
                typer.Option(
                    "--config",
                    help="Settings file (TOML). Default: ./briefing.toml when it exists.",
                    dir_okay=False,
                ),
                default=None,
            ),
            _keyword("quiet", bool, typer.Option("--quiet", "-q", help="Print errors only.")),
            _keyword(
                "verbose", bool, typer.Option("--verbose", "-v", help="Say what each stage does.")
            ),
        ]

        @functools.wraps(command)
        def wrapper(**given: Any) -> None:
            quiet, verbose = given.pop("quiet"), given.pop("verbose")
            if quiet and verbose:
                raise typer.BadParameter("--quiet and --verbose cannot be used together")
            options: dict[str, dict[str, Any]] = {name: {} for name in TABLES}
            for item in items:
                value = given.pop(f"{item.table}__{item.name}")
                if isinstance(value, list):  # repeated, each maybe comma-separated
                    value = tuple(part for chunk in value for part in chunk) or None
                options[item.table][item.name] = value
            inputs = given.pop("inputs")
            if inputs:
                options["brief"]["inputs"] = tuple(inputs)
            config = given.pop("config")
            try:
                layers = Layers(config_file=config, options=options)
            except BriefingError as error:
                _fail(error)
            command(run=Run(layers, quiet, verbose), **given)

        wrapper.__signature__ = inspect.Signature(common)  # type: ignore[attr-defined]
        wrapper.__annotations__ = {p.name: p.annotation for p in common}
        return wrapper

    return decorate


def _version(value: bool) -> None:
    if value:
        typer.echo(f"briefing {__version__}")
        raise typer.Exit()


@app.callback()
def main(
    version: Annotated[
        bool,
        typer.Option(
            "--version", callback=_version, is_eager=True, help="Print the version and exit."
        ),
    ] = False,
) -> None:
    """Turn a pile of news articles into a short, sourced situation brief.

    Start with `briefing init DIR` (a project folder with a sample) or `briefing build`;
    `briefing COMMAND --help` explains each.
    """


# -- the commands ----------------------------------------------------------------------------------


def _check_inputs(settings: Settings) -> None:
    """A default input that is not there is a hint to make a project, not a bare 'no such file'."""
    if settings.inputs == ("seeds",) and not Path("seeds").exists():
        raise InputError(
            "no input: name article files, folders or feed URLs, or list them as inputs in "
            "briefing.toml (`briefing init DIR` makes a project folder with one)"
        )


@app.command()
@with_settings("brief")
def build(
    run: Run,
    scheduler: Annotated[
        str | None,
        typer.Option(
            help="Run the per-article stages on Dask: 'local' for a cluster on this machine, "
            "or tcp://HOST:PORT of a running scheduler."
        ),
    ] = None,
    no_cache: Annotated[
        bool, typer.Option("--no-cache", help="Fetch every URL again; keep nothing.")
    ] = False,
) -> None:
    """Build the brief from INPUTS and write brief.pdf, brief.html and brief.json to --out."""
    _configure_logging(run.quiet, run.verbose)
    try:
        settings = run.settings()
        _check_inputs(settings)  # before the imports below: a bad setting is refused at once
        from briefing import render
        from briefing.pipeline import build_brief

        if no_cache:
            settings = replace(settings, cache_dir=None)
        history = _history(settings)
        with ExitStack() as stack:
            map_function = None
            if scheduler:
                from briefing.distributed import dask_map  # Dask only when asked for

                map_function = stack.enter_context(dask_map(scheduler))
            on_stage = stack.enter_context(_progress(run.quiet))
            brief = build_brief(
                settings.inputs,
                settings,
                on_stage=on_stage,
                map_function=map_function,
                history=history,
            )
            on_stage("render")
            written = render.write(
                brief, settings.out, settings.formats, template_dir=settings.template_dir
            )
            not_recorded = _record(history, brief)
    except BriefingError as error:
        _fail(error)
    if not run.quiet:
        incidents = len(brief.incidents)
        typer.echo(
            f"{len(brief.articles)} articles, {incidents} incident{'s' * (incidents != 1)}, "
            f"{len(brief.skipped)} skipped"
        )
        for path in written:
            typer.echo(f"wrote {path}")
    if not_recorded is not None:
        _fail(BriefingError(f"the brief was written, but not remembered: {not_recorded}"))


def _history(settings: Settings) -> Path | None:
    """The store of articles seen, when kept (imported when a command runs, not for --help)."""
    from briefing.history import HISTORY_NAME

    return settings.out / HISTORY_NAME if settings.history else None


def _record(history: Path | None, brief: Brief) -> BriefingError | None:
    """Record a written brief in the history; the error, when it could not (the brief stands)."""
    if history is None:
        return None
    from briefing.history import record

    try:
        record(history, brief, now=brief.generated_at)
    except BriefingError as error:
        return error
    return None


def _report(result: SendResult) -> None:
    for line in result.summary():
        typer.echo(line)
    for address, reason in result.refused.items():
        typer.echo(f"refused by {address}: {reason}", err=True)


Force = Annotated[
    bool, typer.Option("--force", help="Send even to recipients already sent today's brief.")
]
DryRun = Annotated[
    bool, typer.Option("--dry-run", help="Write the messages to OUT as .eml files instead.")
]


def _send_once(
    run: Run, *, dry_run: bool, force: bool, now: datetime | None = None, as_of: Any = None
) -> SendResult:
    settings = run.settings()
    _check_inputs(settings)
    from briefing.deliver import send_brief

    if as_of is not None:
        settings = replace(settings, as_of=as_of)
    delivery = run.send_settings()
    smtp = None if dry_run else run.smtp()
    return send_brief(
        settings.inputs,
        settings,
        delivery=delivery,
        smtp=smtp,
        out_dir=settings.out,
        now=now,
        dry_run=dry_run,
        force=force,
        history=_history(settings),
    )


@app.command()
@with_settings("brief", "send")
def send(run: Run, dry_run: DryRun = False, force: Force = False) -> None:
    """Build the brief from INPUTS and email it (HTML, plain text and the PDF attached).

    SMTP settings come from the [smtp] table of briefing.toml and from the variables
    BRIEFING_SMTP_HOST, _PORT, _USER, _PASSWORD, _FROM and _TLS (none, starttls, ssl), which
    win. Each recipient gets each day's brief once; --force sends it again. A brief with
    nothing new since the last brief sent is not sent unless --always.
    """
    _configure_logging(run.quiet, run.verbose)
    try:
        result = _send_once(run, dry_run=dry_run, force=force)
    except BriefingError as error:
        _fail(error)
    except OSError as error:  # a full disk, a folder we may not write: one line, nothing sent
        _fail(DeliveryError(f"nothing sent: {error.strerror or error} ({error.filename or ''})"))
    if not run.quiet:
        _report(result)
    if result.not_recorded:
        typer.echo(
            f"error: sent, but not remembered: {result.not_recorded}; the next send may mail "
            "these articles as new again",
            err=True,
        )
    if result.refused or result.not_recorded:
        raise typer.Exit(code=DeliveryError.exit_code)


def daily_job(run: Run, tz: tzinfo, *, dry_run: bool) -> Callable[[datetime], None]:
    """What ``schedule`` runs at each scheduled time: the brief of that day in ``tz``, sent.

    A failure is logged (the schedule goes on); what was sent is printed with the time.
    """

    def job(scheduled: datetime) -> None:
        day = scheduled.astimezone(tz).date()
        try:
            result = _send_once(run, dry_run=dry_run, force=False, now=datetime.now(tz), as_of=day)
        except (BriefingError, OSError) as error:
            logger.error("the %s brief failed: %s", day, error)
            return
        if result.not_recorded:
            logger.error("the %s brief was sent, but not remembered: %s", day, result.not_recorded)
        if not run.quiet:
            for line in result.summary():
                typer.echo(f"{datetime.now(tz):%Y-%m-%d %H:%M:%S%z} {line}")

    return job


@app.command()
@with_settings("brief", "send", "schedule")
def schedule(run: Run, dry_run: DryRun = False) -> None:
    """Send the brief every day at --at in --tz, in the foreground (for systemd, containers).

    A run missed while the machine slept happens on waking (within 12 hours); a failed run is
    logged and the schedule goes on. Stop with Ctrl-C or SIGTERM.
    """
    _configure_logging(run.quiet, run.verbose, timestamps=True)
    if not run.quiet:  # "next brief at ..." after every run, in the service's log
        logging.getLogger("briefing.schedule").setLevel(logging.INFO)
    from briefing.schedule import DailySchedule, run_daily

    try:
        when = run.schedule_settings()
        daily = DailySchedule.from_settings(when)
        _check_inputs(run.settings())  # refuse bad settings now, not at 07:00
        require_recipients(run.send_settings())
        if not dry_run:
            run.smtp()
    except BriefingError as error:
        _fail(error)

    job = daily_job(run, daily.tz, dry_run=dry_run)
    stop = threading.Event()
    signal.signal(signal.SIGTERM, lambda signum, frame: stop.set())
    if not run.quiet:
        upcoming = daily.next_run(datetime.now(daily.tz)).isoformat()
        typer.echo(f"sending the brief daily at {when.at} {when.tz}; next brief at {upcoming}")
    with suppress(KeyboardInterrupt):
        run_daily(job, daily, stop=stop)


@app.command("serve")
@with_settings("brief")
def serve_command(
    run: Run,
    port: Annotated[int, typer.Option(help="Port on 127.0.0.1.", min=0, max=65535)] = 8000,
) -> None:
    """Preview the HTML brief at http://127.0.0.1:PORT/ while you edit templates or inputs.

    Takes the same options as build and marks what is new as send does (against what was
    sent), so with --since 24h the page is what send will mail. The page rebuilds and reloads
    by itself when an input, a template or briefing.toml changes; a template error is shown on
    the page. Only 127.0.0.1 is served. Stop with Ctrl-C.
    """
    _configure_logging(run.quiet, run.verbose)
    try:
        settings = run.settings()
        _check_inputs(settings)
        from briefing.serve import serve  # the preview server is only loaded when asked for

        with suppress(KeyboardInterrupt):
            serve(
                run.layers,
                port=port,
                on_ready=lambda url: typer.echo(f"serving the brief at {url} (Ctrl-C stops)"),
            )
    except BriefingError as error:
        _fail(error)


@app.command("config")
@with_settings("brief", "send", "schedule")
def config_command(run: Run) -> None:
    """Print the effective settings and where each came from (passwords masked)."""
    try:
        resolved = describe(run.layers)
    except BriefingError as error:
        _fail(error)
    if run.layers.config_file is not None:
        typer.echo(f"# settings file: {run.layers.config_file}")
    table = ""
    for item in resolved:
        if item.entry.table != table:
            table = item.entry.table
            typer.echo(f"[{table}]")
        value = toml_value(item.value, secret=item.entry.spec.secret)
        if value is None:
            typer.echo(f"# {item.entry.key}: not set ({item.entry.default_text})")
        else:
            typer.echo(f"{f'{item.entry.key} = {value}':<48} # {item.source}")


@app.command()
def init(
    folder: Annotated[Path, typer.Argument(help="The project folder to make (may exist).")],
) -> None:
    """Make a project folder: a commented briefing.toml, sample articles and templates.

    Then, in that folder, build, send, serve and schedule need no arguments.
    """
    from briefing.project import make_project

    try:
        written = make_project(folder)
    except BriefingError as error:
        _fail(error)
    for path in written:
        typer.echo(f"wrote {path}")
    typer.echo(
        f"{folder / 'news'} holds invented sample articles: list your inputs in briefing.toml"
    )
    here = folder.resolve() == Path.cwd().resolve()
    typer.echo("next: briefing build" if here else f"next: cd {folder} && briefing build")
