"""The release plan itself (Table 3)."""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any, Literal

from pydantic import Field

from tui.models.base import SpecModel, rule, warning
from tui.models.component import Component
from tui.types import Issue

__all__ = ["MAX_COMPONENTS", "READ_ONLY_KEYS", "ReleasePlan"]

READ_ONLY_KEYS = frozenset({"id", "action", "status", "create_time", "modify_time", "execute_time", "creator"})
"""Keys the get call returns that the PUT body must not carry."""

MAX_COMPONENTS = 64
"""The most components the ServiceStage console allows in one release plan."""


class ReleasePlan(SpecModel):
    """Table 3: the body of ``PUT /v3/{project_id}/cas/release-plans/{release_plan_id}``.

    A plan fetched with the get call also carries read-only keys (:data:`READ_ONLY_KEYS`), which are dropped
    from the PUT body and so are not reported as unknown, and ``swimlane_id``, which the get call returns beside
    the fields of this table; it is modelled as an optional string so that a fetched plan is not flagged.
    The ServiceStage console limits one release task to 64 components: more is a warning, as is an empty list.
    ``name`` is required and must not be empty.
    """

    desc: str | None = Field(None, description="Description.")
    components: list[Component] = Field(description="Component list. See Table 4.")
    name: str = Field(min_length=1, description="Release task name.")
    fail_strategy: Literal["continue", "stop"] | None = Field(
        None,
        description="Failure strategy.\n- continue\n- stop",
    )
    swimlane_id: str | None = Field(None, description="Lane ID, as the get call returns it.")

    @rule
    @staticmethod
    def component_count(obj: Mapping[str, Any]) -> list[Issue]:
        """At least one component, and no more than the console's 64."""
        components = obj.get("components")
        if not isinstance(components, list):
            return []
        if not components:
            return [warning(("components",), "plan.components", "the plan has no components to release")]
        if len(components) > MAX_COMPONENTS:
            return [
                warning(
                    ("components",),
                    "plan.components",
                    f"{len(components)} components; the ServiceStage console allows at most {MAX_COMPONENTS} in one "
                    "plan",
                )
            ]
        return []
