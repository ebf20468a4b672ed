"""Errors a user can act on. The CLI maps each to one line on stderr and an exit code."""

from __future__ import annotations


class BriefingError(Exception):
    """Base class of every expected failure; its message says what, where and what to do."""

    exit_code = 1


class InputError(BriefingError):
    """The inputs cannot make a brief (none given, none readable, a bad option)."""

    exit_code = 2


class EmptyWindowError(InputError):
    """No article is dated inside the ``since``/``until`` window (a quiet day for ``send``)."""


class ArticleError(BriefingError):
    """One article could not be read; it is skipped and reported, the rest go on.

    ``link`` is set when the input only points to the article (a feed entry or an export
    item with a headline and a URL): the page at the link may hold what the input lacks.
    """

    def __init__(self, message: str, *, link: str | None = None) -> None:
        super().__init__(message)
        self.link = link


class RenderError(BriefingError):
    """A template or the PDF engine failed; no output file is left half-written."""


class DeliveryError(BriefingError):
    """The brief was built but could not be delivered."""
