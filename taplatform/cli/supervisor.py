"""Run child processes side by side, prefix their output and stop them all together.

A child that exits on its own stops the others: nothing is restarted silently.
SIGINT/SIGTERM stop every child (SIGTERM to its process group, SIGKILL after a
grace period). Children get their own process group, so a terminal's Ctrl-C
reaches only the supervisor, and on Linux a parent-death signal, so a killed
supervisor leaves no orphans.
"""

from __future__ import annotations

import asyncio
import errno
import os
import shutil
import signal
import sys
from collections.abc import Callable, Coroutine, Mapping, Sequence
from dataclasses import dataclass
from types import FrameType
from typing import Any

from taplatform.cli.output import PrefixedOutput, pump_lines
from taplatform.cli.procgroup import die_with_parent_prefix, signal_group

SUPERVISOR_NAME = "up"
DEFAULT_GRACE_S = 15.0
_KILL_WAIT_S = 5.0
_DRAIN_S = 2.0

_SignalHandler = Callable[[int, FrameType | None], Any] | int | None


@dataclass(frozen=True)
class ProcessSpec:
    """One child process: the name its output is prefixed with, its argv and environment."""

    name: str
    argv: Sequence[str]
    env: Mapping[str, str] | None = None
    cwd: str | None = None


class _Child:
    """A started child and the tasks copying its stdout and stderr."""

    def __init__(self, spec: ProcessSpec, process: asyncio.subprocess.Process) -> None:
        self.spec = spec
        self.process = process
        self.pumps: list[asyncio.Task[None]] = []
        self.watcher: asyncio.Task[None] | None = None

    @classmethod
    async def start(cls, spec: ProcessSpec, out: PrefixedOutput) -> _Child:
        # Behind the setpriv prefix a missing program would only show as exit 127.
        program = spec.argv[0]
        if shutil.which(program, path=(spec.env or os.environ).get("PATH")) is None:
            raise FileNotFoundError(errno.ENOENT, "no such program", program)
        process = await asyncio.create_subprocess_exec(
            *die_with_parent_prefix(),
            *spec.argv,
            stdin=asyncio.subprocess.DEVNULL,
            stdout=asyncio.subprocess.PIPE,
            stderr=asyncio.subprocess.PIPE,
            env=dict(spec.env) if spec.env is not None else None,
            cwd=spec.cwd,
            process_group=0,
        )
        child = cls(spec, process)
        for stream in (process.stdout, process.stderr):
            assert stream is not None
            child.pumps.append(asyncio.create_task(pump_lines(stream, spec.name, out)))
        return child

    @property
    def running(self) -> bool:
        return self.process.returncode is None

    async def drain(self) -> None:
        """Wait (bounded) for the rest of the output; a grandchild may still hold the pipes."""
        _, pending = await asyncio.wait(self.pumps, timeout=_DRAIN_S)
        for task in pending:
            task.cancel()


async def _first_of(*futures: asyncio.Future[Any], timeout_s: float | None = None) -> None:
    await asyncio.wait(futures, timeout=timeout_s, return_when=asyncio.FIRST_COMPLETED)


def describe_exit(code: int) -> str:
    if code < 0:
        try:
            return f"killed by {signal.Signals(-code).name}"
        except ValueError:
            return f"killed by signal {-code}"
    return f"exited with code {code}"


class _StopSignals:
    """While entered, SIGINT/SIGTERM set ``stop``; a second signal also sets ``hurry``."""

    def __init__(self, stop: asyncio.Event, hurry: asyncio.Event, say: Callable[[str], None]):
        self._stop, self._hurry, self._say = stop, hurry, say
        self._previous: dict[signal.Signals, _SignalHandler] = {}

    def __enter__(self) -> None:
        loop = asyncio.get_running_loop()
        for sig in (signal.SIGINT, signal.SIGTERM):
            self._previous[sig] = signal.getsignal(sig)
            loop.add_signal_handler(sig, self._handle, sig)

    def __exit__(self, *exc: object) -> None:
        loop = asyncio.get_running_loop()
        for sig, previous in self._previous.items():
            loop.remove_signal_handler(sig)
            if previous is not None:  # None: a handler not set from Python, nothing to restore
                signal.signal(sig, previous)

    def _handle(self, sig: signal.Signals) -> None:
        if self._stop.is_set():
            self._say(f"{sig.name} again: killing now")
            self._hurry.set()
        else:
            self._say(f"{sig.name} received: stopping")
            self._stop.set()


