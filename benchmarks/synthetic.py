"""A deterministic synthetic news corpus for the speed benchmarks.

From a seed: a Zipfian vocabulary of made-up words, a cast of named people and places shared
across the corpus, and incidents (a place, a date, a few actors, casualty figures, words of
their own) each reported by several articles written around the same day. Each article is a
plain-text file like the seeds: a headline, a dateline, paragraphs of realistic sentence
lengths (mean about 22 words), some of them quotes with a speaker.
"""

from __future__ import annotations

import argparse
import random
from dataclasses import dataclass
from datetime import date, timedelta
from pathlib import Path

from sumy.utils import get_stop_words

SYLLABLES = "ka lo mi ren tu sa vor el an ti bro ga de nu por lin ste qua hel mor zi".split()
MONTHS = "January February March April May June July August September October November December"


def _word(rng: random.Random) -> str:
    return "".join(rng.choice(SYLLABLES) for _ in range(rng.randint(1, 3)))


@dataclass(frozen=True)
class Incident:
    number: int
    place: str
    day: date
    actors: tuple[str, ...]
    topic_words: tuple[str, ...]
    dead: int


class Corpus:
    """Words, names and incidents; ``articles(n)`` writes n articles grouped into incidents."""

    def __init__(self, seed: int = 7, vocabulary: int = 20_000) -> None:
        self.rng = random.Random(seed)
        words = {_word(self.rng) for _ in range(vocabulary * 2)}
        content = sorted(words)[:vocabulary]
        self.rng.shuffle(content)
        # As in real text, the most frequent words are function words (sumy's stop words).
        self.vocabulary = sorted(get_stop_words("english")) + content
        # Zipf: the k-th word is used in proportion to 1/k.
        self.weights = [1.0 / (rank + 1) for rank in range(len(self.vocabulary))]
        self.people = [f"{_word(self.rng).title()} {_word(self.rng).title()}" for _ in range(400)]
        self.places = [_word(self.rng).title() for _ in range(300)]
        self.sources = ["Wire", "Daily Courier", "Radio Nord", "Gazette", "Observer", "TASS"]

    def _sentence(self, incident: Incident) -> str:
        length = max(6, int(self.rng.gauss(22, 7)))
        picked = self.rng.choices(self.vocabulary, weights=self.weights, k=length)
        for _ in range(2):
            slot = self.rng.randrange(length)
            picked[slot] = self.rng.choice(incident.topic_words)
        if self.rng.random() < 0.3:
            picked[self.rng.randrange(length)] = incident.place
        if self.rng.random() < 0.2:
            picked[self.rng.randrange(length)] = f"{incident.dead} people"
        text = " ".join(picked)
        return text[0].upper() + text[1:] + "."

    def _quote(self, incident: Incident) -> str:
        speaker = self.rng.choice(incident.actors)
        said = self._sentence(incident).rstrip(".")
        return f'"{said}," {speaker} said.'

    def incidents(self, count: int, start: date = date(2024, 1, 1)) -> list[Incident]:
        return [
            Incident(
                number=number,
                place=self.rng.choice(self.places),
                day=start + timedelta(days=self.rng.randrange(365)),
                actors=tuple(self.rng.sample(self.people, 3)),
                topic_words=tuple(_word(self.rng) + "x" for _ in range(8)),
                dead=self.rng.randint(2, 300),
            )
            for number in range(count)
        ]

    def article(self, incident: Incident, words: int = 600) -> str:
        day = incident.day + timedelta(days=self.rng.randint(0, 2))
        source = self.rng.choice(self.sources)
        title = " ".join(self.rng.sample(incident.topic_words, 4)).title() + f" in {incident.place}"
        paragraphs: list[str] = []
        total = 0
        while total < words:
            sentences = [
                self._quote(incident) if self.rng.random() < 0.15 else self._sentence(incident)
                for _ in range(self.rng.randint(1, 4))
            ]
            paragraph = " ".join(sentences)
            total += len(paragraph.split())
            paragraphs.append(paragraph)
        dateline = (
            f"{incident.place}, {day.day} {MONTHS.split()[day.month - 1]} {day.year} ({source}): "
        )
        paragraphs[0] = dateline + paragraphs[0]
        return title + "\n\n" + "\n\n".join(paragraphs) + "\n"

    def write(self, folder: Path, articles: int, per_incident: int = 5, words: int = 600) -> Path:
        """Write ``articles`` files into ``folder``, about ``per_incident`` per incident."""
        folder.mkdir(parents=True, exist_ok=True)
        incidents = self.incidents(max(1, articles // per_incident))
        for number in range(articles):
            incident = incidents[number % len(incidents)]
            text = self.article(incident, words)
            (folder / f"article-{number:05d}.txt").write_text(text, encoding="utf-8")
        return folder


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("folder", type=Path)
    parser.add_argument("--articles", type=int, default=1000)
    parser.add_argument("--seed", type=int, default=7)
    arguments = parser.parse_args()
    Corpus(arguments.seed).write(arguments.folder, arguments.articles)


if __name__ == "__main__":
    main()
