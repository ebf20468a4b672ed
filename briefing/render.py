"""Brief -> HTML (Jinja2) -> PDF (WeasyPrint), plus JSON; written whole, as one set.

Templates are looked up in the user's ``template_dir`` first, then in the defaults shipped with
the package (``templates/`` in the repository, ``briefing.templates`` once installed). A user's
template may extend a default one by its ``default/`` name, e.g.
``{% extends "default/brief.html" %}``, and override only the blocks it cares about.

Article text is hostile: autoescape is on for every template, and WeasyPrint gets a URL fetcher
that serves only files from the template folders through the ``briefing-asset:`` scheme. Any
other URL (``http:``, ``file:``, ``data:``...) is refused and logged, so nothing named inside an
article is ever fetched or read while the PDF is drawn.
"""

from __future__ import annotations

import base64
import html as html_lib
import logging
import mimetypes
import re
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from datetime import date
from importlib import resources
from pathlib import Path
from typing import Any
from urllib.parse import unquote, urlsplit

import jinja2
from weasyprint import HTML
from weasyprint.urls import URLFetcher, URLFetcherResponse

from briefing.errors import RenderError
from briefing.files import write_set
from briefing.graphics import pictures, place_label
from briefing.models import Actor, Article, Brief, Figure, FigureKind, Incident, Quote
from briefing.serialize import brief_to_json

logger = logging.getLogger(__name__)

ASSET_SCHEME = "briefing-asset"
#: How many quotes per actor an incident section shows; the actor index shows the others.
QUOTES_PER_ACTOR = 2
#: How many actors an incident section quotes.
ACTORS_PER_INCIDENT = 4
#: Quotes per actor in the actor index (the JSON has them all): a brief is read, not searched.
INDEX_QUOTES_PER_ACTOR = 6
#: Less reported incidents listed by title; the JSON has them all.
OTHER_INCIDENTS_LISTED = 40
#: Actors in the index with their quotes, the most important first; the others are named
#: in one line (a big day has a hundred actors: 65 pages of quotes nobody reads in the
#: morning), and the JSON has them all.
ACTORS_IN_INDEX = 40
#: Sources an incident section lists by number. A big story has thousands: its section lists
#: the articles its summary and quotes cite, then its earliest others, up to this many, and
#: counts the rest (1,700 references are a hundred pages nobody reads, and drawing them was
#: most of the PDF's time). The JSON lists every article.
SOURCES_PER_INCIDENT = 40


def default_template_dir() -> Path:
    """The folder of the templates shipped with briefing."""
    checkout = Path(__file__).resolve().parent.parent
    if (checkout / "pyproject.toml").is_file() and (
        checkout / "templates" / "brief.html"
    ).is_file():
        return checkout / "templates"  # running from a source checkout
    return Path(str(resources.files("briefing.templates")))


def _template_dirs(template_dir: Path | None) -> list[Path]:
    dirs = [default_template_dir()]
    if template_dir is not None:
        dirs.insert(0, template_dir)
    return dirs


def _long_date(value: date | None) -> str:
    if value is None:
        return "date unknown"
    return f"{value.day} {value:%B %Y}"


def _report_date(value: date | None) -> str:
    return "undated" if value is None else f"{value.day} {value:%b %Y}"


def _date_range(start: date | None, end: date | None) -> str:
    if start is None or end is None:
        return _long_date(start or end)
    if start == end:
        return _long_date(start)
    if start.year == end.year and start.month == end.month:
        return f"{start.day}–{end.day} {end:%B %Y}"
    if start.year == end.year:
        return f"{start.day} {start:%B} – {end.day} {end:%B %Y}"
    return f"{_long_date(start)} – {_long_date(end)}"


def _quoted(text: str) -> str:
    # A quote cut before its attribution keeps the comma that led into it ("...rubble," said X).
    return text.rstrip(" ,;:")


#: The only links a brief makes to the outside: a web page, never ``file:``, ``javascript:``...
WEB_SCHEMES = frozenset({"http", "https"})


def web_link(url: str | None) -> str | None:
    """``url`` when it is an ``http(s)`` address with a host, else None.

    Article metadata is untrusted: a ``javascript:`` or ``file:`` URL, a local path or an
    address with spaces or quotes in it is shown as no link at all rather than a live one.
    """
    if not url:
        return None
    url = url.strip()
    if any(character.isspace() or character in "\"'<>`" for character in url):
        return None
    try:
        parts = urlsplit(url)
    except ValueError:  # "http://[::1" and the like
        return None
    if parts.scheme.lower() not in WEB_SCHEMES or not parts.hostname:
        return None
    return url


