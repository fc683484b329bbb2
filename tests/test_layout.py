"""The floors of the project: each app reaches only the apps below it, and no two apps form a cycle."""

from __future__ import annotations

import ast
import functools
import re
from collections.abc import Iterator
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
ARCHITECTURE = ROOT / "docs" / "architecture.md"

# Lowest floor first: an app may reach only the apps listed before it.
APPS = ("engagement", "visits", "pledges", "meetings", "reminders", "dashboards", "operations", "demo")
# config wires every app together, so it stands above them all and none may lean on it.
FLOORS = {name: floor for floor, name in enumerate((*APPS, "config"))}

# (importing file, imported module prefix): upward reads tolerated while the move is under way. Each one
# must be explained in docs/architecture.md, and the list is capped so it cannot become the new normal.
SIDEWAYS_READS: tuple[tuple[str, str], ...] = (
    # The pledge API's `meetings` field: the relation is declared on Meeting (docs/architecture.md).
    ("pledges/selectors.py", "meetings.models"),
)
MAX_SIDEWAYS_READS = 5

# "pledges.Pledge" anywhere is a lazy model reference; migrations write the label lowercase.
MODEL_REFERENCE = re.compile(r"^\w+\.[A-Z]\w*$")
MIGRATION_MODEL_REFERENCE = re.compile(r"^\w+\.\w+$")


@functools.cache
def source_files() -> tuple[Path, ...]:
    """Every Python file of the apps and of config, migrations included."""
    return tuple(sorted(path for name in FLOORS for path in (ROOT / name).rglob("*.py")))


def module_name(path: Path) -> str:
    """The dotted module a file defines: a package's __init__.py is the package itself."""
    parts = path.relative_to(ROOT).with_suffix("").parts
    return ".".join(parts[:-1] if parts[-1] == "__init__" else parts)


@functools.cache
def modules() -> frozenset[str]:
    """Every module defined by the walked files."""
    return frozenset(module_name(path) for path in source_files())


@functools.cache
def parse(path: Path) -> ast.Module:
    """The file's syntax tree; the modules are read, never imported, so no app code runs."""
    return ast.parse(path.read_text(encoding="utf-8"), filename=str(path))


def strings(nodes: list[ast.expr]) -> list[str]:
    """The string literals among the nodes."""
    return [node.value for node in nodes if isinstance(node, ast.Constant) and isinstance(node.value, str)]


def called(node: ast.AST) -> str | None:
    """The bare name a call calls (`get_model` for `apps.get_model(...)`), None for anything else."""
    if not isinstance(node, ast.Call):
        return None
    return node.func.attr if isinstance(node.func, ast.Attribute) else getattr(node.func, "id", None)


def absolute(path: Path, node: ast.ImportFrom) -> str:
    """The absolute module a `from ... import` reads, relative levels resolved against the file."""
    if not node.level:
        return node.module or ""
    package = module_name(path).split(".")
    if path.name != "__init__.py":
        package = package[:-1]
    base = package[: len(package) - node.level + 1]
    return ".".join([*base, *([node.module] if node.module else [])])


def imports(path: Path) -> Iterator[tuple[int, str]]:
    """(line, module) for each import anywhere in the file; `from pkg import name` is pkg.name if a module."""
    for node in ast.walk(parse(path)):
        if isinstance(node, ast.Import):
            yield from ((node.lineno, alias.name) for alias in node.names)
        elif isinstance(node, ast.ImportFrom):
            package = absolute(path, node)
            for alias in node.names:
                submodule = f"{package}.{alias.name}"
                yield node.lineno, submodule if submodule in modules() else package
        elif called(node) == "import_module" and (names := strings(node.args[:1])):
            yield node.lineno, names[0]


