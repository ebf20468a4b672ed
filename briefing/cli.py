"""The ``briefing`` command: a thin shell over the library API.

It parses options, calls :func:`briefing.build_brief` and :func:`briefing.render.write`,
and maps :class:`briefing.errors.BriefingError` to one line on stderr and an exit code
(2 for bad input, 1 for anything else that went wrong). No logic lives here.
"""

from __future__ import annotations

import logging
import sys
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from datetime import date
from enum import StrEnum
from pathlib import Path
from typing import Annotated, Any, NoReturn

import typer
from rich.console import Console

from briefing import render
from briefing.config import Settings, load_settings
from briefing.errors import BriefingError
from briefing.pipeline import build_brief

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


Inputs = Annotated[
    list[Path] | None,
    typer.Argument(
        help="Article files and folders (searched recursively). Default: seeds/",
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
    title: Annotated[str | None, typer.Option(help="The brief's title.")] = None,
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
    template_dir: TemplateDir = None,
    config: ConfigFile = None,
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
            template_dir=template_dir,
        )
        with _progress(quiet) as on_stage:
            brief = build_brief(inputs or [DEFAULT_INPUT], settings, on_stage=on_stage)
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
