"""The house's rule: imports only run down (forecasting -> scenarios -> presentation -> grip -> ui -> screens/app).

A module may import its own package and any package below it, never one above. The one exception is a
package's `__main__.py`: it is the command line's entry point (the top of the house) and only hands over to
grip.cli. Function-level imports count too.
"""

from __future__ import annotations

import ast
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
