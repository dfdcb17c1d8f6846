"""Properties that must hold for any input: round trips, undo, and the fast check agreeing with the full one."""

from __future__ import annotations

import ipaddress
import json
from typing import Any

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from pydantic_core import PydanticCustomError

from tests.helpers import load
from tui.document import Document
from tui.jsontext import dump_json, dump_toml, parse_json, parse_toml
from tui.jsontree import copy_json
from tui.models.network import _ip_address
from tui.paths import walk
from tui.types import JSON
from tui.validation import Validator, validate

SETTINGS = settings(max_examples=60, deadline=None, suppress_health_check=[HealthCheck.too_slow])

keys = st.text(max_size=8)
scalars = st.none() | st.booleans() | st.integers() | st.floats(allow_nan=False, allow_infinity=False) | st.text()
json_values = st.recursive(
    scalars, lambda inner: st.lists(inner, max_size=4) | st.dictionaries(keys, inner, max_size=4), max_leaves=30
)
json_objects = st.dictionaries(keys, json_values, max_size=6)

toml_scalars = (
    st.booleans() | st.integers(-(2**63), 2**63 - 1) | st.floats(allow_nan=False, allow_infinity=False) | st.text()
)
toml_values = st.recursive(
    toml_scalars, lambda inner: st.lists(inner, max_size=4) | st.dictionaries(keys, inner, max_size=4), max_leaves=30
)
toml_objects = st.dictionaries(keys, toml_values, max_size=6)


@SETTINGS
@given(json_objects)
def test_json_load_save_load_is_the_identity(data: dict[str, Any]) -> None:
    once = parse_json(dump_json(data))
    twice = parse_json(dump_json(once))
    assert json.dumps(once) == json.dumps(data) == json.dumps(twice)


@SETTINGS
@given(toml_objects)
def test_toml_load_save_load_is_the_identity(data: dict[str, Any]) -> None:
    once = parse_toml(dump_toml(data))
    assert json.dumps(once, sort_keys=True) == json.dumps(data, sort_keys=True)
    assert json.dumps(parse_toml(dump_toml(once))) == json.dumps(once)


# Values that steer the random edits into the rules: types, enumerations and the objects rules look at.
EDIT_VALUES: list[JSON] = [
    None, True, 0, -1, 1, 7, 100, 2.5, "", "x", "3", "25%", "1.0", "1.0.0", "WEIGHT", "CONTENT", "GrayRelease",
    "RollingRelease", "image", "package", "code", "http", "container", "virtualmachine", "Nodejs", "Php", "Python",
    "cse", "Equal", "Exists", "NoExecute", "required", "preferred", "statefulset", "HostPath", "efs", "csi-obs",
    {}, [], {"type": "http"}, {"type": "command", "delay": 1, "timeout": 1}, {"type": "GrayRelease"},
    {"kind": "package"}, {"id": "e", "type": "cse"},
]  # fmt: skip
EDIT_KEYS = [
    "build", "mesher", "tomcat_opts", "rolling_release", "gray_release", "url", "storage", "value", "weight",
    "max_surge", "workload_kind", "port", "command", "class", "unknown",
]  # fmt: skip


def random_edit(document: Document, data: st.DataObject) -> list[tuple[str | int, ...]]:
    """Make one random edit (set, add a key, delete, insert or move) and return the paths it touched."""
    paths = [path for path, _ in walk(document.data) if path]
    path = data.draw(st.sampled_from(paths))
    parent = document.get(path[:-1])
    kind = data.draw(st.sampled_from(["set", "set", "add", "delete", "insert", "move"]))
    value = data.draw(st.sampled_from(EDIT_VALUES))
    if kind == "add" and isinstance(parent, dict):
        return [document.set((*path[:-1], data.draw(st.sampled_from(EDIT_KEYS))), value)]
    if kind == "delete":
        return [document.delete(path)]
    if kind in ("insert", "move") and isinstance(parent, list):
        index = path[-1]
        assert isinstance(index, int)
        if kind == "insert":
            item = copy_json(parent[index]) if data.draw(st.booleans()) else value
            return [document.insert(path, item)]
        return [document.move(path, data.draw(st.integers(0, len(parent) - 1)))]
    return [document.set(path, value)]


def two_component_plan() -> dict[str, Any]:
    plan = load("full-component.json")
    second = copy_json(plan["components"][0])
    second.update(
        component_id="second",
        name="second",
        runtime_stack={"name": "n", "type": "Nodejs", "version": "18", "deploy_mode": "container"},
    )
    plan["components"].append(second)
    return plan


@SETTINGS
@given(st.data())
def test_any_sequence_of_edits_undone_gives_back_the_original(data: st.DataObject) -> None:
    document = Document(two_component_plan())
    original = json.dumps(document.data)
    for _ in range(data.draw(st.integers(1, 12))):
        if data.draw(st.integers(0, 5)) == 0:
            document.undo()
        else:
            random_edit(document, data)
    while document.undo():  # until there is nothing left to undo
        pass
    assert json.dumps(document.data) == original
    assert not document.dirty


@SETTINGS
@given(st.data())
def test_redo_after_undo_gives_back_the_edited_plan(data: st.DataObject) -> None:
    document = Document(two_component_plan())
    for _ in range(data.draw(st.integers(1, 8))):
        random_edit(document, data)
    edited = json.dumps(document.data)
    while document.undo():  # until there is nothing left to undo
        pass
    while document.redo():  # until there is nothing left to redo
        pass
    assert json.dumps(document.data) == edited


@SETTINGS
@given(st.data())
def test_fast_check_agrees_with_full_check_after_random_edits(data: st.DataObject) -> None:
    document = Document(two_component_plan())
    validator = Validator()
    validator.validate(document.data)
    for _ in range(data.draw(st.integers(1, 10))):
        step = data.draw(st.sampled_from(["undo", "edit", "edit", "edit", "several"]))
        if step == "undo":
            touched = document.undo()
        elif step == "several":  # one undo step of several edits: an edit inside a component, then a move
            with document.transaction():
                touched = [path for _ in range(data.draw(st.integers(2, 3))) for path in random_edit(document, data)]
        else:
            touched = random_edit(document, data)
        assert validator.revalidate(document.data, touched) == validate(document.data)


def test_fast_check_follows_an_edit_then_a_move_in_one_step() -> None:
    document = Document(two_component_plan())
    validator = Validator()
    validator.validate(document.data)
    with document.transaction():
        touched = [document.set(("components", 0, "replica"), -1), document.move(("components", 0), 1)]
    issues = validator.revalidate(document.data, touched)
    assert issues == validate(document.data)
    assert ("components", 1, "replica") in [issue.path for issue in issues]
    assert validator.revalidate(document.data, document.undo()) == validate(document.data)


@SETTINGS
@given(st.text(alphabet="0123456789.:abcdef \n", max_size=20) | st.ip_addresses().map(str))
def test_the_ip_address_check_agrees_with_the_standard_library(text: str) -> None:
    try:
        ipaddress.ip_address(text)
    except ValueError:
        expected = False
    else:
        expected = True
    try:
        _ip_address(text)
    except PydanticCustomError:
        assert not expected
    else:
        assert expected
