"""The table of components in plain Python: a row's text, the filter's words and batches, and the sort orders."""

from __future__ import annotations

from tui.component_rows import RowFilter, component_row, component_rows, order, source_text
from tui.outline import Counts
from tui.types import JSON


def component(name: str, version: str, seq: int = 1, **more: JSON) -> dict[str, JSON]:
    return {"name": name, "version": version, "seq": seq, "replica": 2, **more}


def test_a_row_reads_each_column_and_escapes_plan_text() -> None:
    row = component_row(
        3,
        component(
            "web\x1b[2J",
            "1.0.0",
            source={"kind": "image", "url": "swr.example.com/org/web:1.0.0"},
            deploy_strategy={"type": "RollingRelease"},
        ),
        Counts(errors=2, warnings=0),
    )
    assert row.cells == ("1", "web\\x1b[2J", "1.0.0", "2", "web:1.0.0", "RollingRelease", "2", "")


def test_a_component_without_a_name_or_fields_reads_by_its_index() -> None:
    assert component_row(7, {}).cells == ("", "#7", "", "", "", "", "", "")
    assert component_row(7, "not an object").cells[1] == "#7"


def test_the_source_is_a_package_s_file_an_image_s_name_and_tag_or_a_repository() -> None:
    assert source_text({"kind": "package", "url": "https://repo/x/orders.war"}) == "orders.war"
    assert source_text({"kind": "image", "url": "swr/org/orders:2.1"}) == "orders:2.1"
    assert source_text({"kind": "code", "repo_url": "https://git/org/orders.git/"}) == "orders.git"
    assert source_text({"kind": "code", "repo_name": "orders"}) == "orders"
    assert source_text(None) == ""


def test_the_filter_keeps_rows_with_every_word_in_any_column_and_the_batches_asked() -> None:
    rows = component_rows(
        {
            "components": [
                component("orders", "1.0.9", 1),
                component("cart", "1.0.9", 2),
                component("orders-2", "2.0", 2),
            ]
        },
        {},
    )
    assert order(rows, RowFilter.parse("1.0.9"), None) == [0, 1]
    assert order(rows, RowFilter.parse("ORDERS seq:2"), None) == [2]
    assert order(rows, RowFilter.parse("seq:1 seq:2"), None) == [0, 1, 2]
    assert order(rows, RowFilter.parse("seq:3"), None) == []
    assert order(rows, RowFilter.parse(""), None) == [0, 1, 2]


def test_versions_sort_part_by_part_and_numbers_as_numbers_the_empty_last() -> None:
    plan: JSON = {
        "components": [
            component("a", "1.10.0", 10),
            component("b", "1.9.0", 9),
            component("c", "", 2),
            {"name": "d", "version": "1.9.1"},
        ]
    }
    rows = component_rows(plan, {("components", 1): Counts(errors=1)})
    assert order(rows, RowFilter(), "version") == [1, 3, 0, 2]
    assert order(rows, RowFilter(), "seq") == [2, 1, 0, 3]
    assert order(rows, RowFilter(), "errors", reverse=True) == [1, 3, 2, 0]
    assert order(rows, RowFilter(), "name", reverse=True) == [3, 2, 1, 0]
