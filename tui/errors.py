"""The errors relplan raises on purpose, all under one base class.

::

    RelplanError            anything relplan reports to a person as a message, never as a traceback
    └── DocumentError       a plan file that cannot be read, parsed or written
        └── PathError       a path that leads nowhere in the document

The UI and the command line catch :class:`RelplanError` only, so that a real bug still fails loudly in tests.
"""

from __future__ import annotations

__all__ = ["DocumentError", "PathError", "RelplanError"]


class RelplanError(Exception):
    """Base of every error relplan explains to the person using it."""


class DocumentError(RelplanError):
    """A plan file that cannot be read, parsed or written, or an edit that cannot be made."""


class PathError(DocumentError, LookupError):
    """A path that does not lead to a value in the document."""
