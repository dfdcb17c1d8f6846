"""The small types every layer shares: JSON values, paths, and issues. Nothing here imports pydantic or Textual."""

from __future__ import annotations

from collections.abc import Iterable
from enum import StrEnum
from typing import NamedTuple, TypeAlias

__all__ = ["JSON", "Issue", "Path", "Severity", "counts"]

JSON: TypeAlias = bool | int | float | str | list["JSON"] | dict[str, "JSON"] | None
"""A JSON value as :mod:`json` loads it."""

Path: TypeAlias = tuple[str | int, ...]
"""A place in a plan, in pydantic's ``loc`` shape: ``("components", 0, "source", "url")``."""


class Severity(StrEnum):
    """How bad an issue is."""

    ERROR = "error"
    """A break of the API reference: the server is expected to refuse the plan."""
    WARNING = "warning"
    """Allowed by the reference, but likely a mistake."""


class Issue(NamedTuple):
    """One rule broken at one place.

    ``path`` is relative to the object a rule ran on, or to the plan once the validator has placed it; ``code``
    names the rule (a pydantic error type for a field's own rules).
    """

    path: Path
    severity: Severity
    message: str
    code: str


def counts(issues: Iterable[Issue]) -> tuple[int, int]:
    """How many errors and warnings there are."""
    errors = warnings = 0
    for issue in issues:
        if issue.severity is Severity.ERROR:
            errors += 1
        else:
            warnings += 1
    return errors, warnings
