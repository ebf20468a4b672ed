"""Quotes with their speakers, and the actors behind them.

``extract_quotes`` reads one article: direct quotes in straight, curly or single marks, and
reported speech without marks ("X said that ..."), each tied to a speaker. ``merge_actors``
folds the names of one speaker across articles (accents, surname only, title + name) into
one ``Actor`` and ranks actors and their quotes by importance.

The package has one room per job, read in this order:

- ``lexicon``: the word lists (speech verbs, titles, role and organisation nouns, pronouns);
- ``speakers``: speaker phrases, split into role and name, and checked to be a speaker;
- ``coreference``: who the article names with what role, and whom "he" or "the spokesman" is;
- ``direct``: quotes in marks, their speaker found by a cascade of named strategies;
- ``reported``: reported speech, by its own cascade;
- ``actors``: speakers merged across articles, and ranked.

Speakers come from generic patterns only; nothing here knows any person, place or outlet.
"""

from __future__ import annotations

from dataclasses import replace

from briefing.models import Article, Quote
from briefing.quotes.actors import merge_actors
from briefing.quotes.coreference import build_registry
from briefing.quotes.direct import direct_quotes, is_fragment
from briefing.quotes.lexicon import plain_view, restore
from briefing.quotes.reported import reported_quotes
from briefing.text import sentence_spans

__all__ = ["QUOTE_TEXT_LIMIT", "extract_quotes", "merge_actors"]

#: Quotes are looked for in an article's first million characters (about 160,000 words; the
#: longest news features are a tenth of that). Every step is linear in the text, but a 10 MB
#: paste would still cost a minute; beyond the budget the text is not searched.
QUOTE_TEXT_LIMIT = 1_000_000


def extract_quotes(article: Article) -> list[Quote]:
    """Find the quotes in one article, each with its speaker.

    Takes an Article; returns its direct quotes (in quotation marks) and its reported speech
    (``kind="reported"``), in the order they appear. Every ``text`` is a verbatim substring
    of ``article.paragraphs[quote.paragraph]``. Speakers named by a pronoun or a role ("he",
    "the spokesman", "the statement") are resolved to the actor named before in the article.
    Short scare quotes without a speech verb are left out.
    """
    original = _within_budget(article)
    # Everything reads the plain view ("Mr. Rove" is not a sentence end there); it has the
    # same length as the text, so each quote is cut back out of the original at its offsets.
    article = replace(original, paragraphs=tuple(map(plain_view, original.paragraphs)))
    registry = build_registry(article)
    # Both passes read the sentences of every paragraph: split them once.
    sentence_spans_of = [sentence_spans(paragraph) for paragraph in article.paragraphs]
    direct, quoted_sentences = direct_quotes(article, registry, sentence_spans_of)
    registry.speakers.clear()
    reported = reported_quotes(article, registry, quoted_sentences, direct, sentence_spans_of)
    seen: set[tuple[str, str, int]] = set()
    quotes: list[Quote] = []
    for item in sorted(direct + reported, key=lambda found: found.order):
        quote = item.quote
        paragraph, start = item.order
        key = (quote.text, quote.kind, quote.paragraph)
        if key in seen or not quote.speaker:
            continue
        seen.add(key)
        text = original.paragraphs[paragraph][start : start + len(quote.text)]
        quotes.append(
            replace(
                quote,
                text=text,
                fragment=is_fragment(text),
                speaker=restore(quote.speaker),
                mention=restore(quote.mention),
                role=restore(quote.role) if quote.role else quote.role,
            )
        )
    return quotes


def _within_budget(article: Article) -> Article:
    """The article cut to ``QUOTE_TEXT_LIMIT`` characters (a paragraph cut keeps its start)."""
    if sum(len(paragraph) for paragraph in article.paragraphs) <= QUOTE_TEXT_LIMIT:
        return article
    kept: list[str] = []
    room = QUOTE_TEXT_LIMIT
    for paragraph in article.paragraphs:
        if room <= 0:
            break
        kept.append(paragraph[:room])
        room -= len(paragraph)
    return replace(article, paragraphs=tuple(kept))
