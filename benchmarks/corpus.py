"""A deterministic synthetic news corpus for the benchmarks, made from a seed.

    .venv/bin/python benchmarks/corpus.py OUT_DIR --articles 1000 [--seed 7] [--heavy-tail]

What makes it news-like enough to time summarizers, clustering and quotes on:
- a Zipfian vocabulary (the k-th word used in proportion to 1/k) whose most frequent words are
  real English function words, so stop-word removal has real work to do;
- sentence lengths drawn around 22 words (4 to 60), as in wire copy;
- named entities (people, places, organisations) shared across the whole corpus, so that
  incidents overlap in names as real stories do;
- articles grouped into incidents: each incident has a place, a date, actors and words of its
  own, and is reported by several articles dated on or just after its day, some with quotes;
- with ``--heavy-tail``, as on a big news day: 30% of the articles go to incidents ranked by a
  Pareto(1.2) draw, so one story gets about 17% of all articles (1,700 of 10,000), the rest
  to small incidents of about five articles as before.

Articles are written like the seeds: a title line, a blank line, then paragraphs separated by
blank lines, the first opening with a dateline ``City, D Month YYYY (Source): ``.

Library use: ``Corpus(seed).sentences(n)``, ``Corpus(seed).document(n)`` (a sumy document),
``Corpus(seed).write_articles(folder, n)`` and ``Corpus(seed).write_heavy_tail_articles(folder,
n)``.
"""

from __future__ import annotations

import argparse
import itertools
import random
from dataclasses import dataclass, replace
from datetime import date, timedelta
from pathlib import Path

from sumy.models.dom import ObjectDocumentModel, Paragraph, Sentence
from sumy.utils import get_stop_words

from briefing.text import OfflineTokenizer

SYLLABLES = "ka lo mi ren tu sa vor el an ti bro ga de nu por lin ste qua hel mor zi bek".split()
MONTHS = (
    "January February March April May June July August September October November December"
).split()
SOURCES = ("Wire", "Daily Courier", "Radio Nord", "Gazette", "Observer", "Evening Post")
ORGANISATION_KINDS = ("Ministry", "Council", "Agency", "Commission", "Committee", "Authority")
#: Heavy-tailed corpora: the share of articles that go to incidents ranked by a Pareto draw,
#: and the draw's shape (1.2: the biggest incident gets about 17% of all articles).
HEAVY_SHARE = 0.3
PARETO_ALPHA = 1.2


def _made_up_word(rng: random.Random) -> str:
    return "".join(rng.choice(SYLLABLES) for _ in range(rng.randint(1, 3)))


@dataclass(frozen=True)
class Incident:
    """One event reported by several articles."""

    number: int
    place: str
    day: date
    actors: tuple[str, ...]
    organisation: str
    topic_words: tuple[str, ...]
    figure: int


