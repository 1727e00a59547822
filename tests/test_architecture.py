"""The shape of the house, checked on every run: what GUIDE.md asks of the layout, as tests.

The import graph is read from the source with :mod:`ast` (nothing is imported): an edge is an import
of a project module at module level (imports under ``if TYPE_CHECKING:`` are types, not edges);
an import inside a function is *deferred*, allowed only where Django's app loading demands it
(``AppConfig.ready``) or with a comment on the line, or the line above, that says why.
"""

from __future__ import annotations

import ast
from dataclasses import dataclass, field
from functools import cache
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[1]
PACKAGES = ("cms", "exchange", "search")
MAX_MODULE_LINES = 400
MAX_VIEW_LINES = 25
# Long by nature, and no logic to hide: the demo loader is content (the issue names it), and the
# settings are one declarative, env-driven module (GUIDE.md) that an operator reads top to bottom.
LONG_MODULES = {"cms/management/commands/load_demo.py", "cms/settings.py"}


@dataclass
class Module:
    name: str
    path: Path
    lines: list[str]
    tree: ast.Module
    imports: set[str] = field(default_factory=set)  # module level
    deferred: list[tuple[int, str, str]] = field(default_factory=list)  # line, target, reason


def _name(path: Path) -> str:
    parts = list(path.relative_to(ROOT).with_suffix("").parts)
    return ".".join(parts[:-1] if parts[-1] == "__init__" else parts)


def _absolute(module: str, is_package: bool, node: ast.ImportFrom) -> str:
    if node.level == 0:
        return node.module or ""
    base = module.split(".") if is_package else module.split(".")[:-1]
    base = base[: len(base) - node.level + 1]
    return ".".join([*base, node.module] if node.module else base)


def _reason(lines: list[str], lineno: int) -> str:
    line = lines[lineno - 1]
    if "#" in line:
        return line.split("#", 1)[1].strip()
    above = lines[lineno - 2].strip() if lineno > 1 else ""
    return above.lstrip("#").strip() if above.startswith("#") else ""


@cache
def modules() -> dict[str, Module]:
    found: dict[str, Module] = {}
    for package in PACKAGES:
        for path in sorted((ROOT / package).rglob("*.py")):
            if "migrations" in path.parts:
                continue
            source = path.read_text(encoding="utf-8")
            found[_name(path)] = Module(_name(path), path, source.splitlines(), ast.parse(source))

    for module in found.values():
        _scan(module, found)
    return found


def _scan(module: Module, found: dict[str, Module]) -> None:
    """Fill ``module.imports`` (module level) and ``module.deferred`` (inside functions)."""
    is_package = module.path.name == "__init__.py"
    typing_only = {
        id(sub)
        for node in ast.walk(module.tree)
        if isinstance(node, ast.If) and "TYPE_CHECKING" in ast.unparse(node.test)
        for sub in ast.walk(node)
    }

    def resolve(name: str) -> str | None:
        while name and name not in found:
            name = name.rpartition(".")[0]
        return name or None

    def visit(node: ast.AST, function: ast.AST | None) -> None:
        for child in ast.iter_child_nodes(node):
            inner = child if isinstance(child, (ast.FunctionDef, ast.AsyncFunctionDef)) else function
            if isinstance(child, (ast.Import, ast.ImportFrom)) and id(child) not in typing_only:
                if isinstance(child, ast.Import):
                    names = [alias.name for alias in child.names]
                else:
                    base = _absolute(module.name, is_package, child)
                    names = [base, *(f"{base}.{alias.name}" for alias in child.names)]
                for target in {t for n in names if (t := resolve(n)) and t != module.name}:
                    if function is None:
                        module.imports.add(target)
                        continue
                    reason = _reason(module.lines, child.lineno)
                    if getattr(function, "name", "") == "ready":
                        reason = reason or "AppConfig.ready"
                    module.deferred.append((child.lineno, target, reason))
            visit(child, inner)

    visit(module.tree, None)


def _cycles() -> list[list[str]]:
    graph = {name: module.imports for name, module in modules().items()}
    index: dict[str, int] = {}
    low: dict[str, int] = {}
    stack: list[str] = []
    cycles: list[list[str]] = []

    def strong(v: str) -> None:  # Tarjan
        index[v] = low[v] = len(index)
        stack.append(v)
        for w in graph[v]:
            if w not in index:
                strong(w)
                low[v] = min(low[v], low[w])
            elif w in stack:
                low[v] = min(low[v], index[w])
        if low[v] == index[v]:
            component = []
            while (w := stack.pop()) != v:
                component.append(w)
            if component:
                cycles.append(sorted([v, *component]))

    for name in graph:
        if name not in index:
            strong(name)
    return cycles


def test_no_import_cycle_at_module_level():
    assert _cycles() == []


def test_project_modules_are_imported_inside_functions_only_with_a_reason():
    unexplained = [
        f"{module.name}:{line} imports {target}"
        for module in modules().values()
        for line, target, reason in module.deferred
        if not reason
    ]
    assert unexplained == []


def test_search_knows_cms_and_exchange_only_in_its_documents_and_its_permission_filter():
    allowed = ("search.documents", "search.permissions")
    leaks = sorted(
        f"{name} imports {target}"
        for name, module in modules().items()
        if name.startswith("search") and not name.startswith(allowed)
        for target in module.imports | {t for _, t, _ in module.deferred}
        if target.split(".")[0] in ("cms", "exchange")
    )
    assert leaks == []


def test_search_outbox_imports_only_search_models():
    assert modules()["search.outbox"].imports <= {"search.models"}


def test_modules_stay_short():
    long = [
        f"{module.path.relative_to(ROOT)}: {len(module.lines)} lines"
        for module in modules().values()
        if len(module.lines) > MAX_MODULE_LINES and str(module.path.relative_to(ROOT)) not in LONG_MODULES
    ]
    assert long == []


def _views() -> list[tuple[str, ast.FunctionDef]]:
    return [
        (name, node)
        for name, module in modules().items()
        if name.split(".")[-1] == "views" or ".views." in f"{name}."
        for node in module.tree.body
        if isinstance(node, ast.FunctionDef) and not node.name.startswith("_")
    ]


def test_views_are_thin():
    assert _views(), "no view functions found: the test would check nothing"
    fat = [
        f"{name}.{node.name}: {node.end_lineno - node.lineno + 1} lines"
        for name, node in _views()
        if node.end_lineno - node.lineno + 1 - len(node.decorator_list) > MAX_VIEW_LINES
    ]
    assert fat == []


@pytest.mark.parametrize(
    "kind", ["views", "api", "forms", "selectors", "services", "urls", "emails", "tasks"]
)
def test_exchange_sub_domains_are_packages_not_file_name_prefixes(kind):
    prefixed = sorted(p.name for p in (ROOT / "exchange").glob(f"*_{kind}.py"))
    assert prefixed == []