def environment(template_dir: Path | None = None) -> jinja2.Environment:
    """The Jinja2 environment: user templates first, defaults also under ``default/``."""
    dirs = _template_dirs(template_dir)
    default_loader = jinja2.FileSystemLoader(str(default_template_dir()))
    loader = jinja2.ChoiceLoader(
        [
            jinja2.FileSystemLoader([str(path) for path in dirs]),
            jinja2.PrefixLoader({"default": default_loader}),
        ]
    )
    env = jinja2.Environment(
        loader=loader,
        # Every template is escaped, whatever its name: article text is never trusted.
        autoescape=True,
        undefined=jinja2.StrictUndefined,
        trim_blocks=True,
        lstrip_blocks=True,
        keep_trailing_newline=True,
    )
    env.filters["long_date"] = _long_date
    env.filters["quoted"] = _quoted
    env.filters["short_date"] = _report_date
    env.filters["web_link"] = web_link
    env.globals["date_range"] = _date_range
    env.globals["place_label"] = place_label
    return env


@dataclass(frozen=True)
class ActorQuotes:
    """One actor's quotes within one incident, for the incident's "key quotes"."""

    actor: Actor
    quotes: tuple[Quote, ...]


#: Different values of one kind of figure shown side by side (the JSON has them all).
FIGURE_VALUES_SHOWN = 3
#: Sources cited after one value.
FIGURE_CITES = 3
FIGURE_LABELS: dict[FigureKind, str] = {
    "killed": "Killed",
    "injured": "Injured",
    "missing": "Missing",
    "displaced": "Displaced",
    "arrested": "Arrested",
    "magnitude": "Magnitude",
    "vote share": "Vote share",
    "turnout": "Turnout",
    "amount": "Amounts",
}
_LEADING_QUALIFIER = re.compile(
    r"^(At|More|Over|Nearly|Almost|About|Around|Roughly|Some|Up|Fewer|Less|An|Approximately|"
    r"As|Close)\b"
)


@dataclass(frozen=True)
class FigureValue:
    """One value of a kind of figure, with every article that gives it (latest first)."""

    text: str
    value: float
    article_ids: tuple[str, ...]
    published: date | None
    source: str | None


@dataclass(frozen=True)
class FigureLine:
    """One kind of figure of an incident: its values, the latest reported first."""

    label: str
    values: tuple[FigureValue, ...]
    more: int


def _figure_lines(figures: Sequence[Figure], articles: dict[str, Article]) -> list[FigureLine]:
    """Figures grouped by kind, then by value: one value per line when sources agree."""
    lines: list[FigureLine] = []
    for kind, label in FIGURE_LABELS.items():
        by_value: dict[float, list[Figure]] = {}
        for figure in figures:  # already latest first within a kind
            if figure.kind == kind:
                by_value.setdefault(figure.value, []).append(figure)
        if not by_value:
            continue
        values = []
        for reports in by_value.values():
            first = reports[0]
            source = articles[first.article_id].source if first.article_id in articles else None
            values.append(
                FigureValue(
                    text=_LEADING_QUALIFIER.sub(lambda m: m.group(1).lower(), first.text),
                    value=first.value,
                    article_ids=tuple(r.article_id for r in reports[:FIGURE_CITES]),
                    published=first.published,
                    source=source,
                )
            )
        lines.append(
            FigureLine(
                label,
                tuple(values[:FIGURE_VALUES_SHOWN]),
                max(0, len(values) - FIGURE_VALUES_SHOWN),
            )
        )
    return lines


@dataclass(frozen=True)
class StoryLink:
    """Another incident of the same story, as a section links to it."""

    number: int
    id: str
    title: str


@dataclass(frozen=True)
class IncidentView:
    """An incident with what its section shows, resolved for the template."""

    number: int
    incident: Incident
    articles: tuple[Article, ...]  # the sources its section lists, in the incident's order
    key_quotes: tuple[ActorQuotes, ...]
    source_count: int  # all its articles
    more_sources: int  # those not listed
    figures: tuple[FigureLine, ...] = ()
    #: The incidents before and after this one in its storyline, if any.
    earlier: StoryLink | None = None
    later: StoryLink | None = None


