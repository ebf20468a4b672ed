"""Where an article and an incident happened, from the gazetteer and the words around names.

The gazetteer (:mod:`briefing.gazetteer`) says what a capitalised name *can* be; this module
decides, article by article, whether it *is* that place here, and which of its homonyms:

1. **Where to look.** The dateline, the title and the first paragraphs (about 130 words: where
   news says where), never photo captions or credits ("(Hayoung Jeon/EPA)", "toggle caption").
2. **Is it a name at all?** Nationality words ("Israeli") are never places; a place word glued
   to another capitalised word is part of a longer name ("Michael Jordan", "Washington Post"),
   and one seen as the surname of a person in an article is not a place anywhere in it; month
   and day names are dates. Capitals prove nothing: a word that only opens a sentence, or is
   written in a capitals headline, a Title Case title or a capitals dateline counts only when
   the article also names the place in ordinary writing (countries excepted at a sentence
   start: "Turkey said").
3. **Which place?** Homonyms are weighed by size and by the countries the article speaks of
   (its countries, nationality words, unambiguous cities, the dateline): "San Jose" in a story
   about Costa Rica is San José, Costa Rica; "Paris" in an American story is still Paris,
   France, unless the story names Texas; "Paris, Texas" settles it.
4. **Enough evidence?** A country counts when named; a region or city needs its country in
   the article, or "in"/"near"/"at" before it, or a million people; a name the article also
   uses as a common word ("reading", "nice", "mobile") needs both its country and "in".
5. **Ranking.** Each article gives each place it names a score: the dateline 1.5 (0.5 when
   the title or first paragraph says the event happened in another place), a mention after
   "in", "near", "at", "off"... 1, any other mention 0.5 ("from Argentina", "Russia said"),
   times 2 in the title and 1.5 in the first paragraph; an article's best mention counts
   whole and its others a quarter, up to 3. An incident's places are those its articles
   score 1 or more in total (one a dateline, a mention after "in"... or in the title), best
   first, at most three: so the place of the event, named in
   the leads of several reports, comes before the city of a wire's dateline or a capital
   that only comments on it.
"""

from __future__ import annotations

import re
from collections import Counter, defaultdict
from collections.abc import Sequence
from dataclasses import dataclass, field

from briefing.dates import MONTHS
from briefing.gazetteer import Mention, Place, gazetteer, name_key
from briefing.models import Article, Location
from briefing.named_regions import named_regions

#: An incident lists at most this many places.
MAX_PLACES = 3
#: The text looked at: the title and the first paragraphs, up to about this many characters.
LEAD_CHARACTERS = 800
#: An incident's place needs at least this much evidence in total.
MIN_EVIDENCE = 1.0
#: A city this big needs no other support in its article.
BIG_CITY = 1_000_000

DATELINE_WEIGHT = 1.5
LOCATIVE_WEIGHT = 1.0
MENTION_WEIGHT = 0.5
TITLE_FACTOR = 2.0
FIRST_PARAGRAPH_FACTOR = 1.5
# An article's further mentions of a place add this share of their weight, up to the cap.
REPEAT_SHARE = 0.25
ARTICLE_CAP = 3.0

# A homonym's prior weight: a country is worth four times its head count against a city's.
_KIND_FACTOR = {"country": 4.0, "region": 1.0, "city": 1.0}
# Even with no word of its country in the article, a homonym keeps this share of its weight.
_NO_CONTEXT_SHARE = 0.05
# A city this small needs "in", "near"... before it (a planet, a person, a company otherwise).
_TOWN = 100_000
# Words before a name that say something happened there (not "from", "to": where people came
# from or went).
_EVENT_CUES = frozenset("in near outside across inside throughout around at off".split())
# Words before a name that say it is a place (not "at Google", "from Reuters").
_STRONG_CUES = frozenset("in near outside across inside throughout around".split())
# A city of another country this big makes a country's name ambiguous.
_RIVAL_CITY = 100_000

