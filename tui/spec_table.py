"""The field specs of a release plan as a table shipped with the package, so that they load without pydantic.

The table (``spec_table.json`` beside this module) is made from the models by :mod:`tui.spec_walk`:
``python -m tui.spec_table`` writes it again, and a test fails while it differs from what the models say. Loading
it costs a few milliseconds where importing pydantic and the models costs a tenth of a second, so the editor's
form is drawn before they load; only the checks need them. Each model's fields are made into specs when first read.
"""

from __future__ import annotations

import json
from collections.abc import Mapping
from functools import cache, partial
from pathlib import Path as FilePath
from types import MappingProxyType
from typing import Any

from tui.fields import FieldSpec, Kind, LazyFields

__all__ = ["TABLE_FILE", "decode", "encode", "plan_spec", "table", "table_text"]

TABLE_FILE = FilePath(__file__).with_name("spec_table.json")

_DEFAULTS = FieldSpec("", Kind.TEXT)
_KEYS = (
    *("required", "help", "choices", "ge", "gt", "le", "min_length", "max_length", "pattern", "pattern_words"),
    *("model_name", "secret"),
)


def encode(spec: FieldSpec) -> dict[str, Any]:
    """One spec as JSON: its name and kind, what differs from the defaults, and its items' and variants' specs.

    An object's fields are not in it: they are the table's entry of its model.
    """
    out: dict[str, Any] = {"name": spec.name, "kind": spec.kind.value}
    for key in _KEYS:
        value = getattr(spec, key)
        if value != getattr(_DEFAULTS, key):
            out[key] = list(value) if isinstance(value, tuple) else value
    if spec.item is not None:
        out["item"] = encode(spec.item)
    if spec.variants:
        out["variants"] = [encode(variant) for variant in spec.variants]
    return out


def decode(data: Mapping[str, Any]) -> FieldSpec:
    """A spec from :func:`encode`'s JSON, an object's fields read from the table when first used."""
    given = dict(data)
    given["kind"] = Kind(given["kind"])
    if "choices" in given:
        given["choices"] = tuple(given["choices"])
    if "item" in given:
        given["item"] = decode(given["item"])
    if "variants" in given:
        given["variants"] = tuple(decode(variant) for variant in given["variants"])
    if given.get("model_name") is not None:
        given["fields"] = LazyFields(partial(_fields_of, given["model_name"]))
    return FieldSpec(**given)


@cache
def table() -> Mapping[str, Any]:
    """The table as it was written: ``plan``, the plan's own spec, and ``models``, each model's fields by name."""
    loaded: Mapping[str, Any] = json.loads(TABLE_FILE.read_text(encoding="utf-8"))
    return loaded


@cache
def _fields_of(model_name: str) -> Mapping[str, FieldSpec]:
    return MappingProxyType({field["name"]: decode(field) for field in table()["models"][model_name]})


def plan_spec() -> FieldSpec:
    """The spec of a whole release plan, from the table."""
    return decode(table()["plan"])


def table_text() -> str:
    """The table as the models say it should be, as it is written to :data:`TABLE_FILE` (needs pydantic)."""
    from tui.spec_walk import fields_of
    from tui.spec_walk import plan_spec as walked_plan

    plan = walked_plan()
    models: dict[str, list[dict[str, Any]]] = {}
    pending = [plan]
    while pending:
        spec = pending.pop(0)
        for nested in (spec, spec.item, *spec.variants):
            if nested is None or nested.model is None or nested.model_name in models:
                continue
            specs = fields_of(nested.model)
            models[nested.model.__name__] = [encode(field) for field in specs.values()]
            pending.extend(specs.values())
    return json.dumps({"plan": encode(plan), "models": models}, indent=1, ensure_ascii=False) + "\n"


if __name__ == "__main__":
    TABLE_FILE.write_text(table_text(), encoding="utf-8")
