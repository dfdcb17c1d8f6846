"""Drafts: every plan being edited is kept on disk as it changes, so that no crash, lost terminal or kill loses it.

One draft per plan: a plan on a server is known by its endpoint, project and id, a file by its absolute path.
A draft holds the plan as edited and the baseline it was edited against (what the server or the file held), and
never a credential. Drafts are written atomically (a temporary file, fsync, rename) under the platform's user
data directory, private to their owner (mode 0600, in a folder of mode 0700), since a plan can hold passwords.

A draft belongs to one process: its owner holds an OS lock (``flock``) on a ``.lock`` file beside it for as long as
it runs, and the kernel lets go of it when the process ends, however it ends. The lock is on a file of its own, not
on the draft, because every write of a draft replaces the draft's file (a lock on the old one would go with it). A
second editor of the same plan gets a draft of its own (the plan's key with its pid after it), so neither writes
over the other; a draft whose lock nobody holds is left by an editor that ended, and is offered back.

A draft that cannot be read (cut short, not a draft) is never written over: it is renamed ``NAME.broken`` and
reported. What the operating system refuses (a folder that cannot be written, a lock that cannot be taken) is a
:class:`~tui.errors.DocumentError` that says what could not be done.
"""

from __future__ import annotations

import fcntl
import hashlib
import json
import os
import time
from collections.abc import Iterable, Iterator, Mapping
from contextlib import contextmanager, suppress
from dataclasses import dataclass, field
from pathlib import Path

from tui.datadir import data_dir
from tui.draft_journal import encode, replayed
from tui.errors import DocumentError
from tui.jsonfiles import write_atomic
from tui.types import JSON

__all__ = [
    "OLD_DAYS",
    "Broken",
    "Claim",
    "Draft",
    "Holder",
    "broken_drafts",
    "claim",
    "discard",
    "draft_key",
    "drafts_dir",
    "encode_draft",
    "holder",
    "list_drafts",
    "orphans",
    "read_draft",
    "remove_draft",
    "write_draft",
]

OLD_DAYS = 30
"""Drafts older than this are listed as old (and never deleted unasked)."""


def drafts_dir() -> Path:
    """Where the drafts are kept."""
    return data_dir() / "drafts"


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
    return encode(document)


@contextmanager
def _refused(what: str) -> Iterator[None]:
    """Turn what the operating system refuses into a :class:`DocumentError`: ``cannot {what}: {why}``."""
    try:
        yield
    except OSError as exc:
        raise DocumentError(f"cannot {what}: {exc.strerror or exc}") from exc


def _private_folder(folder: Path) -> Path:
    """``folder``, made if need be, and open to its owner only (tightened to 0700 when it was looser)."""
    with _refused(f"make the drafts folder {folder}"):
        folder.mkdir(parents=True, exist_ok=True, mode=0o700)
        if folder.stat().st_mode & 0o077:
            folder.chmod(0o700)
    return folder


def write_draft(key: str, data: bytes | Iterable[bytes], folder: Path | None = None) -> Path:
    """Write a draft's bytes (see :func:`encode_draft`), or its parts one after another, atomically, always mode
    0600; returns the file.

    A file of that name that cannot be read as a draft is first kept as ``NAME.broken``, never written over (one
    this process wrote, unchanged since, is not read again: it is a draft).

    Raises:
        DocumentError: the folder or the file cannot be written.
    """
    folder = _private_folder(folder or drafts_dir())
    target = folder / f"{key}.json"
    with _refused(f"write the draft {target}"):
        if target.exists() and _written.get(target) != _identity(target) and _read(target) is None:
            _set_aside(target)
    write_atomic(target, data, mode=0o600)
    with suppress(OSError):
        _written[target] = _identity(target)
    return target


_written: dict[Path, tuple[int, int, int]] = {}
"""The drafts this process wrote last, by their inode, size and time of change."""


def _identity(file: Path) -> tuple[int, int, int]:
    info = file.stat()
    return info.st_ino, info.st_size, info.st_mtime_ns


def read_draft(key: str, folder: Path | None = None) -> Draft | None:
    """The draft named ``key``, or None when there is none; an unreadable one is set aside (see :class:`Broken`)."""
    file = (folder or drafts_dir()) / f"{key}.json"
    draft = _read(file)
    if draft is None and file.exists():
        _set_aside(file)
    return draft