def migration_references(tree: ast.Module) -> Iterator[tuple[int, str]]:
    """(line, module) for a migration's lowercase model references and its `dependencies` pairs."""
    for node in ast.walk(tree):
        if isinstance(node, ast.keyword) and node.arg in ("to", "through"):
            label = strings([node.value])
            if label and MIGRATION_MODEL_REFERENCE.match(label[0]):
                yield node.value.lineno, label[0]
        elif isinstance(node, ast.Assign) and "dependencies" in (getattr(t, "id", "") for t in node.targets):
            for item in ast.walk(node.value):
                if isinstance(item, ast.Tuple) and len(pair := strings(item.elts)) == len(item.elts) == 2:
                    yield item.lineno, f"{pair[0]}.migrations.{pair[1]}"


def references(path: Path) -> set[tuple[int, str]]:
    """(line, module) for every way the file reaches a project app: imports, model strings, get_model."""
    tree = parse(path)
    found = set(imports(path))
    for node in ast.walk(tree):
        if (text := strings([node])) and MODEL_REFERENCE.match(text[0]):
            found.add((node.lineno, text[0]))
        elif called(node) == "get_model":
            found.add((node.lineno, ".".join(strings(node.args))))
    if path.parent.name == "migrations":
        found.update(migration_references(tree))
    return {(line, module) for line, module in found if module.split(".")[0] in FLOORS}


def allowed(file: str, module: str) -> bool:
    """Whether SIDEWAYS_READS lets this file read this module."""
    return any(
        file == read_file and (module == prefix or module.startswith(f"{prefix}."))
        for read_file, prefix in SIDEWAYS_READS
    )


def upward_reads() -> list[str]:
    """`file:line -> module` for each read of a higher floor that SIDEWAYS_READS does not excuse."""
    found = []
    for path in source_files():
        file = path.relative_to(ROOT).as_posix()
        floor = FLOORS[file.split("/")[0]]
        for line, module in sorted(references(path)):
            if FLOORS[module.split(".")[0]] > floor and not allowed(file, module):
                found.append(f"{file}:{line} -> {module}")
    return found


def import_graph() -> dict[str, set[str]]:
    """Each module of the walked files mapped to the walked modules it imports."""
    graph = {}
    for path in source_files():
        name = module_name(path)
        graph[name] = {module for _, module in imports(path) if module in modules() and module != name}
    return graph


def strongly_connected(graph: dict[str, set[str]]) -> list[list[str]]:
    """Tarjan's strongly connected components, iterative so a long import chain cannot exhaust the stack."""
    index: dict[str, int] = {}
    low: dict[str, int] = {}
    stack: list[str] = []
    components = []
    for root in sorted(graph):
        if root in index:
            continue
        index[root] = low[root] = len(index)
        stack.append(root)
        work = [(root, iter(sorted(graph[root])))]
        while work:
            node, children = work[-1]
            child = next(children, None)
            if child is None:
                work.pop()
                if low[node] == index[node]:
                    components.append(sorted(stack[stack.index(node) :]))
                    del stack[stack.index(node) :]
                if work:
                    low[work[-1][0]] = min(low[work[-1][0]], low[node])
            elif child not in index:
                index[child] = low[child] = len(index)
                stack.append(child)
                work.append((child, iter(sorted(graph[child]))))
            elif child in stack:
                low[node] = min(low[node], index[child])
    return components


def test_no_app_imports_a_higher_app():
    found = upward_reads()
    assert not found, f"{len(found)} reads of a higher floor:\n" + "\n".join(found)


def test_every_sideways_read_is_named_in_the_architecture_notes():
    notes = ARCHITECTURE.read_text(encoding="utf-8") if ARCHITECTURE.exists() else ""
    missing = [file for file, _ in SIDEWAYS_READS if file not in notes]
    assert not missing, "SIDEWAYS_READS not explained in docs/architecture.md:\n" + "\n".join(missing)


def test_at_most_five_sideways_reads_are_tolerated():
    assert len(SIDEWAYS_READS) <= MAX_SIDEWAYS_READS, f"{len(SIDEWAYS_READS)} SIDEWAYS_READS"


def test_no_import_cycle_spans_two_apps():
    cycles = [
        component
        for component in strongly_connected(import_graph())
        if len({module.split(".")[0] for module in component}) > 1
    ]
    assert not cycles, "import cycles across apps:\n" + "\n".join(" <-> ".join(cycle) for cycle in cycles)
