"""One node of the plan edited as JSON in the person's own text editor (``$VISUAL``, ``$EDITOR``, else ``vi``).

Plain Python: the file, what goes in it and what came back. Whoever runs the editor (the App hands the terminal
over to it) calls :func:`edit_outside` with a function that runs a command and waits for it. As ``kubectl edit``
does, text that does not parse, or that brings new errors, goes back to the editor with the problems in a comment
block on top; quitting the editor without saving leaves the node as it was.
"""

from __future__ import annotations

import os
import re
import shlex
import shutil
import tempfile
from collections.abc import Callable, Iterable, Mapping, Sequence
from dataclasses import dataclass, replace
from pathlib import Path as FilePath
from typing import TYPE_CHECKING

from tui.edits import Changed, Notice
from tui.errors import DocumentError
from tui.jsontext import dump_json, parse_value
from tui.jsontree import same_json
from tui.paths import format_path
from tui.readable import readable
from tui.secrets import mask_secrets, unmask_secrets
from tui.text import json_for_terminal
from tui.types import JSON, Issue, Path, Severity

if TYPE_CHECKING:
    from tui.session import EditSession
    from tui.validation import Validator

__all__ = [
    "Applied",
    "Cancelled",
    "NodeFile",
    "Outcome",
    "Runner",
    "edit_node_outside",
    "edit_outside",
    "editor_command",
    "new_errors",
    "problem_lines",
    "strip_comments",
    "with_value",
]

DEFAULT_EDITOR = "vi"
"""The editor run when neither ``VISUAL`` nor ``EDITOR`` names one (as git does)."""

COMMENT = "#"
"""A line that starts with it (after spaces) is a comment: JSON has none, so no line of JSON text is lost."""

_LINE = re.compile(r"\bline (\d+)")
"""A line number in a parse error."""

Runner = Callable[[Sequence[str]], int]
"""Runs a command (the editor and the file) and returns its exit status once it has ended."""


@dataclass(frozen=True, slots=True)
class Applied:
    """The editor left a new value that parses and brings no new error."""

    value: JSON


@dataclass(frozen=True, slots=True)
class Cancelled:
    """Nothing is to change, and why, as a sentence."""

    reason: str


Outcome = Applied | Cancelled
"""How an edit in the editor ended."""


def editor_command(environ: Mapping[str, str] | None = None) -> list[str]:
    """The editor to run, as a command's words: ``VISUAL``, else ``EDITOR``, else ``vi``.

    The variable is split as a shell would split it (``code --wait``, a path with quoted spaces), as git does.
    """
    environ = os.environ if environ is None else environ
    for name in ("VISUAL", "EDITOR"):
        words = shlex.split(environ.get(name, ""))
        if words:
            return words
    return [DEFAULT_EDITOR]


def strip_comments(text: str) -> str:
    """``text`` with every comment line emptied (not removed, so that a parse error's line number is the file's)."""
    return "\n".join("" if line.lstrip().startswith(COMMENT) else line for line in text.split("\n"))


def _comment(lines: Iterable[str]) -> str:
    return "".join(f"{COMMENT} {line}".rstrip() + "\n" for line in lines)


