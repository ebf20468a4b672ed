"""The ``briefing`` command: a thin shell over the library API.

It parses options, calls :func:`briefing.build_brief` and :func:`briefing.render.write`,
and maps :class:`briefing.errors.BriefingError` to one line on stderr and an exit code
(2 for bad input, 1 for anything else that went wrong). No logic lives here.
"""

from __future__ import annotations

import logging
import os
import re
import signal
import sys
import threading
from collections.abc import Callable, Iterator
from contextlib import ExitStack, contextmanager, suppress
from dataclasses import replace
from datetime import date, datetime, timedelta
from enum import StrEnum
from pathlib import Path
from typing import Annotated, Any, NoReturn

import typer
from rich.console import Console

from briefing import render
from briefing.config import Settings, load_settings, read_config_table
from briefing.deliver import SendResult, send_brief
from briefing.errors import BriefingError, DeliveryError
from briefing.mail import SmtpSettings
from briefing.pipeline import build_brief
from briefing.schedule import DailySchedule, parse_time_of_day, parse_timezone, run_daily

DEFAULT_INPUT = Path("seeds")
DEFAULT_OUT = Path("out")

app = typer.Typer(
    name="briefing",
    help="Turn a pile of news articles into a short, sourced situation brief.",
    no_args_is_help=True,
    add_completion=False,
    pretty_exceptions_enable=False,
)


class OutputFormat(StrEnum):
    pdf = "pdf"
    html = "html"
    json = "json"


class SummarizerName(StrEnum):
    lexrank = "lexrank"
    lsa = "lsa"
    textrank = "textrank"
    luhn = "luhn"
    edmundson = "edmundson"
    kl = "kl"
    sumbasic = "sumbasic"
    reduction = "reduction"


def _fail(error: BriefingError) -> NoReturn:
    typer.echo(f"error: {error}", err=True)
    raise typer.Exit(code=error.exit_code)


def _configure_logging(quiet: bool, verbose: bool) -> None:
    level = logging.ERROR if quiet else logging.INFO if verbose else logging.WARNING
    handler = logging.StreamHandler(sys.stderr)
    handler.setFormatter(logging.Formatter("%(levelname)s: %(message)s"))
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
    console = Console(stderr=True)
    if quiet or not console.is_terminal:
        yield lambda stage: None
        return
    with console.status("starting") as status:
        yield lambda stage: status.update(f"{stage}...")


def _parse_date(value: str | None) -> date | None:
    if value is None:
        return None
    try:
        return date.fromisoformat(value)
    except ValueError:
        raise typer.BadParameter(f"{value!r} is not a date like 2024-03-31") from None


# Strings, not Paths: Path("https://x/y") would fold the URL's "//".
Inputs = Annotated[
    list[str] | None,
    typer.Argument(
        help="Article files, folders (searched recursively) and http(s) URLs of pages and "
        "feeds. Default: seeds/",
        show_default=False,
    ),
]
TemplateDir = Annotated[
    Path | None,
    typer.Option(
        "--template-dir",
        help="A folder of templates looked up before the built-in ones "
        "(override brief.html, base.html or brief.css by name).",
        file_okay=False,
        dir_okay=True,
    ),
]
ConfigFile = Annotated[
    Path | None,
    typer.Option(
        "--config",
        help="Settings file (TOML). Default: ./briefing.toml when it exists.",
        dir_okay=False,
    ),
]
Title = Annotated[str | None, typer.Option(help="The brief's title.")]
Quiet = Annotated[bool, typer.Option("--quiet", "-q", help="Print errors only.")]
Verbose = Annotated[bool, typer.Option("--verbose", "-v", help="Say what each stage does.")]


def settings_from_options(config_file: Path | None, **options: Any) -> Settings:
    """Settings from the layers, with the command line's given options on top."""
    return load_settings(options, config_file=config_file)


