"""The brief's two pictures, as inline SVG: a map of where the incidents happened and a chart
of how many reports came each day.

Both are drawn for the incidents shown in full (30 at most), so their size is bounded however
big the pile. Both read in black and white: markers carry their incident's number, a country
named as a whole is hatched rather than coloured, and days before the chart's window are a
hatched bar of their own. Nothing here is fetched: country outlines are the GeoJSON that
``countryinfo`` ships (Natural Earth's small-scale borders, MIT licence, about 10,000 points
for the world), read once per process.

Every piece of text written into the SVG (numbers, dates, and titles in ``<title>``) is
escaped here; the template marks the result safe.
"""

from __future__ import annotations

import functools
import math
from collections import Counter
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from datetime import date, timedelta
from html import escape
from typing import Any

from markupsafe import Markup

from briefing.models import Article, Brief, Incident, Location

#: The map's drawing size in SVG units (its width is the page's; the height follows).
MAP_WIDTH = 600
MAP_HEIGHT = 300
#: The map shows at least this many degrees of longitude (a single city is not a street map).
MIN_SPAN_DEGREES = 24.0
#: Room around the markers, as a share of their spread.
MARGIN_SHARE = 0.25
#: Markers closer than this (SVG units) are moved apart.
MARKER_SPACING = 18.0
MARKER_RADIUS = 8.0
#: The chart covers at most this many days, ending on the latest report; reports before it
#: are counted in an "earlier" column.
CHART_DAYS = 31
CHART_ROW = 13
CHART_LABEL = 28
CHART_WIDTH = 600


@dataclass(frozen=True)
class MapMarker:
    """One numbered marker of the map: the incidents at one place, and its coordinates."""

    numbers: tuple[int, ...]
    location: Location
    latitude: float
    longitude: float


@dataclass(frozen=True)
class Pictures:
    """The brief's pictures, ready for the template (None: nothing to draw)."""

    map_svg: Markup | None
    markers: tuple[MapMarker, ...]
    chart_svg: Markup | None
    chart_start: date | None
    chart_end: date | None


def mapped_location(incident: Incident) -> Location | None:
    """Where the map puts an incident: its best-supported place when that has coordinates
    (a city, or a country's centre); when it is a region (which has none), the first city of
    the incident's places in the region's country; None when the gazetteer is not sure."""
    if not incident.locations:
        return None
    first = incident.locations[0]
    if first.latitude is not None and first.longitude is not None:
        return first
    if first.kind != "region":
        return None
    for location in incident.locations[1:]:
        if (
            location.kind == "city"
            and location.country_code == first.country_code
            and location.latitude is not None
        ):
            return location
    return None


def pictures(brief: Brief, incidents: Sequence[Incident]) -> Pictures:
    """The map and the chart of ``incidents`` (numbered from 1 in that order)."""
    markers = _markers(incidents)
    start, end, chart = _chart(brief, incidents)
    return Pictures(
        map_svg=_map_svg(markers) if markers else None,
        markers=tuple(markers),
        chart_svg=chart,
        chart_start=start,
        chart_end=end,
    )


def _markers(incidents: Sequence[Incident]) -> list[MapMarker]:
    numbers: dict[tuple[str, float, float], list[int]] = {}
    located: dict[tuple[str, float, float], Location] = {}
    for number, incident in enumerate(incidents, start=1):
        location = mapped_location(incident)
        if location is None or location.latitude is None or location.longitude is None:
            continue
        key = (location.name, location.latitude, location.longitude)
        numbers.setdefault(key, []).append(number)
        located.setdefault(key, location)
    return [
        MapMarker(tuple(numbers[key]), located[key], latitude=key[1], longitude=key[2])
        for key in numbers
    ]


# -- the map


@dataclass(frozen=True)
class _View:
    """An equirectangular view of part of the world, scaled by the cosine of its middle
    latitude so that shapes near the view's centre keep their proportions."""

    west: float
    east: float
    south: float
    north: float

    @property
    def scale(self) -> float:
        return MAP_WIDTH / (self.east - self.west)

    def x(self, longitude: float) -> float:
        return (longitude - self.west) * self.scale

    def y(self, latitude: float) -> float:
        return (self.north - latitude) * self.scale * self._stretch

    @property
    def _stretch(self) -> float:
        return 1 / math.cos(math.radians((self.north + self.south) / 2))

    def intersects(self, box: tuple[float, float, float, float]) -> bool:
        west, south, east, north = box
        return not (
            east < self.west or west > self.east or north < self.south or south > self.north
        )