def remove_draft(key: str, folder: Path | None = None) -> None:
    """Remove the draft named ``key`` and its journal (after the plan was saved or sent and verified).

    Raises:
        DocumentError: the draft is there and cannot be removed.
    """
    file = (folder or drafts_dir()) / f"{key}.json"
    with _refused(f"remove the draft {file}"):
        file.unlink(missing_ok=True)
        file.with_suffix(".journal").unlink(missing_ok=True)


def list_drafts(folder: Path | None = None) -> list[Draft]:
    """Every readable draft, newest first; those that cannot be read are set aside (see :func:`broken_drafts`)."""
    folder = folder or drafts_dir()
    if not folder.is_dir():
        return []
    drafts = []
    for file in folder.glob("*.json"):
        draft = _read(file)
        if draft is not None:
            drafts.append(draft)
        elif file.exists():
            _set_aside(file)
    return sorted(drafts, key=lambda draft: draft.saved_at, reverse=True)


@dataclass(frozen=True, slots=True)
class Broken:
    """A draft that could not be read (cut short, or not a draft at all), kept under another name."""

    file: Path
    """Where it is kept: ``NAME.broken`` in the drafts folder."""
    key: str
    """The key of the draft it was."""


def broken_drafts(folder: Path | None = None, key: str | None = None) -> list[Broken]:
    """The drafts set aside as unreadable (of the plan whose draft key is ``key``, or all of them)."""
    folder = folder or drafts_dir()
    if not folder.is_dir():
        return []
    found = [Broken(file, file.name.split(".", 1)[0]) for file in sorted(folder.glob("*.broken"))]
    return [one for one in found if key is None or one.key == key or one.key.startswith(f"{key}-")]


def _set_aside(file: Path) -> Path:
    """Keep an unreadable draft as ``NAME.broken`` (``NAME.2.broken`` and so on when that is taken)."""
    stem = file.name.removesuffix(".json")
    for number in range(1, 1000):
        kept = file.with_name(f"{stem}.broken" if number == 1 else f"{stem}.{number}.broken")
        if not kept.exists():
            with suppress(OSError):
                os.replace(file, kept)
            return kept
    return file


# ------------------------------------------------------------------------------------------------------ owners


@dataclass(frozen=True, slots=True)
class Holder:
    """The process that holds a draft: its pid and since when (seconds since the epoch)."""

    pid: int
    since: float

    def describe(self) -> str:
        """``open in another relplan (pid N) since HH:MM``."""
        return f"open in another relplan (pid {self.pid}) since {time.strftime('%H:%M', time.localtime(self.since))}"


@dataclass(slots=True)
class Claim:
    """The draft this process owns, held by a lock until :meth:`release` or the end of the process."""

    key: str
    """The draft's key: the plan's own, or the plan's with this process's pid after it when another had that."""
    other: Holder | None
    """Who held the plan's own draft when this one was claimed (None when this process has it)."""
    _fd: int = field(repr=False, default=-1)
    _folder: Path = field(repr=False, default_factory=Path)

    def release(self) -> None:
        """Let go of the draft (the kernel does the same when the process ends)."""
        if self._fd >= 0:
            with suppress(OSError):
                (self._folder / f"{self.key}.lock").unlink()
            with suppress(OSError):
                os.close(self._fd)
            self._fd = -1


def _lock(key: str, folder: Path) -> int | None:
    """An open, exclusively locked ``KEY.lock`` file saying who holds it; None when another process holds it.

    Raises:
        DocumentError: the lock file cannot be made or written.
    """
    path = folder / f"{key}.lock"
    with _refused(f"lock the draft {path}"):
        fd = _locked(path)
        if fd is None:
            return None
        try:
            os.ftruncate(fd, 0)
            os.write(fd, json.dumps({"pid": os.getpid(), "since": time.time()}).encode())
            os.fchmod(fd, 0o600)
        except OSError:
            os.close(fd)  # a lock that does not say who holds it is let go of
            raise
        return fd


