"""An answer's body decoded as it streams, never past a cap: a small hostile answer cannot fill the memory.

httpx decodes ``Content-Encoding`` one whole chunk at a time, so 2.6 KB of ``gzip, gzip`` can grow to gigabytes
before any cap sees a byte. Here each layer is inflated a slice at a time (``max_length``), and the slices go on
to the next layer at once, so no layer holds more than a slice and decoding stops as soon as the decoded body
passes the cap.
"""

from __future__ import annotations

import zlib
from collections.abc import AsyncIterator, Callable
from typing import Final

__all__ = ["ACCEPT_ENCODING", "MAX_LAYERS", "DecodeError", "read_decoded"]

ACCEPT_ENCODING: Final = "gzip, deflate"
"""The encodings relplan asks for: the ones it decodes with a cap."""
MAX_LAYERS: Final = 3
"""The most encodings stacked on one body: a real server uses one."""
SLICE: Final = 64 * 1024
"""The most one layer inflates at a time."""
_GZIP_WBITS: Final = 16 + zlib.MAX_WBITS


class DecodeError(ValueError):
    """A body that cannot be decoded: an encoding relplan does not read, too many, or bytes that do not match."""


class _Layer:
    """One ``Content-Encoding`` being undone; ``deflate`` is zlib-wrapped, or raw as some servers send it."""

    def __init__(self, encoding: str) -> None:
        self.encoding = encoding
        self.raw_tried = encoding != "deflate"
        self.inflater = zlib.decompressobj(_GZIP_WBITS if encoding in ("gzip", "x-gzip") else zlib.MAX_WBITS)

    def inflate(self, data: bytes) -> bytes:
        try:
            return self.inflater.decompress(data, SLICE)
        except zlib.error as exc:
            if self.raw_tried:
                raise DecodeError(f"the body does not match its Content-Encoding {self.encoding} ({exc})") from None
            self.raw_tried = True  # a deflate body without its zlib header, as some servers send it
            self.inflater = zlib.decompressobj(-zlib.MAX_WBITS)
            return self.inflate(data)

    @property
    def tail(self) -> bytes:
        return self.inflater.unconsumed_tail


def layers(content_encoding: list[str]) -> list[_Layer]:
    """The layers to undo, outermost first, for the values of the ``Content-Encoding`` headers (in order sent)."""
    names = [name.strip().lower() for value in content_encoding for name in value.split(",")]
    names = [name for name in names if name and name != "identity"]
    unknown = sorted({name for name in names if name not in ("gzip", "x-gzip", "deflate")})
    if unknown:
        raise DecodeError(f"the body is in an encoding relplan does not read ({', '.join(unknown)[:80]})")
    if len(names) > MAX_LAYERS:
        raise DecodeError(f"the body is encoded {len(names)} times over; a server encodes it once")
    return [_Layer(name) for name in reversed(names)]  # the last encoding applied is the first to undo


async def read_decoded(chunks: AsyncIterator[bytes], content_encoding: list[str], cap: int) -> bytes:
    """The decoded body, read and decoded no further than just past ``cap`` bytes (the caller says it is too long).

    Raises:
        DecodeError: see :class:`DecodeError`.
    """
    stack = layers(content_encoding)
    parts: list[bytes] = []
    size = 0

    def keep(data: bytes) -> bool:
        nonlocal size
        parts.append(data)
        size += len(data)
        return size <= cap

    feed = _chain(stack, keep)
    async for chunk in chunks:
        if not feed(chunk):
            break
    return b"".join(parts)


def _chain(stack: list[_Layer], keep: Callable[[bytes], bool]) -> Callable[[bytes], bool]:
    """A function that decodes one chunk through every layer into ``keep``; False once ``keep`` says stop."""

    def through(index: int, data: bytes) -> bool:
        if index == len(stack):
            return keep(data) if data else True
        layer = stack[index]
        while True:
            out = layer.inflate(data)
            if out and not through(index + 1, out):
                return False
            data = layer.tail
            if not data and len(out) < SLICE:  # all taken in, and nothing more is waiting inside
                return True

    return lambda chunk: through(0, chunk)
