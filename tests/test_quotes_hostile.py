"""The quote stage on hostile text: time and memory stay linear in the article's size.

A pattern that backtracked quadratically took 10 s on one 20,000-character word and never
finished on 5 MB. Each shape below is a 10 MB article, run in a fresh interpreter under a
generous timeout: the stage reads its budget of it (``QUOTE_TEXT_LIMIT``, a megabyte), so a
quadratic step there needs hours and fails the timeout, while a linear pass needs seconds.
Memory is measured by ``resource`` in that interpreter.
"""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

import pytest

from briefing.models import Article
from briefing.quotes import QUOTE_TEXT_LIMIT, extract_quotes

ROOT = Path(__file__).resolve().parent.parent

#: Each shape: a Python expression of the size ``n`` that builds one paragraph of about n chars.
SHAPES = {
    "one-long-word": "'x' * n",
    "capitalised-words-without-a-comma": "'Minister ' * (n // 9)",
    "only-quote-marks": "'\"' * (n // 2) + '“' * (n // 4) + '”' * (n // 4)",
    "no-spaces": "'abc,def.ghi;“jkl”' * (n // 17)",
    "speech-verbs-in-one-sentence": "'the envoy Ana Ruiz said that ' * (n // 29)",
}

_RUNNER = """
import json, resource
from briefing.models import Article
from briefing.quotes import extract_quotes

n = 10_000_000
text = {shape}
article = Article(id="hostile", path="hostile.txt", title="", paragraphs=(text,))
before = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss
extract_quotes(article)
after = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss
print(json.dumps({{"growth": (after - before) * 1024}}))
"""

#: Far beyond what a linear pass needs on this 2-core machine (a few seconds per shape), far
#: below what a quadratic one needs (hours).
TIMEOUT_SECONDS = 120
#: Extra peak memory for the megabyte read: the work of a linear pass, with room to spare.
MEMORY_BYTES = 400 * 2**20


@pytest.mark.parametrize("shape", sorted(SHAPES))
def test_hostile_shape_takes_linear_time_and_bounded_memory(shape: str) -> None:
    code = _RUNNER.format(shape=SHAPES[shape])
    try:
        done = subprocess.run(
            [sys.executable, "-c", code],
            capture_output=True,
            text=True,
            timeout=TIMEOUT_SECONDS,
            cwd=ROOT,
            check=False,
        )
    except subprocess.TimeoutExpired:
        pytest.fail(f"{shape}: quotes took more than {TIMEOUT_SECONDS} s on 10 MB")
    assert done.returncode == 0, done.stderr[-2000:]
    growth = json.loads(done.stdout.strip().splitlines()[-1])["growth"]
    assert growth < MEMORY_BYTES, f"{shape}: {growth / 2**20:.0f} MiB"


def test_text_past_the_budget_is_not_searched() -> None:
    quoted = "“The bridge will reopen in May,” said Tom Berg, the city engineer."
    filler = "word " * (QUOTE_TEXT_LIMIT // 5)
    article = Article(
        id="long", path="long.txt", title="", paragraphs=(quoted, filler, quoted + " Again.")
    )
    quotes = extract_quotes(article)
    assert [(quote.paragraph, quote.speaker) for quote in quotes] == [(0, "Tom Berg")]


def test_a_quote_just_inside_the_budget_is_found_whole() -> None:
    quoted = "“The bridge will reopen in May,” said Tom Berg."
    filler = "word " * ((QUOTE_TEXT_LIMIT - len(quoted) - 10) // 5)
    article = Article(id="edge", path="edge.txt", title="", paragraphs=(filler, quoted))
    [quote] = extract_quotes(article)
    assert (quote.paragraph, quote.text, quote.speaker) == (
        1,
        "The bridge will reopen in May",
        "Tom Berg",
    )