class Supervisor:
    """Starts ``processes``, runs until a signal or until one of them exits, then stops all."""

    def __init__(
        self,
        processes: Sequence[ProcessSpec],
        *,
        out: PrefixedOutput | None = None,
        grace_s: float = DEFAULT_GRACE_S,
        handle_signals: bool = True,
    ) -> None:
        self.processes = list(processes)
        names = [SUPERVISOR_NAME, *(p.name for p in self.processes)]
        self.out = out if out is not None else PrefixedOutput(sys.stdout, names)
        self.grace_s = grace_s
        self.handle_signals = handle_signals
        self.stop_requested = asyncio.Event()
        self._hurry = asyncio.Event()
        self._child_exited = asyncio.Event()
        self._first_exit: _Child | None = None
        self._late_start_failed = False
        self._stopping = False
        self.children: list[_Child] = []

    def say(self, text: str) -> None:
        self.out.line(SUPERVISOR_NAME, text)

    def request_stop(self) -> None:
        self.stop_requested.set()

    async def run(self, on_started: Callable[[], Coroutine[Any, Any, None]] | None = None) -> int:
        """0 when stopped by a signal or :meth:`request_stop`; 1 when a child exited by itself."""
        if not self.handle_signals:
            return await self._run(on_started)
        with _StopSignals(self.stop_requested, self._hurry, self.say):
            return await self._run(on_started)

    async def run_to_completion(self) -> int | None:
        """Run the processes until all exit; the first non-zero code, or None when stopped."""
        if not self.handle_signals:
            return await self._run_to_completion()
        with _StopSignals(self.stop_requested, self._hurry, self.say):
            return await self._run_to_completion()

    async def start(self, spec: ProcessSpec) -> bool:
        """Start one more child while :meth:`run` runs (from ``on_started``); False if not."""
        if self._stopping or self.stop_requested.is_set():
            return False
        self.processes.append(spec)
        if await self._start_one(spec):
            return True
        # Like a child that cannot start at first: the stack stops and the run fails.
        self._late_start_failed = True
        self._child_exited.set()
        return False

    async def _run(self, on_started: Callable[[], Coroutine[Any, Any, None]] | None) -> int:
        if not await self._start_all():
            self._stopping = True
            await self._stop_all()
            return 1
        stop = asyncio.create_task(self.stop_requested.wait())
        exited = asyncio.create_task(self._child_exited.wait())
        extra = asyncio.create_task(self._guarded(on_started)) if on_started is not None else None
        try:
            await asyncio.wait([exited, stop], return_when=asyncio.FIRST_COMPLETED)
        finally:
            self._stopping = True
            for task in (stop, exited, extra):
                if task is not None:
                    task.cancel()
        if extra is not None:
            # A child it was starting is then registered, so it is stopped with the rest.
            await asyncio.gather(extra, return_exceptions=True)
        first = self._first_exit
        code = 0
        if first is not None and not self.stop_requested.is_set():
            status = describe_exit(first.process.returncode or 0)
            self.say(f"{first.spec.name} {status}; stopping the others")
            code = 1
        elif self._late_start_failed and not self.stop_requested.is_set():
            code = 1
        await self._stop_all()
        self.say("all processes stopped")
        return code

    async def _guarded(self, on_started: Callable[[], Coroutine[Any, Any, None]]) -> None:
        """Run ``on_started``; its failure is said at once and leaves the children running."""
        try:
            await on_started()
        except Exception as error:
            self.say(f"start-up step failed: {error!r}")

    async def _run_to_completion(self) -> int | None:
        if not await self._start_all():
            await self._stop_all()
            return 1
        exits = [asyncio.create_task(c.process.wait()) for c in self.children]
        stop = asyncio.create_task(self.stop_requested.wait())
        await _first_of(asyncio.gather(*exits), stop)
        stop.cancel()
        stopped = self.stop_requested.is_set()
        await self._stop_all()
        if stopped:
            return None
        return next((t.result() for t in exits if t.result() != 0), 0)

    async def _start_all(self) -> bool:
        for spec in self.processes:
            if not await self._start_one(spec):
                return False
        return True

    async def _start_one(self, spec: ProcessSpec) -> bool:
        try:
            child = await _Child.start(spec, self.out)
        except OSError as error:
            self.say(f"cannot start {spec.name}: {error}")
            return False
        self.children.append(child)
        child.watcher = asyncio.create_task(self._watch(child))
        self.say(f"started {spec.name} (pid {child.process.pid})")
        return True

    async def _watch(self, child: _Child) -> None:
        await child.process.wait()
        if self._first_exit is None:
            self._first_exit = child
        self._child_exited.set()

    async def _stop_all(self) -> None:
        running = [c for c in self.children if c.running]
        for child in running:
            signal_group(child.process.pid, signal.SIGTERM)
        if running:
            exited = asyncio.gather(*(c.process.wait() for c in running))
            hurry = asyncio.create_task(self._hurry.wait())
            await _first_of(exited, hurry, timeout_s=self.grace_s)
            hurry.cancel()
        waited = "" if self._hurry.is_set() else f" after {self.grace_s:g} s"
        for child in running:
            if child.running:
                self.say(f"{child.spec.name} still running{waited}: killing it")
        # SIGKILL every group, not only stragglers: grandchildren left behind by a child
        # that already exited must not outlive the supervisor either.
        for child in self.children:
            signal_group(child.process.pid, signal.SIGKILL)
        leftover = [c for c in self.children if c.running]
        if leftover:
            await _first_of(
                asyncio.gather(*(c.process.wait() for c in leftover)), timeout_s=_KILL_WAIT_S
            )
        for child in leftover:
            if child.running:
                self.say(f"{child.spec.name} (pid {child.process.pid}) survived SIGKILL")
        for child in self.children:
            await child.drain()
