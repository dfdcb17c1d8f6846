"""Judge a plan: every issue it has, each at the path of the field that must change.

Two passes over each component: pydantic runs the models' field rules (types, enumerations, ranges, lengths,
patterns, and unknown keys, reported as warnings that name the closest known field), then the models'
cross-field rules run on the raw JSON, so they still speak when a field beside them is broken.

A :class:`Validator` remembers what it found in each component. After an edit it re-checks only the component
the edit touched, the plan's own fields and the plan-level rules; :func:`validate` checks everything afresh.
Both give the same answer, by construction and by test.
"""

from __future__ import annotations

import itertools
import operator
from collections.abc import Iterable
from typing import Final

from pydantic import ValidationError
from pydantic_core import ErrorDetails

from tui.document import Document
from tui.field_checker import UNWORDED, checker, lenient_checker, quick_checker
from tui.fields import FieldSpec
from tui.jsontree import gc_paused
from tui.models import READ_ONLY_KEYS, Component, ReleasePlan, SpecModel, rules_of
from tui.rule_walker import walker
from tui.schema import PLAN, spec_at
from tui.types import JSON, Issue, Path, Severity
from tui.wording import kind_of, message, unknown_message

__all__ = [
    "MAX_LISTED",
    "Validator",
    "checker",
    "component_issues",
    "components_issues",
    "field_errors",
    "validate",
]

_COMPONENT: FieldSpec = PLAN.fields["components"].item or PLAN


def validate(plan: JSON | Document) -> list[Issue]:
    """Every issue of a plan (or of a document's plan): the plan's own fields first, then each component's."""
    return Validator().validate(plan.data if isinstance(plan, Document) else plan)


