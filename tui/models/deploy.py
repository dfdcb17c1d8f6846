"""How a component is rolled out: deploy strategy, rolling and dark launch, update strategy (Tables 9-12, 39)."""

from __future__ import annotations

from collections.abc import Mapping
from typing import Annotated, Any, Literal

from pydantic import BeforeValidator, Field

from tui.models.base import (
    CoreCheck,
    CountOrAnyPercent,
    CountOrPercentUpToAll,
    SdkSpelling,
    SpecModel,
    error,
    is_int,
    required_when,
    rule,
    whole_number_choice,
    whole_number_core,
)
from tui.types import Issue

__all__ = ["DeployStrategy", "GrayRelease", "GrayRule", "RollingRelease", "UpdateStrategy"]

WEIGHT_FIELDS = ("first_batch_weight", "first_batch_replica", "remaining_batch")
CONTENT_FIELDS = ("replica_surge_mode", "rule_match_mode", "rules")

CONDITIONS = SdkSpelling(
    ("EQUAL", "MATCH", "IN"),
    tuple((low, f"the API reference spells this condition {low.upper()}") for low in ("equal", "match", "in")),
)
RULE_MATCH_MODES = SdkSpelling(
    ("ALL", "ANY"),
    tuple((low, f"the API reference spells this mode {low.upper()}") for low in ("all", "any")),
)
DEPLOYMENT_MODES = SdkSpelling(
    (1, 3, 4),
    ((6, "deployment mode 6 appears in Huawei's SDK but not in the API reference (1, 3 or 4)"),),
)


class RollingRelease(SpecModel):
    """Table 10, rolling_release.

    ``batches`` is 1 or more: the reference gives no bound, and a release in no batches never happens.
    """

    batches: int = Field(ge=1, description="Deployment batches.")


class GrayRule(SpecModel):
    """Table 12, gray_rules: one header condition of a content-based dark launch.

    Huawei's SDK spells the conditions in lower case; those pass with a warning.
    """

    type: Literal["HEADER"] = Field(description="Match type. Currently, only HEADER is supported.")
    key: str = Field(description="Parameter name.")
    value: str = Field(description="Condition value.")
    condition: Annotated[Literal["EQUAL", "MATCH", "IN", "equal", "match", "in"], CONDITIONS] = Field(
        description="Condition type.\n- EQUAL\n- MATCH\n- IN: enumeration",
    )


class GrayRelease(SpecModel):
    """Table 11, gray_release: a dark launch (gray release).

    The table marks ``first_batch_weight``, ``first_batch_replica`` and ``remaining_batch`` mandatory, but its
    prose makes each "mandatory when type is set to WEIGHT"; the prose wins, and a CONTENT launch needs
    ``replica_surge_mode``, ``rule_match_mode`` and ``rules`` instead. ``rules`` is typed Object in the table,
    but it holds the launch's rules, and the API sends and takes a list of Table 12 objects; it is modelled as
    that list. ``first_batch_weight`` is a percentage of traffic, so 0 to 100. Huawei's SDK also uses
    lower-case ``all``/``any`` and deployment mode 6; those pass with a warning. ``deployment_mode`` is a whole
    number: ``true`` and ``3.0``, which Python takes for ``1`` and ``3``, are errors.
    """

    type: Literal["WEIGHT", "CONTENT"] = Field(
        description=("Dark launch policy.\n- WEIGHT: dark launch by traffic.\n- CONTENT: dark launch by content."),
    )
    first_batch_weight: int | None = Field(
        None,
        ge=0,
        le=100,
        description=(
            "Proportion of first-batch dark launch traffic. This parameter is mandatory when type is set to WEIGHT."
        ),
    )
    first_batch_replica: int | None = Field(
        None,
        ge=1,
        description=(
            "Number of first-batch dark launch instances. This parameter is mandatory when type is set to WEIGHT."
        ),
    )
    remaining_batch: int | None = Field(
        None,
        ge=1,
        description=(
            "Number of batches for remaining instance deployment. After the first batch is completed, "
            "the remaining instances will be deployed in specified batches. Example: If there are five "
            "instances remaining to be deployed in three batches, these five instances will be upgraded"
            " based on 2:2:1. This parameter is mandatory when type is set to WEIGHT."
        ),
    )
    deployment_mode: (
        Annotated[
            Literal[1, 3, 4, 6], BeforeValidator(whole_number_choice), CoreCheck(whole_number_core), DEPLOYMENT_MODES
        ]
        | None
    ) = Field(
        None,
        description=(
            "Deployment mode.\n- 1: The upstream is a microservice gateway.\n- 3: The upstream is a "
            "microservice.\n- 4: The upstream is a load balancer."
        ),
    )
    replica_surge_mode: Literal["MIRROR", "EXTRA", "NOSURGE"] | None = Field(
        None,
        description=(
            "Mode of adding a dark launch instance. This parameter is mandatory when type is set to "
            "CONTENT.\n- MIRROR: blue-green.\n- EXTRA: canary (increase, then decrease)\n- NOSURGE: canary"
            " (decrease, then increase)"
        ),
    )
    rule_match_mode: Annotated[Literal["ALL", "ANY", "all", "any"], RULE_MATCH_MODES] | None = Field(
        None,
        description=(
            "Effective mode of a dark launch rule. This parameter is mandatory when type is set to "
            "CONTENT.\n- ALL: All conditions are met.\n- ANY: Any condition is met."
        ),
    )
    rules: list[GrayRule] | None = Field(
        None,
        description="Dark launch rule. See Table 12. This parameter is mandatory when type is set to CONTENT.",
    )

    @rule
    @staticmethod
    def fields_for_type(obj: Mapping[str, Any]) -> list[Issue]:
        """WEIGHT needs its first batch and remaining batches; CONTENT needs its surge mode, match mode and rules."""
        kind = obj.get("type")
        if kind == "WEIGHT":
            return [*required_when(obj, WEIGHT_FIELDS, "type is WEIGHT", "gray_release.weight")]
        if kind == "CONTENT":
            return [*required_when(obj, CONTENT_FIELDS, "type is CONTENT", "gray_release.content")]
        return []


