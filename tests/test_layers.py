"""The house's rule: imports only run down (forecasting -> scenarios -> presentation -> grip -> ui -> screens/app).

A module may import its own package and any package below it, never one above. The one exception is a
package's `__main__.py`: it is the command line's entry point (the top of the house) and only hands over to
grip.cli. Function-level imports count too.
"""

from __future__ import annotations

import ast
import os
import re
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
RANK = {"forecasting": 0, "scenarios": 1, "presentation": 2, "grip": 3, "ui": 4, "screens": 5, "app": 5}


def imported_packages(path: Path) -> set[str]:
    tree = ast.parse(path.read_text(encoding="utf-8"))
    names = set()
    for node in ast.walk(tree):
        if isinstance(node, ast.Import):
            names |= {alias.name.split(".")[0] for alias in node.names}
        elif isinstance(node, ast.ImportFrom) and node.module and node.level == 0:
            names.add(node.module.split(".")[0])
    return names & set(RANK)


def modules():
    for package in ("forecasting", "scenarios", "presentation", "grip", "ui", "screens"):
        yield from ((package, path) for path in sorted((ROOT / package).rglob("*.py")))
    yield "app", ROOT / "app.py"


def test_no_module_imports_a_package_above_its_own():
    upward = []
    for package, path in modules():
        if path.name == "__main__.py":
            continue
        for name in imported_packages(path):
            if RANK[name] > RANK[package]:
                upward.append(f"{path.relative_to(ROOT)} imports {name}")
    assert upward == []


def test_the_check_sees_an_upward_import(tmp_path):
    module = tmp_path / "x.py"
    module.write_text("def f():\n    from presentation.formatting import euro\n    import grip.service\n")
    assert imported_packages(module) == {"presentation", "grip"}


def test_screens_and_presentation_only_select_and_format():
    """The scenario run, the budget and the comparison come from grip/service.py (`Run`), never computed in a
    screen or in presentation/ (issue #21)."""
    computing = []
    for package in ("screens", "presentation"):
        for path in sorted((ROOT / package).rglob("*.py")):
            source = path.read_text(encoding="utf-8")
            computing += [f"{path.relative_to(ROOT)}: {word}" for word in ("budget_of", "apply_scenario", "compare(")
                          if word in source.replace(".compare(", "")]
    assert computing == []


def _ui_imports(path: Path) -> set[str]:
    """The ui modules a ui module imports (`from ui import x`, `from ui.x import ...`, `import ui.x`)."""
    names = set()
    for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
        if isinstance(node, ast.ImportFrom) and node.module == "ui":
            names |= {alias.name for alias in node.names}
        elif isinstance(node, ast.ImportFrom) and node.module and node.module.startswith("ui."):
            names.add(node.module.split(".")[1])
        elif isinstance(node, ast.Import):
            names |= {alias.name.split(".")[1] for alias in node.names if alias.name.startswith("ui.")}
    return names - {path.stem}


def test_the_ui_modules_import_each_other_without_a_circle():
    graph = {path.stem: _ui_imports(path) for path in (ROOT / "ui").glob("*.py")}
    circles = []

    def visit(module: str, trail: tuple[str, ...]) -> None:
        for name in sorted(graph.get(module, ())):
            if name in trail:
                circles.append(" -> ".join(trail[trail.index(name):] + (name,)))
            else:
                visit(name, trail + (name,))

    for module in sorted(graph):
        visit(module, (module,))
    assert circles == []


# Dutch words with an English code name (README, Layout): a def or class uses the English one. The exceptions are
# names that repeat a field or command a user types verbatim.
DUTCH_TWINS = {"maatregel": "measure", "regio": "region", "sessie": "session", "keuze": "choice",
               "prognose": "forecast", "rapport": "report", "opslag": "store", "werkmap": "workbook"}
VERBATIM = {"maatregelen", "run_jaareinde"}  # the JSON field and the `jaareinde` command


def test_code_names_use_the_english_word_where_the_house_has_one():
    found = []
    for _package, path in modules():
        for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
            if isinstance(node, (ast.FunctionDef, ast.ClassDef)) and node.name not in VERBATIM:
                parts = set(re.sub(r"([a-z])([A-Z])", r"\1_\2", node.name).lower().split("_"))
                found += [f"{path.relative_to(ROOT)}: {node.name} ({dutch} -> {english})"
                          for dutch, english in DUTCH_TWINS.items()
                          if parts & {dutch, dutch + "s", dutch + "en"}]
    assert found == []


# folders that hold no tracked file: the venv, git itself, caches and what runs write
SKIPPED_FOLDERS = {".venv", ".git", ".pytest_cache", ".ruff_cache", "node_modules", "__pycache__", "test-artifacts",
                   "grip-data"}


def test_no_file_holds_a_merge_conflict_marker():
    marked = []
    for folder, subfolders, files in os.walk(ROOT):
        subfolders[:] = [f for f in subfolders if f not in SKIPPED_FOLDERS]
        for name in files:
            path = Path(folder) / name
            if path.suffix in {".py", ".md", ".toml", ".txt", ".csv", ".cfg"}:
                text = path.read_text(encoding="utf-8", errors="replace")
                if any(line.startswith(("<<<<<<< ", ">>>>>>> ")) for line in text.splitlines()):
                    marked.append(str(path.relative_to(ROOT)))
    assert marked == []
