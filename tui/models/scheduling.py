"""Where pods may run: affinity, anti-affinity and tolerations (Tables 24, 25, 36)."""

from __future__ import annotations

from collections.abc import Mapping
from typing import Annotated, Any, Literal

from pydantic import Field

from tui.models.base import Pattern, SdkSpelling, SpecModel, applies_only, error, required_when, rule
from tui.types import Issue

__all__ = ["Affinity", "MatchExpression", "Toleration"]

WEIGHT = Pattern('text holding a whole number from 1 to 100, like "100"')

EFFECTS = SdkSpelling(
    ("NoScheduler", "PreferNoSchedule", "NoExecute"),
    (
        (
            "NoSchedule",
            "the API reference spells this effect NoScheduler; NoSchedule is how Kubernetes spells it",
        ),
    ),
)

KNOWN_EFFECTS = (*EFFECTS.documented, *(value for value, _ in EFFECTS.tolerated))


class MatchExpression(SpecModel):
    """Table 25, match_expressions."""

    key: str = Field(description="Condition key.")
    value: str = Field(description="Condition value.")
    operation: str = Field(description="Operation.")


class Affinity(SpecModel):
    """Table 24, component_affinity: an affinity or anti-affinity term.

    The reference types ``weight`` as a String whose value is a whole number: 100 when ``condition`` is
    ``required``, 1 to 100 when ``preferred``. It is kept a string on the wire (an integer is a type error), and
    the rule reads the number in it.
    """

    kind: Literal["node", "pod"] | None = Field(None, description="Object kind.\n- node\n- pod")
    condition: Literal["required", "preferred"] | None = Field(
        None,
        description=(
            "Policy type.\n- required: The requirement must be met.\n- preferred: The requirement is met "
            "as much as possible."
        ),
    )
    match_expressions: list[MatchExpression] | None = Field(
        None,
        description="Scheduling policy rule. See Table 25.",
    )
    weight: Annotated[str, WEIGHT] | None = Field(
        None,
        pattern=r"^[0-9]+$",
        description=(
            "Weight.\n- The value is 100 when condition is set to required.\n- Enter an integer ranging "
            "from 1 to 100 when condition is set to preferred."
        ),
    )

    @rule
    @staticmethod
    def weight_fits_condition(obj: Mapping[str, Any]) -> list[Issue]:
        """Weight is 100 for a required term and 1 to 100 for a preferred one."""
        weight, condition = obj.get("weight"), obj.get("condition")
        if not isinstance(weight, str) or not weight.isdecimal() or not weight.isascii():
            return []
        value = int(weight)
        if condition == "required" and value != 100:
            message = f"weight must be 100 when condition is required, not {weight}"
        elif condition == "preferred" and not 1 <= value <= 100:
            message = f"weight must be 1 to 100 when condition is preferred, not {weight}"
        else:
            return []
        return [error(("weight",), "affinity.weight", message)]


class Toleration(SpecModel):
    """Table 36, tolerations: a taint the component's pods tolerate.

    The reference spells one effect ``NoScheduler``; Kubernetes, and so most tooling, spells it
    ``NoSchedule``. The reference is the contract, so ``NoScheduler`` passes and ``NoSchedule`` is accepted
    with a warning naming the reference's spelling. ``toleration_seconds`` is 0 or more, as in Kubernetes;
    the reference gives no bound; it "can be set only when effect is set to NoExecute", so set with another
    effect, or none, it is a warning (see :mod:`tui.models.base`). A ``value`` with ``Exists`` is an error: the
    reference says it "cannot be specified".
    """

    key: str | None = Field(None, description="Taint key.")
    operator: Literal["Equal", "Exists"] | None = Field(
        None,
        description=(
            "Operator.\n- Equal: matches the nodes with the specified taint key (mandatory) and value. "
            "If the taint value is left blank, all taints with the same key will be matched.\n- Exists: "
            "matches nodes with the specified taint key. In this case, the taint value cannot be "
            "specified. Not specifying any taint key means all taints are tolerated."
        ),
    )
    value: str | None = Field(
        None,
        description="Taint value. This parameter is mandatory when operator is set to Equal.",
    )
    effect: Annotated[Literal["NoScheduler", "PreferNoSchedule", "NoExecute", "NoSchedule"], EFFECTS] | None = Field(
        None,
        description=(
            "Taint policy.\n- NoScheduler: Only the NoSchedule taint is matched.\n- PreferNoSchedule: "
            "Only the PreferNoSchedule taint is matched.\n- NoExecute: Only the NoExecute taint is "
            "matched.\n- If this parameter is not set, all taint effects are matched."
        ),
    )
    toleration_seconds: int | None = Field(
        None,
        ge=0,
        description=(
            "Tolerance time window. This parameter can be set only when effect is set to NoExecute. "
            "Within the tolerance time window, pods still run on the node with taints. After the time "
            "expires, the pods will be evicted."
        ),
    )

    @rule
    @staticmethod
    def operator_fields(obj: Mapping[str, Any]) -> list[Issue]:
        """Equal needs a key and a value; Exists takes no value; toleration_seconds only with NoExecute."""
        found: list[Issue] = []
        operator = obj.get("operator")
        if operator == "Equal":
            found += required_when(obj, ("key", "value"), "operator is Equal", "toleration.operator")
        elif operator == "Exists" and obj.get("value") is not None:
            found.append(error(("value",), "toleration.operator", "value must be left out when operator is Exists"))
        effect = obj.get("effect")
        seconds_apply = effect is not None and (effect not in KNOWN_EFFECTS or effect == "NoExecute")
        if not seconds_apply and obj.get("toleration_seconds") is not None:
            here = "effect is not set" if effect is None else f"effect is {effect}"
            found += applies_only(obj, ("toleration_seconds",), "effect is NoExecute", here, "toleration.applies")
        return found
