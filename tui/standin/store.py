"""The stand-in's plans: kept in memory, optionally backed by a folder of JSON files, safe to share between threads.

A plan is held as the get call returns it: the read-only keys (``id``, ``action``, then the editable body, then
``status``, ``create_time``, ``modify_time``, ``execute_time``, ``creator``) around the body that the PUT call
replaces. Times are epoch milliseconds, as the API gives them.

Executing a plan starts a :class:`~tui.standin.releases.Release` that runs over ``release_seconds`` per batch of
the store's clock; the plan's status follows it (``RELEASING``, then ``SUCCEEDED`` or ``FAILED``) whenever the
plan is read. Releases are kept in memory only, even in a folder-backed store.
"""

from __future__ import annotations

import re
import threading
import time
import uuid
from collections.abc import Callable, Mapping
from pathlib import Path
from typing import Any, Final

from tui.errors import DocumentError
from tui.jsonfiles import load_file, write_atomic
from tui.jsontext import dump_json
from tui.jsontree import copy_json
from tui.models.plan import READ_ONLY_KEYS
from tui.sample_files import load_sample
from tui.standin.releases import AlreadyReleasingError, Release, not_released_jobs
from tui.types import JSON

__all__ = ["LARGE_ID", "MISTAKES_ID", "SMALL_ID", "PlanStore"]

SMALL_ID: Final = "5d0e7c1a-2f4b-4c8e-9a31-7b6d2e8f0c15"
"""The id of the sample ``small`` (see :mod:`tui.sample_files`)."""
LARGE_ID: Final = "a3c94f26-81d7-4e0b-b5f2-0e9d6c4a7b38"
"""The id of the sample ``large``, the 64-component plan ``checkout-release``."""
MISTAKES_ID: Final = "e8b2d5f0-4a6c-4f19-8d73-c1a0b9e2f647"
"""The id of the sample ``mistakes``, a plan with errors to find."""

_LEADING: Final = ("id", "action")
_TRAILING: Final = ("status", "create_time", "modify_time", "execute_time", "creator")
_SAFE_ID: Final = re.compile(r"[A-Za-z0-9][A-Za-z0-9._-]{0,127}")
"""Ids a folder-backed store accepts: they become file names."""


