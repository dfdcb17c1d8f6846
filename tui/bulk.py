"""Edits of many components at once, worked out on the plan before anything changes: set a field, bump versions,
paste a copied node (and, in :mod:`tui.value_search`, replace a value everywhere).

Each ``plan_*`` function reads the plan, checks what it would do (a value by the models' own rules for its field,
see :func:`tui.validation.field_errors`) and returns a :class:`BulkEdit`, or raises
:class:`~tui.errors.EditRefusedError` saying why nothing can be done. :class:`~tui.session.EditSession` applies a
``BulkEdit`` as one undo step (see :mod:`tui.bulk_edits`) and hands back a :class:`BulkResult`: what to repaint
and the line to show.
Every cost here is linear in the components touched; the check of a value runs once per field, not per component.
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, replace
from functools import cache
from typing import Final

from tui.edits import REMOVE, Changed, Notice, Remove, Tone
from tui.errors import EditRefusedError
from tui.fields import FieldSpec, Kind
from tui.jsontree import copy_json, same_json
from tui.paths import format_path, get, parse_path
from tui.readable import readable
from tui.schema import PLAN, spec_at
from tui.text import plural, printable
from tui.types import JSON, Path
from tui.wording import show

__all__ = [
    "BulkEdit",
    "BulkResult",
    "Clip",
    "check_value",
    "component_fields",
    "copy_node",
    "plan_bump",
    "plan_paste",
    "plan_set",
    "refused",
    "shown",
]

_COMPONENT: Final = spec_at(("components", 0)) or PLAN
_TYPED: Final = frozenset({Kind.TEXT, Kind.INTEGER, Kind.NUMBER, Kind.BOOLEAN, Kind.CHOICE, Kind.UNION})
"""The kinds of field a value typed as text can set."""
_LAST_NUMBER: Final = re.compile(r"([0-9]+)([^0-9]*)$")
_HIDDEN: Final = "a value not shown (a secret)"
_NAMED: Final = 3
"""How many components a message names before it says how many more."""


@dataclass(frozen=True, slots=True)
class BulkResult:
    """What a bulk edit did, or why it did nothing: what a view repaints and the line it shows."""

    message: str
    """One line for the status bar, printable: what was done, or why nothing was."""
    changed: Changed | None = None
    """What changed, for the view to repaint (its ``notice`` is :attr:`notice`); None when nothing did."""
    refused: bool = False
    """Whether the edit was refused (nothing changed): :attr:`message` says why."""
    replaced: int = 0
    """Values that were there and now differ."""
    added: int = 0
    """Values set where there was none."""
    removed: int = 0
    """Values removed (a bulk set of an optional field to empty text)."""
    unchanged: int = 0
    """Places that held the value already."""
    skipped: tuple[int, ...] = ()
    """Components left as they were because the edit cannot apply to them (a version with no number), by index."""

    @property
    def notice(self) -> Notice:
        """:attr:`message` as a notice: an error when refused, a warning when components were skipped."""
        tone: Tone = "error" if self.refused else "warning" if self.skipped else "information"
        return Notice(self.message, tone)


@dataclass(frozen=True, slots=True)
class BulkEdit:
    """A bulk edit worked out and checked, not made yet: the session applies :attr:`edits` as one undo step."""

    edits: tuple[tuple[Path, JSON | Remove], ...]
    """Each path, from the plan, and its new value (or :data:`~tui.edits.REMOVE`)."""
    label: str
    """The undo step's label."""
    result: BulkResult
    """What the edit does once made (its ``changed`` is filled in then)."""

    def outcome(self, changed: Changed | None) -> BulkResult:
        """The result, once the session has made the edits (``changed`` is what it returned)."""
        if changed is not None:
            changed = replace(changed, notice=self.result.notice)
        return replace(self.result, changed=changed)


