"""The package's imports run one way: no module imports one that imports it back.

Every ``import`` and ``from ... import`` in ``briefing/`` is read with ``ast``, those inside
functions too (an import deferred to first use is still an import), and made an edge of a
graph of the package's modules; a cycle, direct or through others, is a strongly connected
component of more than one module (or a module importing itself).
"""

from __future__ import annotations

import ast
from collections.abc import Iterator, Mapping
from pathlib import Path

PACKAGE = Path(__file__).resolve().parent.parent / "briefing"


def _module_name(path: Path) -> str:
    parts = path.relative_to(PACKAGE.parent).with_suffix("").parts
    return ".".join(parts[:-1] if parts[-1] == "__init__" else parts)


def _modules() -> dict[str, Path]:
    return {_module_name(path): path for path in sorted(PACKAGE.rglob("*.py"))}


def _imported(module: str, path: Path, known: Mapping[str, Path]) -> Iterator[str]:
    """The package's modules that ``module`` (at ``path``) imports, anywhere in its code."""
    is_package = path.name == "__init__.py"
    for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"), str(path))):
        if isinstance(node, ast.Import):
            names = [alias.name for alias in node.names]
        elif isinstance(node, ast.ImportFrom):
            if node.level:  # relative: from the module's own package, then up
                base = module.split(".")
                base = base[: len(base) - node.level + (1 if is_package else 0)]
                source = ".".join([*base, *([node.module] if node.module else [])])
            else:
                source = node.module or ""
            # ``from briefing.readers import html`` imports the module briefing.readers.html.
            names = [
                f"{source}.{alias.name}" if f"{source}.{alias.name}" in known else source
                for alias in node.names
            ]
        else:
            continue
        for name in names:
            # ``import briefing.readers.html`` runs briefing.readers.html: the deepest known.
            while name and name not in known:
                name = name.rpartition(".")[0]
            if name:
                yield name


def import_graph() -> dict[str, set[str]]:
    """Each module of the package, and the modules of the package it imports."""
    known = _modules()
    return {module: set(_imported(module, path, known)) for module, path in known.items()}


def strongly_connected(graph: Mapping[str, set[str]]) -> list[list[str]]:
    """The strongly connected components of ``graph`` (Tarjan's algorithm, without recursion)."""
    index: dict[str, int] = {}
    low: dict[str, int] = {}
    stack: list[str] = []
    on_stack: set[str] = set()
    components: list[list[str]] = []
    for root in sorted(graph):
        if root in index:
            continue
        work = [(root, iter(sorted(graph[root])))]
        index[root] = low[root] = len(index)
        stack.append(root)
        on_stack.add(root)
        while work:
            node, edges = work[-1]
            for target in edges:
                if target not in index:
                    index[target] = low[target] = len(index)
                    stack.append(target)
                    on_stack.add(target)
                    work.append((target, iter(sorted(graph[target]))))
                    break
                if target in on_stack:
                    low[node] = min(low[node], index[target])
            else:
                work.pop()
                if work:
                    parent = work[-1][0]
                    low[parent] = min(low[parent], low[node])
                if low[node] == index[node]:
                    component = []
                    while True:
                        member = stack.pop()
                        on_stack.discard(member)
                        component.append(member)
                        if member == node:
                            break
                    components.append(sorted(component))
    return components


def cycles(graph: Mapping[str, set[str]]) -> list[list[str]]:
    """The groups of modules that import each other, directly or through others."""
    return [
        component
        for component in strongly_connected(graph)
        if len(component) > 1 or component[0] in graph[component[0]]
    ]


def test_no_module_of_the_package_imports_one_that_imports_it_back() -> None:
    graph = import_graph()
    assert "briefing.readers.fetch" in graph and "briefing.cli" in graph
    assert cycles(graph) == []


def test_the_graph_sees_imports_inside_functions() -> None:
    # cli defers render's import (WeasyPrint) to the command that needs it.
    assert "briefing.render" in import_graph()["briefing.cli"]


def test_a_cycle_through_three_modules_is_found_and_a_chain_is_not() -> None:
    chain = {"a": {"b"}, "b": {"c"}, "c": set()}
    assert cycles(chain) == []
    assert cycles({**chain, "c": {"a"}}) == [["a", "b", "c"]]
    assert cycles({"a": {"a"}}) == [["a"]]


def test_the_documents_type_depends_on_no_other_room_of_the_readers() -> None:
    imported = import_graph()["briefing.readers.document"]
    assert not [name for name in imported if name.startswith("briefing.readers")]
