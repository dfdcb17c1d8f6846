"""Every phrase of the reference that says where a field applies has the one reading of :mod:`tui.models.base`.

The phrases are found, not listed by hand: the models' descriptions are the reference's, and :data:`PHRASE` finds
"applicable to", "valid (only) when", "can be set (only) when", "takes effect only for" and "provided only when"
in them. :data:`WHERE` maps each one found to a rule case, or says why no plan can express its case. A phrase with
no row fails :func:`test_every_phrase_of_the_reference_has_a_row`; a row whose rule is missing, or gives another
severity or another path, fails the rule tests.
"""

from __future__ import annotations

import re
from typing import Any, Final, NamedTuple

import pytest

from tests.helpers import DELETE, edited, load
from tui.models import TABLES
from tui.types import Path, Severity
from tui.validation import validate

PHRASE: Final = re.compile(
    r"applicable to|valid (?:only )?when|can be set (?:only )?when|takes effect only|provided only when", re.IGNORECASE
)
"""The reference's ways of saying that a field applies only in some case."""

FULL: Final = "full-component.json"


def c(*rest: str | int) -> Path:
    """A path inside the first component."""
    return ("components", 0, *rest)


class Applies(NamedTuple):
    """A phrase with a rule: edits of the full fixture that set the field where it applies, and where it does not.

    ``field`` is where the warning must be, and the only issue the second plan has.
    """

    phrase: str
    applies: dict[Path, Any]
    elsewhere: dict[Path, Any]
    field: Path


class NoRule(NamedTuple):
    """A phrase whose case no field of a plan can express; ``valid`` sets the field, which must pass unremarked."""

    phrase: str
    why: str
    valid: dict[Path, Any]


def _probe(kind: str, **fields: Any) -> dict[str, Any]:
    return {"type": kind, "delay": 1, "timeout": 1, **fields}


WHERE: Final[dict[tuple[int, str], Applies | NoRule]] = {
    (4, "tomcat_opts"): Applies(
        "This parameter is valid when you use the Tomcat technology stack",
        {},
        {c("runtime_stack", "type"): "Java"},
        c("tomcat_opts"),
    ),
    (4, "dns_policy"): NoRule(
        "takes effect only for pods running in hostNetWork mode",
        "a plan has no field for a pod's host network mode",
        {c("dns_policy"): "ClusterFirstWithHostNet"},
    ),
    (7, "path"): Applies(
        "This parameter is applicable to the HostPath storage type",
        {c("storages", 1, "type"): "HostPath", c("storages", 1, "parameters"): {"path": "/data"}},
        {c("storages", 1, "parameters", "path"): "/data"},
        c("storages", 1, "parameters", "path"),
    ),
    (7, "name"): Applies(
        "which is applicable to ConfigMap, Secret, or PersistentVolumeClaim storage",
        {c("storages", 0, "type"): "Secret"},
        {c("storages", 1, "parameters", "name"): "scratch"},
        c("storages", 1, "parameters", "name"),
    ),
    (7, "default_mode"): Applies(
        "This parameter is applicable to ConfigMap and secret storage",
        {c("storages", 0, "type"): "Secret"},
        {c("storages", 0, "type"): "PersistentVolumeClaim"},
        c("storages", 0, "parameters", "default_mode"),
    ),
    (7, "medium"): Applies(
        "This parameter is applicable to EmptyDir storage",
        {},
        {c("storages", 1, "type"): "HostPath", c("storages", 1, "parameters", "path"): "/data"},
        c("storages", 1, "parameters", "medium"),
    ),
    **{
        (14, key): Applies(
            "This parameter is valid only when type is set to http",
            {c("pre_stop", key): value},
            {c("post_start", key): value},
            c("post_start", key),
        )
        for key, value in (("scheme", "HTTPS"), ("host", "10.0.0.1"), ("port", 8081), ("path", "/stop"))
    },
    (14, "command"): Applies(
        "This parameter is valid only when type is set to command",
        {c("post_start", "command"): ["true"]},
        {c("pre_stop", "command"): ["true"]},
        c("pre_stop", "command"),
    ),
    **{
        (26, key): Applies(
            "This parameter is valid only when type is set to http",
            {c("liveness_probe", key): value},
            {c("startup_probe", key): value},
            c("startup_probe", key),
        )
        for key, value in (("scheme", "HTTPS"), ("host", "10.0.0.1"), ("path", "/ready"))
    },
    (26, "port"): Applies(
        "This parameter is valid only when type is set to http or tcp",
        {c("startup_probe", "port"): 9090},
        {c("liveness_probe"): _probe("command", command=["true"], port=8080)},
        c("liveness_probe", "port"),
    ),
    (26, "command"): Applies(
        "This parameter is valid only when type is set to command",
        {c("liveness_probe"): _probe("command", command=["true"])},
        {c("readiness_probe", "command"): ["true"]},
        c("readiness_probe", "command"),
    ),
    (33, "parameters"): NoRule(
        "This parameter is provided only when no ID is available during build creation",
        "a plan has no field for the ID of a build",
        {c("build", "parameters", "build_cmd"): "make"},
    ),
    (36, "toleration_seconds"): Applies(
        "This parameter can be set only when effect is set to NoExecute",
        {c("tolerations", 0, "toleration_seconds"): 60},
        {c("tolerations", 0, "effect"): "PreferNoSchedule"},
        c("tolerations", 0, "toleration_seconds"),
    ),
    (39, "max_unavailable"): Applies(
        "This parameter can be set when workload_kind is set to deployment",
        {c("workload_kind"): DELETE},
        {c("workload_kind"): "statefulset", c("update_strategy", "max_surge"): DELETE},
        c("update_strategy", "max_unavailable"),
    ),
    (39, "max_surge"): Applies(
        "This parameter can be set only when workload_kind is set to deployment",
        {c("workload_kind"): "deployment"},
        {c("workload_kind"): "daemonset", c("update_strategy", "max_unavailable"): DELETE},
        c("update_strategy", "max_surge"),
    ),
}
"""Every phrase found, by (table, field): the rule it maps to, or why there is none."""

