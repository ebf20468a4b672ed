"""The fast English stemmer: NLTK's stems, word for word, and only where it is NLTK's stemmer."""

from __future__ import annotations

import random
import re
import sys
from pathlib import Path

import pytest
from nltk.stem.snowball import EnglishStemmer
from sumy.nlp.stemmers import Stemmer, null_stemmer

from briefing.stemming import english_stem, english_stem_for, nltk_source_matches

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT / "benchmarks"))
from corpus import Corpus  # noqa: E402

# Every suffix NLTK's English stemmer looks at, and endings that lead into them.
SUFFIXES = """
    's 's' ' sses ied ies us ss s eedly ingly edly eed ing ed ization ational fulness ousness
    iveness tional biliti lessli entli ation alism aliti ousli iviti fulli enci anci abli izer
    ator alli bli ogi li alize icate iciti ative ical ness ful ement ance ence able ible ment
    ant ent ism ate iti ous ive ize ion al er ic e l y ly ying ies iest ier ily ingness ations
""".split()
BASES = """
    a ab at be bl by cr di dy ey go iz ty yo ow sky news gener commun arsen generate
    communicate arsenal nation rational hope hop bat fil controll agree feed proceed exceed
    succeed dy ly ty ski idl gentl ugl earl onl singl howe atlas cosmos bias andes inn out
    cann herr earr try cry play stay sly shy happy fly defens negot fulfil relat condit
    valenc hesit digitiz conform radic hope sens electr logi archaeolog bask ugli yell
    crying yearly employ destroy fairy Kyiv Mokra rebel shell attack report vorlinmor
""".split()


def _vocabulary() -> list[str]:
    words = {base + suffix for base in BASES for suffix in ["", *SUFFIXES]}
    words |= {suffix for suffix in SUFFIXES}
    words |= {"’" + word for word in BASES} | {word + "’s" for word in BASES}
    words |= {"y" + word for word in BASES} | {word.upper() for word in BASES}
    words |= {word.lower() for word in Corpus(seed=7).vocabulary}
    text = " ".join(path.read_text(encoding="utf-8") for path in (ROOT / "seeds").glob("*.txt"))
    words |= {word.lower() for word in re.findall(r"[^\W\d_][\w'’-]*", text)}
    rng = random.Random(7)
    letters = "aeiouybcdglmnrstwxyz'’"
    words |= {"".join(rng.choices(letters, k=rng.randint(1, 14))) for _ in range(20_000)}
    return sorted(words)


def test_same_stem_as_nltk_for_every_word() -> None:
    nltk = EnglishStemmer()
    different = [
        (w, english_stem(w), nltk.stem(w)) for w in _vocabulary() if english_stem(w) != nltk.stem(w)
    ]
    assert different == []


def test_installed_nltk_is_the_copied_code() -> None:
    # When NLTK changes its stemmer, the fast copy is no longer used (still correct, slower):
    # compare the new code, copy it into briefing/stemming.py and update the fingerprint.
    assert nltk_source_matches()


def test_used_for_sumys_english_stemmer() -> None:
    assert english_stem_for(Stemmer("english")) is english_stem


def test_other_stemmers_keep_their_own_code() -> None:
    with_stop_words = Stemmer("english")
    with_stop_words._stemmer.__self__.stopwords = {"news"}
    for stemmer in (Stemmer("german"), null_stemmer, str.lower, with_stop_words):
        assert english_stem_for(stemmer) is None


@pytest.mark.parametrize("word", ["", "a", "is", "Skies", "’generous", "yelling", "sky"])
def test_short_special_and_marked_words(word: str) -> None:
    assert english_stem(word) == EnglishStemmer().stem(word)