class DeployStrategy(SpecModel):
    """Table 9, deploy_strategy: how the new version replaces the old one."""

    type: Literal["OneBatchRelease", "RollingRelease", "GrayRelease"] = Field(
        description="Deployment type.\n- OneBatchRelease\n- RollingRelease\n- GrayRelease",
    )
    rolling_release: RollingRelease | None = Field(
        None,
        description=(
            "Rolling deployment parameter, which is mandatory when type is set to RollingRelease. For "
            "details, see Table 10."
        ),
    )
    gray_release: GrayRelease | None = Field(
        None,
        description=(
            "Dark launch upgrade parameter, which is mandatory when type is set to GrayRelease. For "
            "details, see Table 11."
        ),
    )

    @rule
    @staticmethod
    def parameters_for_type(obj: Mapping[str, Any]) -> list[Issue]:
        """RollingRelease needs rolling_release; GrayRelease needs gray_release."""
        kind = obj.get("type")
        if kind == "RollingRelease":
            return [*required_when(obj, ("rolling_release",), "type is RollingRelease", "deploy_strategy.type")]
        if kind == "GrayRelease":
            return [*required_when(obj, ("gray_release",), "type is GrayRelease", "deploy_strategy.type")]
        return []


class UpdateStrategy(SpecModel):
    """Table 39, update_strategy: how a workload's pods are replaced.

    ``max_unavailable`` and ``max_surge`` are an integer count or a percentage string; whether they may be set
    depends on the component's ``workload_kind``, so that rule lives on the component. The reference gives no
    upper bound; as Kubernetes does, ``max_unavailable`` stops at 100% while ``max_surge`` may exceed it.
    ``progress_deadline_seconds`` must exceed ``min_ready_seconds``, whose default is 0. Every count of seconds
    (``termination_period_seconds`` included) and ``revision_history_limit`` are 0 or more, as in Kubernetes;
    the reference gives no bound.
    """

    type: Literal["RollingUpdate", "Recreate"] | None = Field(
        None,
        description=(
            "Component upgrade policy. Options:\n- RollingUpdate (default): New pods are created "
            "gradually, and then old pods are deleted.\n- Recreate: Old pods are deleted, and then new "
            "pods are created."
        ),
    )
    max_unavailable: CountOrPercentUpToAll | None = Field(
        None,
        description=(
            "Maximum number of unavailable pods. That is, the number or percentage of pods that can be "
            "deleted based on the value of replica. The default value is 25% This parameter can be set "
            "when workload_kind is set to deployment.\n- String (%): the maximum percentage of "
            "unavailable pods to the total number of pods.\n- Integer: the maximum number of unavailable"
            " pods."
        ),
    )
    max_surge: CountOrAnyPercent | None = Field(
        None,
        description=(
            "Maximum surge. That is, the number or percentage of pods allowed based on the value of "
            "replica. The default value is 25%. This parameter can be set only when workload_kind is "
            "set to deployment.\n- String (%)\n- Integer"
        ),
    )
    termination_period_seconds: int | None = Field(
        None,
        ge=0,
        description=(
            "Scale-in time window. That is, the time window for executing commands before a workload "
            "stops. The default value is 30s."
        ),
    )
    min_ready_seconds: int | None = Field(
        None,
        ge=0,
        description=(
            "Minimum ready time of a pod. That is, the minimum ready time of a new pod without any "
            "container crash. A pod is considered available only after the minimum ready time is "
            "exceeded. The default value is 0."
        ),
    )
    progress_deadline_seconds: int | None = Field(
        None,
        ge=0,
        description=(
            "Maximum upgrade duration. That is, the time (in seconds) the system waits for before "
            "reporting a component upgrade failure. If this parameter is specified, the value of this "
            "parameter must be greater than that of min_ready_seconds."
        ),
    )
    revision_history_limit: int | None = Field(
        None,
        ge=0,
        description=(
            "Maximum number of pods to retain. That is, the number of old pods to retain to allow "
            "rollback. The default value is 10."
        ),
    )

    @rule
    @staticmethod
    def deadline_after_ready(obj: Mapping[str, Any]) -> list[Issue]:
        """progress_deadline_seconds must be greater than min_ready_seconds (default 0)."""
        deadline = obj.get("progress_deadline_seconds")
        ready = obj.get("min_ready_seconds", 0)
        if is_int(deadline) and is_int(ready) and deadline <= ready:
            return [
                error(
                    ("progress_deadline_seconds",),
                    "update_strategy.deadline",
                    f"progress_deadline_seconds ({deadline}) must be greater than min_ready_seconds ({ready})",
                )
            ]
        return []
