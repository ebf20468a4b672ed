"""Actors: the speakers of many articles merged under one name, and ranked."""

from __future__ import annotations

import re
from collections import defaultdict
from collections.abc import Sequence
from dataclasses import replace

from briefing.gazetteer import demonym_country, governed_country
from briefing.models import Actor, Quote, QuoteKind
from briefing.quotes.lexicon import (
    DETERMINERS,
    MENTION_NOUNS,
    ORG_WORDS,
    PRONOUNS,
    TITLE_WORDS,
    fold,
    is_capitalised,
    word_count,
)
from briefing.quotes.speakers import is_org_phrase, role_head


def _name_tokens(name: str) -> tuple[str, ...]:
    folded = fold(name)
    folded = re.sub(r"'s\b", "", folded)
    words = [word for word in re.findall(r"[a-z0-9][a-z0-9\-]*", folded) if word not in DETERMINERS]
    if is_org_phrase(name):
        words = _body_words(words)
    return tuple(words)


def _is_body(name: str) -> bool:
    """A body's name: an organisation noun, or an acronym in it ("IMF report", "UN")."""
    return is_org_phrase(name) or any(
        word.isupper() and len(word) > 1 and word.isalpha() for word in name.split()
    )


def _body_words(words: list[str]) -> list[str]:
    """A body's name in one order and one spelling, so its forms fold together: "Ministry
    of Foreign Affairs" = "Foreign Ministry"; "Russia's" = "Russian" (the country's code)."""
    if len(words) > 2 and words[0] in ORG_WORDS and words[1] == "of":
        # "department of state" -> "state department"; "affairs" adds nothing to a ministry.
        words = [word for word in words[2:] if word != "affairs"] + [words[0]]
    return [_country_of(word) or word for word in words]


def _country_of(word: str) -> str | None:
    """The country code a one-word country name or nationality word stands for, or None."""
    code = demonym_country(word)
    if code is None:
        country = governed_country(word)
        code = country.country_code if country is not None and country.kind == "country" else None
    return code.lower() if code is not None else None


def _role_score(role: str) -> tuple[int, int, str]:
    # Prefer a role that names its organisation ("spokesperson for the UN ...") over a bare noun.
    return (1 if re.search(r"\b(?:of|for)\b", role) else 0, len(role.split()), role)


def _name_score(name: str) -> tuple[int, int, int, int, str]:
    # The longest proper name wins; with the same words, the spelling with diacritics. A
    # body's name that says more ("Russian Foreign Ministry") beats a longer wording of
    # less ("Ministry of Foreign Affairs").
    non_ascii = sum(1 for char in name if ord(char) > 127)
    says = len(_name_tokens(name)) if is_org_phrase(name) else 0
    return (says, len(name.split()), non_ascii, len(name), name)


