"""The shape of a plan as the editor shows it, in plain Python: tree nodes, labels, issue counts, search, templates.

Nothing here imports Textual; the widgets draw what these functions compute.
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Iterator
from dataclasses import dataclass

from tui.diff import component_key
from tui.errors import DocumentError
from tui.fields import FieldSpec, Kind
from tui.paths import exists, format_path, parse_path
from tui.text import printable
from tui.types import JSON, Issue, Path, Severity

__all__ = [
    "Counts",
    "FieldIndex",
    "Hit",
    "branches",
    "count_issues",
    "is_branch",
    "node_label",
    "template",
    "value_text",
]

_SUMMARY_KEYS = ("name", "key", "container_name", "conifg_id", "log_path", "ip", "id", "type", "path", "key_id")


def is_branch(value: JSON) -> bool:
    """Whether a value is a tree node of its own (an object or a list) rather than a field of its parent's form."""
    return isinstance(value, dict | list)


def branches(value: JSON) -> Iterator[tuple[str | int, JSON]]:
    """The children of an object or list that are objects or lists themselves, in document order."""
    items: Iterable[tuple[str | int, JSON]]
    if isinstance(value, dict):
        items = value.items()
    elif isinstance(value, list):
        items = enumerate(value)
    else:
        return
    for key, child in items:
        if is_branch(child):
            yield key, child


def node_label(path: Path, value: JSON) -> str:
    """How a tree node reads: the plan's name, ``components (12)``, ``2 · order-api``, ``#1 JAVA_OPTS``.

    The label is one line, safe to show: the plan's names and keys have their controls escaped (``\\x1b``).
    """
    return printable(_label(path, value))


def _label(path: Path, value: JSON) -> str:
    if not path:
        name = value.get("name") if isinstance(value, dict) else None
        return f"plan {name}" if isinstance(name, str) and name else "plan"
    key = path[-1]
    if isinstance(key, str):
        return f"{key} ({len(value)})" if isinstance(value, list) else key
    if path[:1] == ("components",) and len(path) == 2 and isinstance(value, dict):
        seq, name = value.get("seq"), value.get("name")
        batch = str(seq) if isinstance(seq, int) and not isinstance(seq, bool) else "?"
        return f"{batch} · {name if isinstance(name, str) and name else '(no name)'}"
    summary = _summary(value)
    return f"#{key} {summary}" if summary else f"#{key}"


def _summary(value: JSON) -> str:
    if isinstance(value, dict):
        for key in _SUMMARY_KEYS:
            item = value.get(key)
            if isinstance(item, str) and item:
                return item
    if isinstance(value, str | int | float) and not isinstance(value, bool):
        return str(value)
    return ""


def value_text(value: JSON) -> str:
    """A scalar as it reads in an input: strings as they are, numbers and booleans as JSON spells them."""
    if value is None:
        return ""
    if isinstance(value, str):
        return value
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, int | float):
        return repr(value)
    return ""


@dataclass(frozen=True, slots=True)
class Counts:
    """Errors and warnings at or below one path."""

    errors: int = 0
    warnings: int = 0


def count_issues(issues: Iterable[Issue]) -> dict[Path, Counts]:
    """For every path that has an issue at or below it, how many errors and warnings."""
    errors: dict[Path, int] = {}
    warnings: dict[Path, int] = {}
    for issue in issues:
        tally = errors if issue.severity is Severity.ERROR else warnings
        path = issue.path
        for end in range(len(path) + 1):
            prefix = path[:end]
            tally[prefix] = tally.get(prefix, 0) + 1
    return {path: Counts(errors.get(path, 0), warnings.get(path, 0)) for path in errors.keys() | warnings.keys()}


@dataclass(frozen=True, slots=True)
class Hit:
    """A place a search found: its path, the text that matched, and how well."""

    path: Path
    text: str
    rank: int


class FieldIndex:
    """Every place in a plan (and every field its objects could have), ready to search as a person types."""

    def __init__(self, plan: JSON) -> None:
        self._places = [(path, format_path(path)) for path in _places(plan)]
        self._lowered = [(path, dotted, dotted.lower(), str(path[-1]).lower()) for path, dotted in self._places]

    def search(self, query: str, *, limit: int = 20) -> list[Hit]:
        """Places whose name or dotted path matches ``query``, best first.

        An exact path (``components.0.version``) or an exact field name (``desc``) ranks first, then paths that
        end with the query, then names that start with it, then any path that contains it.
        """
        needle = query.strip().lower()
        if not needle:
            return []
        tail = "." + needle
        hits: list[Hit] = []
        for path, dotted, lowered, name in self._lowered:
            if needle not in lowered:
                continue
            if lowered == needle:
                rank = 0
            elif name == needle:
                rank = 1
            elif lowered.endswith(tail):
                rank = 2
            elif name.startswith(needle):
                rank = 3
            else:
                rank = 4
            hits.append(Hit(path, dotted, rank))
        hits.sort(key=lambda hit: (hit.rank, len(hit.path)))
        return hits[:limit]