def _view(markers: Sequence[MapMarker]) -> _View:
    """The smallest view, with a margin, that holds every marker, at the map's proportions."""
    lons = [marker.longitude for marker in markers]
    lats = [marker.latitude for marker in markers]
    span_lon = max(max(lons) - min(lons), MIN_SPAN_DEGREES / (1 + 2 * MARGIN_SHARE))
    span_lat = max(lats) - min(lats)
    span_lon *= 1 + 2 * MARGIN_SHARE
    span_lat *= 1 + 2 * MARGIN_SHARE
    middle_lon = (max(lons) + min(lons)) / 2
    middle_lat = (max(lats) + min(lats)) / 2
    for _ in range(3):  # the stretch depends on the latitudes shown: settle it
        stretch = 1 / math.cos(math.radians(max(-70.0, min(70.0, middle_lat))))
        # Height in degrees of latitude that the map's proportions give this width.
        fitted_lat = span_lon * MAP_HEIGHT / MAP_WIDTH / stretch
        if span_lat > fitted_lat:
            span_lon = span_lat * MAP_WIDTH / MAP_HEIGHT * stretch
            fitted_lat = span_lat
        span_lat = fitted_lat
    span_lon = min(span_lon, 360.0)
    span_lat = min(span_lat, 150.0)
    west = max(-180.0, middle_lon - span_lon / 2)
    east = min(180.0, west + span_lon)
    west = east - span_lon
    north = min(84.0, middle_lat + span_lat / 2)
    south = max(-66.0, north - span_lat)
    north = south + span_lat
    return _View(west, east, south, north)


@functools.cache
def _outlines() -> tuple[tuple[str, tuple[float, float, float, float], tuple[Any, ...]], ...]:
    """Every country's ISO code, bounding box and rings of (lon, lat) points, as shipped."""
    from countryinfo import CountryInfo

    countries = []
    for info in CountryInfo.all().values():
        code = (info.get("ISO") or {}).get("alpha2") or ""
        rings: list[tuple[tuple[float, float], ...]] = []
        for feature in (info.get("geoJSON") or {}).get("features") or ():
            geometry = feature.get("geometry") or {}
            polygons = geometry.get("coordinates") or ()
            if geometry.get("type") == "Polygon":
                polygons = (polygons,)
            for polygon in polygons:
                rings.extend(tuple((float(p[0]), float(p[1])) for p in ring) for ring in polygon)
        if not rings:
            continue
        points = [point for ring in rings for point in ring]
        box = (
            min(p[0] for p in points),
            min(p[1] for p in points),
            max(p[0] for p in points),
            max(p[1] for p in points),
        )
        countries.append((code, box, tuple(rings)))
    countries.sort(key=lambda country: country[0])
    return tuple(countries)


def _ring_path(ring: Iterable[tuple[float, float]], view: _View) -> str:
    points: list[str] = []
    for longitude, latitude in ring:
        point = f"{view.x(longitude):.1f},{view.y(latitude):.1f}"
        if not points or points[-1] != point:
            points.append(point)
    if len(points) < 3:
        return ""
    return "M" + "L".join(points) + "Z"


def _spread(points: list[tuple[float, float]]) -> list[tuple[float, float]]:
    """Markers moved apart, in order, so that none covers another's number."""
    placed: list[tuple[float, float]] = []
    for x, y in points:
        for _ in range(12):
            clash = next(
                (p for p in placed if math.hypot(p[0] - x, p[1] - y) < MARKER_SPACING), None
            )
            if clash is None:
                break
            y += MARKER_SPACING * 0.9
            if y > MAP_HEIGHT - MARKER_RADIUS:
                x, y = x + MARKER_SPACING, y - 4 * MARKER_SPACING
        placed.append((x, y))
    return placed