class NodeFile:
    """The private file a node is edited in: in a folder only its owner can enter, readable only by its owner.

    A context manager: the folder and the file go when it ends.
    """

    def __init__(self, path: Path, value: JSON) -> None:
        self.path = path
        """The node's place in the plan."""
        self.folder = FilePath(tempfile.mkdtemp(prefix="relplan-"))  # made 0700
        where = format_path(path, root="plan")
        name = "".join(char if char.isalnum() or char in "._-" else "_" for char in where)[:80]
        self.file = self.folder / f"{name}.json"
        """The file the editor opens (named for the node, ``.json`` so that an editor colours it)."""
        self._json = json_for_terminal(dump_json(value))
        self._written = ""
        self.write(self._json, self._head())

    def __enter__(self) -> NodeFile:
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()

    def close(self) -> None:
        """Remove the file and its folder."""
        shutil.rmtree(self.folder, ignore_errors=True)

    def _head(self, problems: Sequence[str] = ()) -> list[str]:
        where = format_path(self.path, root="the plan")
        lines = [
            f"relplan: the JSON of {where}. Save and quit to apply it; quit without saving, or empty the file, to",
            "leave it as it is. Lines that start with # are ignored.",
        ]
        if problems:
            lines += ["", "The text was not applied:"]
            lines += [f"  {line}" for problem in problems for line in problem.splitlines()]
        return lines

    def write(self, body: str, head: Sequence[str]) -> None:
        """Write ``body`` under ``head`` as a comment block; the file is made readable and writable by its owner
        only, and written anew (an editor that renamed a copy over it leaves a file of its own)."""
        text = _comment(head) + body
        self.file.unlink(missing_ok=True)
        descriptor = os.open(self.file, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o600)
        with os.fdopen(descriptor, "w", encoding="utf-8", newline="\n") as stream:
            stream.write(text)
        self._written = text

    def read_back(self) -> str | Cancelled:
        """The file's text with its comments emptied; or why nothing is to change (the file as written, emptied)."""
        try:
            raw = self.file.read_bytes()
        except FileNotFoundError:
            return Cancelled("the editor removed the file: nothing changed")
        text = raw.decode("utf-8", errors="replace").replace("\r\n", "\n")
        if text == self._written:
            return Cancelled("the editor quit without saving a change: nothing changed")
        body = strip_comments(text)
        if not body.strip():
            return Cancelled("the file was emptied: nothing changed")
        return body

    @property
    def utf8(self) -> bool:
        """Whether the file holds UTF-8 text."""
        try:
            self.file.read_bytes().decode("utf-8")
        except (OSError, UnicodeDecodeError):
            return False
        return True

    def reopen(self, body: str, problems: Sequence[str]) -> None:
        """Write the text back, as the editor left it, with ``problems`` on top (a line number in them counted in
        the file as it is written now)."""
        kept = body.lstrip("\n")  # the comments emptied: the old problems go, the new ones come on top
        shift = len(self._head(problems)) - (body.count("\n") - kept.count("\n"))
        moved = [_LINE.sub(lambda found: f"line {int(found[1]) + shift}", problem) for problem in problems]
        self.write(kept if kept.endswith("\n") else kept + "\n", self._head(moved))


def edit_outside(
    path: Path,
    shown: JSON,
    run: Runner,
    *,
    original: JSON = None,
    command: Sequence[str] | None = None,
    finish: Callable[[JSON], JSON] | None = None,
    check: Callable[[JSON], list[str]] | None = None,
) -> Outcome:
    """Have the person edit ``shown`` (the value at ``path``, secrets masked) in their editor until it parses and
    ``check`` finds no problem; a value the same as ``original`` (the node's value now) is no change.

    ``finish`` turns what parsed into the value meant (putting back masked secrets) or raises
    :class:`~tui.errors.DocumentError`; ``check`` says what the value would break, one problem a line. Each time
    there is a problem the editor opens again with the problems on top; quitting it without saving, or with an
    exit status other than 0, cancels.
    """
    argv = [*(command if command is not None else editor_command())]
    with NodeFile(path, shown) as node:
        while True:
            status = run([*argv, str(node.file)])
            if status != 0:  # as git does: vi's :cq, an editor that failed
                return Cancelled(f"the editor ended with status {status}: nothing changed")
            body = node.read_back()
            if isinstance(body, Cancelled):
                return body
            problems = _problems(body, finish, check) if node.utf8 else ["the file is not UTF-8 text"]
            if isinstance(problems, Applied):
                if same_json(problems.value, original):
                    return Cancelled("the JSON came back as it was: nothing changed")
                return problems
            node.reopen(body, problems)


def _problems(
    body: str, finish: Callable[[JSON], JSON] | None, check: Callable[[JSON], list[str]] | None
) -> Applied | list[str]:
    try:
        value = parse_value(body)
        if finish is not None:
            value = finish(value)
        problems = check(value) if check is not None else []
    except DocumentError as exc:  # as the JSON node editor says it: the text is kept, the reason on top
        return [str(exc)]
    return problems or Applied(value)


def with_value(plan: dict[str, JSON], path: Path, value: JSON) -> dict[str, JSON]:
    """The plan with ``value`` at ``path``: a new object and new lists along the way, everything else shared.

    Raises:
        DocumentError: the value cannot go there (a plan that is not an object, a path that leads nowhere).
    """
    if not path:
        if not isinstance(value, dict):
            raise DocumentError("a release plan must be a JSON object")
        return value
    nodes: list[JSON] = [plan]
    for key in path[:-1]:
        nodes.append(_child(nodes[-1], key, path))
    placed: JSON = value
    for node, key in zip(reversed(nodes), reversed(path), strict=True):
        if isinstance(node, dict) and isinstance(key, str):
            placed = {**node, key: placed}
        else:
            _child(node, key, path)  # an item of the list: refused unless there
            assert isinstance(node, list) and isinstance(key, int)
            placed = [*node[:key], placed, *node[key + 1 :]]
    assert isinstance(placed, dict)
    return placed


