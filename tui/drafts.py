"""Drafts: every plan being edited is kept on disk as it changes, so that no crash, lost terminal or kill loses it.

One draft per plan: a plan on a server is known by its endpoint, project and id, a file by its absolute path.
A draft holds the plan as edited and the baseline it was edited against (what the server or the file held), and
never a credential. Drafts are written atomically (a temporary file, fsync, rename) under the platform's user
data directory, private to their owner (mode 0600), since a plan can hold passwords.
"""

from __future__ import annotations

import hashlib
import json
import time
from collections.abc import Mapping
from dataclasses import dataclass
from pathlib import Path

import orjson
import platformdirs

from tui.document import write_atomic
from tui.errors import DocumentError
from tui.types import JSON

__all__ = [
    "OLD_DAYS",
    "Draft",
    "draft_key",
    "drafts_dir",
    "encode_draft",
    "list_drafts",
    "read_draft",
    "remove_draft",
    "write_draft",
]

OLD_DAYS = 30
"""Drafts older than this are listed as old (and never deleted unasked)."""


def drafts_dir() -> Path:
    """Where the drafts are kept."""
    return platformdirs.user_data_path("relplan") / "drafts"


def draft_key(*, path: Path | None = None, endpoint: str = "", project_id: str = "", plan_id: str = "") -> str:
    """The name of a plan's draft: from a file's absolute path, or from the endpoint, project and plan id."""
    where = f"file\n{path.resolve()}" if path is not None else f"plan\n{endpoint.rstrip('/')}\n{project_id}\n{plan_id}"
    return hashlib.sha256(where.encode()).hexdigest()[:32]


@dataclass(frozen=True, slots=True)
class Draft:
    """A plan as edited, with the baseline it was edited against and where it came from."""

    key: str
    where: str
    """Where the plan lives, for people: a file's path, or ``endpoint · project · plan id``."""
    title: str
    plan: dict[str, JSON]
    baseline: dict[str, JSON]
    saved_at: float
    """When the draft was written (seconds since the epoch)."""

    @property
    def age_days(self) -> float:
        """How old the draft is, in days."""
        return (time.time() - self.saved_at) / 86400


def encode_draft(
    where: str, title: str, plan: Mapping[str, JSON], baseline: Mapping[str, JSON], saved_at: float
) -> bytes:
    """A draft's file, as bytes (quick enough to make between two keystrokes of a 1,000-component plan)."""
    document = {
        "relplan_draft": 1,
        "where": where,
        "title": title,
        "saved_at": saved_at,
        "baseline": baseline,
        "plan": plan,
    }
    try:
        return orjson.dumps(document)
    except orjson.JSONEncodeError:  # integers beyond 64 bits, lone surrogates: the standard library writes them
        return json.dumps(document, separators=(",", ":")).encode("ascii")  # escaped, so any text is kept


def write_draft(key: str, data: bytes, folder: Path | None = None) -> Path:
    """Write a draft's bytes (see :func:`encode_draft`) atomically, private to its owner; returns the file.

    Raises:
        DocumentError: the folder or the file cannot be written.
    """
    folder = folder or drafts_dir()
    try:
        folder.mkdir(parents=True, exist_ok=True, mode=0o700)
    except OSError as exc:
        raise DocumentError(f"cannot make the drafts folder {folder}: {exc.strerror or exc}") from None
    target = folder / f"{key}.json"
    write_atomic(target, data)
    return target


def read_draft(key: str, folder: Path | None = None) -> Draft | None:
    """The draft named ``key``, or None when there is none or it cannot be read as one."""
    return _read((folder or drafts_dir()) / f"{key}.json")


def remove_draft(key: str, folder: Path | None = None) -> None:
    """Remove the draft named ``key`` (after the plan was saved or sent and verified)."""
    ((folder or drafts_dir()) / f"{key}.json").unlink(missing_ok=True)


def list_drafts(folder: Path | None = None) -> list[Draft]:
    """Every readable draft, newest first."""
    folder = folder or drafts_dir()
    if not folder.is_dir():
        return []
    drafts = [draft for file in folder.glob("*.json") if (draft := _read(file)) is not None]
    return sorted(drafts, key=lambda draft: draft.saved_at, reverse=True)


def _read(file: Path) -> Draft | None:
    try:
        data = json.loads(file.read_bytes())
    except (OSError, ValueError):
        return None
    if not isinstance(data, Mapping) or data.get("relplan_draft") != 1:
        return None
    plan, baseline = data.get("plan"), data.get("baseline")
    saved_at, where, title = data.get("saved_at"), data.get("where"), data.get("title")
    if not (isinstance(plan, dict) and isinstance(baseline, dict) and isinstance(saved_at, int | float)):
        return None
    return Draft(
        file.stem,
        where if isinstance(where, str) else "",
        title if isinstance(title, str) else "",
        plan,
        baseline,
        float(saved_at),
    )
