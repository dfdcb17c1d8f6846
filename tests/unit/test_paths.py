"""Paths: how they read, how they are read back, how they walk a plan, and their CSS ids."""

from __future__ import annotations

import re

import pytest
from hypothesis import given
from hypothesis import strategies as st

from tui.errors import PathError
from tui.paths import PathReading, at, css_id, exists, find, format_path, get, parse_path, read_path, walk
from tui.types import JSON, Path

PLAN: JSON = {"name": "p", "components": [{"name": "a", "labels": {"a.b": "dotted", "0": "digits"}}]}

paths = st.lists(st.integers(min_value=0, max_value=10**6) | st.text(), max_size=6).map(tuple)


@pytest.mark.parametrize(
    ("path", "shown"),
    [
        ((), "."),
        (("components", 0, "version"), "components.0.version"),
        (("components", 12, "source", "http_headers", "X-Release"), "components.12.source.http_headers.X-Release"),
        (("labels", "a.b"), 'labels."a.b"'),
        (("labels", "a", "b"), "labels.a.b"),
        (("labels", "0"), 'labels."0"'),
        (("labels", 0), "labels.0"),
        (("labels", ""), 'labels.""'),
        (("labels", '"quoted"'), 'labels."\\"quoted\\""'),
        (("labels", 'say "hi"'), 'labels.say "hi"'),
        (("v1", "0x"), "v1.0x"),
    ],
)
def test_a_path_reads_as_people_write_it_and_is_read_back(path: Path, shown: str) -> None:
    assert format_path(path) == shown
    assert parse_path(shown) == path


def test_the_plan_itself_reads_as_the_caller_names_it() -> None:
    assert format_path((), root="the plan") == "the plan"
    assert format_path((), root="") == ""
    assert parse_path("") == ()


def test_a_dotted_key_and_nested_keys_never_read_alike() -> None:
    assert format_path(("a.b",)) != format_path(("a", "b"))
    assert format_path(("0",)) != format_path((0,))


@pytest.mark.parametrize("text", ["a..b", ".a", "a.", '"open', '"a"b', 'a."b"c'])
def test_text_that_is_not_a_path_is_refused(text: str) -> None:
    with pytest.raises(ValueError, match="is not a path"):
        parse_path(text)


@given(paths)
def test_every_path_reads_back_as_itself(path: Path) -> None:
    assert parse_path(format_path(path)) == path


@given(paths, paths)
def test_css_ids_are_valid_and_tell_every_path_apart(one: Path, other: Path) -> None:
    assert re.fullmatch(r"[A-Za-z_-][A-Za-z0-9_-]*", css_id(one))
    assert (css_id(one) == css_id(other)) == (one == other)


def test_a_css_id_keeps_plain_keys_readable() -> None:
    assert css_id(("components", 0, "source")) == "path-components-0-source"
    assert css_id(()) == "path"
    assert css_id(("X-Release",)) == "path-X_2d_Release"
    assert css_id(("0",)) != css_id((0,))


def test_at_names_the_first_step_that_leads_nowhere() -> None:
    assert at(PLAN, ("components", 0, "labels", "a.b")) == "dotted"
    with pytest.raises(PathError, match=r"^nothing at components\.1$"):
        at(PLAN, ("components", 1, "name"))
    with pytest.raises(PathError, match=r'^nothing at components\.0\.labels\."a\.c"$'):
        at(PLAN, ("components", 0, "labels", "a.c"))
    with pytest.raises(PathError):
        at(PLAN, ("components", True))  # a boolean is not an index


def test_get_and_exists_walk_a_plan_without_raising() -> None:
    assert get(PLAN, ("components", 0, "name")) == "a"
    assert get(PLAN, ("components", 3, "name")) is None
    assert get(PLAN, ("name", "x")) is None
    assert exists(PLAN, ("components", 0, "labels", "0"))
    assert not exists(PLAN, ("components", 0, "labels", 0))
    assert not exists(PLAN, ("components", -1))


def test_walk_visits_every_value_in_document_order() -> None:
    assert [path for path, _ in walk({"b": [1, {"c": None}], "a": 2})] == [
        (),
        ("b",),
        ("b", 0),
        ("b", 1),
        ("b", 1, "c"),
        ("a",),
    ]
    assert find(PLAN, lambda value: value == "digits") == ("components", 0, "labels", "0")
    assert find(PLAN, lambda value: value == "absent") is None


@pytest.mark.parametrize(
    ("text", "reading"),
    [
        ("components.0.source", PathReading(["components", 0], "source", "source", None)),
        ('labels."app".value', PathReading(["labels", "app"], "value", "value", None)),  # a quoted key
        ('labels."a.b"', PathReading(["labels"], "a.b", "a.b", None)),  # dots inside quotes are the key's
        ('labels."a.b".c', PathReading(["labels", "a.b"], "c", "c", None)),
        ('labels."0"', PathReading(["labels"], "0", "0", None)),  # quoted digits are a key, not an index
        ("components.12", PathReading(["components"], "12", 12, None)),  # an index
        ('labels."say \\"hi\\""', PathReading(["labels"], 'say "hi"', 'say "hi"', None)),
        ("components.0.", PathReading(["components", 0], "", "", "an empty key at 13 must be quoted")),  # trailing dot
        ('labels."a.', PathReading(["labels"], "a.", "a.", "Unterminated string starting at at 7")),  # unfinished quote
        ("", PathReading([], "", "", "an empty key at 0 must be quoted")),
        ("a..b", PathReading(None, "a..b", "a..b", "an empty key at 2 must be quoted")),
        (".a", PathReading(None, ".a", ".a", "an empty key at 0 must be quoted")),
        ('"a"b.c', PathReading(None, '"a"b.c', '"a"b.c', "a dot must follow the key that ends at 3")),
    ],
)
def test_a_path_is_read_key_by_key_up_to_the_one_being_typed(text: str, reading: PathReading) -> None:
    assert read_path(text) == reading


@pytest.mark.parametrize("text", ["components.0.", 'labels."a.', "a..b", '"a"b'])
def test_a_path_cut_short_or_broken_is_refused_with_the_reader_s_words(text: str) -> None:
    fault = read_path(text).fault
    assert fault is not None
    with pytest.raises(ValueError, match=re.escape(fault)):
        parse_path(text)


@given(paths.filter(bool), st.text(alphabet='ab0."\\', max_size=4))
def test_a_whole_path_reads_as_its_keys_then_its_last_and_more_typed_keeps_its_keys(path: Path, typed: str) -> None:
    assert read_path(format_path(path)) == PathReading(list(path[:-1]), str(path[-1]), path[-1], None)
    more = read_path(f"{format_path(path)}.{typed}")
    assert more.keys is None or more.keys[: len(path)] == list(path)
