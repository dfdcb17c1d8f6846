"""Field specs: every field of every model has one, and each says what the form needs."""

from __future__ import annotations

import subprocess
import sys

import pytest

from tests.helpers import ALL_MODELS
from tui.fields import FieldSpec, Kind
from tui.models import Component, SpecModel, UpdateStrategy
from tui.schema import PLAN, fields_of, spec_at


@pytest.mark.parametrize("model", sorted(ALL_MODELS, key=lambda m: m.__name__), ids=lambda m: m.__name__)
def test_every_field_of_every_model_has_a_spec(model: type[SpecModel]) -> None:
    specs = fields_of(model)
    assert list(specs) == [info.alias or name for name, info in model.model_fields.items()]
    for name, spec in specs.items():
        assert spec.name == name
        assert spec.help == model.model_fields[name if name != "class" else "class_"].description
        assert spec.required == model.model_fields[name if name != "class" else "class_"].is_required()
        if spec.kind is Kind.OBJECT:
            assert spec.model is not None
        if spec.kind is Kind.LIST:
            assert spec.item is not None
        if spec.kind is Kind.CHOICE:
            assert spec.choices
        if spec.kind is Kind.UNION:
            assert len(spec.variants) == 2


def test_the_kinds_come_from_the_types() -> None:
    component = fields_of(Component)
    assert component["seq"].kind is Kind.INTEGER
    assert component["limit_cpu"].kind is Kind.NUMBER
    assert component["enable_sermant_injection"].kind is Kind.BOOLEAN
    assert component["workload_kind"].kind is Kind.CHOICE
    assert component["runtime_stack"].kind is Kind.OBJECT
    assert component["envs"].kind is Kind.LIST
    assert component["image_pull_secrets"].item == FieldSpec("", Kind.TEXT)
    assert component["sys_config"].kind is Kind.STRING_MAP
    assert fields_of(UpdateStrategy)["max_surge"].kind is Kind.UNION


def test_bounds_lengths_and_patterns_are_carried() -> None:
    component = fields_of(Component)
    assert component["seq"].ge == 1
    assert component["limit_cpu"].gt == 0
    assert component["description"].max_length == 128
    version = component["version"]
    assert (version.max_length, version.pattern) == (32, r"^([0-9]+)(\.[0-9]+){2,3}$")
    assert version.pattern_words == "3 or 4 whole numbers separated by dots, like 1.0.0 or 1.0.0.1"


def test_choices_offer_only_what_the_reference_documents() -> None:
    spec = spec_at(("components", 0, "deploy_strategy", "gray_release", "rule_match_mode"))
    assert spec is not None
    assert spec.choices == ("ALL", "ANY")


def test_spec_at_walks_objects_lists_and_maps() -> None:
    assert spec_at(()) is PLAN
    cluster = spec_at(("components", 3, "build", "parameters", "cluster_id"))
    assert cluster is not None
    assert cluster.required
    header = spec_at(("components", 0, "source", "http_headers", "X-Any"))
    assert header is not None
    assert header.kind is Kind.TEXT
    assert spec_at(("components", 0, "no_such_field")) is None
    assert spec_at(("components", "x")) is None


@pytest.mark.parametrize(
    ("path", "text", "value"),
    [
        (("components", 0, "replica"), "3", 3),
        (("components", 0, "replica"), " 3 ", 3),
        (("components", 0, "replica"), "3.5", "3.5"),
        (("components", 0, "replica"), "three", "three"),
        (("components", 0, "limit_cpu"), "0.5", 0.5),
        (("components", 0, "limit_cpu"), "2", 2),
        (("components", 0, "limit_cpu"), "nan", "nan"),
        (("components", 0, "limit_cpu"), "1e999", "1e999"),
        (("components", 0, "enable_sermant_config"), "true", True),
        (("components", 0, "enable_sermant_config"), "yes", "yes"),
        (("components", 0, "version"), "1", "1"),
        (("components", 0, "update_strategy", "max_surge"), "2", 2),
        (("components", 0, "update_strategy", "max_surge"), "25%", "25%"),
        (("components", 0, "deploy_strategy", "gray_release", "deployment_mode"), "4", 4),
    ],
)
def test_typed_text_is_parsed_by_kind_and_kept_when_it_does_not_parse(
    path: tuple[str | int, ...], text: str, value: object
) -> None:
    spec = spec_at(path)
    assert spec is not None
    parsed = spec.parse(text)
    assert parsed == value
    assert type(parsed) is type(value)


def test_field_specs_load_neither_the_schema_nor_the_models() -> None:
    code = "import sys, tui.fields; print(sorted(m for m in sys.modules if m.startswith(('tui.', 'pydantic'))))"
    result = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True)
    assert result.stdout.split() == ["['tui.fields',", "'tui.types']"]


def test_an_object_spec_reads_its_model_s_fields() -> None:
    source = spec_at(("components", 0, "source"))
    assert source is not None and source.model is not None
    assert dict(source.fields) == dict(fields_of(source.model))
    assert "url" in source.fields and "nope" not in source.fields
    assert source.fields.get("nope") is None
    assert FieldSpec("", Kind.TEXT).fields == {}
