"""Plans and small tools the tests share."""

from __future__ import annotations

import itertools
import json
import socket
from collections.abc import Mapping
from pathlib import Path
from typing import Any, Final

from tui.fields import FieldSpec, Kind
from tui.jsontree import copy_json
from tui.models import TABLES, SpecModel
from tui.schema import PLAN
from tui.types import JSON, Issue, Severity
from tui.types import Path as JSONPath
from tui.validation import validate

PLANS: Final = Path(__file__).parent / "fixtures" / "plans"
COMPONENT: Final = ("components", 0)

DELETE: Final = object()
"""An edit value that removes the key instead of setting it."""


def load(name: str) -> dict[str, Any]:
    """A fixture plan, fresh each time."""
    data: dict[str, Any] = json.loads((PLANS / name).read_text(encoding="utf-8"))
    return data


def edited(plan: dict[str, Any], edits: Mapping[JSONPath, object]) -> dict[str, Any]:
    """A copy of ``plan`` with each path set to its value (or removed, for :data:`DELETE`); parents are made."""
    result: dict[str, Any] = copy_json(plan)
    for path, value in edits.items():
        node: Any = result
        for key, next_key in itertools.pairwise(path):
            if isinstance(node, dict) and key not in node:
                node[key] = [] if isinstance(next_key, int) else {}
            node = node[key]
        if value is DELETE:
            del node[path[-1]]
        elif isinstance(node, list) and path[-1] == len(node):
            node.append(value)
        else:
            node[path[-1]] = value
    return result


def colleague_edit(plan: dict[str, Any], *, version: str = "", replica: int = 0, desc: str = "") -> dict[str, Any]:
    """A copy of ``plan`` (the small sample) as a colleague might change it: the first component's ``version``, the
    second's ``replica`` and the plan's ``desc``, each where given."""
    edits: dict[JSONPath, object] = {}
    if version:
        edits[("components", 0, "version")] = version
    if replica:
        edits[("components", 1, "replica")] = replica
    if desc:
        edits[("desc",)] = desc
    return edited(plan, edits)


def found(plan: JSON) -> set[tuple[JSONPath, Severity]]:
    """What validating ``plan`` finds, as (path, severity) pairs."""
    return {(issue.path, issue.severity) for issue in validate(plan)}


def errors(plan: JSON) -> list[Issue]:
    """The errors (not warnings) of a plan."""
    return [issue for issue in validate(plan) if issue.severity is Severity.ERROR]


def models_used(plan: JSON) -> set[type[SpecModel]]:
    """Every model that some object in ``plan`` is an instance of, by walking it with the schema."""
    used: set[type[SpecModel]] = set()

    def walk(value: JSON, spec: FieldSpec | None) -> None:
        if spec is None:
            return
        if spec.kind is Kind.OBJECT and isinstance(value, dict) and spec.model is not None:
            used.add(spec.model)
            for key, item in value.items():
                walk(item, spec.child(key))
        elif spec.kind is Kind.LIST and isinstance(value, list):
            for item in value:
                walk(item, spec.item)

    walk(plan, PLAN)
    return used


ALL_MODELS: Final = frozenset(TABLES.values())


def closed_port() -> int:
    """A loopback port nobody listens on: a connection to it is refused."""
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return int(sock.getsockname()[1])
