"""Every memo the package keeps between calls, and one way to clear them all.

Stemming, term extraction and tokenizers are memoised at module level (news vocabulary is
Zipfian, so the same words come back all the time); a long-running ``serve`` or ``schedule``
would otherwise keep every word of every day it has read. A module makes its memo with
:func:`memoised` (``functools.lru_cache`` that also registers itself here) or registers
its own clearing function with :func:`register`; :func:`clear` empties all of them, and
``serve`` and ``schedule`` call it between runs. A memo only saves time: after a clear, the
next call computes the same values again.
"""

from __future__ import annotations

import functools
from collections.abc import Callable
from typing import TYPE_CHECKING, TypeVar

if TYPE_CHECKING:
    from functools import _lru_cache_wrapper

__all__ = ["clear", "memoised", "register"]

_Result = TypeVar("_Result")

_CLEARERS: list[Callable[[], None]] = []


def register(clear_function: Callable[[], None]) -> Callable[[], None]:
    """Have :func:`clear` call ``clear_function`` (which empties one memo); returns it."""
    _CLEARERS.append(clear_function)
    return clear_function


def memoised(
    maxsize: int | None,
) -> Callable[[Callable[..., _Result]], _lru_cache_wrapper[_Result]]:
    """``functools.lru_cache(maxsize)``, registered so that :func:`clear` empties it."""

    def decorate(function: Callable[..., _Result]) -> _lru_cache_wrapper[_Result]:
        cached = functools.lru_cache(maxsize=maxsize)(function)
        register(cached.cache_clear)
        return cached

    return decorate


def clear() -> None:
    """Empty every memo of the modules imported so far."""
    for clear_function in _CLEARERS:
        clear_function()