class PlanStore:
    """Release plans by id, in memory or in a folder (one ``<id>.json`` file each); every method holds a lock."""

    def __init__(
        self, folder: Path | None = None, *, clock: Callable[[], float] = time.time, release_seconds: float = 0.0
    ) -> None:
        """Hold no plans, or, given a folder, every ``*.json`` plan in it under its file's stem.

        ``clock`` gives the time in epoch seconds; each batch of a release takes ``release_seconds`` of it (0: a
        release ends the moment it starts).

        Raises:
            DocumentError: the folder is not a folder, or one of its plans cannot be read; the message names the
                file.
        """
        self._lock = threading.RLock()
        self._plans: dict[str, dict[str, JSON]] = {}
        self._folder = folder
        self._clock = clock
        self.release_seconds = release_seconds
        """Seconds each batch of a release takes."""
        self._releases: dict[str, Release] = {}
        if folder is not None:
            self._load(folder)

    @classmethod
    def with_samples(cls, *, clock: Callable[[], float] = time.time, release_seconds: float = 0.0) -> PlanStore:
        """An in-memory store holding the sample plans under :data:`SMALL_ID`, :data:`LARGE_ID`, :data:`MISTAKES_ID`."""
        store = cls(clock=clock, release_seconds=release_seconds)
        store.add(load_sample("small"), SMALL_ID)
        store.add(load_sample("large"), LARGE_ID)
        store.add(load_sample("mistakes"), MISTAKES_ID)
        return store

    @property
    def folder(self) -> Path | None:
        """The folder the plans are kept in, or None when they live in memory only."""
        return self._folder

    def summaries(self) -> list[dict[str, Any]]:
        """Every plan as the list call shows it, in the order they were added."""
        with self._lock:
            for plan_id in list(self._releases):
                self._settle(plan_id)
            return [
                {
                    "id": plan_id,
                    "name": plan.get("name"),
                    "action": plan.get("action"),
                    "status": plan.get("status"),
                    "create_time": plan.get("create_time"),
                    "execute_time": plan.get("execute_time"),
                    "creator": plan.get("creator"),
                    "modify_time": plan.get("modify_time"),
                }
                for plan_id, plan in self._plans.items()
            ]

    def get(self, plan_id: str) -> dict[str, Any] | None:
        """A copy of the full plan, read-only keys included; None when there is no such plan."""
        with self._lock:
            self._settle(plan_id)
            plan = self._plans.get(plan_id)
            return None if plan is None else copy_json(plan)

    def update(self, plan_id: str, body: Mapping[str, JSON]) -> None:
        """Replace the plan's editable part with ``body`` (its read-only keys ignored) and stamp ``modify_time``.

        Raises:
            KeyError: there is no such plan.
            DocumentError: the plan's file cannot be written.
        """
        with self._lock:
            current = self._plans[plan_id]
            fixed = {key: value for key, value in current.items() if key in READ_ONLY_KEYS}
            fixed["modify_time"] = self._now()
            self._keep(plan_id, _arrange(fixed, body))

    def add(self, plan: Mapping[str, JSON], plan_id: str | None = None) -> str:
        """Add a new plan (its read-only keys are set afresh) and return its id, a new uuid unless given.

        Raises:
            ValueError: ``plan_id`` is taken, or cannot be a file name in a folder-backed store.
            DocumentError: the plan's file cannot be written.
        """
        plan_id = str(uuid.uuid4()) if plan_id is None else plan_id
        if self._folder is not None and not _SAFE_ID.fullmatch(plan_id):
            raise ValueError(
                "a plan id in a folder is letters, digits, '.', '-' and '_', starting with a letter or digit"
            )
        now = self._now()
        fixed: dict[str, JSON] = {"id": plan_id, **_fresh_read_only(now)}
        with self._lock:
            if plan_id in self._plans:
                raise ValueError(f"there is already a plan {plan_id}")
            self._keep(plan_id, _arrange(fixed, plan))
        return plan_id

    def execute(self, plan_id: str, *, failing: frozenset[str] = frozenset(), message: str | None = None) -> bool:
        """Start releasing the plan: status ``RELEASING``, ``execute_time`` now; False when there is no such plan.

        The components named in ``failing`` fail with ``message`` (or a default one) and roll back.

        Raises:
            AlreadyReleasingError: a release of the plan is still running.
            DocumentError: the plan's file cannot be written.
        """
        with self._lock:
            self._settle(plan_id)
            current = self._plans.get(plan_id)
            if current is None:
                return False
            now = self._now()
            previous = self._releases.get(plan_id)
            if previous is not None and previous.running(now):
                raise AlreadyReleasingError(f"The release plan {plan_id} is already being released")
            release = Release.start(
                plan_id,
                current,
                now,
                batch_seconds=self.release_seconds,
                failing=failing,
                message=message,
                number=1 if previous is None else previous.number + 1,
            )
            self._releases[plan_id] = release
            plan = dict(current)
            plan["status"] = release.status(now)
            plan["execute_time"] = now
            self._keep(plan_id, plan)
            return True

    def deploy_info(self, plan_id: str) -> dict[str, Any] | None:
        """The deploy-info call's answer: one job per component, as its release stands now; None when unknown.

        A plan never executed shows every job ``CREATED``; see :mod:`tui.standin.releases` for the rest.
        """
        with self._lock:
            self._settle(plan_id)
            plan = self._plans.get(plan_id)
            if plan is None:
                return None
            release = self._releases.get(plan_id)
            jobs = not_released_jobs(plan) if release is None else release.jobs(self._now())
            return {"id": plan_id, "components": jobs}

    def _settle(self, plan_id: str) -> None:
        """Bring the plan's status up to where its release stands now (its file too, when it changed)."""
        release = self._releases.get(plan_id)
        plan = self._plans.get(plan_id)
        if release is None or plan is None:
            return
        status = release.status(self._now())
        if plan.get("status") != status:
            self._keep(plan_id, {**plan, "status": status})

    def __len__(self) -> int:
        with self._lock:
            return len(self._plans)

    def __contains__(self, plan_id: object) -> bool:
        with self._lock:
            return plan_id in self._plans

    def _now(self) -> int:
        return int(self._clock() * 1000)

    def _keep(self, plan_id: str, plan: dict[str, JSON]) -> None:
        """Hold ``plan`` under ``plan_id``, writing its file first when the store has a folder."""
        if self._folder is not None:
            write_atomic(self._folder / f"{plan_id}.json", dump_json(plan).encode("utf-8"))
        self._plans[plan_id] = plan

    def _load(self, folder: Path) -> None:
        if not folder.is_dir():
            raise DocumentError(f"{folder} is not a folder of plans")
        now = self._now()
        for path in sorted(folder.glob("*.json")):
            if path.name.startswith("."):
                continue
            try:
                plan = load_file(path)
            except DocumentError as exc:
                raise DocumentError(f"{path.name}: {exc}") from None
            fixed: dict[str, JSON] = _fresh_read_only(now)
            fixed.update((key, value) for key, value in plan.items() if key in READ_ONLY_KEYS)
            fixed["id"] = path.stem
            self._plans[path.stem] = _arrange(fixed, plan)


def _arrange(fixed: Mapping[str, JSON], body: Mapping[str, JSON]) -> dict[str, JSON]:
    """A plan in the get call's key order: ``id`` and ``action``, the body (a copy), then the other read-only keys."""
    plan: dict[str, JSON] = {key: fixed[key] for key in _LEADING if key in fixed}
    plan.update((key, copy_json(value)) for key, value in body.items() if key not in READ_ONLY_KEYS)
    plan.update((key, fixed[key]) for key in _TRAILING if key in fixed)
    return plan


def _fresh_read_only(now: int) -> dict[str, JSON]:
    """The read-only keys of a plan created now (all but its id)."""
    return {
        "action": "upgrade",
        "status": "CREATED",
        "create_time": now,
        "modify_time": now,
        "execute_time": 0,
        "creator": "demo",
    }
