"""Every worker is started with a short description of its own.

Without one, Textual describes a worker by the ``repr`` of what it runs and of its arguments: a plan of a thousand
components (or a profile with a pasted token) turned into text on the main thread each time the worker starts.
"""

from __future__ import annotations

import ast
from pathlib import Path

ROOT = Path(__file__).parent.parent.parent
PACKAGES = ("tui", "screens", "widgets")


def worker_calls() -> list[tuple[str, ast.Call]]:
    """Every ``run_worker(...)`` call and ``@work(...)`` decorator of the app's code, with where it is."""
    found = []
    for package in PACKAGES:
        for file in sorted((ROOT / package).rglob("*.py")):
            tree = ast.parse(file.read_text(encoding="utf-8"))
            for node in ast.walk(tree):
                if isinstance(node, ast.Call):
                    name = node.func.attr if isinstance(node.func, ast.Attribute) else getattr(node.func, "id", "")
                    if name in {"run_worker", "work"}:
                        found.append((f"{file.relative_to(ROOT)}:{node.lineno}", node))
                elif isinstance(node, ast.FunctionDef | ast.AsyncFunctionDef):
                    for decorator in node.decorator_list:
                        if isinstance(decorator, ast.Name) and decorator.id == "work":
                            found.append((f"{file.relative_to(ROOT)}:{decorator.lineno}", ast.Call(decorator, [], [])))
    return found


def test_the_app_starts_workers() -> None:
    assert len(worker_calls()) >= 5


def test_every_worker_has_a_short_description_of_its_own() -> None:
    for where, call in worker_calls():
        described = {keyword.arg: keyword.value for keyword in call.keywords}
        description = described.get("description")
        assert isinstance(description, ast.Constant), f"{where}: a worker without description="
        assert isinstance(description.value, str) and 0 < len(description.value) <= 40, where