class Validator:
    """Validates a plan, keeping each component's issues so that an edit re-checks only what it can affect."""

    def __init__(self) -> None:
        self._components: list[object] = []
        """The component objects last checked, by index."""
        self._found: list[list[Issue]] = []
        """Their issues, by index, with paths from the plan."""
        self._list: object = None
        """The components list itself, last checked."""
        self._flat: list[Issue] | None = None
        """All of :attr:`_found` in one list, or None when it must be made again."""
        self._passed: set[int] = set()
        """The indices of the components last found to pass their field rules with no unknown key."""
        self.issues: list[Issue] = []
        """What the last check found."""

    def validate(self, plan: JSON) -> list[Issue]:
        """Check the whole plan afresh."""
        components = plan.get("components") if isinstance(plan, dict) else None
        self._components, self._found, self._list, self._flat = [], [], components, None
        passed: list[bool] = []
        with gc_paused():
            if isinstance(components, list):
                self._components = list(components)
                checked = components_issues(components)
                passed = _passes(checked)
                self._found = [
                    _placed(issues, ("components", index)) if issues else [] for index, issues in enumerate(checked)
                ]
            self._passed = {index for index, ok in enumerate(passed) if ok}
            return self._check(plan, set(), reported=True)

    def revalidate(self, plan: JSON, changed: Iterable[Path]) -> list[Issue]:
        """Check the plan after edits at ``changed``, re-checking only the components those paths reach into.

        A path into ``components[i]`` re-checks the component now at ``i``. Any other path (the plan's own fields,
        or the components list itself, as an insert, delete or move reports it) re-checks the plan-level fields and
        rules; remembered components keep their issues, moved to their new indices. When one step both edits inside
        components and moves, inserts or deletes them, an edit's index may no longer be where that component is,
        so every component is re-checked.
        """
        dirty: set[int] = set()
        edited: dict[int, list[Path]] = {}
        rearranged = False
        for path in changed:
            if path[:1] == ("components",) or not path:
                if len(path) >= 3 and isinstance(path[1], int):
                    dirty.add(path[1])
                    edited.setdefault(path[1], []).append(path[2:])
                else:
                    rearranged = True
        if dirty and rearranged:
            return self._check(plan, _all_changed(plan), reported=False)
        return self._check(plan, dirty, reported=not rearranged, edited=edited)

    def _check(
        self, plan: JSON, dirty: set[int], *, reported: bool, edited: dict[int, list[Path]] | None = None
    ) -> list[Issue]:
        """Re-check the plan-level issues and the components at ``dirty``; ``reported``: no component was added,
        removed, moved or replaced, so an edit costs the same in a plan of any size."""
        issues = _plan_issues(plan)
        components = plan.get("components") if isinstance(plan, dict) else None
        if not isinstance(components, list):
            self._components, self._found, self._flat, self._passed = [], [], None, set()
        elif (reported and components is self._list and len(components) == len(self._components)) or (
            len(components) == len(self._components) and all(map(operator.is_, components, self._components))
        ):
            for index in dirty:  # the same components in the same places: re-check only the edited ones
                if 0 <= index < len(components):
                    found = _placed(self._recheck(components[index], index, edited), ("components", index))
                    if found != self._found[index]:
                        self._found[index], self._flat = found, None
                    self._components[index] = components[index]
        else:
            self._rearrange(components, dirty, edited if reported and len(components) == len(self._found) else None)
            self._flat = None
        self._list = components
        if self._flat is None:
            self._flat = list(itertools.chain.from_iterable(self._found))
        issues.extend(self._flat)
        self.issues = issues
        return issues

    def _recheck(self, component: JSON, index: int, edited: dict[int, list[Path]] | None) -> list[Issue]:
        """The issues of a component edited in place: all of it checked, noting whether it passes."""
        quick = self._rules_only(component, index, edited)
        if quick is not None:
            return quick
        checked = components_issues([component])
        (self._passed.add if _passes(checked)[0] else self._passed.discard)(index)
        return checked[0]

    def _rules_only(self, component: JSON, index: int, edited: dict[int, list[Path]] | None) -> list[Issue] | None:
        """The issues of the component at ``index``, edited in place at ``edited`` (paths by index, inside it), by
        its rules alone when it passed its field rules before and the values set keep it passing (see
        :mod:`tui.leaf_check`); None when it must be checked whole."""
        if not edited or index not in self._passed or index not in edited:
            return None
        from tui.leaf_check import still_passes

        if not still_passes(component, edited[index]):
            return None
        return walker(Component)(component, [])  # type: ignore[arg-type]

    def _rearrange(self, components: list[JSON], dirty: set[int], edited: dict[int, list[Path]] | None) -> None:
        """Follow components to their new places, re-checking only new ones and those edited; ``edited``: the
        components are in their places, those at ``dirty`` edited in place (copied first, as the document does)."""
        # Both lists are alive, so equal ids mean the same object: an id finds a component's old index.
        before = dict(zip(map(id, self._components), itertools.count(), strict=False))
        olds = list(map(before.get, map(id, components)))
        prior = self._found
        # A component that stayed, or moved with nothing to report, keeps its list as it is.
        found: list[list[Issue] | None] = [
            None if old is None or (old != index and prior[old]) else prior[old] for index, old in enumerate(olds)
        ]
        for index in dirty:
            if 0 <= index < len(found):
                found[index] = None
        quick: set[int] = set()
        for index in dirty:
            if 0 <= index < len(found):
                rules = self._rules_only(components[index], index, edited)
                if rules is not None:
                    found[index] = _placed(rules, ("components", index))
                    quick.add(index)
        fresh = [index for index, old in enumerate(olds) if found[index] is None and (old is None or index in dirty)]
        checked = components_issues([components[index] for index in fresh])
        for index, issues in zip(fresh, checked, strict=True):
            found[index] = _placed(issues, ("components", index))
        passed = _passes(checked)
        stayed = {index for index, old in enumerate(olds) if old in self._passed and index not in dirty}
        self._passed = stayed | quick | {index for index, ok in zip(fresh, passed, strict=True) if ok}
        for index, kept in enumerate(found):
            if kept is None:
                found[index] = _moved(prior[olds[index]], index)  # type: ignore[index]
        self._components, self._found = list(components), found  # type: ignore[assignment]


def _all_changed(plan: JSON) -> set[int]:
    components = plan.get("components") if isinstance(plan, dict) else None
    return set(range(len(components))) if isinstance(components, list) else set()


