"""The table of field specs the editor draws its forms from says what the models say, and loads without them."""

from __future__ import annotations

import json
import subprocess
import sys

from tui.fields import FieldSpec, Kind
from tui.models import Component
from tui.schema import PLAN, fields_of
from tui.spec_table import TABLE_FILE, decode, encode, table_text
from tui.spec_walk import plan_spec


def test_the_table_is_what_the_models_say() -> None:
    assert TABLE_FILE.read_text(encoding="utf-8") == table_text(), "stale: write it again with python -m tui.spec_table"


def _same(table: FieldSpec, walked: FieldSpec, seen: set[str]) -> None:
    assert table == walked
    if table.model_name is not None and table.model_name not in seen:
        seen.add(table.model_name)
        assert list(table.fields) == list(walked.fields)
        for name in table.fields:
            _same(table.fields[name], walked.fields[name], seen)
    if table.item is not None and walked.item is not None:
        _same(table.item, walked.item, seen)
    for variant, walked_variant in zip(table.variants, walked.variants, strict=True):
        _same(variant, walked_variant, seen)


def test_every_spec_of_the_table_equals_the_walked_one() -> None:
    seen: set[str] = set()
    _same(PLAN, plan_spec(), seen)
    assert len(seen) == 40


def test_a_spec_goes_through_the_table_unchanged() -> None:
    for spec in fields_of(Component).values():
        assert decode(json.loads(json.dumps(encode(spec)))) == spec


def test_an_object_of_the_table_finds_its_model_when_asked() -> None:
    component = PLAN.fields["components"].item
    assert component is not None and component.kind is Kind.OBJECT
    assert component.model is Component


def test_the_table_loads_without_pydantic() -> None:
    code = (
        "import sys\nfrom tui.schema import PLAN, spec_at\n"
        "assert spec_at(('components', 0, 'version')).pattern\n"
        "print(sorted(m for m in sys.modules if m.split('.')[0] in ('pydantic', 'pydantic_core', 'tui')))"
    )
    loaded = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True).stdout
    assert "pydantic" not in loaded
    assert "tui.models" not in loaded
