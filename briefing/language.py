"""Which language an article is written in, so that nothing is silently mis-tokenized.

briefing reads English: its sentence splitter works offline from an English abbreviation
list (NLTK's trained Punkt models cannot be downloaded here), and its quote finder and date
reader know English reporting verbs and month names. An article detected with confidence to
be in another language is therefore reported as skipped, naming the language, rather than
clustered and summarized with English rules. Detection is py3langid's (langid.py's model,
shipped inside the package, so nothing is downloaded): fast, and calibrated on long text.
"""

from __future__ import annotations

import re
from typing import Any

from briefing import caches

#: Languages briefing summarizes; sumy's name for each.
SUPPORTED = {"en": "english"}
#: Below this probability the detector is not sure, and the article is read as English: a
#: short English article full of names is often mistaken for another language, never the
#: other way round.
MIN_CONFIDENCE = 0.9
#: The first characters of the body are enough to tell the language, and cheaper.
SAMPLE_CHARS = 3000
#: When the quick check is unsure, the detector reads this much: plenty for a language.
DETECTION_CHARS = 600

_NAMES = {
    "ar": "Arabic", "bg": "Bulgarian", "ca": "Catalan", "cs": "Czech", "da": "Danish",
    "de": "German", "el": "Greek", "es": "Spanish", "et": "Estonian", "fa": "Persian",
    "fi": "Finnish", "fr": "French", "he": "Hebrew", "hi": "Hindi", "hr": "Croatian",
    "hu": "Hungarian", "hy": "Armenian", "id": "Indonesian", "it": "Italian", "ja": "Japanese",
    "ka": "Georgian", "ko": "Korean", "lt": "Lithuanian", "lv": "Latvian", "nl": "Dutch",
    "no": "Norwegian", "pl": "Polish", "pt": "Portuguese", "ro": "Romanian", "ru": "Russian",
    "sk": "Slovak", "sl": "Slovenian", "sr": "Serbian", "sv": "Swedish", "th": "Thai",
    "tr": "Turkish", "uk": "Ukrainian", "ur": "Urdu", "vi": "Vietnamese", "zh": "Chinese",
    "az": "Azerbaijani",
}  # fmt: skip


@caches.memoised(maxsize=1)
def _identifier() -> Any:
    from py3langid.langid import MODEL_FILE, LanguageIdentifier

    return LanguageIdentifier.from_model_file(MODEL_FILE, norm_probs=True)


def detect_language(text: str) -> tuple[str, float]:
    """The ISO 639-1 code of the language ``text`` is written in, and the probability."""
    code, probability = _identifier().classify(text[:SAMPLE_CHARS])
    return str(code), float(probability)


def language_name(code: str) -> str:
    return _NAMES.get(code, code)


# The commonest English words: at least a sixth of the words of any English prose, and rare
# in every other language's. Checking them first spares the detector nearly every article.
_ENGLISH_WORDS = frozenset(
    "the of and to in a is that for on was with he it as at by said be has have from are his "
    "this not an they were been their will which who but had its or after".split()
)
_WORD = re.compile(r"[^\W\d_]+")
_ENGLISH_SHARE = 0.16


def looks_english(text: str) -> bool:
    """A quick yes for ordinary English prose (no for anything else, including short text)."""
    sample = _WORD.findall(text[:1500].lower())
    if len(sample) < 40:
        return False
    return sum(word in _ENGLISH_WORDS for word in sample) >= _ENGLISH_SHARE * len(sample)


def unsupported_language(text: str) -> str | None:
    """Why an article cannot be read for its language, or None when it can."""
    if looks_english(text):
        return None
    code, probability = detect_language(text[:DETECTION_CHARS])
    if code in SUPPORTED or probability < MIN_CONFIDENCE:
        return None
    return (
        f"written in {language_name(code)} ({code}, detected with {probability:.0%} "
        "confidence); briefing reads English articles only"
    )