def _placed(issues: list[Issue], prefix: Path) -> list[Issue]:
    return [Issue(prefix + path, severity, message, code) for path, severity, message, code in issues]


def _moved(issues: list[Issue], index: int) -> list[Issue]:
    """A component's issues, placed at its new index (built directly: twice as fast as ``_replace``)."""
    return [Issue(("components", index, *path[2:]), level, message, code) for path, level, message, code in issues]


def _plan_issues(plan: JSON) -> list[Issue]:
    """The issues of the plan's own fields and of the plan-level rules (not of the components inside)."""
    if not isinstance(plan, dict):
        return [
            Issue(
                (),
                Severity.ERROR,
                f"a release plan must be a JSON object, not {kind_of(plan)}",
                "plan_type",
            )
        ]
    shallow = plan
    if isinstance(plan.get("components"), list):
        shallow = {**plan, "components": []}
    issues = [
        issue
        for issue in _field_issues(ReleasePlan, shallow, PLAN)
        if not (issue.code == "unknown_field" and len(issue.path) == 1 and issue.path[0] in READ_ONLY_KEYS)
    ]
    return _one_each(issues, _rule_issues(ReleasePlan, plan, ()))


def component_issues(component: JSON) -> list[Issue]:
    """The issues of one component, with paths relative to it."""
    return components_issues([component])[0]


class Checked(list[list[Issue]]):
    """The issues of each of some components, and whether each passed its field rules with no unknown key."""

    passed: list[bool]


def _passes(checked: list[list[Issue]]) -> list[bool]:
    """Whether each component :func:`components_issues` checked passed its field rules (none when not told)."""
    return getattr(checked, "passed", None) or [False] * len(checked)


def components_issues(components: list[JSON]) -> list[list[Issue]]:
    """The issues of each component, with paths relative to it (a :class:`Checked`: whether each passed its field
    rules is kept with them, for :meth:`Validator.revalidate`).

    pydantic checks every component's fields first, then the rules run on every component: alternating the two
    for each component costs about 15% more, as each evicts the other's code and data from the processor's caches.

    pydantic's search for unknown keys costs a third of its time, so it first runs with unknown keys let through
    (:func:`tui.field_checker.quick_checker`), and again with them refused only for a component that may have
    one: a valid component whose checked copy is not equal to it (an unknown key is left out of the copy), or a
    broken one in which the rules' walk finds one.
    """
    quick = quick_checker(Component).validator.validate_python  # not through the adapter: 0.3 us less each
    verdicts: list[ValidationError | bool] = []  # a quick check's errors, or whether its copy equals the input
    for component in components:
        try:
            verdicts.append(quick(component) == component)
        except ValidationError as exc:
            verdicts.append(exc)
    walk, walk_keys = walker(Component), walker(Component, keys=True)
    unused: list[object] = []  # the walk without keys notes no object in it
    issues = Checked()
    issues.passed = [verdict is True for verdict in verdicts]
    for component, verdict in zip(components, verdicts, strict=True):
        if verdict is True:  # a component that passed is an object
            issues.append(walk(component, unused))  # type: ignore[arg-type]
            continue
        strays: list[object] = []
        ruled: list[Issue] = []
        if isinstance(component, dict):
            ruled = (walk if verdict is False else walk_keys)(component, strays)
        errors = _strict_errors(component) if verdict is False or strays else _worded(verdict, component)
        issues.append(_one_each([] if errors is None else _error_issues(errors, _COMPONENT), ruled))
    return issues


def _worded(quick: ValidationError, component: JSON) -> ValidationError:
    """The quick check's errors, or the lenient check's where one of them has no words of its own."""
    if quick.error_count() > MAX_LISTED:
        return quick  # too many to list, counted alike by both
    listed = quick.errors(include_url=False, include_context=False, include_input=False)
    if all(error["type"] != UNWORDED for error in listed):
        return quick
    try:
        lenient_checker(Component).validator.validate_python(component)
    except ValidationError as exc:
        return exc
    raise AssertionError("the lenient check passed a component the quick check refused")  # pragma: no cover