@dataclass(frozen=True)
class IndexEntry:
    """An actor in the actor index: the quotes not already shown under an incident.

    ``shown_under`` are the numbers of the incidents whose sections quote the actor;
    ``more`` counts the quotes beyond those listed here (they are in the JSON).
    """

    actor: Actor
    quotes: tuple[Quote, ...]
    shown_under: tuple[int, ...]
    more: int


def _index_entries(brief: Brief, views: Sequence[IncidentView]) -> list[IndexEntry]:
    shown: dict[str, set[Quote]] = {}  # actor name -> the quotes its incidents show
    shown_under: dict[str, list[int]] = {}
    for view in views:
        mark = brief.mark(view.incident)
        if mark is not None and mark.status == "continuing":
            continue  # a continuing incident's section shows no quotes
        for entry in view.key_quotes:
            shown.setdefault(entry.actor.name, set()).update(entry.quotes)
            shown_under.setdefault(entry.actor.name, []).append(view.number)
    entries = []
    for actor in brief.actors[:ACTORS_IN_INDEX]:
        seen = shown.get(actor.name, set())
        rest = [quote for quote in actor.quotes if quote not in seen]
        entries.append(
            IndexEntry(
                actor=actor,
                quotes=tuple(rest[:INDEX_QUOTES_PER_ACTOR]),
                shown_under=tuple(shown_under.get(actor.name, ())),
                more=max(0, len(rest) - INDEX_QUOTES_PER_ACTOR),
            )
        )
    return entries


def _incident_views(brief: Brief) -> list[IncidentView]:
    articles = {article.id: article for article in brief.articles}
    views = []
    numbers = {incident.id: n for n, incident in enumerate(brief.incidents, start=1)}
    titles = {incident.id: incident.title for incident in brief.incidents}

    def link(incident_id: str | None) -> StoryLink | None:
        if incident_id is None or incident_id not in numbers:
            return None
        return StoryLink(numbers[incident_id], incident_id, titles[incident_id])

    for number, incident in enumerate(brief.incidents, start=1):
        story = brief.storyline(incident)
        place = story.incident_ids.index(incident.id) if story else 0
        earlier = story.incident_ids[place - 1] if story and place else None
        later = (
            story.incident_ids[place + 1] if story and place + 1 < len(story.incident_ids) else None
        )
        key_quotes = []
        # Actors come ranked from the quote stage; keep that order within the incident.
        for actor in brief.actors:
            # A phrase in marks ("in the strongest terms") says nothing on its own.
            quotes = tuple(q for q in actor.quotes if q.incident == incident.id and not q.fragment)
            if quotes:
                key_quotes.append(ActorQuotes(actor, quotes[:QUOTES_PER_ACTOR]))
        key_quotes = key_quotes[:ACTORS_PER_INCIDENT]
        own = [article_id for article_id in incident.article_ids if article_id in articles]
        cited = [sentence.article_id for sentence in incident.summary]
        cited += [quote.article_id for entry in key_quotes for quote in entry.quotes]
        # The figures and the timeline cite their articles too: those must be listed.
        figures = _figure_lines(incident.figures, articles)
        cited += [i for line in figures for value in line.values for i in value.article_ids]
        cited += [i for entry in incident.timeline for i in entry.article_ids[:3]]
        listed = _listed_sources(own, cited, SOURCES_PER_INCIDENT)
        views.append(
            IncidentView(
                number=number,
                incident=incident,
                articles=tuple(articles[i] for i in own if i in listed),
                key_quotes=tuple(key_quotes),
                source_count=len(own),
                more_sources=len(own) - len(listed),
                figures=tuple(figures),
                earlier=link(earlier),
                later=link(later),
            )
        )
    return views


def _listed_sources(own: Sequence[str], cited: Iterable[str], limit: int) -> set[str]:
    """Which of an incident's articles (``own``, in its order) its section lists: all when
    they are few, else those its text cites, then the earliest of the others, ``limit`` in
    all (more only when the text cites more)."""
    if len(own) <= limit:
        return set(own)
    members = set(own)
    listed = {article_id for article_id in cited if article_id in members}
    for article_id in own:
        if len(listed) >= limit:
            break
        listed.add(article_id)
    return listed