_CALENDAR_WORDS = frozenset(MONTHS) | frozenset(
    "monday tuesday wednesday thursday friday saturday sunday".split()
)
# Photo captions and credits: "(Hayoung Jeon/EPA)", "toggle caption", "REUTERS/Omar Sobhani",
# "Photo: ...", "(AP Photo/...)"; and links to other stories ("READ MORE: ..."). A paragraph
# with one of these is not the story's text.
_CAPTION = re.compile(
    r"""(?ix:toggle\ caption|hide\ caption|enlarge\ this\ image|
        \(\s*(?:photo|image|picture|file\ photo|credit)\b|
        ^\W*(?:read\ more|read\ also|also\ read|see\ also|related)\b|
        ^\W*(?:photo|photograph|image|picture|caption|credit|file\ photo)s?\s*(?::|by\b))
      | (?-i:\b[A-Z][\w.'’-]*\s?/\s?(?:AP|AFP|EPA|Reuters|REUTERS|Getty(?:\ Images)?|Xinhua
            |Anadolu|Bloomberg|Sipa|TASS|Sputnik|Pool|NurPhoto|ZUMA|dpa|ANSA|Yonhap|Kyodo)\b
      | \bREUTERS/ | \bAP\ Photo\b | \bGetty\ Images\b)
    """,
    re.VERBOSE,
)
_MAX_CAPTION_WORDS = 80
_CAPTION_CUES = ("/", "(", "aption", "nlarge")
_CAPTION_STARTS = (
    "photo",
    "image",
    "picture",
    "caption",
    "credit",
    "file",
    "read",
    "also",
    "see",
    "related",
)


def is_caption(paragraph: str) -> bool:
    """Whether a paragraph is a photo caption or credit rather than the story's text."""
    # The pattern is slow: most paragraphs are too long, or have none of its characters.
    if paragraph.count(" ") >= _MAX_CAPTION_WORDS:
        return False
    if not any(cue in paragraph for cue in _CAPTION_CUES) and not paragraph[:12].lower().startswith(
        _CAPTION_STARTS
    ):
        return False
    return bool(_CAPTION.search(paragraph))


@dataclass
class _Evidence:
    """What one article says about one place."""

    weights: list[float] = field(default_factory=list)
    surfaces: Counter[str] = field(default_factory=Counter)
    #: Said where something happened: a dateline, "in", "near", "at"... before it, or the
    #: title other than as its first word.
    strong: bool = False

    def score(self) -> float:
        if not self.weights:
            return 0.0
        ranked = sorted(self.weights, reverse=True)
        return min(ARTICLE_CAP, ranked[0] + REPEAT_SHARE * sum(ranked[1:]))


@dataclass(frozen=True)
class _Text:
    """A piece of an article to look in."""

    text: str
    factor: float
    #: Capitalisation says nothing here (a Title Case title): names need confirming.
    unreliable: bool = False


def _is_title_case(title: str) -> bool:
    words = [word for word in title.split() if word[:1].isalpha()]
    if len(words) < 4:
        return False
    capitalised = sum(1 for word in words if word[:1].isupper())
    return capitalised / len(words) >= 0.7


def _texts(article: Article) -> list[_Text]:
    texts = [_Text(article.title, TITLE_FACTOR, unreliable=_is_title_case(article.title))]
    used = 0
    for index, paragraph in enumerate(article.paragraphs):
        if used >= LEAD_CHARACTERS:
            break
        if is_caption(paragraph):
            continue
        texts.append(_Text(paragraph, FIRST_PARAGRAPH_FACTOR if index == 0 else 1.0))
        used += len(paragraph)
    return texts


def _context(mentions: Sequence[tuple[_Text, Mention]], dateline: Place | None) -> Counter[str]:
    """How often the article speaks of each country, from evidence that is not ambiguous:
    countries, nationality words, names with one candidate."""
    counts: Counter[str] = Counter()
    if dateline is not None:
        counts[dateline.country_code] += 1
    for text, mention in mentions:
        if mention.demonym:
            counts[mention.demonym] += 1
        elif _unambiguous(mention) and not _glued(mention, text):
            counts[mention.places[0].country_code] += 1
    return counts


