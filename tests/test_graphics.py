"""The map and the chart: what they mark, what they leave out, and that they stay small."""

from __future__ import annotations

import re
import xml.etree.ElementTree as ElementTree
from dataclasses import replace
from datetime import date, timedelta

from briefing import graphics
from briefing.models import Article, ArticleCopy, Brief, Incident, Location

SVG = "{http://www.w3.org/2000/svg}"

KYIV = Location("Kyiv", "city", "UA", "Ukraine", 50.45, 30.52)
KHARKIV = Location("Kharkiv", "city", "UA", "Ukraine", 49.99, 36.23)
TURKEY = Location("Turkey", "country", "TR", "Turkey", 39.0, 35.0)
CALIFORNIA = Location("California", "region", "US", "United States", None, None)
FRESNO = Location("Fresno", "city", "US", "United States", 36.75, -119.77)
LIMA = Location("Lima", "city", "PE", "Peru", -12.04, -77.03)


def _article(article_id: str, published: date | None, copies: int = 0) -> Article:
    return Article(
        id=article_id,
        path=f"news/{article_id}.txt",
        title=f"Report {article_id}",
        paragraphs=("Something happened.",),
        published=published,
        copies=tuple(
            ArticleCopy(id=f"{article_id}-copy{n}", path="x", title="copy") for n in range(copies)
        ),
    )


def _incident(number: int, article_ids: tuple[str, ...], *locations: Location) -> Incident:
    return Incident(
        id=f"incident-{number}",
        title=f"Incident {number}",
        article_ids=article_ids,
        start=None,
        end=None,
        places=tuple(location.name for location in locations),
        locations=locations,
    )


def _brief(incidents: tuple[Incident, ...], articles: tuple[Article, ...]) -> Brief:
    from datetime import UTC, datetime

    return Brief(
        title="Test brief",
        as_of=date(2025, 3, 10),
        generated_at=datetime(2025, 3, 10, 7, tzinfo=UTC),
        articles=articles,
        incidents=incidents,
        actors=(),
    )


def _markers(svg: str) -> list[str]:
    root = ElementTree.fromstring(svg)
    return [text.text or "" for text in root.iter(f"{SVG}text")]


def test_each_located_incident_gets_a_numbered_marker_and_two_at_one_place_share_it() -> None:
    articles = (_article("a", date(2025, 3, 9)),)
    incidents = (
        _incident(1, ("a",), KYIV),
        _incident(2, ("a",), TURKEY),
        _incident(3, ("a",)),  # no known place: not on the map
        _incident(4, ("a",), KYIV),
    )
    drawn = graphics.pictures(_brief(incidents, articles), incidents)
    assert drawn.map_svg is not None
    assert sorted(_markers(drawn.map_svg)) == ["1,4", "2"]
    assert [(m.numbers, m.location.name) for m in drawn.markers] == [
        ((1, 4), "Kyiv"),
        ((2,), "Turkey"),
    ]
    # A country named as a whole is hatched, so it reads without colour.
    assert 'fill="url(#map-hatch)"' in drawn.map_svg


def test_markers_lie_inside_the_map_and_close_ones_are_moved_apart() -> None:
    articles = (_article("a", date(2025, 3, 9)),)
    incidents = (_incident(1, ("a",), KYIV), _incident(2, ("a",), KHARKIV))
    drawn = graphics.pictures(_brief(incidents, articles), incidents)
    assert drawn.map_svg is not None
    root = ElementTree.fromstring(drawn.map_svg)
    texts = list(root.iter(f"{SVG}text"))
    points = [(float(t.get("x", "0")), float(t.get("y", "0"))) for t in texts]
    for x, y in points:
        assert 0 <= x <= graphics.MAP_WIDTH and 0 <= y <= graphics.MAP_HEIGHT
    (x1, y1), (x2, y2) = points
    assert abs(x1 - x2) + abs(y1 - y2) >= graphics.MARKER_SPACING * 0.9
    # Ukraine's outline is drawn: the map is of the place, not an empty frame.
    assert len(re.findall(r"L", drawn.map_svg)) > 50


def test_a_region_is_mapped_by_a_city_of_its_country_or_not_at_all() -> None:
    with_city = _incident(1, (), CALIFORNIA, LIMA, FRESNO)
    assert graphics.mapped_location(with_city) == FRESNO
    assert graphics.mapped_location(_incident(2, (), CALIFORNIA, LIMA)) is None
    assert graphics.mapped_location(_incident(3, (), LIMA, FRESNO)) == LIMA