def merge_actors(quotes: Sequence[Quote]) -> list[Actor]:
    """Group quotes by actor, folding aliases, and rank actors and quotes.

    Takes quotes from any number of articles; returns one Actor per speaker, where names
    that differ only in accents, case or a leading article are one actor, and a shorter
    name whose words all appear in exactly one longer name ("Novak", "Foreign Ministry")
    joins it. ``name`` is the longest name, ``aliases`` the other names and mentions
    (sorted), ``role`` the most informative role. Actors are ranked by quotes (direct
    count double) and articles; each actor's quotes direct first, then longer first, then
    in article order.
    """
    by_key: dict[tuple[str, ...], list[Quote]] = defaultdict(list)
    for quote in quotes:
        key = _name_tokens(quote.speaker)
        if key:
            by_key[key].append(quote)
    keys = sorted(by_key, key=lambda key: (-len(key), key))
    parent: dict[tuple[str, ...], tuple[str, ...]] = {key: key for key in keys}

    def find(key: tuple[str, ...]) -> tuple[str, ...]:
        while parent[key] != key:
            key = parent[key]
        return key

    # A person's name never folds into a body's ("Akter" into "Akter Foundation"'s actor).
    is_body = {key: any(_is_body(quote.speaker) for quote in by_key[key]) for key in keys}
    for key in keys:
        longer = [
            other
            for other in keys
            if len(other) > len(key)
            and is_body[other] == is_body[key]
            and _contains_in_order(other, key)
        ]
        roots = {find(other) for other in longer}
        if len(roots) == 1:
            parent[find(key)] = roots.pop()
    groups: dict[tuple[str, ...], list[Quote]] = defaultdict(list)
    for key in keys:
        groups[find(key)].extend(by_key[key])

    order = {id(quote): position for position, quote in enumerate(quotes)}
    actors: list[Actor] = []
    for members in groups.values():
        names = {quote.speaker for quote in members}
        name = max(names, key=_name_score)
        roles = {quote.role for quote in members if quote.role}
        role_heads = {role_head(role) for role in roles} - {None}
        aliases = {quote.speaker for quote in members} | {
            quote.mention
            for quote in members
            if quote.mention.lower() not in PRONOUNS
            and (_names_someone(quote.mention) or role_head(quote.mention) in role_heads)
        }
        aliases.discard(name)
        role = max(roles, key=_role_score) if roles else None
        ranked = sorted(
            _unique(members),
            key=lambda quote: (
                quote.kind != "direct",
                word_count(quote.text) < 6,
                -word_count(quote.text),
                order.get(id(quote), 0),
                quote.article_id,
                quote.paragraph,
                quote.text,
            ),
        )
        actors.append(
            Actor(
                name=name,
                aliases=tuple(sorted(aliases)),
                role=role,
                quotes=_once_across_articles(ranked),
            )
        )
    return sorted(actors, key=_actor_rank)


def _once_across_articles(ranked: list[Quote]) -> tuple[Quote, ...]:
    """One actor's quotes with the same words in several articles kept once (the first in
    rank), with the other articles in ``also_in``: two outlets printing one statement."""
    first_of: dict[tuple[QuoteKind, tuple[str, ...]], int] = {}
    kept: list[Quote] = []
    others: list[set[str]] = []
    for quote in ranked:
        key = (quote.kind, tuple(re.findall(r"[a-z0-9]+", fold(quote.text))))
        at = first_of.get(key)
        if at is None or kept[at].article_id == quote.article_id:
            first_of.setdefault(key, len(kept))
            kept.append(quote)
            others.append(set())
        else:
            others[at].add(quote.article_id)
    return tuple(
        replace(quote, also_in=tuple(sorted(extra - {quote.article_id}))) if extra else quote
        for quote, extra in zip(kept, others, strict=True)
    )


def _names_someone(mention: str) -> bool:
    """Whether a mention holds a name, not only a role ("the spokesman", "The Chief Justice"):
    a role is an alias only of an actor who holds it (it may be another person's)."""
    return any(
        is_capitalised(word) and fold(word).strip(".,'") not in _ROLE_OR_ARTICLE
        for word in mention.split()
    )


_ROLE_OR_ARTICLE = TITLE_WORDS | ORG_WORDS | DETERMINERS | PRONOUNS | MENTION_NOUNS


def _contains_in_order(longer: tuple[str, ...], shorter: tuple[str, ...]) -> bool:
    """Whether ``shorter`` is the tail of ``longer`` or a run inside it."""
    size = len(shorter)
    return any(longer[start : start + size] == shorter for start in range(len(longer) - size + 1))


def _unique(quotes: list[Quote]) -> list[Quote]:
    seen: set[tuple[str, str, int, QuoteKind]] = set()
    unique: list[Quote] = []
    for quote in quotes:
        key = (quote.text, quote.article_id, quote.paragraph, quote.kind)
        if key not in seen:
            seen.add(key)
            unique.append(quote)
    return unique


def _actor_rank(actor: Actor) -> tuple[int, int, int, str]:
    direct = sum(1 for quote in actor.quotes if quote.kind == "direct")
    reported = len(actor.quotes) - direct
    articles = len({quote.article_id for quote in actor.quotes})
    return (-(2 * direct + reported + articles), -articles, -len(actor.quotes), actor.name)
