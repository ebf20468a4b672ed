"""briefing: turn a pile of news articles into a short, sourced situation brief.

The library API the ``briefing`` command is a shell over::

    from briefing import Settings, build_brief, render
    brief = build_brief(["seeds"], Settings(title="Caucasus brief"))
    render.write(brief, Path("out"), ["pdf", "json"])

Names are imported when first used (PEP 562), so ``import briefing`` and ``briefing --help``
do not load NLTK, SciPy or WeasyPrint.
"""

from __future__ import annotations

import importlib
import logging
from typing import TYPE_CHECKING, Any

from briefing._startup import install_nltk_hook

__version__ = "0.1.0"

install_nltk_hook()  # before any module imports NLTK (see briefing._startup)

# A library leaves handlers to the application (the CLI installs its own).
logging.getLogger(__name__).addHandler(logging.NullHandler())

if TYPE_CHECKING:
    from briefing.config import Settings, load_settings
    from briefing.errors import BriefingError, InputError, RenderError
    from briefing.models import Actor, Article, Brief, Incident, Quote, Sentence, Skipped
    from briefing.pipeline import build_brief

#: Where each public name lives.
_PUBLIC = {
    "Settings": "briefing.config",
    "load_settings": "briefing.config",
    "BriefingError": "briefing.errors",
    "InputError": "briefing.errors",
    "RenderError": "briefing.errors",
    "Actor": "briefing.models",
    "Article": "briefing.models",
    "Brief": "briefing.models",
    "Incident": "briefing.models",
    "Quote": "briefing.models",
    "Sentence": "briefing.models",
    "Skipped": "briefing.models",
    "build_brief": "briefing.pipeline",
}


def __getattr__(name: str) -> Any:
    module = _PUBLIC.get(name)
    if module is None:
        raise AttributeError(f"module 'briefing' has no attribute {name!r}")
    value = getattr(importlib.import_module(module), name)
    globals()[name] = value
    return value


__all__ = [
    "Actor",
    "Article",
    "Brief",
    "BriefingError",
    "Incident",
    "InputError",
    "Quote",
    "RenderError",
    "Sentence",
    "Settings",
    "Skipped",
    "__version__",
    "build_brief",
    "load_settings",
]