def _unambiguous(mention: Mention) -> bool:
    """All candidates in one country, or a country before towns named after it ("Costa
    Rica", and towns of that name in Brazil)."""
    places = mention.places
    first = places[0]
    others = [place for place in places if place.country_code != first.country_code]
    if first.kind == "country":
        # "Georgia" is also a US state; "Costa Rica" only some Brazilian towns.
        return not any(p.kind == "region" or p.population >= _RIVAL_CITY for p in others)
    return not others


def _glued(mention: Mention, text: _Text) -> bool:
    return not text.unreliable and (mention.joined_before or mention.joined_after)


def _choose(
    candidates: Sequence[Place],
    context: Counter[str],
    regions: set[str | None],
    qualifier: Sequence[Place] = (),
) -> Place:
    """The homonym the article most likely means."""
    if qualifier:
        # "Paris, Texas", "San Jose, Costa Rica": the place of that region or country.
        qualified = [
            place
            for place in candidates
            for other in qualifier
            if (other.kind == "country" and place.country_code == other.country_code)
            or (other.kind == "region" and place.region_code == other.code)
        ]
        if qualified:
            return qualified[0]
    if len(candidates) == 1:
        return candidates[0]
    total = sum(context.values()) or 1

    def weight(place: Place) -> float:
        # Squared, so the country an article is about outweighs one it mentions in passing.
        share = (context[place.country_code] / total) ** 2
        in_region = 3.0 if place.region_code in regions or place.code in regions else 1.0
        return (
            max(place.population, 1)
            * _KIND_FACTOR[place.kind]
            * in_region
            * (_NO_CONTEXT_SHARE + share)
        )

    return max(candidates, key=lambda place: (weight(place), place.code))


def _resolve_dateline(raw: str | None, context: Counter[str]) -> Place | None:
    if not raw:
        return None
    parts = [part.strip() for part in raw.split(",") if part.strip()]
    table = gazetteer()
    for part in parts[:1] + parts[-1:]:
        if table.is_demonym(part):
            return None
        candidates = table.places(part)
        if candidates:
            qualifier = table.places(parts[-1]) if len(parts) > 1 and part != parts[-1] else ()
            return _choose(candidates, context, set(), qualifier)
    return None


