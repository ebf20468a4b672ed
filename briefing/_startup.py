"""Importing NLTK without SciPy's statistics: 1.3 s of the command's 2.8 s start-up.

``import nltk`` imports every NLTK subpackage, and ``nltk.metrics.association`` imports
``scipy.stats`` (over a second, on every run) for one collocation measure, Fisher's exact
test, that briefing never uses; when SciPy is missing NLTK puts a stub in its place. While
NLTK is first imported, ``scipy.stats`` is made to look missing, then put back, so that any
later ``import scipy.stats`` (by us or by a program that uses briefing) is the real one.
"""

from __future__ import annotations

import sys


def import_nltk() -> None:
    """Import NLTK once, without ``scipy.stats`` unless something imported it already."""
    if "nltk" in sys.modules or "scipy.stats" in sys.modules:
        return
    sys.modules["scipy.stats"] = None  # type: ignore[assignment]  # "not installed"
    try:
        import nltk  # noqa: F401
    finally:
        if sys.modules.get("scipy.stats", ...) is None:
            del sys.modules["scipy.stats"]
