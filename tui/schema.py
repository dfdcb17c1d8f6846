"""Field specs: what the form, the tree and the messages know about each field.

The editor builds every form from these and nothing else, so a field added to a model shows up everywhere.
:data:`PLAN` comes from the table of :mod:`tui.spec_table`, which loads without pydantic or the models, so that
the form is drawn before they have loaded; :func:`fields_of` walks any model (:mod:`tui.spec_walk`, which the
table is made from). :func:`spec_at` finds the spec of any place in a plan by its path.
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import TYPE_CHECKING

from tui.fields import FieldSpec
from tui.spec_table import plan_spec
from tui.types import Path

if TYPE_CHECKING:
    from tui.models.base import SpecModel

__all__ = ["PLAN", "fields_of", "spec_at"]


PLAN: FieldSpec = plan_spec()
"""The spec of a whole release plan."""


def fields_of(model: type[SpecModel]) -> Mapping[str, FieldSpec]:
    """The specs of a model's fields, by wire name, in the reference's order (walked from the model)."""
    from tui import spec_walk

    return spec_walk.fields_of(model)


def spec_at(path: Path, root: FieldSpec = PLAN) -> FieldSpec | None:
    """The spec of the place ``path`` names in a plan, or None where the models say nothing about it."""
    spec: FieldSpec | None = root
    for key in path:
        if spec is None:
            return None
        spec = spec.child(key)
    return spec