def _article_evidence(article: Article) -> dict[Place, _Evidence]:
    """Each place the article names, with the weight of each mention and how it was written."""
    table = gazetteer()
    texts = _texts(article)
    mentions = [(text, mention) for text in texts for mention in table.find(text.text)]
    context = _context(mentions, None)
    dateline = _resolve_dateline(article.place, context)
    if dateline is not None:
        context[dateline.country_code] += 1
    mentions = _with_named_regions(article, texts, mentions)
    # Regions the article names, and those its cities lie in ("Atlanta": Georgia, US).
    regions = {
        place.code if place.kind == "region" else place.region_code
        for _, mention in mentions
        if mention.places and _unambiguous(mention)
        for place in mention.places[:1]
    }
    regions.discard(None)
    # A name seen as a person's surname ("Jim Jordan") is no place anywhere in the article.
    surnames = {
        name_key(mention.surface)
        for text, mention in mentions
        if mention.joined_before and not text.unreliable and mention.places
    }
    written = "\n".join(text.text for text in texts)
    # (place, weight, as written, needs confirming, weight of its cue alone)
    accepted: list[tuple[Place, float, str, bool, float]] = []
    for position, (text, mention) in enumerate(mentions):
        if mention.demonym or not mention.places or _glued(mention, text):
            continue
        key = name_key(mention.surface)
        if key in surnames or key in _CALENDAR_WORDS:
            continue
        if mention.initialism and mention.shouted:
            continue
        qualifier: tuple[Place, ...] = ()
        following = mentions[position + 1][1] if position + 1 < len(mentions) else None
        if (
            following is not None
            and mentions[position + 1][0] is text
            and text.text[mention.end : following.start] == ", "
        ):
            qualifier = following.places
        place = _choose(mention.places, context, regions, qualifier)
        if not _supported(place, mention, context, written, key, qualifier):
            continue
        weight = LOCATIVE_WEIGHT if mention.cue in _EVENT_CUES else MENTION_WEIGHT
        needs_confirming = (
            text.unreliable
            or (mention.shouted and not mention.initialism)
            or (mention.sentence_start and place.kind != "country")
        )
        # Said where something happened: "in", "near"... before it, or in the title other
        # than as its subject ("Floods hit Jakarta", not "Russia calls for talks").
        cue = weight
        if text.factor == TITLE_FACTOR and not mention.sentence_start:
            cue = max(weight, LOCATIVE_WEIGHT)
        accepted.append((place, weight * text.factor, mention.surface, needs_confirming, cue))
    confirmed = {place for place, _, _, unsure, _ in accepted if not unsure}
    evidence: dict[Place, _Evidence] = defaultdict(_Evidence)
    if dateline is not None:
        # The wire's city, unless the lead says the event was elsewhere ("LONDON - A ferry
        # sank off Zanzibar"): then it weighs a third.
        elsewhere = any(
            cue >= LOCATIVE_WEIGHT and weight > cue and not unsure and _elsewhere(place, dateline)
            for place, weight, _, unsure, cue in accepted
        )
        evidence[dateline].weights.append(DATELINE_WEIGHT / 3 if elsewhere else DATELINE_WEIGHT)
        evidence[dateline].strong = True
        written_place = (article.place or "").split(",")[0].strip()
        if written_place and not written_place.isupper():
            evidence[dateline].surfaces[written_place] += 1  # "New York", not "New York City"
    for place, weight, surface, unsure, cue in accepted:
        if unsure and place not in confirmed and place != dateline:
            continue
        evidence[place].weights.append(weight)
        evidence[place].strong |= cue >= LOCATIVE_WEIGHT
        if not unsure and not surface.isupper():
            evidence[place].surfaces[surface] += 1
    return evidence


def _with_named_regions(
    article: Article,
    texts: Sequence[_Text],
    mentions: list[tuple[_Text, Mention]],
) -> list[tuple[_Text, Mention]]:
    """``mentions`` with those of the regions the article itself calls regions and the
    gazetteer lacks ("the Nagorno-Karabakh region"), in text order. Which country such a
    region lies in is not known (often the very dispute): its country code is empty, so
    only a mention saying something happened there ("in", "near"...) makes it a place."""
    table = gazetteer()
    whole = "\n".join((article.title, *article.paragraphs))
    names = named_regions(whole, lambda name: table.is_place(name) or table.is_demonym(name))
    if not names:
        return mentions
    regions = {
        key: Place(
            name=name,
            kind="region",
            country_code="",
            code=f"named:{key}",
            latitude=None,
            longitude=None,
        )
        for key, name in names.items()
    }
    merged: list[tuple[_Text, Mention]] = []
    for text in texts:
        named = table.find_names(text.text, regions)
        # A gazetteer name inside a region's name is that region ("Gaza" in "Gaza Strip").
        kept = [
            (text, mention)
            for found_in, mention in mentions
            if found_in is text
            and not any(region.start <= mention.start < region.end for region in named)
        ]
        kept += [(text, region) for region in named]
        merged += sorted(kept, key=lambda item: item[1].start)
    return merged


def _elsewhere(place: Place, dateline: Place) -> bool:
    """Whether ``place`` is another place than the dateline's (not its country either)."""
    if place.code == dateline.code:
        return False
    return not (place.kind == "country" and place.country_code == dateline.country_code)