def _map_svg(markers: Sequence[MapMarker]) -> Markup:
    view = _view(markers)
    named_countries = {
        marker.location.country_code for marker in markers if marker.location.kind == "country"
    }
    land: list[str] = []
    hatched: list[str] = []
    for code, box, rings in _outlines():
        if not view.intersects(box):
            continue
        path = "".join(_ring_path(ring, view) for ring in rings)
        if not path:
            continue
        (hatched if code in named_countries else land).append(path)
    parts = [
        f'<svg class="incident-map" xmlns="http://www.w3.org/2000/svg" role="img" '
        f'viewBox="0 0 {MAP_WIDTH} {MAP_HEIGHT}" width="100%" '
        f'aria-label="Map of the incidents\' places">',
        "<defs>"
        '<clipPath id="map-frame"><rect width="100%" height="100%"/></clipPath>'
        '<pattern id="map-hatch" width="6" height="6" patternUnits="userSpaceOnUse">'
        '<path d="M0,6L6,0" stroke="#333" stroke-width="1"/></pattern>'
        "</defs>",
        f'<rect width="{MAP_WIDTH}" height="{MAP_HEIGHT}" fill="#fff" stroke="#777" '
        'stroke-width="1"/>',
        '<g clip-path="url(#map-frame)">',
    ]
    if land:
        parts.append(
            f'<path d="{"".join(land)}" fill="#e4e4e4" stroke="#888" stroke-width="0.6" '
            'fill-rule="evenodd"/>'
        )
    if hatched:
        joined = "".join(hatched)
        parts.append(
            f'<path d="{joined}" fill="#e4e4e4" stroke="#333" stroke-width="1" '
            'fill-rule="evenodd"/>'
        )
        parts.append(f'<path d="{joined}" fill="url(#map-hatch)" fill-rule="evenodd"/>')
    anchors = [(view.x(m.longitude), view.y(m.latitude)) for m in markers]
    for marker, anchor, (x, y) in zip(markers, anchors, _spread(anchors), strict=True):
        label = ",".join(str(number) for number in marker.numbers)
        width = max(2 * MARKER_RADIUS, 7.0 * len(label) + 8)
        if (x, y) != anchor:
            parts.append(
                f'<line x1="{anchor[0]:.1f}" y1="{anchor[1]:.1f}" x2="{x:.1f}" y2="{y:.1f}" '
                'stroke="#000" stroke-width="1"/>'
            )
            parts.append(f'<circle cx="{anchor[0]:.1f}" cy="{anchor[1]:.1f}" r="2" fill="#000"/>')
        title = escape(f"{label}: {place_label(marker.location)}")
        parts.append(
            f"<g><title>{title}</title>"
            f'<rect x="{x - width / 2:.1f}" y="{y - MARKER_RADIUS:.1f}" width="{width:.1f}" '
            f'height="{2 * MARKER_RADIUS:.1f}" rx="{MARKER_RADIUS:.1f}" fill="#000" '
            'stroke="#fff" stroke-width="1.5"/>'
            f'<text x="{x:.1f}" y="{y + 3.8:.1f}" text-anchor="middle" fill="#fff" '
            'font-family="DejaVu Sans, sans-serif" font-size="11" font-weight="bold">'
            f"{escape(label)}</text></g>"
        )
    parts.append("</g></svg>")
    return Markup("".join(parts))


def place_label(location: Location) -> str:
    """A place as the map's key names it: "Kharkiv, Ukraine", or a country alone."""
    if location.kind == "country" or location.country in ("", location.name):
        return location.name
    return f"{location.name}, {location.country}"


# -- the chart


def _report_dates(article: Article) -> list[date]:
    """The days an article and its copies were published (a copy with no date: the article's)."""
    if article.published is None:
        return []
    return [article.published] + [copy.published or article.published for copy in article.copies]