@app.callback()
def main() -> None:
    """Turn a pile of news articles into a short, sourced situation brief.

    Start with `briefing build` (seeds/ to out/); `briefing COMMAND --help` explains each.
    """


@app.command()
def build(
    inputs: Inputs = None,
    out: Annotated[
        Path, typer.Option("--out", "-o", help="Folder the brief is written to.", file_okay=False)
    ] = DEFAULT_OUT,
    title: Title = None,
    as_of: Annotated[
        str | None,
        typer.Option("--as-of", help="The brief's date, YYYY-MM-DD. Default: today."),
    ] = None,
    formats: Annotated[
        list[OutputFormat] | None,
        typer.Option("--format", "-f", help="Output format; repeat for several. Default: all."),
    ] = None,
    since: Annotated[
        str | None,
        typer.Option(help="Only articles dated on or after this day, YYYY-MM-DD."),
    ] = None,
    until: Annotated[
        str | None,
        typer.Option(help="Only articles dated on or before this day, YYYY-MM-DD."),
    ] = None,
    sentences: Annotated[
        int | None,
        typer.Option(
            "--sentences", "-n", min=1, help="Summary sentences per incident. [default: 5]"
        ),
    ] = None,
    summarizer: Annotated[
        SummarizerName | None,
        typer.Option(help="sumy summarizer used for incident summaries. [default: lexrank]"),
    ] = None,
    max_incidents: Annotated[
        int | None,
        typer.Option(
            min=0,
            help="Incidents shown in full, the most reported first; the rest are listed. "
            "0: all. [default: 30]",
        ),
    ] = None,
    template_dir: TemplateDir = None,
    config: ConfigFile = None,
    scheduler: Annotated[
        str | None,
        typer.Option(
            help="Run the per-article stages on Dask: 'local' for a cluster on this machine, "
            "or tcp://HOST:PORT of a running scheduler."
        ),
    ] = None,
    workers: Annotated[
        int | None,
        typer.Option(
            min=1,
            help="Worker processes for reading, summaries and quotes of a large input "
            "(300 files or more); worth it on machines with many cores. [default: 1]",
        ),
    ] = None,
    cache_dir: Annotated[
        Path | None,
        typer.Option(
            help="Where fetched http(s) pages are kept between runs. "
            "[default: ~/.cache/briefing/fetch]",
            file_okay=False,
        ),
    ] = None,
    no_cache: Annotated[
        bool, typer.Option("--no-cache", help="Fetch every URL again; keep nothing.")
    ] = False,
    offline: Annotated[
        bool | None,
        typer.Option("--offline", help="Read URLs from the cache only; never fetch."),
    ] = None,
    follow_links: Annotated[
        bool | None,
        typer.Option(
            "--follow-links",
            help="Fetch and read the pages that feed entries and export items only link to "
            "(public hosts, and the hosts of URLs given as inputs).",
        ),
    ] = None,
    quiet: Quiet = False,
    verbose: Verbose = False,
) -> None:
    """Build the brief from INPUTS and write brief.pdf, brief.html and brief.json to --out."""
    _configure_logging(quiet, verbose)
    try:
        settings = settings_from_options(
            config,
            title=title,
            as_of=_parse_date(as_of),
            since=_parse_date(since),
            until=_parse_date(until),
            formats=tuple(f.value for f in formats) if formats else None,
            sentences=sentences,
            summarizer=summarizer.value if summarizer else None,
            max_incidents=max_incidents,
            template_dir=template_dir,
            workers=workers,
            cache_dir=cache_dir,
            offline=offline,
            follow_links=follow_links,
        )
        if no_cache:
            settings = replace(settings, cache_dir=None)
        with ExitStack() as stack:
            map_function = None
            if scheduler:
                from briefing.distributed import dask_map  # Dask only when asked for

                map_function = stack.enter_context(dask_map(scheduler))
            on_stage = stack.enter_context(_progress(quiet))
            brief = build_brief(
                inputs or [DEFAULT_INPUT],
                settings,
                on_stage=on_stage,
                map_function=map_function,
            )
            on_stage("render")
            written = render.write(brief, out, settings.formats, template_dir=settings.template_dir)
    except BriefingError as error:
        _fail(error)
    if not quiet:
        incidents = len(brief.incidents)
        typer.echo(
            f"{len(brief.articles)} articles, {incidents} incident{'s' * (incidents != 1)}, "
            f"{len(brief.skipped)} skipped"
        )
        for path in written:
            typer.echo(f"wrote {path}")


