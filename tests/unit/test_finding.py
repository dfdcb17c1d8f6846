"""The finder: a path followed through the plan and its specs, a name looked up by the reference, best match first."""

from __future__ import annotations

import copy

from tui.document import Document
from tui.finding import FieldIndex
from tui.paths import format_path, get, parse_path
from tui.samples import sample_plan
from tui.types import JSON
from tui.value_search import value_places

PLAN: JSON = {"name": "p", "components": [{"name": "api", "version": "1.0.0", "labels": [{"key": "a.b"}]}]}


def paths(index: FieldIndex, query: str, limit: int = 20) -> list[tuple[str | int, ...]]:
    return [hit.path for hit in index.search(query, limit=limit)]


def test_an_exact_path_ranks_first_and_a_field_the_plan_lacks_is_found_too() -> None:
    index = FieldIndex(PLAN)
    assert index.search("components.0.version")[0].path == ("components", 0, "version")
    assert [hit.path for hit in index.search("description")][:1] == [("components", 0, "description")]
    assert index.search("") == []


def test_a_found_place_reads_as_its_path() -> None:
    dotted: JSON = {"name": "p", "components": [], "a.b": {"c": 1}}
    hits = FieldIndex(dotted).search("c")
    [hit] = [hit for hit in hits if hit.path == ("a.b", "c")]
    assert hit.text == '"a.b".c'
    assert hits[0].path == ("components",)  # a field the reference lists comes before a key it does not


def test_the_last_key_of_a_path_may_be_cut_short_and_any_case() -> None:
    index = FieldIndex(sample_plan(3))
    assert paths(index, "components.1.rep") == [("components", 1, "replica")]
    assert paths(index, "Components.1.REP") == [("components", 1, "replica")]
    assert paths(index, "components.1.replica") == [("components", 1, "replica")]


def test_a_path_offers_what_is_beside_it_then_what_is_inside_it() -> None:
    index = FieldIndex(sample_plan(12))
    found = paths(index, "components.1", limit=6)
    assert found[:4] == [("components", 1), ("components", 10), ("components", 11), ("components", 1, "seq")]
    assert all(path[:2] == ("components", 1) for path in found[3:])
    assert paths(index, "components.", limit=3) == [("components", 0), ("components", 1), ("components", 2)]


def test_fields_a_component_lacks_come_from_the_reference_and_nothing_is_offered_inside_them() -> None:
    index = FieldIndex(PLAN)
    found = index.search("components.0.deploy")
    assert [hit.path for hit in found] == [("components", 0, "deploy_strategy")]
    assert found[0].rank == 1  # beside the path typed, not the path itself
    assert index.search("components.0.deploy_strategy")[0].rank == 0
    assert paths(index, "components.0.deploy_strategy.") == []
    assert paths(index, "components.0.deploy_strategy.type") == []
    assert paths(index, "components.7.name") == []  # no such component: nothing from the reference either


def test_quoted_and_digit_keys_read_as_paths_write_them() -> None:
    plan = sample_plan(1)
    headers = ("components", 0, "source", "http_headers")
    plan["components"][0]["source"]["http_headers"] = {"0": "zero", "a.b": "dotted", "7x": "seven"}  # type: ignore[index]
    index = FieldIndex(plan)
    for key in ("0", "a.b", "7x"):
        text = format_path((*headers, key))
        assert parse_path(text) == (*headers, key)
        assert paths(index, text)[:1] == [(*headers, key)]
    assert paths(index, 'components.0.source.http_headers."a.') == [(*headers, "a.b")]  # a quote not yet closed
    assert (*headers, 0) not in paths(index, "components.0.source.http_headers.0")  # an index is not the key "0"


def test_a_name_is_found_anywhere_exact_names_first_in_the_plans_order() -> None:
    index = FieldIndex(sample_plan(30))
    found = index.search("replica", limit=25)
    assert [hit.path for hit in found[:3]] == [("components", n, "replica") for n in range(3)]
    assert all(hit.path[-1] == "replica" for hit in found)
    assert len(found) == 25
    ranks = [hit.rank for hit in index.search("name", limit=200)]
    assert ranks == sorted(ranks)
    assert {hit.path[-1] for hit in index.search("probe")} <= {"liveness_probe", "readiness_probe", "startup_probe"}


def test_keys_before_a_name_say_where_it_is() -> None:
    index = FieldIndex(sample_plan(4))
    urls = paths(index, "source.url")
    assert urls[:4] == [("components", n, "source", "url") for n in range(4)]  # shallower first
    assert all(path[-2] == "source" and "url" in str(path[-1]) for path in urls)
    assert [hit.rank for hit in index.search("source.url")][7:9] == [4, 7]  # ``url`` itself, then ``web_url``
    assert paths(index, "2.rep") == [("components", 2, "replica")]
    weights = paths(index, "gray_release.first_batch_w")
    assert weights and all(path[-3:-1] == ("deploy_strategy", "gray_release") for path in weights)


def test_the_limit_is_kept() -> None:
    index = FieldIndex(sample_plan(40))
    assert len(index.search("components.")) == 20
    assert len(index.search("name", limit=5)) == 5
    assert len(index.search("x-release", limit=3)) == 3


