"""An incident's title: the headline of its latest article, without "Breaking:" and the like.

The latest report carries the latest state of things (a toll that rose, a count finished), so
an incident is named after it rather than after the first report; a headline made up from
the first sentence (cut with an ellipsis, or repeating the lead) is taken only when no
article has a real one. Desk labels that say how a story was filed, not what happened
("BREAKING:", "UPDATE 2-", "LIVE |", "[UPDATED]"), are cut off the front.
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from datetime import date

from briefing.models import Article

#: Labels a desk puts before a headline. Only at the very start, and only before a separator
#: (a colon, a dash, a bar) or inside brackets, so "Live music returns to Kyiv" keeps its word.
_LABEL = (
    r"(?:breaking(?:\s+news)?|just\s+in|developing(?:\s+story)?|update[ds]?(?:\s*\d+)?|"
    r"live(?:\s+updates?|\s+blog)?|urgent|flash|exclusive|watch|video|photos?|latest|"
    r"alert|news\s+alert|newsflash|corrected|correction|refile|factbox|explainer|analysis|"
    r"wrapup(?:\s*\d+)?)"
)
_PREFIX = re.compile(
    rf"^\s*(?:\[\s*{_LABEL}\s*\]|\(\s*{_LABEL}\s*\)|{_LABEL}\s*(?::|\||-(?=\s|[A-Z])|–|—))\s*",
    re.IGNORECASE,
)


def clean_headline(title: str) -> str:
    """The headline without the desk labels before it ("BREAKING: ", "UPDATE 3-")."""
    cleaned = title
    for _ in range(3):  # "BREAKING: UPDATE 2-..." carries two
        stripped = _PREFIX.sub("", cleaned, count=1)
        if stripped == cleaned or not stripped.strip():
            break
        cleaned = stripped
    return cleaned.strip() or title.strip()


def has_headline(article: Article) -> bool:
    """Whether the article's title is a headline, not made up from its first sentence."""
    first = article.paragraphs[0] if article.paragraphs else ""
    return bool(article.title.strip()) and (
        not article.title.endswith("…") and not first.startswith(article.title)
    )


def incident_title(articles: Sequence[Article]) -> str:
    """The cleaned headline of the latest article that has a real headline.

    Undated articles count as older than any dated one: their place in time is unknown, and
    a dated report is the safer claim to "latest". Ties are broken by id, so the title is
    the same on every run.
    """
    if not articles:
        return ""

    def recency(article: Article) -> tuple[bool, date, str]:
        return (has_headline(article), article.published or date.min, article.id)

    return clean_headline(max(articles, key=recency).title)