RULES: Final = {key: row for key, row in WHERE.items() if isinstance(row, Applies)}
NO_RULES: Final = {key: row for key, row in WHERE.items() if isinstance(row, NoRule)}


def _descriptions() -> dict[tuple[int, str], str]:
    return {
        (number, info.alias or name): info.description or ""
        for number, model in TABLES.items()
        for name, info in model.model_fields.items()
    }


def _ids(keys: Any) -> list[str]:
    return [f"table {number} {field}" for number, field in keys]


def test_every_phrase_of_the_reference_has_a_row() -> None:
    found = {key for key, text in _descriptions().items() if PHRASE.search(text)}
    assert found == set(WHERE)
    assert len(found) == 20


@pytest.mark.parametrize(("key", "row"), WHERE.items(), ids=_ids(WHERE))
def test_each_row_quotes_its_field_description(key: tuple[int, str], row: Applies | NoRule) -> None:
    assert row.phrase in " ".join(_descriptions()[key].split())


@pytest.mark.parametrize("row", RULES.values(), ids=_ids(RULES))
def test_a_field_set_where_it_applies_passes(row: Applies) -> None:
    assert validate(edited(load(FULL), row.applies)) == []


@pytest.mark.parametrize("row", RULES.values(), ids=_ids(RULES))
def test_a_field_set_where_it_does_not_apply_is_one_warning_at_the_field(row: Applies) -> None:
    issues = validate(edited(load(FULL), row.elsewhere))
    assert [(issue.path, issue.severity) for issue in issues] == [(row.field, Severity.WARNING)]
    field = str(row.field[-1])
    assert re.fullmatch(rf"{field} only applies when [^;]+; it has no effect when .+", issues[0].message)


@pytest.mark.parametrize("row", NO_RULES.values(), ids=_ids(NO_RULES))
def test_a_phrase_no_plan_can_express_has_no_rule(row: NoRule) -> None:
    assert row.why
    assert validate(edited(load(FULL), row.valid)) == []


@pytest.mark.parametrize(
    ("edits", "path", "expected"),
    [
        (
            {c("startup_probe", "path"): "/x"},
            c("startup_probe", "path"),
            "path only applies when type is http; it has no effect when type is tcp",
        ),
        (
            {c("liveness_probe"): _probe("command", command=["true"], port=8080)},
            c("liveness_probe", "port"),
            "port only applies when type is http or tcp; it has no effect when type is command",
        ),
        (
            {c("storages", 0, "type"): "PersistentVolumeClaim"},
            c("storages", 0, "parameters", "default_mode"),
            "default_mode only applies when the storage type is ConfigMap or Secret; it has no effect when the "
            "storage type is PersistentVolumeClaim",
        ),
        (
            {c("tolerations", 0, "effect"): DELETE},
            c("tolerations", 0, "toleration_seconds"),
            "toleration_seconds only applies when effect is NoExecute; it has no effect when effect is not set",
        ),
        (
            {c("workload_kind"): "statefulset", c("update_strategy", "max_unavailable"): DELETE},
            c("update_strategy", "max_surge"),
            "max_surge only applies when workload_kind is deployment; it has no effect when workload_kind is "
            "statefulset",
        ),
        (
            {c("runtime_stack", "type"): "Java"},
            c("tomcat_opts"),
            "tomcat_opts only applies when runtime_stack.type is Tomcat; it has no effect when runtime_stack.type "
            "is Java",
        ),
    ],
    ids=["probe path", "probe port", "default_mode", "toleration_seconds", "max_surge", "tomcat_opts"],
)
def test_the_warning_says_where_the_field_applies_and_what_the_case_is(
    edits: dict[Path, Any], path: Path, expected: str
) -> None:
    assert [(issue.path, issue.message) for issue in validate(edited(load(FULL), edits))] == [(path, expected)]


def test_a_value_the_reference_says_cannot_be_specified_stays_an_error() -> None:
    plan = edited(load(FULL), {c("tolerations", 1, "value"): "v"})
    assert [(issue.path, issue.severity) for issue in validate(plan)] == [
        (c("tolerations", 1, "value"), Severity.ERROR)
    ]
