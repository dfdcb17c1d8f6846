"""A finder's index that has answered queries before (what it read then kept) finds what a new one finds."""

from __future__ import annotations

from hypothesis import example, given, settings
from hypothesis import strategies as st

from tui.finding import FieldIndex
from tui.samples import sample_plan

PLAN = sample_plan(4)
_TYPED = st.lists(
    st.tuples(
        st.one_of(
            st.sampled_from(
                ["components.1.", "8.5.1", "order", "-00", "1.", "true", "http_headers.X-R", "node_label_selector.b"]
            ),
            st.text(alphabet="abcdeiklnoprstuvx.-_0123589X", min_size=1, max_size=6),
        ),
        st.booleans(),
    ),
    min_size=1,
    max_size=4,
)


@settings(max_examples=25, deadline=None)
@given(_TYPED)
@example([("http_headers.X-R", True), ("node_label_selector.b", False)])  # keys found by the key before them
@example([("-000", True), ("-001", False)])  # values read from one component, then from another
def test_an_index_kept_while_typing_finds_what_a_new_index_finds(typed: list[tuple[str, bool]]) -> None:
    kept = FieldIndex(PLAN)
    query = ""
    for piece, cleared in typed:  # typed a character at a time, as a person types, then cleared or cut back
        for char in piece:
            query += char
            assert kept.search(query) == FieldIndex(PLAN).search(query), query
        query = "" if cleared else query[: len(query) // 2]
        assert kept.search(query) == FieldIndex(PLAN).search(query), query
