"""The house rules that tools can check: floors import only downward, no cycles, small modules."""

from __future__ import annotations

import ast
from pathlib import Path

import pytest

PACKAGE = Path(__file__).resolve().parent.parent / "runlytics"
MAX_LINES = 600

#: Each floor imports only from its own floor or those below (see docs/architecture.md).
FLOORS: tuple[tuple[str, ...], ...] = (
    ("runlytics.errors", "runlytics.vocabulary", "runlytics.evidence"),
    ("runlytics.metrics",),
    ("runlytics.activity", "runlytics.athlete"),
    ("runlytics.io",),
    ("runlytics.analysis",),
    ("runlytics.history",),
    ("runlytics.report",),
    ("runlytics.diagnosis",),
    ("runlytics.simulate",),
    ("runlytics.cli", "runlytics"),
)


def floor(module: str) -> int:
    """The floor of a module: the longest matching prefix wins."""
    best, level = -1, -1
    for i, prefixes in enumerate(FLOORS):
        for p in prefixes:
            if (module == p or module.startswith(p + ".")) and len(p) > best:
                best, level = len(p), i
    return level


def module_name(path: Path) -> str:
    parts = path.relative_to(PACKAGE.parent).with_suffix("").parts
    return ".".join(parts[:-1] if parts[-1] == "__init__" else parts)


def imports(path: Path) -> set[str]:
    """Every runlytics module ``path`` imports, at module level or inside functions."""
    found = set()
    for node in ast.walk(ast.parse(path.read_text())):
        if isinstance(node, ast.ImportFrom) and node.module and node.module.startswith("runlytics"):
            found.add(node.module)
        elif isinstance(node, ast.Import):
            found |= {a.name for a in node.names if a.name.startswith("runlytics")}
    return found


MODULES = {module_name(p): p for p in sorted(PACKAGE.rglob("*.py"))}


@pytest.mark.parametrize("name", sorted(MODULES))
def test_imports_only_run_downward(name: str) -> None:
    assert floor(name) >= 0, f"{name} is on no floor: add it to FLOORS and docs/architecture.md"
    upward = [m for m in imports(MODULES[name]) if floor(m) > floor(name)]
    assert not upward, f"{name} (floor {floor(name)}) imports upward: {upward}"


def test_no_import_cycles() -> None:
    graph = {name: {m for m in imports(path) if m in MODULES} for name, path in MODULES.items()}
    # a package's __init__ re-exporting its submodules is not a cycle
    graph = {n: {m for m in deps if not n.startswith(m + ".")} for n, deps in graph.items()}
    done: set[str] = set()

    def visit(node: str, stack: list[str]) -> None:
        if node in stack:
            raise AssertionError(f"import cycle: {' -> '.join([*stack[stack.index(node):], node])}")
        if node in done:
            return
        for dep in sorted(graph[node]):
            visit(dep, [*stack, node])
        done.add(node)

    for name in sorted(graph):
        visit(name, [])


@pytest.mark.parametrize("name", sorted(MODULES))
def test_modules_stay_small(name: str) -> None:
    lines = len(MODULES[name].read_text().splitlines())
    assert lines <= MAX_LINES, f"{name} has {lines} lines (at most {MAX_LINES}: split it)"


def test_public_api_is_reexported() -> None:
    import runlytics

    missing = [n for n in runlytics.__all__ if not hasattr(runlytics, n)]
    assert not missing
    for name in ("analyze_run", "RunAnalysis", "best_efforts", "classify_run", "summarize"):
        assert name in runlytics.__all__


def test_simulator_labels_are_the_classifier_labels() -> None:
    from runlytics.simulate.workouts import LABELS
    from runlytics.vocabulary import RUN_LABELS

    assert LABELS is RUN_LABELS