def test_a_pile_with_no_known_place_has_no_map() -> None:
    articles = (_article("a", date(2025, 3, 9)),)
    incidents = (_incident(1, ("a",)), _incident(2, ("a",), CALIFORNIA))
    drawn = graphics.pictures(_brief(incidents, articles), incidents)
    assert drawn.map_svg is None and drawn.markers == ()
    assert drawn.chart_svg is not None  # the chart does not need places


def test_a_hostile_place_name_is_text_in_the_svg() -> None:
    hostile = replace(KYIV, name='<script>alert(1)</script>"&', country="<b>x</b>")
    incidents = (_incident(1, (), hostile),)
    drawn = graphics.pictures(_brief(incidents, ()), incidents)
    assert drawn.map_svg is not None
    assert "<script>" not in drawn.map_svg and "<b>" not in drawn.map_svg
    assert "&lt;script&gt;" in drawn.map_svg
    ElementTree.fromstring(drawn.map_svg)  # still well-formed


def test_the_chart_counts_reports_per_day_copies_included() -> None:
    day = date(2025, 3, 3)
    articles = (
        _article("a", day, copies=2),  # three reports on the 3rd
        _article("b", day + timedelta(days=2)),
        _article("c", None),
        _article("d", day + timedelta(days=1)),
    )
    incidents = (_incident(1, ("a", "b", "c")), _incident(2, ("d",)))
    drawn = graphics.pictures(_brief(incidents, articles), incidents)
    assert drawn.chart_svg is not None
    assert (drawn.chart_start, drawn.chart_end) == (day, day + timedelta(days=2))
    titles = [t.text for t in ElementTree.fromstring(drawn.chart_svg).iter(f"{SVG}title")]
    assert titles == ["2025-03-03: 3", "2025-03-05: 1", "2025-03-04: 1"]
    assert "+1 undated" in drawn.chart_svg
    assert "earlier" not in drawn.chart_svg


def test_reports_before_the_charts_window_are_one_hatched_column() -> None:
    end = date(2025, 3, 9)
    articles = (
        _article("old", end - timedelta(days=200)),
        _article("older", end - timedelta(days=400)),
        _article("new", end),
    )
    incidents = (_incident(1, ("old", "older", "new")),)
    drawn = graphics.pictures(_brief(incidents, articles), incidents)
    assert drawn.chart_svg is not None
    assert drawn.chart_start == end - timedelta(days=graphics.CHART_DAYS - 1)
    assert "<title>2 earlier</title>" in drawn.chart_svg
    assert 'fill="url(#chart-hatch)"' in drawn.chart_svg


def test_an_undated_pile_has_no_chart() -> None:
    articles = (_article("a", None),)
    incidents = (_incident(1, ("a",), KYIV),)
    drawn = graphics.pictures(_brief(incidents, articles), incidents)
    assert drawn.chart_svg is None and drawn.map_svg is not None


def test_thirty_incidents_around_the_world_make_small_pictures() -> None:
    cities = [
        Location(f"City {n}", "city", "XX", "Somewhere", -50 + 3.4 * n, -170 + 11.5 * n)
        for n in range(30)
    ]
    day = date(2025, 1, 1)
    articles = tuple(_article(f"a{n}", day + timedelta(days=n * 3)) for n in range(30))
    incidents = tuple(_incident(n + 1, (f"a{n}",), city) for n, city in enumerate(cities))
    drawn = graphics.pictures(_brief(incidents, articles), incidents)
    assert drawn.map_svg is not None and drawn.chart_svg is not None
    assert len(drawn.markers) == 30
    # The whole world's outlines, rounded to a tenth of a unit: well under a megabyte.
    assert len(drawn.map_svg) < 400_000
    assert len(drawn.chart_svg) < 60_000
    assert sorted(_markers(drawn.map_svg), key=int) == [str(n) for n in range(1, 31)]


def test_outlines_come_from_the_shipped_data() -> None:
    codes = {code for code, _, _ in graphics._outlines()}
    assert len(codes) > 150  # countryinfo has none for some (Hungary, Myanmar; small islands)
    assert {"UA", "TR", "PE", "US", "FR", "JP", "ZA", "CN", "BR", "IN", "NG"} <= codes
