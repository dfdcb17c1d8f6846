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
from tui.jsonfiles import write_atomic
from tui.jsontext import dump_json
from tui.types import JSON

__all__ = ["baseline_dir", "count", "prune", "recall", "remember"]

_MARK = "relplan_baseline"
"""The key that tells a baseline with its file's path from one written before paths were kept (the plan alone)."""


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
    record: dict[str, JSON] = {_MARK: 1, "source": str(source.resolve()), "plan": plan}
    try:
        str(record["source"]).encode("utf-8")
    except UnicodeEncodeError:  # a path that is not UTF-8: not recorded, so prune keeps this baseline
        del record["source"]
    write_atomic(path, dump_json(record).encode("utf-8"), mode=0o600)  # private whatever the file was before


def recall(endpoint: str, project_id: str, plan_id: str, source: Path) -> dict[str, JSON] | None:
    """The plan on the server when ``source`` was fetched, or None when there is no record (or it cannot be read)."""
    try:
        data = json.loads(_file(endpoint, project_id, plan_id, source).read_text(encoding="utf-8"))
    except (OSError, ValueError):
        return None
    if isinstance(data, dict) and data.get(_MARK) == 1:
        data = data.get("plan")
    return data if isinstance(data, dict) else None


def count(folder: Path | None = None) -> int:
    """How many baselines there are."""
    folder = folder or baseline_dir()
    return sum(1 for _ in folder.glob("*.json")) if folder.is_dir() else 0


def prune(folder: Path | None = None) -> int:
    """Remove the baselines whose file is gone (deleted or moved); returns how many were removed.

    A baseline older than its file is kept: that is a fetched file someone edited, and the next submit of it needs
    the baseline for its lost-update check. A baseline written before files were recorded names no file, and is kept.
    """
    folder = folder or baseline_dir()
    removed = 0
    for file in sorted(folder.glob("*.json")) if folder.is_dir() else []:
        try:
            data = json.loads(file.read_text(encoding="utf-8"))
        except (OSError, ValueError):
            continue
        source = data.get("source") if isinstance(data, dict) and data.get(_MARK) == 1 else None
        if isinstance(source, str) and not os.path.lexists(source):
            file.unlink(missing_ok=True)
            removed += 1
    return removed
