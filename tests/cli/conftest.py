"""Helpers for the CLI tests: running the command, watching output, checking processes."""

from __future__ import annotations

import asyncio
import io
import os
import sys
import time
from collections.abc import Callable
from pathlib import Path

import psutil
import pytest

_SCRIPT = Path(sys.executable).with_name("tradingassistant")
CLI = [str(_SCRIPT)] if _SCRIPT.exists() else [sys.executable, "-m", "taplatform.cli.main"]
FAKE_STACK = [sys.executable, str(Path(__file__).with_name("fake_stack.py"))]


def clean_env(**overrides: str) -> dict[str, str]:
    """This environment without any ``TA_`` value, plus ``overrides``."""
    env = {k: v for k, v in os.environ.items() if not k.startswith("TA_")}
    env.update(overrides)
    return env


def alive(pid: int) -> bool:
    """True while ``pid`` runs (a zombie waiting to be reaped counts as gone)."""
    try:
        return psutil.Process(pid).status() != psutil.STATUS_ZOMBIE
    except psutil.NoSuchProcess:
        return False


async def eventually(condition: Callable[[], bool], timeout_s: float, step_s: float = 0.05) -> bool:
    """Poll ``condition`` until it holds or ``timeout_s`` passes; its last value."""
    deadline = time.monotonic() + timeout_s
    while not condition():
        if time.monotonic() > deadline:
            return condition()
        await asyncio.sleep(step_s)
    return True


class RecordingStream(io.StringIO):
    """A text stream that lets a test await a piece of text appearing in it."""

    def __init__(self) -> None:
        super().__init__()
        self._waiters: list[tuple[str, asyncio.Event]] = []

    def write(self, text: str) -> int:
        written = super().write(text)
        for needle, event in self._waiters:
            if needle in self.getvalue():
                event.set()
        return written

    async def wait_for(self, needle: str, timeout_s: float = 10.0) -> None:
        event = asyncio.Event()
        self._waiters.append((needle, event))
        if needle in self.getvalue():
            event.set()
        try:
            await asyncio.wait_for(event.wait(), timeout_s)
        except TimeoutError:
            pytest.fail(f"{needle!r} not seen within {timeout_s} s in:\n{self.getvalue()}")
