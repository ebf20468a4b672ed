"""Importing NLTK without SciPy's statistics: 1.3 s of the command's start-up.

``import nltk`` imports every NLTK subpackage, and ``nltk.metrics.association`` imports
``scipy.stats`` (over a second, on every run) for one collocation measure, Fisher's exact
test, that briefing never uses; when SciPy is missing NLTK puts a stub in its place. While
NLTK is first imported, ``scipy.stats`` is made to look missing, then put back, so that any
later ``import scipy.stats`` (by us or by a program that uses briefing) is the real one.

The package imports NLTK only when a module that needs it is imported (``briefing --help``
needs none), so this is done by an import hook: :func:`install_nltk_hook` puts a finder first
on ``sys.meta_path`` that wraps NLTK's own loader the one time NLTK is imported.
"""

from __future__ import annotations

import importlib.abc
import importlib.machinery
import importlib.util
import sys
from collections.abc import Sequence
from types import ModuleType


class _WithoutScipyStats(importlib.abc.Loader):
    """Runs NLTK's own loader while ``scipy.stats`` looks missing (unless it is imported)."""

    def __init__(self, loader: importlib.abc.Loader) -> None:
        self._loader = loader

    def create_module(self, spec: importlib.machinery.ModuleSpec) -> ModuleType | None:
        return self._loader.create_module(spec)

    def exec_module(self, module: ModuleType) -> None:
        if "scipy.stats" in sys.modules:
            self._loader.exec_module(module)
            return
        sys.modules["scipy.stats"] = None  # type: ignore[assignment]  # "not installed"
        try:
            self._loader.exec_module(module)
        finally:
            if sys.modules.get("scipy.stats", ...) is None:
                del sys.modules["scipy.stats"]


class _NltkFinder(importlib.abc.MetaPathFinder):
    def find_spec(
        self,
        name: str,
        path: Sequence[str] | None,
        target: ModuleType | None = None,
    ) -> importlib.machinery.ModuleSpec | None:
        if name != "nltk":
            return None
        sys.meta_path.remove(self)  # once: the real finders find NLTK itself
        spec = importlib.util.find_spec("nltk")
        if spec is not None and spec.loader is not None:
            spec.loader = _WithoutScipyStats(spec.loader)
        return spec


def install_nltk_hook() -> None:
    """Make the first ``import nltk`` skip ``scipy.stats`` (see the module docstring)."""
    if "nltk" in sys.modules or any(isinstance(f, _NltkFinder) for f in sys.meta_path):
        return
    sys.meta_path.insert(0, _NltkFinder())