_DURATION = re.compile(r"^\s*(\d+(?:\.\d+)?)\s*([hd])\s*$", re.IGNORECASE)


def _parse_window(value: str) -> tuple[date | None, timedelta | None]:
    """``--since`` for send/schedule: a day (YYYY-MM-DD) or a duration before now (24h, 2d)."""
    match = _DURATION.match(value)
    if match:
        amount = float(match.group(1))
        unit = match.group(2).lower()
        return None, timedelta(hours=amount) if unit == "h" else timedelta(days=amount)
    return _parse_date(value), None


Recipients = Annotated[
    list[str],
    typer.Option("--to", help="Recipient address; repeat for several.", show_default=False),
]
SinceWindow = Annotated[
    str,
    typer.Option(
        "--since",
        help="Articles dated within this window: a duration before now (24h, 2d) or a day "
        "(YYYY-MM-DD).",
    ),
]
Force = Annotated[
    bool, typer.Option("--force", help="Send even to recipients already sent today's brief.")
]
DryRun = Annotated[
    bool, typer.Option("--dry-run", help="Write the message to OUT as an .eml file instead.")
]
Out = Annotated[
    Path,
    typer.Option("--out", "-o", help="Folder for the archive, the ledger and .eml files."),
]


def _send_once(
    inputs: list[str] | None,
    settings: Settings,
    *,
    recipients: list[str],
    out: Path,
    since: str,
    config: Path | None,
    dry_run: bool,
    force: bool,
    now: datetime | None = None,
) -> SendResult:
    since_day, since_window = _parse_window(since)
    if since_day is not None:
        settings = replace(settings, since=since_day)
    smtp = None
    if not dry_run:
        smtp = SmtpSettings.from_sources(read_config_table(config, "smtp"), os.environ)
    return send_brief(
        inputs or [DEFAULT_INPUT],
        settings,
        recipients=recipients,
        smtp=smtp,
        out_dir=out,
        now=now,
        since=since_window,
        dry_run=dry_run,
        force=force,
    )


def _report(result: SendResult) -> None:
    if result.eml:
        typer.echo(f"wrote {result.eml}")
    if result.sent_to:
        typer.echo(f"sent to {', '.join(result.sent_to)}")
    if result.already_sent:
        typer.echo(f"already sent today to {', '.join(result.already_sent)}")
    for address, reason in result.refused.items():
        typer.echo(f"refused by {address}: {reason}", err=True)


@app.command()
def send(
    inputs: Inputs = None,
    to: Recipients = ...,  # type: ignore[assignment]
    out: Out = DEFAULT_OUT,
    since: SinceWindow = "24h",
    title: Title = None,
    template_dir: TemplateDir = None,
    config: ConfigFile = None,
    dry_run: DryRun = False,
    force: Force = False,
    quiet: Quiet = False,
    verbose: Verbose = False,
) -> None:
    """Build the brief from INPUTS and email it (HTML, plain text and the PDF attached).

    SMTP settings come from the smtp table of briefing.toml and from the variables
    BRIEFING_SMTP_HOST, _PORT, _USER, _PASSWORD, _FROM and _TLS (none, starttls, ssl), which
    win. Each recipient gets each day's brief once; --force sends it again.
    """
    _configure_logging(quiet, verbose)
    try:
        settings = settings_from_options(config, title=title, template_dir=template_dir)
        result = _send_once(
            inputs,
            settings,
            recipients=to,
            out=out,
            since=since,
            config=config,
            dry_run=dry_run,
            force=force,
        )
    except BriefingError as error:
        _fail(error)
    if not quiet:
        _report(result)
    if result.refused:
        raise typer.Exit(code=DeliveryError.exit_code)