def template_context(brief: Brief) -> dict[str, Any]:
    """What the templates see: the brief, plus lookups they cannot compute themselves."""
    # The sources listed and numbered are those the incidents shown in full list, and the
    # articles of the quotes the actor index shows.
    views = _incident_views(brief)
    index_actors = _index_entries(brief, views)
    incident_number = {incident.id: n for n, incident in enumerate(brief.incidents, start=1)}
    cited = {article.id for view in views for article in view.articles}
    cited.update(
        quote.article_id
        for entry in index_actors
        for quote in entry.quotes
        if quote.incident in incident_number
    )
    sources = [article for article in brief.articles if article.id in cited]
    source_number = {article.id: n for n, article in enumerate(sources, start=1)}
    return {
        "brief": brief,
        "incidents": views,
        "pictures": pictures(brief, brief.incidents),
        "source_number": source_number,
        "sources": sources,
        "index_actors": index_actors,
        "other_actors": brief.actors[ACTORS_IN_INDEX:],
        "other_incidents_listed": OTHER_INCIDENTS_LISTED,
        "incident_number": incident_number,
        "article_count": len(brief.articles) + sum(len(a.copies) for a in brief.articles),
    }


def _template_location(error: BaseException, template_name: str) -> str:
    """``NAME, line N`` of the template line that raised, as Jinja's traceback records it."""
    where, line = template_name, None
    traceback = error.__traceback__
    while traceback is not None:
        # Jinja rewrites tracebacks so that template code shows as frames carrying this marker.
        if "__jinja_exception__" in traceback.tb_frame.f_globals:
            where, line = Path(traceback.tb_frame.f_code.co_filename).name, traceback.tb_lineno
        traceback = traceback.tb_next
    return f"{where}, line {line}" if line is not None else where


def _render(template_name: str, brief: Brief, template_dir: Path | None) -> str:
    if template_dir is not None and not template_dir.is_dir():
        raise RenderError(f"template folder {template_dir} does not exist or is not a folder")
    context = template_context(brief)
    try:
        template = environment(template_dir).get_template(template_name)
        return template.render(context)
    except jinja2.TemplateSyntaxError as error:
        where = Path(error.filename).name if error.filename else error.name or template_name
        raise RenderError(
            f"template {where}, line {error.lineno}: {error.message}; fix the template"
        ) from error
    except jinja2.TemplateNotFound as error:
        searched = ", ".join(str(path) for path in _template_dirs(template_dir))
        raise RenderError(f"template {error.name} not found (looked in {searched})") from error
    except Exception as error:
        # Anything raised while the template runs (an unknown name, a filter given None, 1 // 0)
        # is the template's fault: say where, not a traceback.
        where = _template_location(error, template_name)
        reason = str(error) or type(error).__name__
        raise RenderError(f"template {where}: {reason}; fix the template") from error


def render_html(brief: Brief, *, template_dir: Path | None = None) -> str:
    """The brief as one self-contained HTML page (its CSS inlined)."""
    return _render("brief.html", brief, template_dir)


def render_text(brief: Brief, *, template_dir: Path | None = None) -> str:
    """The brief as plain text (the text part of the daily email)."""
    return _render("brief.txt", brief, template_dir)


class AssetFetcher(URLFetcher):  # type: ignore[misc]
    """Serves template assets and refuses every other URL.

    An asset is named ``briefing-asset:NAME`` or by a bare relative name (``logo.svg``); either
    way it is looked up in the template folders only, and a name that climbs out of them
    (``../``, an absolute path, a symlink pointing elsewhere) is refused like any other URL.
    """

    def __init__(self, template_dirs: Sequence[Path]) -> None:
        super().__init__(fail_on_errors=False)
        self.template_dirs = [path.resolve() for path in template_dirs]
        self.refused: list[str] = []

    def fetch(self, url: str, headers: Any = None) -> URLFetcherResponse:
        name = _asset_name(url)
        path = self._find(name) if name else None
        if path is not None:
            mime_type = mimetypes.guess_type(path.name)[0] or "application/octet-stream"
            return URLFetcherResponse(url, path.read_bytes(), headers={"Content-Type": mime_type})
        self.refused.append(url)
        logger.warning("not fetched while drawing the PDF: %s", url[:200])
        raise ValueError(f"briefing does not fetch {url[:200]!r}")

    def _find(self, name: str) -> Path | None:
        for folder in self.template_dirs:
            candidate = (folder / name).resolve()
            # No way out of the template folder: "../../etc/passwd" stays refused.
            if candidate.is_relative_to(folder) and candidate.is_file():
                return candidate
        return None


