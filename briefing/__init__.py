"""briefing: turn a pile of news articles into a short, sourced situation brief.

The library API the ``briefing`` command is a shell over::

    from briefing import Settings, build_brief, render
    brief = build_brief(["seeds"], Settings(title="Caucasus brief"))
    render.write(brief, Path("out"), ["pdf", "json"])
"""

from __future__ import annotations

import logging

from briefing._startup import import_nltk

import_nltk()  # before any module of ours imports NLTK (see briefing._startup)

from briefing.config import Settings, load_settings  # noqa: E402
from briefing.errors import BriefingError, InputError, RenderError  # noqa: E402
from briefing.models import Actor, Article, Brief, Incident, Quote, Sentence, Skipped  # noqa: E402
from briefing.pipeline import build_brief  # noqa: E402

# A library leaves handlers to the application (the CLI installs its own).
logging.getLogger(__name__).addHandler(logging.NullHandler())

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
    "build_brief",
    "load_settings",
]
