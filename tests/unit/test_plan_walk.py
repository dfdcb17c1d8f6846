"""The finder's one walk of a plan finds what a walk for values alone and a plain walk for unlisted keys find."""

from __future__ import annotations

from hypothesis import given, settings
from hypothesis import strategies as st

from tui.fields import FieldSpec, Kind
from tui.plan_walk import walk_plan
from tui.samples import sample_plan
from tui.schema import PLAN
from tui.types import JSON, Path
from tui.value_index import ValueIndex

_KEYS = st.sampled_from(
    ["name", "version", "source", "url", "http_password", "http_headers", "X-Release", "id", "status", "odd", "Name"]
)
_LEAVES = st.one_of(st.none(), st.booleans(), st.integers(-3, 3), st.floats(allow_nan=False), st.text(max_size=3))
_NODES = st.recursive(_LEAVES, lambda inner: st.lists(inner, max_size=3) | st.dictionaries(_KEYS, inner, max_size=4))
_PLANS = st.one_of(
    st.fixed_dictionaries({"components": st.lists(_NODES, max_size=4)}, optional={"name": _NODES, "id": _NODES}),
    st.dictionaries(_KEYS, _NODES, max_size=4),
    _NODES,
)


def _unlisted(plan: JSON) -> list[tuple[Path, str]]:
    """The keys the reference does not list, found the plain way: breadth first, following the spec."""
    found: list[tuple[Path, str]] = []
    level: list[tuple[Path, JSON, FieldSpec | None]] = [((), plan, PLAN)]
    while level:
        below: list[tuple[Path, JSON, FieldSpec | None]] = []
        for path, value, spec in level:
            if isinstance(value, dict):
                fields = spec.fields if spec is not None and spec.kind is Kind.OBJECT else {}
                found.extend(((*path, key), key.lower()) for key in value if key not in fields)
                below.extend(((*path, key), child, fields.get(key)) for key, child in value.items())
            elif isinstance(value, list):
                item = spec.item if spec is not None and spec.kind is Kind.LIST else None
                below.extend(((*path, index), child, item) for index, child in enumerate(value))
        level = below
    return found


def _same(plan: JSON) -> None:
    unlisted, values = walk_plan(plan)
    assert unlisted == _unlisted(plan)
    alone = ValueIndex.build(plan)
    assert values._where == alone._where and values._sorted == alone._sorted
    assert values._lowered == alone._lowered  # texts that differ in case only, in the same order
    for text in alone._where:
        assert list(values.places(text)) == list(alone.places(text))


@settings(max_examples=150, deadline=None)
@given(_PLANS)
def test_one_walk_finds_the_unlisted_keys_and_the_values_that_walks_of_their_own_find(plan: JSON) -> None:
    _same(plan)


def test_one_walk_of_a_sample_plan_leaves_secrets_out_and_finds_its_map_keys() -> None:
    plan = sample_plan(8)
    _same(plan)
    unlisted, values = walk_plan(plan)
    assert (("components", 0, "source", "http_headers", "X-Release"), "x-release") in unlisted
    password = plan["components"][0]["source"]["http_password"]  # type: ignore[call-overload,index]
    assert password not in values._where
