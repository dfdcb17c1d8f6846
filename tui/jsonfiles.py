"""Plan files: reading one, what it held when it was read, and writing it so that a save respects the file.

Reading takes ``.json`` and ``.toml`` files up to :data:`MAX_FILE_BYTES`; :mod:`tui.jsontext` judges the text.
Every write is atomic (:func:`write_atomic`). A save keeps the file's line endings (CRLF or LF), its UTF-8
byte-order mark and its indentation width; writes through a symbolic link to the file it points at; refuses a file
that nobody may write (by its mode bits, since root may write anything); and refuses to write over a file that
changed on disk since it was read or last saved (:class:`ChangedOnDiskError`, which says what the disk holds now).
"""

from __future__ import annotations

import os
import re
import stat
import tempfile
from collections.abc import Iterable
from contextlib import suppress
from dataclasses import dataclass, field
from pathlib import Path
from typing import Final, Literal

from tui.errors import DocumentError
from tui.jsontext import check_writable, decode, dump_json, dump_toml, parse_json, parse_toml
from tui.jsontree import gc_paused
from tui.types import JSON

__all__ = [
    "MAX_FILE_BYTES",
    "ChangedOnDiskError",
    "FileState",
    "FileStyle",
    "ReadOnlyError",
    "file_state",
    "load_file",
    "plan_format",
    "read_plan",
    "refuse_read_only",
    "through_links",
    "write_atomic",
    "write_plan",
]

MAX_FILE_BYTES: Final = 20 * 1024 * 1024
"""The largest plan file relplan reads: 20 MiB, far above the 64-component plans the console allows."""

BOM = b"\xef\xbb\xbf"


@dataclass(frozen=True, slots=True)
class FileState:
    """What a file held at one moment: its size, modification time and bytes."""

    size: int
    mtime_ns: int
    raw: bytes = field(repr=False)
    """The bytes themselves: compared to tell a change on disk, and kept for a three-way merge of what was read
    with what the disk holds now."""

    @property
    def digest(self) -> str:
        """The SHA-256 of the bytes, in hex: made when asked for, as opening a plan needs none."""
        import hashlib

        return hashlib.sha256(self.raw).hexdigest()

    def same_bytes(self, other: FileState) -> bool:
        """Whether ``other`` holds the same bytes (a touch changes the time, not what is in the file)."""
        return self.size == other.size and self.raw == other.raw


def file_state(path: Path) -> FileState | None:
    """What ``path`` holds now; None when there is no such file."""
    try:
        with path.open("rb") as handle:
            raw = handle.read()
            info = os.fstat(handle.fileno())
    except (FileNotFoundError, IsADirectoryError, NotADirectoryError):
        return None
    except OSError as exc:
        raise DocumentError(f"cannot read {path.name}: {exc.strerror or exc}") from None
    return FileState(len(raw), info.st_mtime_ns, raw)


class ChangedOnDiskError(DocumentError):
    """The file changed on disk since it was read or last saved: nothing was written."""

    def __init__(self, path: Path, now: FileState) -> None:
        super().__init__(f"{path.name} changed on disk since it was read; nothing was written")
        self.path = path
        self.now = now
        """What the file holds now."""


class ReadOnlyError(DocumentError):
    """The file has no write bit for anyone: nothing was written, and it is left as it is."""


@dataclass(frozen=True, slots=True)
class FileStyle:
    """How a file is written: line endings, byte-order mark and (for JSON) indentation."""

    newline: str = "\n"
    bom: bool = False
    indent: int | str = 2
    """Spaces per level, or the text of one level (a tab)."""

    @classmethod
    def of(cls, raw: bytes) -> FileStyle:
        """The style of a file's bytes: CRLF when its first line ends so, a BOM when it starts with one, and the
        indentation of its first indented line (two spaces when none is)."""
        bom = raw.startswith(BOM)
        first = raw.find(b"\n")
        newline = "\r\n" if first > 0 and raw[first - 1 : first] == b"\r" else "\n"
        indent: int | str = 2
        found = re.search(rb"\n([ \t]+)\S", raw[:65536])
        if found is not None:
            lead = found.group(1)
            indent = "\t" if lead.startswith(b"\t") else len(lead)
        return cls(newline, bom, indent)

    def encode(self, text: str) -> bytes:
        """``text`` (with ``\\n`` line ends) as this style's bytes."""
        if self.newline != "\n":
            text = text.replace("\r\n", "\n").replace("\n", self.newline)
        data = text.encode("utf-8")
        return BOM + data if self.bom else data


def through_links(path: Path) -> Path:
    """The file ``path`` names, through any symbolic links: a save writes there and leaves the link a link."""
    return Path(os.path.realpath(path)) if path.is_symlink() else path


def refuse_read_only(path: Path) -> None:
    """Refuse to write a file that has no write bit for anyone (``os.access`` would let root write it anyway)."""
    try:
        mode = path.stat().st_mode
    except FileNotFoundError:
        return
    except OSError as exc:
        raise DocumentError(f"cannot look at {path.name}: {exc.strerror or exc}") from None
    if stat.S_ISREG(mode) and not mode & 0o222:
        raise ReadOnlyError(
            f"{path.name} is read-only (mode {stat.S_IMODE(mode):04o}); it is left as it is: save as another file, "
            "or make it writable first"
        )