@dataclass(frozen=True, slots=True)
class Clip:
    """A node copied from a component, to paste at the same place in others."""

    path: Path
    """Where it is inside its component: ``("liveness_probe",)``, ``("envs", 2)``."""
    value: JSON
    """A copy of the node's value, as it was when copied."""
    origin: str
    """The component it came from, as a person names it (printable)."""

    @property
    def text(self) -> str:
        """What was copied, for the status line: ``liveness_probe of orders-000``."""
        return f"{printable(format_path(self.path))} of {self.origin}"


def refused(message: str) -> BulkResult:
    """A bulk edit not made, and why."""
    return BulkResult(message, refused=True)


# -- fields inside a component


@cache
def _field_paths() -> tuple[str, ...]:
    """Every field inside a component a typed value can set, in the reference's order, through objects only."""
    found: list[str] = []

    def visit(spec: FieldSpec, prefix: str, depth: int) -> None:
        for name, child in spec.fields.items():
            text = format_path((name,))
            if child.kind in _TYPED:
                found.append(prefix + text)
            elif child.kind is Kind.OBJECT and depth < 8:
                visit(child, f"{prefix}{text}.", depth + 1)

    visit(_COMPONENT, "", 0)
    return tuple(found)


def component_fields(prefix: str = "", *, limit: int | None = None) -> list[str]:
    """The fields inside a component (``version``, ``source.url``) that start with ``prefix``, then those with a
    later key that does (``type`` finds ``deploy_strategy.type``); without regard to case, in the reference's order.

    Only fields a typed value can set: text, numbers, booleans, choices; objects are gone through, lists are not.
    """
    wanted = prefix.lower()
    first = [path for path in _field_paths() if path.lower().startswith(wanted)]
    later = [
        path
        for path in _field_paths()
        if not path.lower().startswith(wanted) and any(key.startswith(wanted) for key in path.lower().split(".")[1:])
    ]
    return (first + later)[:limit]


# -- set one field


def plan_set(plan: JSON, components: Iterable[int], field: str | Path, text: str) -> BulkEdit:
    """Set ``field`` (a path inside a component) to ``text``, parsed by the field's spec, in ``components``.

    Empty text removes an optional field. Refused, with nothing changed, when the field is not one the models know
    as a field a typed value sets, when the value breaks the field's own rules, or when a component lacks the
    object the field is in.
    """
    inner = _field_path(field)
    spec = spec_at(("components", 0, *inner))
    name = printable(format_path(inner))
    if spec is None:
        raise EditRefusedError(f"A component has no field {name}; nothing changed.")
    if spec.kind not in _TYPED:
        raise EditRefusedError(f"{name} is {_kind_words(spec)}: set one of the fields inside it; nothing changed.")
    indices = _targets(plan, components)
    value: JSON | Remove = REMOVE if text == "" and not spec.required else spec.parse(text)
    parent = spec_at(("components", 0, *inner[:-1]))
    hidden = spec.secret or (parent is not None and parent.secret)  # the form masks it: so does the message
    what = f"Removed {name}" if isinstance(value, Remove) else f"Set {name} to {_HIDDEN if hidden else shown(value)}"
    return _put_all(plan, indices, inner, value, label=f"set {name}", what=what)


def _field_path(field: str | Path) -> Path:
    if isinstance(field, tuple):
        inner = field
    else:
        try:
            inner = parse_path(field.strip())
        except ValueError:
            raise EditRefusedError(f"{printable(field)} is not a field path; nothing changed.") from None
    if not inner:
        raise EditRefusedError("Name a field inside the components (version, source.url); nothing changed.")
    return inner


def _kind_words(spec: FieldSpec) -> str:
    return {Kind.OBJECT: "an object", Kind.LIST: "a list", Kind.STRING_MAP: "a map of text"}.get(spec.kind, "not text")


