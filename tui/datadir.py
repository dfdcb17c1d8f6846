"""Where relplan keeps what it writes for itself (drafts, baselines): one folder, which the demo swaps for its own.

The folder is the platform's user data directory (``~/.local/share/relplan`` on Linux). ``relplan demo`` works
on plans that live in a stand-in's memory and are gone when it ends, so it keeps its drafts and baselines in a
temporary folder of its own, made for the run and removed at its end (:func:`temporary_data_dir`): the person's
real drafts are never touched, and a later demo never offers a draft of plans that no longer exist.
"""

from __future__ import annotations

import shutil
import tempfile
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

import platformdirs

__all__ = ["data_dir", "is_temporary", "temporary_data_dir"]

_instead: Path | None = None


def data_dir() -> Path:
    """The folder that holds relplan's drafts and baselines (a temporary one inside :func:`temporary_data_dir`)."""
    return _instead if _instead is not None else platformdirs.user_data_path("relplan")


def is_temporary() -> bool:
    """Whether drafts go to a temporary folder that ends with this run (the demo's), not the person's own."""
    return _instead is not None


@contextmanager
def temporary_data_dir(prefix: str = "relplan-demo-") -> Iterator[Path]:
    """Keep drafts and baselines in a new private temporary folder until the block ends, then remove it."""
    global _instead
    before = _instead
    folder = Path(tempfile.mkdtemp(prefix=prefix))  # mode 0700: drafts hold a plan's secrets
    _instead = folder
    try:
        yield folder
    finally:
        _instead = before
        shutil.rmtree(folder, ignore_errors=True)
