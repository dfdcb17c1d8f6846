"""One walk of a plan for the finder: the keys the reference does not list, and the plan's values by their text.

The finder needs both once a query is not answered by the reference's fields and the components' names (see
:class:`~tui.finding.FieldIndex`), and a query that needs one mostly needs the other a key later: one walk gathers
both in a little more than the time of either alone. It finds exactly what :func:`unlisted_keys` and
:meth:`ValueIndex.build <tui.value_index.ValueIndex.build>` find.
"""

from __future__ import annotations

from tui.fields import FieldSpec, Kind
from tui.types import JSON, Path
from tui.value_index import OUTSIDE, ValueIndex, value_text

__all__ = ["unlisted_keys", "walk_plan"]

Unlisted = list[tuple[Path, str]]
"""Keys the reference does not list: each one's path and the key lowered, shallower first, then in the plan's order."""


def walk_plan(plan: JSON) -> tuple[Unlisted, ValueIndex]:
    """The keys of ``plan`` the reference does not list (as :func:`unlisted_keys`) and its values by their text (as
    :meth:`ValueIndex.build`), in one walk."""
    from tui.models.plan import READ_ONLY_KEYS
    from tui.schema import PLAN
    from tui.secrets import secret_names

    fields_hidden, maps_hidden = secret_names()
    hidden = fields_hidden | maps_hidden
    found: Unlisted = []
    specs: dict[int, dict[str, FieldSpec]] = {}  # an object's field specs, read once (a spec reads them lazily)
    keys: list[str | int] = []  # the path to the node being read; a tuple is made only for a key found
    none: dict[str, FieldSpec] = {}
    texts: set[str] = set()  # the values' texts noted in the component (or the plan's own fields) being read

    def visit(value: dict[str, JSON] | list[JSON], spec: FieldSpec | None, noted: bool) -> None:
        """Walk ``value``; ``noted``: whether its values are noted (not under a secret or a server's key)."""
        if type(value) is dict:
            fields = none
            if spec is not None and spec.kind is Kind.OBJECT:
                fields = specs.get(id(spec)) or specs.setdefault(id(spec), dict(spec.fields))
            if not value.keys() <= fields.keys():  # most objects hold only fields the reference lists
                found.extend(((*keys, key), key.lower()) for key in value if key not in fields)
            for key, child in value.items():
                held_type = type(child)
                if held_type is dict or held_type is list:
                    keys.append(key)
                    visit(child, fields.get(key), noted and key not in hidden)  # type: ignore[arg-type]
                    keys.pop()
                elif noted and child is not None and key not in hidden:
                    texts.add(child if held_type is str else value_text(child))  # type: ignore[arg-type]
        else:
            item = spec.item if spec is not None and spec.kind is Kind.LIST else None
            for index, child in enumerate(value):
                held_type = type(child)
                if held_type is dict or held_type is list:
                    keys.append(index)
                    visit(child, item, noted)  # type: ignore[arg-type]
                    keys.pop()
                elif noted and child is not None:
                    texts.add(child if held_type is str else value_text(child))  # type: ignore[arg-type]

    noted: list[tuple[int, set[str]]] = []  # the values' texts of each component, the plan's own fields first
    if type(plan) is dict:
        own: set[str] = set()
        plan_fields = dict(PLAN.fields) if PLAN.kind is Kind.OBJECT else {}
        if not plan.keys() <= plan_fields.keys():
            found.extend(((key,), key.lower()) for key in plan if key not in plan_fields)
        for key, child in plan.items():
            child_type = type(child)
            shown = key not in READ_ONLY_KEYS and key != "components" and key not in hidden
            if key == "components" and child_type is list:
                keys.append(key)
                spec = plan_fields.get(key)
                item = spec.item if spec is not None and spec.kind is Kind.LIST else None
                for index, component in enumerate(child):  # type: ignore[arg-type]
                    texts = set()
                    if type(component) is dict or type(component) is list:
                        keys.append(index)
                        visit(component, item, True)
                        keys.pop()
                    noted.append((index, texts))
                keys.pop()
            elif child_type is dict or child_type is list:
                texts = own
                keys.append(key)
                visit(child, plan_fields.get(key), shown)  # type: ignore[arg-type]
                keys.pop()
            elif shown and child is not None:
                own.add(child if child_type is str else value_text(child))  # type: ignore[arg-type]
        noted.insert(0, (OUTSIDE, own))
    elif type(plan) is list:
        visit(plan, PLAN, False)
    found.sort(key=lambda entry: len(entry[0]))  # stable: within a depth, the plan's order
    where: dict[str, list[int]] = {}
    for at, held in noted:
        for text in held:
            places = where.get(text)
            if places is None:
                where[text] = [at]
            else:
                places.append(at)
    return found, ValueIndex(plan, where)


def unlisted_keys(plan: JSON) -> Unlisted:
    """Every key in the plan the reference does not list (and everything under it), lowered, shallower first."""
    return walk_plan(plan)[0]