def _places(plan: JSON) -> Iterator[Path]:
    """Every path in the plan, and every field the schema knows for its objects, in document order."""
    from tui.schema import PLAN  # the models load only when a search needs them

    stack: list[tuple[Path, JSON, FieldSpec | None]] = [((), plan, PLAN)]
    while stack:
        path, value, spec = stack.pop()
        if path:
            yield path
        children: list[tuple[Path, JSON, FieldSpec | None]] = []
        if isinstance(value, dict):
            for key, child in value.items():
                children.append(((*path, key), child, spec.child(key) if spec else None))
            if spec is not None and spec.kind is Kind.OBJECT:
                for name, field in spec.fields.items():
                    if name not in value:
                        children.append(((*path, name), None, field))
        elif isinstance(value, list):
            for index, child in enumerate(value):
                children.append(((*path, index), child, spec.child(index) if spec else None))
        stack.extend(reversed(children))


def template(spec: FieldSpec, plan: JSON = None) -> JSON:
    """A new value for a field or list item: an object holds its required fields, each empty or at its lowest.

    Empty strings are left where a person must fill something in, so that the validator names each of them.
    A new component goes into the last batch of ``plan`` and starts at version 1.0.0.
    """
    if spec.kind is Kind.OBJECT and spec.model is not None:
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


_NAMED_PATH = re.compile(r"[A-Za-z_][A-Za-z0-9_]*(?:(?:\.[A-Za-z0-9_]+)|(?:\[\d+\]))+|[A-Za-z_][A-Za-z0-9_]*")


def server_issues(message: str, plan: JSON) -> list[Issue]:
    """The fields of ``plan`` that a server's error message names, each as an error saying what the server said.

    A name counts when it is a path into the plan, written ``components.0.version`` or ``components[0].version``,
    or a key of the plan itself followed by ``:`` or in quotes; the message's part from that name to the next ``;``
    is the error's text.
    """
    found: dict[Path, Issue] = {}
    for match in _NAMED_PATH.finditer(message):
        path = _as_path(match.group())
        if path is None or path in found or not exists(plan, path):
            continue
        if len(path) == 1 and not _marked_as_name(message, match.start(), match.end()):
            continue  # a plain word such as "name" in prose is not a field named
        begin = match.start() - (1 if match.start() > 0 and message[match.start() - 1] in "'\"`" else 0)
        end = message.find(";", match.end())
        said = message[begin : end if end != -1 else len(message)].strip()
        found[path] = Issue(path, Severity.ERROR, f"the server said: {said}", "server")
    return list(found.values())


def _marked_as_name(message: str, start: int, end: int) -> bool:
    before = message[start - 1] if start > 0 else ""
    after = message[end] if end < len(message) else ""
    return after == ":" or (before in "'\"`" and before != "" and after == before)


def _as_path(text: str) -> Path | None:
    """A name the message wrote as ``components.0.version`` or ``components[0].version``, as a path into a plan."""
    try:
        path = parse_path(text.replace("[", ".").replace("]", ""))
    except ValueError:
        return None
    return path if path and not isinstance(path[0], int) else None


SECRET_FIELDS = frozenset({"http_password"})
"""Fields whose value is a secret: masked on screen until revealed."""
SECRET_MAPS = frozenset({"http_headers"})
"""String maps whose values are secrets (the keys are shown)."""
MASK = "••••••"
"""What a secret looks like on screen."""


def is_secret(path: Path) -> bool:
    """Whether the value at ``path`` is, or holds, a secret (a password, a header map or one of its values)."""
    if not path:
        return False
    last = path[-1]
    return last in SECRET_FIELDS or last in SECRET_MAPS or (len(path) > 1 and path[-2] in SECRET_MAPS)


def mask_secrets(value: JSON, path: Path = ()) -> JSON:
    """``value`` (found at ``path``) with every secret in it replaced by :data:`MASK`."""
    if path and (path[-1] in SECRET_FIELDS or (len(path) > 1 and path[-2] in SECRET_MAPS)):
        return MASK if value is not None else None
    if path and path[-1] in SECRET_MAPS and value is not None and not isinstance(value, dict):
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
    if edited == MASK and path and (path[-1] in SECRET_FIELDS or (len(path) > 1 and path[-2] in SECRET_MAPS)):
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