def field_errors(plan: JSON, path: Path) -> list[Issue]:
    """The errors the models' own field rules (type, choices, bounds, length, pattern) find at ``path`` or under it,
    with paths from the plan: whether a value may stand there, whatever the rules across fields say of it.

    Only the component ``path`` is in is checked (or, outside the components, the plan's own fields), so a check
    costs the same in a plan of any size.
    """
    if len(path) >= 2 and path[0] == "components" and isinstance(path[1], int):
        components = plan.get("components") if isinstance(plan, dict) else None
        if not isinstance(components, list) or not 0 <= path[1] < len(components):
            return []
        prefix: Path = path[:2]
        try:
            lenient_checker(Component).validator.validate_python(components[path[1]])
        except ValidationError as exc:
            found = _placed(_error_issues(exc, _COMPONENT), prefix)
        else:
            found = []
    elif isinstance(plan, dict):
        shallow = {**plan, "components": []} if isinstance(plan.get("components"), list) else plan
        found = _field_issues(ReleasePlan, shallow, PLAN)
    else:
        found = _plan_issues(plan)
    return [issue for issue in found if issue.severity is Severity.ERROR and issue.path[: len(path)] == path]


def _strict_errors(component: JSON) -> ValidationError | None:
    """pydantic's errors for a component, unknown keys included, where it meets them."""
    try:
        checker(Component).validator.validate_python(component)
    except ValidationError as exc:
        return exc
    return None


def _one_each(fields: list[Issue], ruled: list[Issue]) -> list[Issue]:
    """The field issues, then the rules' issues at places with no field error: one mistake, one error.

    A value of the wrong type or outside its enumeration or range also breaks the rules that read it (a hook's
    ``command`` that is text is not a list, and is not a command either); its field's own error says what to fix.
    """
    if not ruled:
        return fields
    if fields:
        broken = {issue.path for issue in fields if issue.severity is Severity.ERROR}
        ruled = [issue for issue in ruled if issue.path not in broken]
    fields.extend(ruled)
    return fields


MAX_LISTED: Final = 1_000
"""The most field problems listed for one component (or for the plan's own fields). Past that, one issue says how
many there are: a component with thousands of problems is not the shape of a component, and listing each would
cost seconds and hundreds of MiB for a hostile file."""


def _field_issues(model: type[SpecModel], value: JSON, root: FieldSpec) -> list[Issue]:
    try:
        checker(model).validator.validate_python(value)
    except ValidationError as exc:
        return _error_issues(exc, root)
    return []


def _error_issues(exc: ValidationError, root: FieldSpec) -> list[Issue]:
    """pydantic's errors as issues, or one issue that says there are too many."""
    found = exc.error_count()
    if found > MAX_LISTED:  # counting is cheap; listing them all is what costs
        what = "the plan's own fields have" if root is PLAN else "this component has"
        message = f"{what} {found:,} problems, more than relplan lists ({MAX_LISTED:,}); is this a release plan?"
        return [Issue((), Severity.ERROR, message, "too_many_problems")]
    return [_issue(error, root) for error in exc.errors(include_url=False)]


def _rule_issues(model: type[SpecModel], obj: JSON, prefix: Path) -> list[Issue]:
    issues: list[Issue] = []
    if isinstance(obj, dict):
        for rule in rules_of(model):
            issues.extend(issue._replace(path=prefix + issue.path) for issue in rule(obj))
    return issues


def _issue(error: ErrorDetails, root: FieldSpec) -> Issue:
    """A pydantic error as an issue: an unknown key is a warning, anything else an error, in plain words."""
    loc = tuple(error["loc"])
    kind = error["type"]
    if kind == "extra_forbidden":
        parent = spec_at(loc[:-1], root)
        known = tuple(parent.fields) if parent is not None else ()
        return Issue(loc, Severity.WARNING, unknown_message(str(loc[-1]), known), "unknown_field")
    return Issue(loc, Severity.ERROR, message(error, spec_at(loc, root), root_is_plan=root is PLAN), kind)