def _targets(plan: JSON, components: Iterable[int]) -> list[int]:
    """The components' indices, each once, in order; refused when there is none or one is not in the plan."""
    listed = plan.get("components") if isinstance(plan, dict) else None
    count = len(listed) if isinstance(listed, list) else 0
    indices = sorted(set(components))
    if not indices:
        raise EditRefusedError("No component is selected; nothing changed.")
    outside = [index for index in indices if not 0 <= index < count]
    if outside:
        raise EditRefusedError(f"The plan has no component #{outside[0]}; nothing changed.")
    return indices


def _put_all(plan: JSON, indices: list[int], inner: Path, value: JSON | Remove, *, label: str, what: str) -> BulkEdit:
    """Put ``value`` at ``inner`` in each component, checked once; refused when any lacks the place's parent."""
    edits: list[tuple[Path, JSON | Remove]] = []
    lacking: list[int] = []
    replaced = added = removed = unchanged = 0
    for index in indices:
        full = ("components", index, *inner)
        found, current = _lookup(plan, full)
        if isinstance(value, Remove):
            if found:
                edits.append((full, value))
                removed += 1
            else:
                unchanged += 1
        elif found and same_json(current, value):
            unchanged += 1
        elif found:
            edits.append((full, value))
            replaced += 1
        elif _has_parent(plan, full):
            edits.append((full, value))
            added += 1
        else:
            lacking.append(index)
    if lacking:
        names = f"{_names(plan, lacking)} {_has(lacking)} no"
        if isinstance(inner[-1], int):
            raise EditRefusedError(f"{names} item {printable(format_path(inner))} to replace; nothing changed.")
        if len(inner) == 1:
            raise EditRefusedError(f"{_names(plan, lacking)} {_is(lacking)} not an object; nothing changed.")
        raise EditRefusedError(f"{names} {printable(format_path(inner[:-1]))} to put it in; nothing changed.")
    if edits and not isinstance(value, Remove):
        check_value(plan, edits[0][0], value)
    counts = _count_words(replaced=replaced, added=added, removed=removed, unchanged=unchanged)
    message = f"{what} in {plural(len(indices), 'component')}: {counts}."
    result = BulkResult(message, replaced=replaced, added=added, removed=removed, unchanged=unchanged)
    return BulkEdit(tuple(edits), label, result)


def _lookup(plan: JSON, path: Path) -> tuple[bool, JSON]:
    """Whether ``path`` leads to a value, and the value."""
    parent = get(plan, path[:-1])
    key = path[-1]
    if isinstance(parent, dict) and isinstance(key, str) and key in parent:
        return True, parent[key]
    if isinstance(parent, list) and isinstance(key, int) and 0 <= key < len(parent):
        return True, parent[key]
    return False, None


def _has_parent(plan: JSON, path: Path) -> bool:
    """Whether a key can be added at ``path``: its parent is an object there (a list's items are not added)."""
    return isinstance(path[-1], str) and isinstance(get(plan, path[:-1]), dict)


def check_value(plan: JSON, path: Path, value: JSON) -> None:
    """Refuse ``value`` at ``path`` (:class:`~tui.errors.EditRefusedError`) when it breaks the models' own rules
    for the field there; ``plan`` itself is left as it is."""
    from tui.validation import field_errors

    errors = field_errors(_with(plan, path, value), path)
    if errors:
        where, message = errors[0].path, errors[0].message
        inside = where[2:] if where[:1] == ("components",) else where
        named = str(inside[-1]) if inside else ""
        if len(inside) > 1 and message.startswith(f"{named} "):  # ``type`` alone could be any of nine fields
            message = format_path(inside) + message[len(named) :]
        raise EditRefusedError(f"{printable(message)}; nothing changed.")


def _with(tree: JSON, path: Path, value: JSON) -> JSON:
    """``tree`` with ``value`` at ``path``, copying only the objects and lists on the way (``tree`` is left alone)."""
    if not path:
        return value
    key, rest = path[0], path[1:]
    if isinstance(tree, dict) and isinstance(key, str):
        return {**tree, key: _with(tree.get(key), rest, value)}
    if isinstance(tree, list) and isinstance(key, int):
        copy = list(tree)
        copy[key] = _with(copy[key], rest, value)
        return copy
    return tree


