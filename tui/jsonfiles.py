"""What a plan file held when it was read, and how it is written: a save respects the file it writes.

A save keeps the file's line endings (CRLF or LF), its UTF-8 byte-order mark and its indentation width; writes
through a symbolic link to the file it points at; refuses a file that nobody may write (by its mode bits, since
root may write anything); and refuses to write over a file that changed on disk since it was read or last saved
(:class:`ChangedOnDiskError`, which says what the disk holds now).
"""

from __future__ import annotations

import hashlib
import os
import re
import stat
from dataclasses import dataclass, field
from pathlib import Path

from tui.errors import DocumentError

__all__ = [
    "ChangedOnDiskError",
    "FileState",
    "FileStyle",
    "ReadOnlyError",
    "file_state",
    "refuse_read_only",
    "through_links",
]

BOM = b"\xef\xbb\xbf"


@dataclass(frozen=True, slots=True)
class FileState:
    """What a file held at one moment: its size, modification time and a hash of its bytes (and the bytes)."""

    size: int
    mtime_ns: int
    digest: str
    raw: bytes = field(default=b"", repr=False, compare=False)
    """The bytes themselves, for a three-way merge of what was read with what the disk holds now."""

    def same_bytes(self, other: FileState) -> bool:
        """Whether ``other`` holds the same bytes (a touch changes the time, not what is in the file)."""
        return self.size == other.size and self.digest == other.digest


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
    return FileState(len(raw), info.st_mtime_ns, hashlib.sha256(raw).hexdigest(), raw)


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