class Corpus:
    """Vocabulary, names and incidents drawn from ``seed``; the same seed, the same corpus."""

    def __init__(self, seed: int = 7, vocabulary: int = 20_000) -> None:
        self.rng = random.Random(seed)
        content = sorted({_made_up_word(self.rng) for _ in range(vocabulary * 2)})
        self.rng.shuffle(content)
        self.vocabulary = sorted(get_stop_words("english")) + content[:vocabulary]
        self.cumulative_weights = list(
            itertools.accumulate(1.0 / (rank + 1) for rank in range(len(self.vocabulary)))
        )
        self.people = [
            f"{_made_up_word(self.rng).title()} {_made_up_word(self.rng).title()}"
            for _ in range(400)
        ]
        self.places = sorted({_made_up_word(self.rng).title() for _ in range(300)})
        self.organisations = [
            f"{self.rng.choice(ORGANISATION_KINDS)} of {_made_up_word(self.rng).title()}"
            for _ in range(60)
        ]

    def incidents(self, count: int, start: date = date(2024, 1, 1)) -> list[Incident]:
        """``count`` incidents dated within a year of ``start``."""
        return [
            Incident(
                number=number,
                place=self.rng.choice(self.places),
                day=start + timedelta(days=self.rng.randrange(365)),
                actors=tuple(self.rng.sample(self.people, 3)),
                organisation=self.rng.choice(self.organisations),
                topic_words=tuple(_made_up_word(self.rng) + "ion" for _ in range(8)),
                figure=self.rng.randint(2, 300),
            )
            for number in range(count)
        ]

    def sentence(self, incident: Incident) -> str:
        """One sentence about ``incident``: Zipfian words, its topic words, sometimes names."""
        rng = self.rng
        length = min(60, max(4, round(rng.gauss(22, 9))))
        words = rng.choices(self.vocabulary, cum_weights=self.cumulative_weights, k=length)
        for _ in range(2):
            words[rng.randrange(length)] = rng.choice(incident.topic_words)
        if rng.random() < 0.3:
            words[rng.randrange(length)] = incident.place
        if rng.random() < 0.2:
            words[rng.randrange(length)] = incident.organisation
        if rng.random() < 0.15:
            words[rng.randrange(length)] = f"{incident.figure} people"
        if rng.random() < 0.1:  # names shared across the corpus, not only this incident's
            words[rng.randrange(length)] = rng.choice(self.people)
        text = " ".join(words)
        return text[0].upper() + text[1:] + "."

    def quote(self, incident: Incident) -> str:
        """A quoted sentence attributed to one of the incident's actors."""
        said = self.sentence(incident).rstrip(".")
        return f'"{said}," {self.rng.choice(incident.actors)} said.'

    def paragraph(self, incident: Incident) -> list[str]:
        """One to four sentences, about one in seven of them a quote."""
        return [
            self.quote(incident) if self.rng.random() < 0.15 else self.sentence(incident)
            for _ in range(self.rng.randint(1, 4))
        ]

    def sentences(self, count: int, per_incident: int = 40) -> list[str]:
        """``count`` sentences, in runs of about ``per_incident`` about the same incident."""
        incidents = self.incidents(max(1, -(-count // per_incident)))
        return [self.sentence(incidents[index // per_incident]) for index in range(count)]

    def document(
        self, count: int, tokenizer: OfflineTokenizer | None = None
    ) -> ObjectDocumentModel:
        """``count`` sentences as a sumy document (paragraphs of up to four sentences)."""
        tokenizer = tokenizer or OfflineTokenizer()
        texts = self.sentences(count)
        paragraphs = []
        start = 0
        while start < len(texts):
            end = start + self.rng.randint(1, 4)
            paragraphs.append(Paragraph([Sentence(text, tokenizer) for text in texts[start:end]]))
            start = end
        return ObjectDocumentModel(paragraphs)

    def article(self, incident: Incident, words: int = 600) -> str:
        """An article about ``incident`` of about ``words`` words, laid out like the seeds."""
        day = incident.day + timedelta(days=self.rng.choice((0, 0, 1, 1, 2)))
        title = " ".join(self.rng.sample(incident.topic_words, 3)).title()
        title = f"{title} in {incident.place}"
        paragraphs: list[str] = []
        total = 0
        while total < words:
            paragraph = " ".join(self.paragraph(incident))
            total += paragraph.count(" ") + 1
            paragraphs.append(paragraph)
        source = self.rng.choice(SOURCES)
        dateline = f"{incident.place}, {day.day} {MONTHS[day.month - 1]} {day.year} ({source}): "
        paragraphs[0] = dateline + paragraphs[0]
        return title + "\n\n" + "\n\n".join(paragraphs) + "\n"

    def write_articles(
        self, folder: Path, count: int, per_incident: int = 5, words: int = 600
    ) -> list[Path]:
        """Write ``count`` articles (about ``per_incident`` per incident) as .txt files."""
        folder.mkdir(parents=True, exist_ok=True)
        incidents = self.incidents(max(1, count // per_incident))
        paths = []
        for number in range(count):
            # Incidents are interleaved, as a day's feed is, not one story after another.
            incident = incidents[self.rng.randrange(len(incidents))]
            paths.append(self._write(folder, number, self.article(incident, words)))
        return paths

    def heavy_tail_assignment(
        self,
        count: int,
        per_incident: int = 5,
        share: float = HEAVY_SHARE,
        alpha: float = PARETO_ALPHA,
    ) -> list[Incident]:
        """The incident of each of ``count`` articles when news is heavy-tailed.

        Each article goes, with probability ``share``, to the incident of rank
        ``int(paretovariate(alpha))`` (1, 2, 3, ...; P(rank >= k) = k ** -alpha), otherwise
        to one of the small incidents (about ``per_incident`` articles each) as in
        :meth:`write_articles`. With the defaults rank 1 draws 1 - 2 ** -1.2 = 56.5% of the
        heavy share: the biggest incident holds about 17% of all articles, the next 7%, then
        4%, and a long tail of small ones. Drawn before any text, so ``Corpus(seed)`` gives
        the same assignment whether or not the articles are written.
        """
        small = self.incidents(max(1, round(count * (1 - share) / per_incident)))
        drawn: list[int] = []  # a rank (>= 1) for a heavy-tail article, or -index - 1
        for _ in range(count):
            if self.rng.random() < share:
                drawn.append(int(self.rng.paretovariate(alpha)))
            else:
                drawn.append(-self.rng.randrange(len(small)) - 1)
        ranks = sorted({rank for rank in drawn if rank > 0})
        heavy = {
            rank: replace(incident, number=len(small) + position)
            for position, (rank, incident) in enumerate(
                zip(ranks, self.incidents(len(ranks)), strict=True)
            )
        }
        return [heavy[rank] if rank > 0 else small[-rank - 1] for rank in drawn]

    def write_heavy_tail_articles(
        self, folder: Path, count: int, per_incident: int = 5, words: int = 600
    ) -> list[tuple[Path, Incident]]:
        """Write ``count`` articles as :meth:`heavy_tail_assignment` spreads them over
        incidents; return each file with its incident (the biggest is the most frequent)."""
        folder.mkdir(parents=True, exist_ok=True)
        assignment = self.heavy_tail_assignment(count, per_incident)
        return [
            (self._write(folder, number, self.article(incident, words)), incident)
            for number, incident in enumerate(assignment)
        ]

    @staticmethod
    def _write(folder: Path, number: int, text: str) -> Path:
        path = folder / f"article-{number:05d}.txt"
        path.write_text(text, encoding="utf-8")
        return path


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("folder", type=Path, help="where to write the articles")
    parser.add_argument("--articles", type=int, default=1000)
    parser.add_argument("--per-incident", type=int, default=5)
    parser.add_argument("--words", type=int, default=600, help="words per article")
    parser.add_argument("--seed", type=int, default=7)
    parser.add_argument(
        "--heavy-tail",
        action="store_true",
        help=f"{HEAVY_SHARE:.0%} of the articles go to incidents ranked by a "
        f"Pareto({PARETO_ALPHA}) draw (one big story)",
    )
    arguments = parser.parse_args()
    corpus = Corpus(arguments.seed)
    if arguments.heavy_tail:
        corpus.write_heavy_tail_articles(
            arguments.folder, arguments.articles, arguments.per_incident, arguments.words
        )
    else:
        corpus.write_articles(
            arguments.folder, arguments.articles, arguments.per_incident, arguments.words
        )


if __name__ == "__main__":
    main()
