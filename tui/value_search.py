"""Finding a value everywhere in a plan, and replacing it everywhere as one edit.

Values are compared as JSON compares them: ``"1"`` is not ``1``, and ``1`` is neither ``1.0`` nor ``true``. The
count comes before the edit (:func:`value_places`), and the edit (:func:`plan_replace`) checks the new value by the
rules of each field it lands in, once per field.
"""

from __future__ import annotations

import math
from collections.abc import Sequence

from tui.bulk import BulkEdit, BulkResult, check_value, shown
from tui.edits import Remove
from tui.errors import EditRefusedError
from tui.fields import parse_unlisted
from tui.jsontree import same_json
from tui.schema import spec_at
from tui.text import plural, printable
from tui.types import JSON, Path
from tui.wording import show

__all__ = ["places_words", "plan_replace", "value_places"]


def value_places(plan: JSON, value: JSON) -> list[Path]:
    """Every place in ``plan`` whose value is ``value``, in document order: JSON's equality, so ``"1"`` is not
    ``1``, ``1`` is not ``1.0`` or ``true``. Only a value that is not an object or a list is looked for; the keys
    a fetched plan's server owns (``id``, ``status``, ...) are left out, and so are secrets (a password, the
    values of a header map): they are never shown, so they are never found or replaced by value."""
    from tui.models.plan import READ_ONLY_KEYS
    from tui.secrets import secret_names

    fields, maps = secret_names()
    hidden = fields | maps
    if isinstance(value, dict | list) or (isinstance(value, float) and math.isnan(value)):  # NaN equals nothing
        return []
    found: list[Path] = []
    kind = type(value)
    keys: list[str | int] = []  # the path to the node being read; a tuple is made only for a place found

    def visit(node: dict[str, JSON] | list[JSON]) -> None:
        items = node.items() if type(node) is dict else enumerate(node)
        for key, child in items:
            if key in hidden:
                continue
            held = type(child)
            if held is dict or held is list:
                keys.append(key)
                visit(child)  # type: ignore[arg-type]
                keys.pop()
            elif held is kind and child == value:
                found.append((*keys, key))

    if isinstance(plan, dict):
        visit({key: child for key, child in plan.items() if key not in READ_ONLY_KEYS})
    return found


def places_words(places: Sequence[Path], value: JSON) -> str:
    """What a replace would change, said before it is made: ``3 places hold "1.0.9", in 2 components``."""
    components = len({path[1] for path in places if path[:1] == ("components",) and len(path) > 2})
    where = f", in {plural(components, 'component')}" if components else ""
    verb = "holds" if len(places) == 1 else "hold"
    return f"{plural(len(places), 'place')} {verb} {shown(value)}{where}"


def plan_replace(plan: JSON, old: JSON, text: str) -> BulkEdit:
    """Put ``text`` in every place that holds ``old`` (see :func:`value_places`), parsed by each place's spec (a
    place the models do not know keeps text as text). Refused when the new value breaks a field's own rules."""
    places = value_places(plan, old)
    if not places:
        raise EditRefusedError(f"No place holds {shown(old)}; nothing changed.")
    edits: list[tuple[Path, JSON | Remove]] = []
    checked: set[int] = set()
    for path in places:
        spec = spec_at(path)
        value = spec.parse(text) if spec is not None else text if isinstance(old, str) else parse_unlisted(text)
        if same_json(old, value):
            continue
        if spec is not None and id(spec) not in checked:  # a field's own rules do not depend on where it is
            checked.add(id(spec))
            check_value(plan, path, value)
        edits.append((path, value))
    components = len({path[1] for path, _ in edits if path[:1] == ("components",) and len(path) > 2})
    where = f" ({plural(components, 'component')})" if components else ""
    message = f"Replaced {shown(old)} with {printable(show(text))} in {plural(len(edits), 'place')}{where}."
    if not edits:
        message = f"{plural(len(places), 'place')} hold {shown(old)} already; nothing changed."
    result = BulkResult(message, replaced=len(edits), unchanged=len(places) - len(edits))
    return BulkEdit(tuple(edits), "replace a value", result)
