"""The plan as it was when it was fetched into a file, kept so that sending that file can check for lost updates.

``relplan get -o FILE`` remembers the plan it wrote to FILE; ``relplan submit FILE`` compares the server's plan
with it before sending, and remembers what it sent once the server holds it. A baseline belongs to one file (by
its absolute path) and one plan on one server: two files fetched at different times each keep their own, and a
fetch to the screen keeps none, since no file holds it. Baselines live under the platform's user data
directory, private to their owner, since a plan can hold passwords.
"""

from __future__ import annotations

import hashlib
import json
import os
from pathlib import Path

from tui.datadir import data_dir
from tui.document import dump_json, write_atomic
from tui.types import JSON

__all__ = ["baseline_dir", "recall", "remember"]


def baseline_dir() -> Path:
    """Where the baselines are kept."""
    return data_dir() / "baselines"


def _file(endpoint: str, project_id: str, plan_id: str, source: Path) -> Path:
    where = os.fsencode(source.resolve())
    key = hashlib.sha256(f"{endpoint}\n{project_id}\n{plan_id}\n".encode() + where).hexdigest()[:32]
    return baseline_dir() / f"{key}.json"


def remember(endpoint: str, project_id: str, plan_id: str, source: Path, plan: dict[str, JSON]) -> None:
    """Keep ``plan`` as the plan on the server when the file ``source`` was fetched (or sent)."""
    path = _file(endpoint, project_id, plan_id, source)
    path.parent.mkdir(mode=0o700, parents=True, exist_ok=True)
    write_atomic(path, dump_json(plan).encode("utf-8"), mode=0o600)  # private whatever the file was before


def recall(endpoint: str, project_id: str, plan_id: str, source: Path) -> dict[str, JSON] | None:
    """The plan on the server when ``source`` was fetched, or None when there is no record (or it cannot be read)."""
    try:
        data = json.loads(_file(endpoint, project_id, plan_id, source).read_text(encoding="utf-8"))
    except (OSError, ValueError):
        return None
    return data if isinstance(data, dict) else None
