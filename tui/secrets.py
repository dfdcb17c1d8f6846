"""Secrets in a plan (a password, the values of a header map): masked on the screen until a person asks to see them.

Which fields are secret is marked on the models (:data:`tui.models.base.SECRET`), which :mod:`tui.schema` reads
into :attr:`tui.fields.FieldSpec.secret`; nothing here lists them. A secret is known by its field's name wherever
it appears, so that a secret key put where the models do not expect it is masked all the same.
"""

from __future__ import annotations

from functools import cache
from typing import Final

from tui.diff import component_key
from tui.errors import DocumentError
from tui.fields import Kind
from tui.paths import format_path
from tui.types import JSON, Path

__all__ = ["MASK", "is_secret", "mask_secrets", "secret_names", "unmask_secrets"]

MASK: Final = "••••••"
"""What a secret looks like on screen."""


@cache
def secret_names() -> tuple[frozenset[str], frozenset[str]]:
    """The names of the fields marked secret: those whose value is a secret, and the maps whose values are."""
    from tui.schema import PLAN  # the table of field specs, read when a secret is first looked for

    fields: set[str] = set()
    maps: set[str] = set()
    seen: set[object] = set()
    objects = [PLAN]
    while objects:
        for spec in objects.pop().fields.values():
            if spec.secret:
                (maps if spec.kind is Kind.STRING_MAP else fields).add(spec.name)
            nested = spec.item if spec.kind is Kind.LIST else spec
            if nested is not None and nested.model_name is not None and nested.model_name not in seen:
                seen.add(nested.model_name)
                objects.append(nested)
    return frozenset(fields), frozenset(maps)


def _holds_one(path: Path) -> bool:
    """Whether the value at ``path`` is itself a secret: a secret field, or a value of a secret map."""
    fields, maps = secret_names()
    return bool(path) and (path[-1] in fields or (len(path) > 1 and path[-2] in maps))


def is_secret(path: Path) -> bool:
    """Whether the value at ``path`` is, or holds, a secret (a password, a header map or one of its values)."""
    if not path:
        return False
    fields, maps = secret_names()
    last = path[-1]
    return last in fields or last in maps or (len(path) > 1 and path[-2] in maps)


def mask_secrets(value: JSON, path: Path = ()) -> JSON:
    """``value`` (found at ``path``) with every secret in it replaced by :data:`MASK`."""
    if _holds_one(path):
        return MASK if value is not None else None
    if path and path[-1] in secret_names()[1] and value is not None and not isinstance(value, dict):
        return MASK  # a malformed header map: all of it is secret
    if isinstance(value, dict):
        return {key: mask_secrets(item, (*path, key)) for key, item in value.items()}
    if isinstance(value, list):
        return [mask_secrets(item, (*path, index)) for index, item in enumerate(value)]
    return value


def unmask_secrets(edited: JSON, original: JSON, path: Path = ()) -> JSON:
    """``edited`` with every secret still reading :data:`MASK` given back its value from ``original``.

    A masked node edited as text keeps its secrets unless the person typed new ones. List items are matched
    with the original's by ``component_id`` (else ``name``), so deleting or moving an item never hands it
    another's secret; a mask with no original to take its value from is refused, not guessed.

    Raises:
        DocumentError: a mask is left where there was no secret to keep (a renamed header, a new item).
    """
    if edited == MASK and _holds_one(path):
        if not isinstance(original, str):
            raise DocumentError(f"{format_path(path)} reads {MASK}, and there was no secret there to keep: type it")
        return original
    if isinstance(edited, dict):
        old = original if isinstance(original, dict) else {}
        return {key: unmask_secrets(item, old.get(key), (*path, key)) for key, item in edited.items()}
    if isinstance(edited, list):
        olds = original if isinstance(original, list) else []
        return [unmask_secrets(item, _was(item, index, olds), (*path, index)) for index, item in enumerate(edited)]
    return edited


def _was(item: JSON, index: int, olds: list[JSON]) -> JSON:
    """The item of the original list that ``item`` is: the one with its identity, else the one at its index."""
    identity = component_key(item)
    if identity is None:
        return olds[index] if index < len(olds) else None
    same = [old for old in olds if component_key(old) == identity]
    return same[0] if len(same) == 1 else None
