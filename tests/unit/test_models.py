"""The models encode every table of the reference, with its wire names, descriptions and closed enumerations."""

from __future__ import annotations

from collections.abc import Iterator

import pytest
from pydantic import ValidationError

from tests.helpers import ALL_MODELS, COMPONENT, edited, errors, load, models_used
from tui.fields import FieldSpec, Kind
from tui.models import TABLES, Component, ConfigRef, ReferResourceParameters, ReleasePlan, SpecModel
from tui.schema import fields_of, spec_at
from tui.types import Severity
from tui.validation import checker, validate


def test_every_table_from_3_to_42_has_a_model() -> None:
    assert sorted(TABLES) == list(range(3, 43))
    assert len(set(TABLES.values())) == 40
    for number, model in TABLES.items():
        assert (model.__doc__ or "").startswith(f"Table {number}")


@pytest.mark.parametrize("model", sorted(ALL_MODELS, key=lambda m: m.__name__), ids=lambda m: m.__name__)
def test_every_field_carries_the_reference_description(model: type[SpecModel]) -> None:
    for name, info in model.model_fields.items():
        assert info.description, f"{model.__name__}.{name} has no description"


def test_wire_names_are_the_api_spelling_typos_included() -> None:
    assert "conifg_id" in fields_of(ConfigRef)
    assert "sermantAgentInjectActionFlag" in fields_of(Component)
    assert "class" in fields_of(ReferResourceParameters)
    assert "availableZone" in fields_of(ReferResourceParameters)
    assert list(fields_of(ReleasePlan))[:4] == ["desc", "components", "name", "fail_strategy"]


def test_component_fields_follow_table_4() -> None:
    names = list(fields_of(Component))
    assert len(names) == 60
    assert names[:5] == ["seq", "component_id", "name", "workload_name", "labels"]
    assert names[-3:] == ["image_pull_secrets", "auto_lts_config", "config_encryption"]


# The Mandatory column of every table of the reference, transcribed.
MANDATORY_IN_THE_REFERENCE: dict[int, set[str]] = {
    3: {"components", "name"},
    4: {
        "component_id", "environment_id", "name", "refer_resources", "replica", "runtime_stack", "seq", "source",
        "version",
    },
    5: {"key", "value"},
    6: {"mounts", "name", "parameters", "type"},
    7: set(),
    8: {"path", "read_only", "sub_path"},
    9: {"type"},
    10: {"batches"},
    11: {"first_batch_replica", "first_batch_weight", "remaining_batch", "type"},
    12: {"condition", "key", "type", "value"},
    13: set(),
    14: {"type"},
    15: {"port"},
    16: {"server_xml"},
    17: {"hostname", "ip"},
    18: set(),
    19: {"name"},
    20: set(),
    21: set(),
    22: {"host_extend_path", "host_path", "log_path", "rotate"},
    23: {"dimensions", "path", "port"},
    24: set(),
    25: {"key", "operation", "value"},
    26: {"delay", "timeout", "type"},
    27: {"id", "type"},
    28: set(),
    29: {"name"},
    30: {"name", "reference_type"},
    31: {"deploy_mode", "name", "type", "version"},
    32: {"kind"},
    33: set(),
    34: {"cluster_id"},
    35: set(),
    36: set(),
    37: {"container_name", "source"},
    38: {"name", "port", "target_port"},
    39: set(),
    40: {"conifg_id", "mount_path"},
    41: {"enable"},
    42: {"key_id"},
}  # fmt: skip

MADE_CONDITIONAL = {11: {"first_batch_weight", "first_batch_replica", "remaining_batch"}}
"""Fields marked Mandatory that the prose makes conditional, as each model's docstring says: the WEIGHT fields."""


@pytest.mark.parametrize("table", sorted(MANDATORY_IN_THE_REFERENCE))
def test_mandatory_columns_become_required_fields(table: int) -> None:
    required = {name for name, spec in fields_of(TABLES[table]).items() if spec.required}
    assert required == MANDATORY_IN_THE_REFERENCE[table] - MADE_CONDITIONAL.get(table, set())


