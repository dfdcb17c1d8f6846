"""New values for a field or list item: what ``a`` adds, read from the field's spec."""

from __future__ import annotations

from tui.fields import FieldSpec, Kind
from tui.types import JSON

__all__ = ["template"]


def template(spec: FieldSpec, plan: JSON = None) -> JSON:
    """A new value for a field or list item: an object holds its required fields, each empty or at its lowest.

    Empty strings are left where a person must fill something in, so that the validator names each of them.
    A new component goes into the last batch of ``plan`` and starts at version 1.0.0.
    """
    if spec.kind is Kind.OBJECT and spec.model_name is not None:
        from tui.schema import spec_at

        value = {name: template(field) for name, field in spec.fields.items() if field.required}
        if spec_at(("components", 0)) == spec:
            _fill_component(value, plan)
        return value
    if spec.kind is Kind.LIST:
        return []
    if spec.kind is Kind.STRING_MAP:
        return {}
    if spec.kind is Kind.BOOLEAN:
        return False
    if spec.kind is Kind.CHOICE:
        return spec.choices[0]
    if spec.kind in (Kind.INTEGER, Kind.NUMBER, Kind.UNION):
        low = spec.ge if spec.ge is not None else (spec.gt + 1 if spec.gt is not None else 0)
        return int(low)
    return ""


def _fill_component(component: dict[str, JSON], plan: JSON) -> None:
    components = plan.get("components") if isinstance(plan, dict) else None
    batches = [c.get("seq") for c in components or [] if isinstance(c, dict)] if isinstance(components, list) else []
    seqs = [seq for seq in batches if isinstance(seq, int) and not isinstance(seq, bool)]
    component["seq"] = max(seqs, default=1)
    component["version"] = "1.0.0"
    component["replica"] = 1