def _locked(path: Path) -> int | None:
    """``path`` opened (made if need be) with an exclusive lock on it; None when another process holds one."""
    while True:
        fd = os.open(path, os.O_RDWR | os.O_CREAT | os.O_CLOEXEC, 0o600)
        try:
            fcntl.flock(fd, fcntl.LOCK_EX | fcntl.LOCK_NB)
        except BlockingIOError:
            os.close(fd)
            return None
        # A holder that was letting go may have removed the file between our open and our lock: lock the new one.
        try:
            same = os.fstat(fd).st_ino == os.stat(path).st_ino
        except FileNotFoundError:
            same = False
        if same:
            return fd
        os.close(fd)


def holder(key: str, folder: Path | None = None) -> Holder | None:
    """Who holds the draft ``key`` now; None when no running process does."""
    path = (folder or drafts_dir()) / f"{key}.lock"
    try:
        fd = os.open(path, os.O_RDONLY | os.O_CLOEXEC)
    except OSError:
        return None
    try:
        try:
            fcntl.flock(fd, fcntl.LOCK_SH | fcntl.LOCK_NB)
        except BlockingIOError:
            pass
        else:
            return None  # nobody holds it
        try:
            said = json.loads(os.read(fd, 4096) or b"{}")
        except (OSError, ValueError):  # a holder that cannot be read is still a holder
            said = {}
        pid, since = said.get("pid"), said.get("since")
        return Holder(pid if isinstance(pid, int) else 0, float(since) if isinstance(since, int | float) else 0.0)
    finally:
        os.close(fd)


def claim(key: str, folder: Path | None = None) -> Claim:
    """Take the draft of the plan whose key is ``key``, or, when a running relplan has it, one of this process's own.

    Raises:
        DocumentError: the drafts folder cannot be made, or a draft's lock cannot be taken.
    """
    folder = _private_folder(folder or drafts_dir())
    fd = _lock(key, folder)
    if fd is not None:
        return Claim(key, None, fd, folder)
    other = holder(key, folder) or Holder(0, time.time())
    for number in range(1000):  # several editors in one process (as tests run them) each get their own
        own = f"{key}-{os.getpid()}" + (f"-{number}" if number else "")
        fd = _lock(own, folder)
        if fd is not None:
            return Claim(own, other, fd, folder)
    raise DocumentError("cannot take a draft of this plan: a thousand editors hold one")


def discard(key: str, folder: Path | None = None) -> Holder | None:
    """Delete the draft ``key`` unless a running relplan holds it; returns that holder, or None once it is deleted.

    The draft's lock is taken first, so that no editor can take the draft while it is being deleted.

    Raises:
        DocumentError: the draft's lock cannot be taken, or the draft cannot be deleted.
    """
    folder = folder or drafts_dir()
    if not folder.is_dir():
        return None
    fd = _lock(key, folder)
    if fd is None:
        return holder(key, folder) or Holder(0, time.time())
    try:
        remove_draft(key, folder)
        with suppress(OSError):
            (folder / f"{key}.lock").unlink()
    finally:
        os.close(fd)
    return None


def orphans(key: str, folder: Path | None = None, *, own: str = "") -> list[Draft]:
    """The readable drafts of the plan whose key is ``key`` that no running process holds, newest first.

    The draft of ``own`` (this process's key) counts as one: what is in it was left by an editor that ended.
    """
    folder = folder or drafts_dir()
    if not folder.is_dir():
        return []
    found = []
    for file in folder.glob(f"{key}*.json"):
        name = file.stem
        if name != key and not name.startswith(f"{key}-"):
            continue
        if name != own and holder(name, folder) is not None:
            continue
        draft = read_draft(name, folder)
        if draft is not None:
            found.append(draft)
    return sorted(found, key=lambda draft: (draft.key != own, -draft.saved_at))


def _read(file: Path) -> Draft | None:
    try:
        data = json.loads(file.read_bytes())
    except (OSError, ValueError):
        return None
    version = data.get("relplan_draft") if isinstance(data, dict) else None
    if version not in (1, 2):
        return None
    plan, baseline, saved_at = data.get("plan"), data.get("baseline"), data.get("saved_at")
    if version == 2:  # a checkpoint and its journal (see tui.draft_journal)
        plan, saved_at = replayed(data, file.with_suffix(".journal")) or (None, None)
    if not (isinstance(plan, dict) and isinstance(baseline, dict) and isinstance(saved_at, int | float)):
        return None
    where, title = (text if isinstance(text := data.get(name), str) else "" for name in ("where", "title"))
    return Draft(file.stem, where, title, plan, baseline, float(saved_at))
