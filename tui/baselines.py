"""What each plan looked like when it was last fetched or sent, kept so a later update can check for lost updates.

``relplan get`` remembers the plan it fetched; ``relplan submit`` compares the server's plan with it before
sending, and remembers what it sent once the server holds it. Files live under the platform's user data
directory, private to their owner, since a plan can hold passwords.
"""

from __future__ import annotations

import hashlib
import json
from pathlib import Path

import platformdirs

from tui.document import dump_json, write_atomic
from tui.types import JSON

__all__ = ["baseline_dir", "recall", "remember"]


def baseline_dir() -> Path:
    """Where the baselines are kept."""
    return platformdirs.user_data_path("relplan") / "baselines"


def _file(endpoint: str, project_id: str, plan_id: str) -> Path:
    key = hashlib.sha256(f"{endpoint}\n{project_id}\n{plan_id}".encode()).hexdigest()[:32]
    return baseline_dir() / f"{key}.json"


def remember(endpoint: str, project_id: str, plan_id: str, plan: dict[str, JSON]) -> None:
    """Keep ``plan`` as the baseline of a plan on a server."""
    path = _file(endpoint, project_id, plan_id)
    path.parent.mkdir(mode=0o700, parents=True, exist_ok=True)
    if not path.exists():
        path.touch(mode=0o600)
    write_atomic(path, dump_json(plan).encode("utf-8"))


def recall(endpoint: str, project_id: str, plan_id: str) -> dict[str, JSON] | None:
    """The baseline of a plan on a server, or None when there is none (or it cannot be read)."""
    try:
        data = json.loads(_file(endpoint, project_id, plan_id).read_text(encoding="utf-8"))
    except (OSError, ValueError):
        return None
    return data if isinstance(data, dict) else None
