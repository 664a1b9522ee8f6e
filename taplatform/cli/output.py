"""Child output, one line at a time, behind an aligned ``name | `` prefix."""

from __future__ import annotations

import asyncio
import os
from collections.abc import Iterable
from typing import TextIO

_COLOURS = ("36", "33", "32", "35", "34", "91", "92", "93", "94", "95", "96")
_READ_CHUNK = 65536


class PrefixedOutput:
    """Writes ``name | text`` lines to one stream, names padded to the longest one."""

    def __init__(self, stream: TextIO, names: Iterable[str]) -> None:
        self._stream = stream
        known = list(dict.fromkeys(names))
        self._width = max((len(n) for n in known), default=0)
        tty = getattr(stream, "isatty", lambda: False)()
        self._colour = bool(tty) and "NO_COLOR" not in os.environ
        self._codes = {name: _COLOURS[i % len(_COLOURS)] for i, name in enumerate(known)}

    def line(self, name: str, text: str) -> None:
        prefix = f"{name:<{self._width}} |"
        if self._colour:
            prefix = f"\x1b[{self._codes.get(name, '0')}m{prefix}\x1b[0m"
        self._stream.write(f"{prefix} {text}\n" if text else f"{prefix}\n")
        self._stream.flush()


async def pump_lines(reader: asyncio.StreamReader, name: str, out: PrefixedOutput) -> None:
    """Copy ``reader`` to ``out`` line by line until EOF; a last unterminated line is kept."""
    pending = b""
    while chunk := await reader.read(_READ_CHUNK):
        *lines, pending = (pending + chunk).split(b"\n")
        for raw in lines:
            out.line(name, _decode(raw))
    if pending:
        out.line(name, _decode(pending))


def _decode(raw: bytes) -> str:
    return raw.rstrip(b"\r").decode("utf-8", errors="replace")