def _supported(
    place: Place,
    mention: Mention,
    context: Counter[str],
    written: str,
    key: str,
    qualifier: Sequence[Place],
) -> bool:
    """Whether the article gives a region or city enough support to be that place."""
    if place.kind == "country" or qualifier:
        return True
    # Its own mention counted once in the context when it was the only candidate.
    own = 1 if _unambiguous(mention) else 0
    in_context = context[place.country_code] > own
    strong_cue = mention.cue in _STRONG_CUES
    if " " not in key and re.search(rf"\b{re.escape(key)}\b", written):
        # also a common word here, in lower case: "reading", "nice", "mobile"
        return in_context and strong_cue
    if place.kind == "region":
        return in_context or mention.locative
    if name_key(place.name) != key:
        # Known by another name (Köln as "Cologne"; Topeka once as "Google"): only said of
        # a place, or of a large city of the article's country.
        return (strong_cue and (in_context or place.population >= _TOWN)) or (
            in_context and place.population >= BIG_CITY
        )
    if place.population < _TOWN:
        return strong_cue  # "at Anthem" is the insurer; "in Anthem" the Arizona town
    return mention.locative or place.population >= BIG_CITY or in_context


def _display_name(place: Place, surfaces: Counter[str]) -> str:
    """How to name a place: a country by its English name, a city or region as the articles
    write it most often ("Cologne", not "Köln"), else by the gazetteer's name."""
    if place.kind == "country" or not surfaces:
        return place.name
    return min(surfaces.items(), key=lambda item: (-item[1], item[0]))[0]


def rank_places(articles: Sequence[Article], limit: int = MAX_PLACES) -> list[tuple[Place, str]]:
    """Where the articles' event happened: places with their names as shown, best first."""
    totals: dict[Place, float] = defaultdict(float)
    surfaces: dict[Place, Counter[str]] = defaultdict(Counter)
    strong: set[Place] = set()
    for article in articles:
        for place, evidence in _article_evidence(article).items():
            totals[place] += evidence.score()
            surfaces[place].update(evidence.surfaces)
            if evidence.strong:
                strong.add(place)
    # Mentions in passing ("aid from Argentina", "Russia said") never make a place alone,
    # however many reports make them.
    ranked = sorted(
        (item for item in totals.items() if item[1] >= MIN_EVIDENCE - 1e-9 and item[0] in strong),
        key=lambda item: (-round(item[1], 6), item[0].name, item[0].code),
    )
    shown: list[tuple[Place, str]] = []
    names: set[str] = set()
    for place, _ in ranked:
        name = _display_name(place, surfaces[place])
        if name in names:
            continue  # two homonyms both supported: the better one is shown
        names.add(name)
        shown.append((place, name))
        if len(shown) == limit:
            break
    return shown


def locations(ranked: Sequence[tuple[Place, str]]) -> tuple[Location, ...]:
    """The ranked places as the brief's model holds them: shown name, kind, country and
    coordinates (None for a region, which the gazetteer has none for)."""
    table = gazetteer()
    found = []
    for place, name in ranked:
        country = table.country(place.country_code)
        found.append(
            Location(
                name=name,
                kind=place.kind,
                country_code=place.country_code,
                country=country.name if country is not None else place.country_code,
                latitude=place.latitude,
                longitude=place.longitude,
            )
        )
    return tuple(found)


def incident_places(articles: Sequence[Article], limit: int = MAX_PLACES) -> tuple[str, ...]:
    """The names of where an incident happened, best supported first, at most ``limit``."""
    return tuple(name for _, name in rank_places(articles, limit))


def dateline_place(written: str) -> str | None:
    """A dateline's place as the brief shows it, or None when it names no place.

    Each comma-separated part in capitals is put in ordinary case ("OFER PRISON, West Bank"
    -> "Ofer Prison, West Bank"); a first part the gazetteer knows takes the gazetteer's
    spelling of it ("SAO PAULO" -> "São Paulo"); a nationality word is no place ("Israeli,
    ..." is a sentence, not a dateline). Names the gazetteer does not hold ("United Nations",
    a prison, a base) are kept as written: a dateline says where the reporter was.
    """
    parts = [part.strip() for part in written.strip(" ,").split(",")]
    parts = [part.title() if part.isupper() else part for part in parts if part]
    if not parts:
        return None
    table = gazetteer()
    if table.is_demonym(parts[0]):
        return None
    known = table.places(parts[0])
    if known and name_key(known[0].name) == name_key(parts[0]):
        parts[0] = known[0].name
    return ", ".join(parts)