# -- bump versions


def plan_bump(plan: JSON, components: Iterable[int]) -> BulkEdit:
    """Add one to the last number of each component's ``version`` (``1.2.9`` -> ``1.2.10``, keeping leading zeros'
    width: ``1.0.09`` -> ``1.0.10``). A component whose version holds no number is left as it is, and named;
    refused when no component has one."""
    indices = _targets(plan, components)
    edits: list[tuple[Path, JSON | Remove]] = []
    left: list[int] = []
    for index in indices:
        path: Path = ("components", index, "version")
        version = get(plan, path)
        match = _LAST_NUMBER.search(version) if isinstance(version, str) else None
        if match is None:
            left.append(index)
            continue
        number = match.group(1)
        bumped = str(int(number) + 1).zfill(len(number))
        edits.append((path, f"{match.string[: match.start()]}{bumped}{match.group(2)}"))
    if not edits:
        raise EditRefusedError(f"{_names(plan, left)} {_has(left)} no version with a number to bump; nothing changed.")
    message = f"Bumped the version of {plural(len(edits), 'component')}."
    if left:
        message += f" Left {_names(plan, left)} as {'it is' if len(left) == 1 else 'they are'}: no number to bump."
    result = BulkResult(message, replaced=len(edits), skipped=tuple(left))
    return BulkEdit(tuple(edits), "bump versions", result)


# -- copy and paste


def copy_node(plan: JSON, path: Path) -> Clip:
    """The node at ``path`` (inside a component), to paste at the same place in others; refused anywhere else."""
    if len(path) < 3 or path[0] != "components" or not isinstance(path[1], int):
        raise EditRefusedError("Copy a field, object or list item inside a component, to paste it into others.")
    found, value = _lookup(plan, path)
    if not found:
        raise EditRefusedError(f"Nothing at {readable(path, plan).text} to copy.")
    return Clip(path[2:], copy_json(value), readable(path[:2], plan).text)


def plan_paste(plan: JSON, clip: Clip, components: Iterable[int]) -> BulkEdit:
    """Put the copied value at the clip's place in each component: a value there is replaced, a missing key added.

    Refused, with nothing changed, when the value breaks its field's own rules, or a component has nowhere to put
    it (no object it goes in; for a list item, no item at that index).
    """
    indices = _targets(plan, components)
    what = f"Pasted {clip.text}"
    return _put_all(plan, indices, clip.path, clip.value, label=f"paste {format_path(clip.path)}", what=what)


# -- words


def shown(value: JSON | Remove) -> str:
    """A value as a message shows it: JSON (``"1"`` and ``1`` read apart), cut short, printable."""
    return "(removed)" if isinstance(value, Remove) else printable(show(value))


def _names(plan: JSON, indices: Sequence[int]) -> str:
    """Components by name, the first few: ``orders-001, #4, orders-009 and 3 more``."""
    named = ", ".join(readable(("components", index), plan).text for index in indices[:_NAMED])
    return f"{named} and {len(indices) - _NAMED} more" if len(indices) > _NAMED else named


def _has(indices: Sequence[int]) -> str:
    return "has" if len(indices) == 1 else "have"


def _is(indices: Sequence[int]) -> str:
    return "is" if len(indices) == 1 else "are"


def _count_words(*, replaced: int, added: int, removed: int, unchanged: int) -> str:
    """``10 replaced, 2 added, 3 already so``; ``nothing to change`` when every place holds the value."""
    parts = [f"{count} {word}" for count, word in ((replaced, "replaced"), (added, "added"), (removed, "removed"))]
    parts = [part for part in parts if not part.startswith("0 ")]
    if unchanged:
        parts.append(f"{unchanged} already so")
    return ", ".join(parts) if replaced or added or removed else "nothing to change, every one is so already"