def read_plan(path: Path) -> tuple[dict[str, JSON], FileState]:
    """A plan file's plan (see :func:`load_file`) and what the file held when it was read, both of the bytes of
    one read."""
    raw, mtime_ns = _read(path)
    return _parse(path, raw), FileState(len(raw), mtime_ns, raw)


def write_plan(path: Path, plan: dict[str, JSON], style: FileStyle, *, expected: FileState | None) -> FileState | None:
    """Write ``plan`` to ``path`` in its format and ``style``, atomically; returns what the file holds then.

    Raises:
        ChangedOnDiskError: the file no longer holds ``expected`` (when given): someone changed it on disk.
        DocumentError: the file is read-only, or the plan cannot be written in the file's format.
    """
    kind = plan_format(path, "writes")
    real = through_links(path)
    refuse_read_only(real)
    if expected is not None:
        now = file_state(real)
        if now is not None and not now.same_bytes(expected):
            raise ChangedOnDiskError(path, now)
    text = dump_toml(plan) if kind == "toml" else dump_json(plan, indent=style.indent)
    try:
        data = style.encode(text)
    except UnicodeEncodeError:
        check_writable(plan)  # names the path of the text that cannot be written
        raise
    write_atomic(real, data)
    return file_state(real)


def load_file(path: Path) -> dict[str, JSON]:
    """Read a plan file (``.json`` or ``.toml``), refusing with one clear message anything that is not a plan."""
    return _parse(path, _read(path)[0])


def _read(path: Path) -> tuple[bytes, int]:
    """A plan file's bytes, up to :data:`MAX_FILE_BYTES`, and its modification time."""
    plan_format(path)
    try:
        size = path.stat().st_size
        if size > MAX_FILE_BYTES:
            raise DocumentError(f"the file is {size / 1024 / 1024:.1f} MiB; relplan reads plans up to 20 MiB")
        with path.open("rb") as handle:  # a pipe or a growing file has no size to trust: read no more than allowed
            raw = handle.read(MAX_FILE_BYTES + 1)
            mtime_ns = os.fstat(handle.fileno()).st_mtime_ns
        if len(raw) > MAX_FILE_BYTES:
            raise DocumentError("holds more than 20 MiB; relplan reads plans up to 20 MiB")
    except IsADirectoryError:
        raise DocumentError("is a directory, not a plan file") from None
    except FileNotFoundError:
        raise DocumentError("no such file") from None
    except PermissionError:
        raise DocumentError("permission denied") from None
    except OSError as exc:
        raise DocumentError(f"cannot be read: {exc.strerror or exc}") from None
    return raw, mtime_ns


def _parse(path: Path, raw: bytes) -> dict[str, JSON]:
    text = decode(raw)
    with gc_paused():
        return parse_toml(text) if plan_format(path) == "toml" else parse_json(text)


def plan_format(path: Path, verb: str = "reads") -> Literal["json", "toml"]:
    """The format of a plan file by its suffix; anything but ``.json`` and ``.toml`` is refused, saying what
    relplan ``verb`` (reads, or writes)."""
    suffix = path.suffix.lower()
    if suffix in (".json", ".toml"):
        return "json" if suffix == ".json" else "toml"
    raise DocumentError(f"relplan {verb} .json and .toml plan files, not {suffix or 'files without a suffix'}")


def write_atomic(path: Path, data: bytes | Iterable[bytes], *, mode: int | None = None) -> None:
    """Write ``data`` (bytes, or parts written one after another) to ``path`` so that a crash leaves either the old
    file or the new one, never half of one.

    The bytes go to a temporary file beside ``path``, which is flushed to disk and renamed over it. A symbolic
    link is written through (the file it points at is replaced, the link stays). ``mode`` sets the file's
    permissions (before any byte is written); without it, an existing file's permissions and owner are kept.
    """
    path = through_links(path)
    directory = path.parent if str(path.parent) else Path(".")
    try:
        info: os.stat_result | None = path.stat()
    except FileNotFoundError:
        info = None
    try:
        fd, temporary = tempfile.mkstemp(prefix=f".{path.name}.", suffix=".tmp", dir=directory)
    except OSError as exc:
        raise DocumentError(f"cannot write in {directory}: {exc.strerror or exc}") from None
    try:
        with os.fdopen(fd, "wb") as handle:
            if mode is not None:
                os.fchmod(handle.fileno(), mode)
            elif info is not None:
                os.fchmod(handle.fileno(), info.st_mode & 0o7777)
                with suppress(OSError):  # only root may give a file away; others keep their own
                    os.fchown(handle.fileno(), info.st_uid, info.st_gid)
            if isinstance(data, bytes):
                handle.write(data)
            else:
                handle.writelines(data)
            handle.flush()
            os.fsync(handle.fileno())
        os.replace(temporary, path)
    except OSError as exc:
        with suppress(OSError):
            os.unlink(temporary)
        raise DocumentError(f"cannot write {path.name}: {exc.strerror or exc}") from None
    with suppress(OSError):
        dir_fd = os.open(directory, os.O_RDONLY)
        try:
            os.fsync(dir_fd)
        finally:
            os.close(dir_fd)