@app.command()
def schedule(
    inputs: Inputs = None,
    to: Recipients = ...,  # type: ignore[assignment]
    at: Annotated[str, typer.Option("--at", help="Time of day, HH:MM.")] = "07:00",
    tz: Annotated[
        str, typer.Option("--tz", help="IANA timezone of --at, e.g. Europe/Brussels.")
    ] = "UTC",
    out: Out = DEFAULT_OUT,
    since: SinceWindow = "24h",
    title: Title = None,
    template_dir: TemplateDir = None,
    config: ConfigFile = None,
    dry_run: DryRun = False,
    quiet: Quiet = False,
    verbose: Verbose = False,
) -> None:
    """Send the brief every day at --at in --tz, in the foreground (for systemd, containers).

    A run missed while the machine slept happens on waking (within 12 hours); a failed run is
    logged and the schedule goes on. Stop with Ctrl-C or SIGTERM.
    """
    _configure_logging(quiet, verbose)
    try:
        daily = DailySchedule(parse_time_of_day(at), parse_timezone(tz))
        settings = settings_from_options(config, title=title, template_dir=template_dir)
        _parse_window(since)  # refuse a bad --since now, not at 07:00
        if not dry_run:
            SmtpSettings.from_sources(read_config_table(config, "smtp"), os.environ)
    except BriefingError as error:
        _fail(error)

    def job(scheduled: datetime) -> None:
        local = scheduled.astimezone(daily.tz)
        dated = replace(settings, as_of=local.date())
        try:
            result = _send_once(
                inputs,
                dated,
                recipients=to,
                out=out,
                since=since,
                config=config,
                dry_run=dry_run,
                force=False,
                now=datetime.now(daily.tz),
            )
        except BriefingError as error:
            logging.getLogger("briefing").error("the %s brief failed: %s", local.date(), error)
            return
        if not quiet:
            _report(result)

    stop = threading.Event()
    signal.signal(signal.SIGTERM, lambda signum, frame: stop.set())
    if not quiet:
        typer.echo(
            f"sending the brief daily at {at} {tz}; next at "
            f"{daily.next_run(datetime.now(daily.tz)).isoformat()}"
        )
    with suppress(KeyboardInterrupt):
        run_daily(job, daily, stop=stop)


@app.command("serve")
def serve_command(
    inputs: Inputs = None,
    port: Annotated[int, typer.Option(help="Port on 127.0.0.1.", min=0, max=65535)] = 8000,
    title: Title = None,
    template_dir: TemplateDir = None,
    config: ConfigFile = None,
    quiet: Quiet = False,
    verbose: Verbose = False,
) -> None:
    """Preview the HTML brief at http://127.0.0.1:PORT/ while you edit templates or inputs.

    The page rebuilds and reloads by itself when an input or template changes; a template
    error is shown on the page. Only 127.0.0.1 is served. Stop with Ctrl-C.
    """
    from briefing.serve import serve  # the preview server is only loaded when asked for

    _configure_logging(quiet, verbose)
    try:
        settings = settings_from_options(config, title=title, template_dir=template_dir)
        with suppress(KeyboardInterrupt):
            serve(
                inputs or [DEFAULT_INPUT],
                settings,
                template_dir=settings.template_dir,
                port=port,
                watch_paths=[config] if config else [],
                on_ready=lambda url: typer.echo(f"serving the brief at {url} (Ctrl-C stops)"),
            )
    except BriefingError as error:
        _fail(error)
