"""The shape of a ``map`` that may spread work over processes or machines.

The pipeline runs its per-article and per-incident stages through a function like the builtin
``map``: the builtin itself, or one made by :mod:`briefing.distributed` over local processes
or a Dask cluster. It returns the results in the order of the items.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable
from typing import Any

__all__ = ["MapFunction"]

#: ``map(function, items)``: the builtin, or an executor's, to spread work over processes.
MapFunction = Callable[[Callable[[Any], Any], Iterable[Any]], Iterable[Any]]