ENUMERATIONS = {
    ("fail_strategy",): ("continue", "stop"),
    (*COMPONENT, "dns_policy"): ("Default", "ClusterFirst", "ClusterFirstWithHostNet", "None"),
    (*COMPONENT, "workload_kind"): ("deployment", "statefulset", "daemonset"),
    (*COMPONENT, "storages", 0, "type"): ("HostPath", "EmptyDir", "ConfigMap", "Secret", "PersistentVolumeClaim"),
    (*COMPONENT, "deploy_strategy", "type"): ("OneBatchRelease", "RollingRelease", "GrayRelease"),
    (*COMPONENT, "deploy_strategy", "gray_release", "type"): ("WEIGHT", "CONTENT"),
    (*COMPONENT, "deploy_strategy", "gray_release", "deployment_mode"): (1, 3, 4),
    (*COMPONENT, "deploy_strategy", "gray_release", "replica_surge_mode"): ("MIRROR", "EXTRA", "NOSURGE"),
    (*COMPONENT, "deploy_strategy", "gray_release", "rule_match_mode"): ("ALL", "ANY"),
    (*COMPONENT, "deploy_strategy", "gray_release", "rules", 0, "type"): ("HEADER",),
    (*COMPONENT, "deploy_strategy", "gray_release", "rules", 0, "condition"): ("EQUAL", "MATCH", "IN"),
    (*COMPONENT, "post_start", "type"): ("http", "command"),
    (*COMPONENT, "pre_stop", "scheme"): ("HTTP", "HTTPS"),
    (*COMPONENT, "liveness_probe", "type"): ("http", "tcp", "command"),
    (*COMPONENT, "liveness_probe", "scheme"): ("HTTP", "HTTPS"),
    (*COMPONENT, "refer_resources", 0, "type"): (
        "vpc", "eip", "elb", "cce", "ecs", "dcs", "rds", "cse", "nacos", "customServer", "pvc", "gaussdb",
        "dms_rocketmq", "css_es",
    ),
    (*COMPONENT, "refer_resources", 0, "parameters", "type"): ("efs", "obs", "sfs", "evs"),
    (*COMPONENT, "refer_resources", 0, "parameters", "class"): ("csi-sfsturbo", "csi-obs", "csi-nas", "csi-disk"),
    (*COMPONENT, "refer_resources", 2, "parameters", "access_mode"): ("ReadWriteOnce", "ReadWriteMany"),
    (*COMPONENT, "envs", 1, "value_from", "reference_type"): ("configMapKey", "secretKey"),
    (*COMPONENT, "runtime_stack", "type"): ("Java", "Tomcat", "Nodejs", "Php", "Docker", "Python"),
    (*COMPONENT, "runtime_stack", "deploy_mode"): ("container", "virtualmachine"),
    (*COMPONENT, "source", "kind"): ("code", "package", "image"),
    (*COMPONENT, "source", "storage"): ("devcloud", "obs", "http", "swr"),
    (*COMPONENT, "source", "auth"): ("iam", "none"),
    (*COMPONENT, "source", "repo_type"): ("GitHub", "BitBucket", "GitLab"),
    (*COMPONENT, "logs", 0, "host_extend_path"): (
        "None", "PodUID", "PodName", "PodUID/ContainerName", "PodName/ContainerName",
    ),
    (*COMPONENT, "affinity", 0, "kind"): ("node", "pod"),
    (*COMPONENT, "affinity", 0, "condition"): ("required", "preferred"),
    (*COMPONENT, "tolerations", 0, "operator"): ("Equal", "Exists"),
    (*COMPONENT, "tolerations", 0, "effect"): ("NoScheduler", "PreferNoSchedule", "NoExecute"),
    (*COMPONENT, "update_strategy", "type"): ("RollingUpdate", "Recreate"),
    (*COMPONENT, "external_accesses", 0, "protocol"): ("http", "https"),
}  # fmt: skip


@pytest.mark.parametrize(("path", "values"), ENUMERATIONS.items(), ids=lambda p: ".".join(map(str, p)))
def test_every_enumeration_is_closed(path: tuple[str | int, ...], values: tuple[str | int, ...]) -> None:
    spec = spec_at(path)
    assert spec is not None
    assert spec.kind is Kind.CHOICE
    assert spec.choices == values
    plan = load("full-component.json")
    for value in values:
        assert not [i for i in errors(edited(plan, {path: value})) if i.path == path and i.code == "literal_error"]
    broken = edited(plan, {path: "not-a-choice" if isinstance(values[0], str) else 2})
    assert [(i.path, i.severity, i.code) for i in errors(broken)] == [(path, Severity.ERROR, "literal_error")]


def test_choices_are_case_sensitive() -> None:
    plan = edited(load("minimal.json"), {(*COMPONENT, "source", "kind"): "Image"})
    assert [(i.path, i.code) for i in errors(plan)] == [((*COMPONENT, "source", "kind"), "literal_error")]


