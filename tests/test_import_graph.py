"""The apps' imports form a graph without cycles, and `returnportal` imports no domain app.

Read from the source (imports inside functions count too), so that a shortcut such as
`contacts` reaching into `workshops` for an erasure fails here rather than in a review.
Cross-app needs go through registries instead (`returnportal.personal_data`, the home hooks).
"""

import ast
from collections import defaultdict
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
PACKAGES = ("returnportal", "contacts", "workshops", "surveys")
DOMAIN_APPS = ("contacts", "workshops", "surveys")
# Apps as the import graph sees them: the site-wide packages inside returnportal are apps too.
APPS = (
    "returnportal.accounts",
    "returnportal.mail",
    "returnportal.news",
    "returnportal.pages",
    "returnportal",
    *DOMAIN_APPS,
)


def _modules(root: Path = ROOT) -> dict[str, Path]:
    found = {}
    for package in PACKAGES:
        for path in (root / package).rglob("*.py"):
            parts = path.relative_to(root).with_suffix("").parts
            if "migrations" in parts:
                continue
            if parts[-1] == "__init__":
                parts = parts[:-1]
            found[".".join(parts)] = path
    return found


def import_graph(root: Path = ROOT) -> dict[str, set[str]]:
    """Each project module and the project modules it imports, anywhere in its body."""
    modules = _modules(root)
    graph: dict[str, set[str]] = defaultdict(set)
    for name, path in modules.items():
        for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
            if isinstance(node, ast.Import):
                targets = [alias.name for alias in node.names]
            elif isinstance(node, ast.ImportFrom) and node.module and node.level == 0:
                targets = [node.module, *(f"{node.module}.{a.name}" for a in node.names)]
            else:
                continue
            graph[name] |= {target for target in targets if target in modules} - {name}
    return graph


def app_of(module: str) -> str:
    return next(app for app in APPS if module == app or module.startswith(f"{app}."))


def cycles(graph: dict[str, set[str]]) -> list[list[str]]:
    """The strongly connected groups of more than one node (Tarjan)."""
    index: dict[str, int] = {}
    low: dict[str, int] = {}
    stack: list[str] = []
    found: list[list[str]] = []

    def visit(node: str) -> None:
        index[node] = low[node] = len(index)
        stack.append(node)
        for target in sorted(graph.get(node, ())):
            if target not in index:
                visit(target)
                low[node] = min(low[node], low[target])
            elif target in stack:
                low[node] = min(low[node], index[target])
        if low[node] == index[node]:
            group = []
            while True:
                member = stack.pop()
                group.append(member)
                if member == node:
                    break
            if len(group) > 1:
                found.append(sorted(group))

    for node in sorted(graph):
        if node not in index:
            visit(node)
    return found


def test_returnportal_imports_no_domain_app():
    offending = sorted(
        f"{module} imports {target}"
        for module, targets in import_graph().items()
        if app_of(module).startswith("returnportal")
        for target in targets
        if app_of(target) in DOMAIN_APPS
    )
    assert offending == []


def test_the_apps_import_one_another_without_cycles():
    apps: dict[str, set[str]] = defaultdict(set)
    for module, targets in import_graph().items():
        apps[app_of(module)] |= {app_of(target) for target in targets} - {app_of(module)}
    assert cycles(apps) == []


def test_the_modules_import_one_another_without_cycles():
    assert cycles(import_graph()) == []


def test_the_check_sees_a_cycle_through_an_import_inside_a_function(tmp_path):
    """The checker itself: a function-level import that closes a loop is found."""
    (tmp_path / "contacts").mkdir()
    (tmp_path / "workshops").mkdir()
    (tmp_path / "contacts" / "privacy.py").write_text(
        "def erase():\n    from workshops.services import registrations_erase\n"
    )
    (tmp_path / "workshops" / "services.py").write_text("from contacts.privacy import erase\n")
    assert cycles(import_graph(tmp_path)) == [["contacts.privacy", "workshops.services"]]