def _asset_name(url: str) -> str | None:
    """The template-relative name a URL asks for, or None when it is not an asset URL."""
    parts = urlsplit(url)
    if parts.scheme.lower() == ASSET_SCHEME:
        name = parts.path.lstrip("/")
    elif not parts.scheme and not parts.netloc and not url.startswith(("/", "\\")):
        name = parts.path  # a bare relative name, as a user template would write it
    else:
        return None
    return unquote(name) or None


#: ``src="NAME"`` of an ``<img>`` in a rendered page. Article text is escaped before it gets
#: here, so only a template can have written such a tag.
_IMAGE_SOURCE = re.compile(r"""(<img\b[^>]*?\bsrc=)(["'])([^"'<>]+)\2""", re.IGNORECASE)
#: A template image larger than this is left as a name (a logo is a few kilobytes).
MAX_INLINE_ASSET = 2 * 1024 * 1024


def inline_assets(html: str, *, template_dir: Path | None = None) -> str:
    """The page with each image a template names from the template folders as a ``data:`` URL.

    The PDF loads them by name through :class:`AssetFetcher`; the HTML file, the email and the
    preview stand alone, so a logo in the user's template folder shows there too. Only bare
    names found in the template folders are inlined (never a URL, never a path out of them).
    """
    fetcher = AssetFetcher(_template_dirs(template_dir))

    def inline(match: re.Match[str]) -> str:
        name = _asset_name(html_lib.unescape(match.group(3)))
        path = fetcher._find(name) if name else None
        if path is None or path.stat().st_size > MAX_INLINE_ASSET:
            return match.group(0)
        mime_type = mimetypes.guess_type(path.name)[0] or "application/octet-stream"
        data = base64.b64encode(path.read_bytes()).decode("ascii")
        return f"{match.group(1)}{match.group(2)}data:{mime_type};base64,{data}{match.group(2)}"

    return _IMAGE_SOURCE.sub(inline, html)


def render_pdf(html: str, *, template_dir: Path | None = None) -> bytes:
    """Draw the HTML as a PDF; only our own template assets may be loaded."""
    fetcher = AssetFetcher(_template_dirs(template_dir))
    try:
        pdf = HTML(string=html, base_url=f"{ASSET_SCHEME}:/", url_fetcher=fetcher).write_pdf()
    except Exception as error:  # WeasyPrint raises many kinds; none may leave half a file
        raise RenderError(f"the PDF could not be drawn: {error}") from error
    if not isinstance(pdf, bytes):
        raise RenderError("the PDF engine returned nothing")
    return pdf


def render_all(
    brief: Brief, formats: Iterable[str], *, template_dir: Path | None = None
) -> dict[str, bytes]:
    """Every requested format rendered in memory, keyed by format name."""
    wanted = list(dict.fromkeys(formats))
    rendered: dict[str, bytes] = {}
    html = render_html(brief, template_dir=template_dir) if {"html", "pdf"} & set(wanted) else ""
    for name in wanted:
        if name == "html":
            rendered[name] = inline_assets(html, template_dir=template_dir).encode("utf-8")
        elif name == "pdf":
            rendered[name] = render_pdf(html, template_dir=template_dir)
        elif name == "json":
            rendered[name] = brief_to_json(brief).encode("utf-8")
        else:
            raise RenderError(f"unknown output format {name!r}")
    return rendered


def write(
    brief: Brief,
    out_dir: Path,
    formats: Sequence[str] = ("pdf", "html", "json"),
    *,
    template_dir: Path | None = None,
    stem: str = "brief",
) -> list[Path]:
    """Render every format first, then write them as one set (:func:`write_set`); returns
    the paths written.

    Nothing is written unless everything rendered, so a broken template or a failing PDF
    engine leaves the previous brief in ``out_dir`` as it was; nor does a write that fails.
    """
    rendered = render_all(brief, formats, template_dir=template_dir)
    files = {f"{stem}.{name}": data for name, data in rendered.items()}
    try:
        return write_set(out_dir, files, stem=stem)
    except OSError as error:
        where = error.filename or out_dir
        raise RenderError(f"cannot write {where}: {error.strerror or error}") from error