def _child(node: JSON, key: str | int, path: Path) -> JSON:
    """The value under ``key`` of ``node``, on the way to ``path``; refused when there is none."""
    if isinstance(node, dict) and isinstance(key, str) and key in node:
        return node[key]
    if isinstance(node, list) and isinstance(key, int) and 0 <= key < len(node):
        return node[key]
    raise DocumentError(f"nothing at {format_path(path, root='the plan')} to replace")


def _anchor(plan: JSON, path: Path) -> tuple[object, ...]:
    """Where an issue is, told by the component's name rather than its index when it has one, so that an
    edit that moves components does not make their old errors look new."""
    if len(path) >= 2 and path[0] == "components" and isinstance(path[1], int) and isinstance(plan, dict):
        components = plan.get("components")
        if isinstance(components, list) and 0 <= path[1] < len(components):
            component = components[path[1]]
            name = component.get("name") if isinstance(component, dict) else None
            if isinstance(name, str):
                return ("components", ("name", name), *path[2:])
    return path


def new_errors(before: Sequence[Issue], plan_before: JSON, after: Sequence[Issue], plan_after: JSON) -> list[Issue]:
    """The errors of ``after`` that ``before`` did not have (as many times as it had them)."""
    had: dict[tuple[object, ...], int] = {}
    for issue in before:
        if issue.severity is Severity.ERROR:
            key = (_anchor(plan_before, issue.path), issue.code, issue.message)
            had[key] = had.get(key, 0) + 1
    new = []
    for issue in after:
        if issue.severity is not Severity.ERROR:
            continue
        key = (_anchor(plan_after, issue.path), issue.code, issue.message)
        if had.get(key, 0):
            had[key] -= 1
        else:
            new.append(issue)
    return new


def issues_with(validator: Validator, plan: dict[str, JSON], path: Path, value: JSON) -> tuple[JSON, list[Issue]]:
    """The plan with ``value`` at ``path``, and every issue it would have; the validator is left as it was.

    Only what the change can reach is checked, the changed component once and once more to put things back.
    """
    candidate = with_value(plan, path, value)
    if path in ((), ("components",)):  # every component anew: a check of its own, the validator's left alone
        from tui.validation import Validator

        return candidate, Validator().validate(candidate)
    try:
        return candidate, list(validator.revalidate(candidate, [path]))
    finally:
        validator.revalidate(plan, [path])


def problem_lines(issues: Iterable[Issue]) -> list[str]:
    """Each issue as a line: ``error at components.3.version: the message``."""
    return [f"{issue.severity} at {format_path(issue.path, root='the plan')}: {issue.message}" for issue in issues]


def edit_node_outside(
    session: EditSession, path: Path, run: Runner, *, command: Sequence[str] | None = None
) -> Changed:
    """Edit the node at ``path`` in the person's editor, its secrets masked (a mask left as it is keeps the
    secret), and apply what comes back as one undo step; what the change is said in its notice.

    Raises:
        RelplanError: the editor could not run (``run`` says why), or the node cannot take the value.
    """
    document = session.document
    original = document.get(path)
    where = readable(path, document.data).text  # the notices name the component: orders-000 › source

    def unmasked(value: JSON) -> JSON:
        return unmask_secrets(value, original, path)

    def check(value: JSON) -> list[str]:
        validator = session.validator
        if validator is None:
            return []
        plan_after, after = issues_with(validator, document.data, path, value)
        return problem_lines(new_errors(session.issues, document.data, after, plan_after))

    shown = mask_secrets(original, path)
    outcome = edit_outside(path, shown, run, original=original, command=command, finish=unmasked, check=check)
    if isinstance(outcome, Cancelled):
        return Changed((), session.issues, notice=Notice(f"{where}: {outcome.reason}."))
    changed = session.replace(path, outcome.value)
    return replace(changed, notice=Notice(f"{where}: applied from the editor (ctrl+z undoes it)."))