@pytest.mark.parametrize(
    ("path", "value"),
    [
        ((*COMPONENT, "replica"), True),
        ((*COMPONENT, "replica"), "3"),
        ((*COMPONENT, "replica"), 3.0),
        ((*COMPONENT, "limit_cpu"), "3"),
        ((*COMPONENT, "limit_cpu"), False),
        ((*COMPONENT, "name"), 12),
        ((*COMPONENT, "enable_sermant_injection"), "true"),
        ((*COMPONENT, "enable_sermant_injection"), 1),
        ((*COMPONENT, "labels"), {"key": "a", "value": "b"}),
        ((*COMPONENT, "image_pull_secrets"), "default-secret"),
        ((*COMPONENT, "image_pull_secrets"), [1]),
        ((*COMPONENT, "sys_config"), {"a": 1}),
    ],
)
def test_types_are_strict(path: tuple[str | int, ...], value: object) -> None:
    plan = edited(load("minimal.json"), {path: value})
    assert [issue.severity for issue in validate(plan)] == [Severity.ERROR]


def test_an_integer_is_a_number() -> None:
    assert validate(edited(load("minimal.json"), {(*COMPONENT, "limit_cpu"): 2})) == []


def test_null_in_an_optional_field_is_allowed_and_in_a_required_one_is_not() -> None:
    plan = edited(load("minimal.json"), {("desc",): None, (*COMPONENT, "version"): None})
    assert [(i.path, i.code) for i in validate(plan)] == [((*COMPONENT, "version"), "string_type")]


def test_full_component_fixture_uses_every_table_and_is_valid() -> None:
    plan = load("full-component.json")
    assert models_used(plan) == ALL_MODELS
    assert validate(plan) == []


def _bounded_fields() -> list[tuple[type[SpecModel], str]]:
    return [
        (model, name)
        for model in sorted(ALL_MODELS, key=lambda m: m.__name__)
        for name, spec in fields_of(model).items()
        if any(getattr(spec, key) is not None for key in ("ge", "gt", "le", "min_length", "max_length"))
    ]


@pytest.mark.parametrize(("model", "name"), _bounded_fields(), ids=lambda v: getattr(v, "__name__", v))
def test_every_bound_is_the_references_or_written_in_its_models_docstring(model: type[SpecModel], name: str) -> None:
    spec = fields_of(model)[name]
    bounds = [getattr(spec, key) for key in ("ge", "gt", "le", "min_length", "max_length")]
    stated = all(f"{bound:g}" in spec.help for bound in bounds if bound is not None)
    assert stated or f"``{name}``" in (model.__doc__ or ""), f"{model.__name__}.{name}: say where its bound comes from"


def _edges(spec: FieldSpec) -> Iterator[tuple[object, bool]]:
    """Values just inside (True) and just outside (False) each bound of ``spec``."""
    step = 1 if spec.kind is Kind.INTEGER else 0.5
    if spec.ge is not None:
        yield (int(spec.ge) if step == 1 else spec.ge), True
        yield (int(spec.ge) - 1 if step == 1 else spec.ge - step), False
    if spec.gt is not None:
        yield (int(spec.gt) + 1 if step == 1 else spec.gt + step), True
        yield (int(spec.gt) if step == 1 else spec.gt), False
    if spec.le is not None:
        yield int(spec.le), True
        yield int(spec.le) + 1, False
    if spec.min_length is not None:
        yield "a" * spec.min_length, True
        yield "a" * (spec.min_length - 1), False
    if spec.max_length is not None:
        yield "a" * spec.max_length, True
        yield "a" * (spec.max_length + 1), False


@pytest.mark.parametrize(
    ("model", "name"),
    [(model, name) for model, name in _bounded_fields() if fields_of(model)[name].pattern is None],
    ids=lambda v: getattr(v, "__name__", v),
)
def test_every_bound_lets_its_edge_through_and_stops_one_step_beyond(model: type[SpecModel], name: str) -> None:
    for value, allowed in _edges(fields_of(model)[name]):
        try:
            checker(model).validate_python({name: value})
        except ValidationError as exc:
            refused = any(tuple(error["loc"]) == (name,) for error in exc.errors())
        else:
            refused = False
        assert refused is not allowed, f"{model.__name__}.{name} = {value!r}"


TOO_LARGE = "limit_cpu must be a number that fits in a 64-bit float; this one is too large"


@pytest.mark.parametrize(
    ("value", "message"),
    [(float("inf"), TOO_LARGE), (10**400, TOO_LARGE), (float("nan"), "limit_cpu must be a number, not NaN")],
    ids=["infinite", "401 digits", "nan"],
)
def test_a_number_that_is_not_finite_is_an_error_that_says_why(value: float, message: str) -> None:
    plan = edited(load("minimal.json"), {(*COMPONENT, "limit_cpu"): value})
    assert [(issue.path, issue.severity, issue.message) for issue in validate(plan)] == [
        ((*COMPONENT, "limit_cpu"), Severity.ERROR, message)
    ]
