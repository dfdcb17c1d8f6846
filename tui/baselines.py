"""The plan as it was when it was fetched into a file, kept so that sending that file can check for lost updates.

``relplan get -o FILE`` remembers the plan it wrote to FILE; ``relplan submit FILE`` compares the server's plan
with it before sending, and remembers what it sent once the server holds it, or as a plan sent whose answer never
came (which the next submit takes as sent when the server holds exactly it). ``relplan diff FILE --base`` shows
what FILE changed since it was fetched. A baseline belongs to one file (by
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

__all__ = ["baseline_dir", "count", "plans_of", "prune", "recall", "recall_sent", "remember", "remember_sent"]

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
    record: dict[str, JSON] = {
        _MARK: 1,
        "source": str(source.resolve()),
        "plan": plan,
        "endpoint": endpoint,
        "project_id": project_id,
        "plan_id": plan_id,
    }
    _write(path, record)


def _write(path: Path, record: dict[str, JSON]) -> None:
    try:
        str(record["source"]).encode("utf-8")
    except UnicodeEncodeError:  # a path that is not UTF-8: not recorded, so prune keeps this baseline
        del record["source"]
    write_atomic(path, dump_json(record).encode("utf-8"), mode=0o600)  # private whatever the file was before


def remember_sent(endpoint: str, project_id: str, plan_id: str, source: Path, plan: dict[str, JSON]) -> None:
    """Keep ``plan`` as sent from ``source`` with no answer: the server may hold it, or not (the baseline stays)."""
    record = _record(endpoint, project_id, plan_id, source)
    if record is None:  # a file not fetched: nothing to check it against, so nothing to keep
        return
    _write(_file(endpoint, project_id, plan_id, source), {**record, "sent": plan})


def _record(endpoint: str, project_id: str, plan_id: str, source: Path) -> dict[str, JSON] | None:
    try:
        data = json.loads(_file(endpoint, project_id, plan_id, source).read_text(encoding="utf-8"))
    except (OSError, ValueError):
        return None
    if isinstance(data, dict) and data.get(_MARK) != 1:  # written before paths were kept: the plan alone
        data = {_MARK: 1, "plan": data}
    return data if isinstance(data, dict) else None


def recall(endpoint: str, project_id: str, plan_id: str, source: Path) -> dict[str, JSON] | None:
    """The plan on the server when ``source`` was fetched, or None when there is no record (or it cannot be read)."""
    record = _record(endpoint, project_id, plan_id, source)
    plan = record.get("plan") if record is not None else None
    return plan if isinstance(plan, dict) else None


def recall_sent(endpoint: str, project_id: str, plan_id: str, source: Path) -> dict[str, JSON] | None:
    """The plan last sent from ``source`` whose answer never came, or None (none, or it arrived and was checked)."""
    record = _record(endpoint, project_id, plan_id, source)
    sent = record.get("sent") if record is not None else None
    return sent if isinstance(sent, dict) else None


def plans_of(endpoint: str, project_id: str, source: Path, folder: Path | None = None) -> list[str]:
    """The ids of the plans ``source`` was fetched from at ``endpoint`` in ``project_id`` (one, as a rule)."""
    folder = folder or baseline_dir()
    where = str(source.resolve())
    found: list[str] = []
    for file in sorted(folder.glob("*.json")) if folder.is_dir() else []:
        try:
            data = json.loads(file.read_text(encoding="utf-8"))
        except (OSError, ValueError):
            continue
        if not isinstance(data, dict) or data.get(_MARK) != 1 or data.get("source") != where:
            continue
        plan_id = data.get("plan_id")
        ours = data.get("endpoint") == endpoint and data.get("project_id") == project_id
        if ours and isinstance(plan_id, str) and file == _file(endpoint, project_id, plan_id, source):
            found.append(plan_id)  # a record that is what it says it is
    return found


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