def test_keys_the_reference_does_not_list_are_found_after_one_walk_of_the_plan() -> None:
    index = FieldIndex(sample_plan(3))
    assert index.quick_search("x-release") is None  # a map's key: the plan must be walked for it
    found = paths(index, "x-release")
    assert found == [("components", n, "source", "http_headers", "X-Release") for n in range(3)]
    assert index.quick_search("x-release") == index.search("x-release")
    assert index.quick_search("replica") is not None  # the reference's fields fill the list: no walk


def test_a_search_after_a_component_is_deleted_does_not_offer_its_places() -> None:
    document = Document(copy.deepcopy(sample_plan(3)))
    index = FieldIndex(document.data)
    assert ("components", 2, "replica") in paths(index, "replica")
    assert paths(index, "x-release")[-1][:2] == ("components", 2)
    document.delete(("components", 2))
    assert paths(index, "components.2") == []
    assert all(path[:2] != ("components", 2) for path in paths(index, "replica") + paths(index, "x-release"))
    fresh = FieldIndex(document.data)
    assert [path[:2] for path in paths(fresh, "x-release")] == [("components", 0), ("components", 1)]
    document.undo()
    assert ("components", 2, "replica") in paths(FieldIndex(document.data), "replica")


def test_a_component_is_found_by_its_name_exact_names_first() -> None:
    plan = sample_plan(12)
    index = FieldIndex(plan)
    name = plan["components"][3]["name"]  # type: ignore[index]
    found = index.search(name)
    assert (found[0].path, found[0].kind) == (("components", 3), "component")
    assert index.search(name.upper())[0].path == ("components", 3)
    prefix = name.split("-")[0]
    named = [hit for hit in index.search(prefix, limit=50) if hit.kind == "component"]
    assert named and all(plan["components"][hit.path[1]]["name"].startswith(prefix) for hit in named)  # type: ignore[index]
    assert [hit.path for hit in named] == sorted(hit.path for hit in named)  # in the plan's order
    assert index.quick_search(name) is not None  # a name needs no walk of the plan
    holding = [hit for hit in index.search(name[-5:], limit=200) if hit.kind == "component"]
    assert ("components", 3) in [hit.path for hit in holding] and all(hit.rank == 11 for hit in holding)


def test_a_value_is_found_everywhere_it_is_after_one_walk() -> None:
    plan = sample_plan(6)
    for at in (1, 4):
        plan["components"][at]["version"] = "1.0.9"  # type: ignore[index]
    plan["components"][2]["description"] = "Release 1.0.9 notes"  # type: ignore[index]
    index = FieldIndex(plan)
    assert index.quick_search("1.0.9") is None  # values need the walk
    found = index.search("1.0.9")
    assert [(hit.path, hit.kind, hit.value) for hit in found] == [
        (("components", 1, "version"), "value", "1.0.9"),
        (("components", 4, "version"), "value", "1.0.9"),
        (("components", 2, "description"), "value", "Release 1.0.9 notes"),  # holds it: after those that are it
    ]
    assert index.quick_search("1.0.9") == found
    environment = plan["components"][0]["environment_id"]  # type: ignore[index]
    places = [hit.path for hit in index.search(environment, limit=100) if hit.kind == "value"]
    assert places == value_places(plan, environment)  # the replace's count finds the same places
    assert len(places) > 2


def test_a_number_is_found_by_its_json_text() -> None:
    plan = sample_plan(2)
    plan["components"][1]["replica"] = 7  # type: ignore[index]
    hits = [hit for hit in FieldIndex(plan).search("7", limit=200) if hit.kind == "value" and hit.rank == 12]
    assert ("components", 1, "replica") in [hit.path for hit in hits]
    assert all(get(plan, hit.path) in (7, "7") for hit in hits)


def test_secrets_are_never_found_by_value() -> None:
    plan = sample_plan(3)
    source = plan["components"][0]["source"]  # type: ignore[index]
    password = source["http_password"]
    source["http_headers"]["X-Token"] = "token-value-42"
    index = FieldIndex(plan)
    assert all(hit.kind != "value" for hit in index.search(password))
    assert all(hit.kind != "value" for hit in index.search("token-value-42"))
    assert all(hit.kind != "value" for hit in index.search("token-value"))
    assert ("components", 0, "source", "http_password") in paths(index, "http_password")  # the field itself is


def test_a_value_edited_since_the_walk_is_not_offered() -> None:
    document = Document(copy.deepcopy(sample_plan(3)))
    document.data["components"][1]["version"] = "7.7.7"  # type: ignore[index]
    index = FieldIndex(document.data)
    assert paths(index, "7.7.7") == [("components", 1, "version")]
    document.set(("components", 1, "version"), "7.7.8")
    assert paths(index, "7.7.7") == []


def test_the_plan_s_own_values_are_found_but_not_those_its_server_owns() -> None:
    own = {"name": "rel-42", "id": "rel-42", "status": "rel-42"}
    plan: JSON = {**own, "components": [{"name": "api", "desc": "rel-42"}]}
    found = [hit.path for hit in FieldIndex(plan).search("rel-42") if hit.kind == "value"]
    assert found == [("name",), ("components", 0, "desc")]


def test_a_key_typed_is_found_before_a_value_holding_the_same_text() -> None:
    plan: JSON = {"name": "p", "components": [{"name": "api", "description": "evil things", "evil": 1}]}
    found = FieldIndex(plan).search("evil")
    assert [(hit.path, hit.kind) for hit in found] == [
        (("components", 0, "evil"), "field"),
        (("components", 0, "description"), "value"),
    ]