def _chart(
    brief: Brief, incidents: Sequence[Incident]
) -> tuple[date | None, date | None, Markup | None]:
    articles = {article.id: article for article in brief.articles}
    rows: list[tuple[int, Counter[date], int]] = []  # number, reports per day, undated
    for number, incident in enumerate(incidents, start=1):
        days: Counter[date] = Counter()
        undated = 0
        for article_id in incident.article_ids:
            article = articles.get(article_id)
            if article is None:
                continue
            dates = _report_dates(article)
            days.update(dates)
            if not dates:
                undated += 1 + len(article.copies)
        rows.append((number, days, undated))
    dated = [day for _, days, _ in rows for day in days]
    if not dated:
        return None, None, None
    end = max(dated)
    start = max(min(dated), end - timedelta(days=CHART_DAYS - 1))
    earlier = any(day < start for day in dated)
    columns = (end - start).days + 1 + (1 if earlier else 0)
    plot_width = CHART_WIDTH - CHART_LABEL - 44  # room for the undated count on the right
    column = plot_width / columns
    height = CHART_ROW * len(rows) + 26
    peak = max(
        max(
            [count for day, count in days.items() if day >= start]
            + [sum(count for day, count in days.items() if day < start)]
        )
        for _, days, _ in rows
        if days
    )
    parts = [
        f'<svg class="report-chart" xmlns="http://www.w3.org/2000/svg" role="img" '
        f'viewBox="0 0 {CHART_WIDTH} {height}" width="100%" '
        'aria-label="Reports per day for each incident">',
        "<defs>"
        '<pattern id="chart-hatch" width="4" height="4" patternUnits="userSpaceOnUse">'
        '<path d="M0,4L4,0" stroke="#000" stroke-width="1"/></pattern>'
        "</defs>",
        '<g font-family="DejaVu Sans, sans-serif" font-size="9">',
    ]
    left = CHART_LABEL + (column if earlier else 0)
    for index, (number, days, undated) in enumerate(rows):
        top = index * CHART_ROW
        baseline = top + CHART_ROW - 3
        parts.append(
            f'<text x="{CHART_LABEL - 6}" y="{baseline:.1f}" text-anchor="end" '
            f'font-weight="bold">{number}</text>'
            f'<line x1="{CHART_LABEL}" y1="{baseline + 0.5:.1f}" x2="{CHART_LABEL + plot_width}" '
            f'y2="{baseline + 0.5:.1f}" stroke="#bbb" stroke-width="0.5"/>'
        )
        before = sum(count for day, count in days.items() if day < start)
        if before:
            bar = (CHART_ROW - 4) * before / peak
            parts.append(
                f'<rect x="{CHART_LABEL + 1:.1f}" y="{baseline - bar:.1f}" '
                f'width="{max(column - 2, 1):.1f}" height="{bar:.1f}" fill="url(#chart-hatch)" '
                f'stroke="#000" stroke-width="0.6"><title>{before} earlier</title></rect>'
            )
        for day, count in sorted(days.items()):
            if day < start:
                continue
            bar = (CHART_ROW - 4) * count / peak
            x = left + (day - start).days * column
            parts.append(
                f'<rect x="{x + 0.5:.1f}" y="{baseline - bar:.1f}" '
                f'width="{max(column - 1, 1):.1f}" height="{bar:.1f}" fill="#000">'
                f"<title>{escape(day.isoformat())}: {count}</title></rect>"
            )
        if undated:
            parts.append(
                f'<text x="{CHART_WIDTH - 2}" y="{baseline:.1f}" text-anchor="end" '
                f'fill="#444">+{undated} undated</text>'
            )
    axis = CHART_ROW * len(rows) + 2
    parts.append(
        f'<line x1="{CHART_LABEL}" y1="{axis}" x2="{CHART_LABEL + plot_width}" y2="{axis}" '
        'stroke="#000" stroke-width="0.8"/>'
    )
    if earlier:
        parts.append(
            f'<text x="{CHART_LABEL + column / 2:.1f}" y="{axis + 11}" text-anchor="middle">'
            "earlier</text>"
        )
    for day in _ticks(start, end):
        x = left + ((day - start).days + 0.5) * column
        if earlier and x < CHART_LABEL + column + 30:
            continue  # it would print over "earlier"
        parts.append(
            f'<line x1="{x:.1f}" y1="{axis}" x2="{x:.1f}" y2="{axis + 3}" stroke="#000" '
            'stroke-width="0.8"/>'
            f'<text x="{x:.1f}" y="{axis + 13}" text-anchor="middle">'
            f"{escape(f'{day.day} {day:%b}')}</text>"
        )
    parts.append("</g></svg>")
    return start, end, Markup("".join(parts))


def _ticks(start: date, end: date) -> list[date]:
    """Days to label on the axis: the first and last, and every week between when it fits."""
    days = (end - start).days
    if days == 0:
        return [start]
    step = 1 if days <= 8 else 7
    ticks = [start + timedelta(days=offset) for offset in range(0, days + 1, step)]
    if (end - ticks[-1]).days >= (step + 1) // 2 + 1 or days <= 8:
        ticks.append(end)
    return sorted(set(ticks))
