"""The supervisor with small real child processes: output, failures, signals, stragglers."""

from __future__ import annotations

import asyncio
import os
import re
import signal
import sys
import time

import pytest

from taplatform.cli.output import PrefixedOutput
from taplatform.cli.supervisor import ProcessSpec, Supervisor
from tests.cli.conftest import FAKE_STACK, RecordingStream, alive, eventually


def python(code: str) -> list[str]:
    return [sys.executable, "-c", code]


SLEEPER = python("import time; print('ready', flush=True); time.sleep(600)")


def supervisor(specs: list[ProcessSpec], stream: RecordingStream, grace_s: float = 5.0):
    out = PrefixedOutput(stream, ["up", *(s.name for s in specs)])
    return Supervisor(specs, out=out, grace_s=grace_s, handle_signals=False)


async def test_every_stdout_and_stderr_line_is_prefixed_with_the_aligned_process_name():
    talker = python(
        "import sys; print('one'); print('two', file=sys.stderr); sys.stdout.write('tail')"
    )
    stream = RecordingStream()
    specs = [ProcessSpec("a", talker), ProcessSpec("longname", python("print('hi')"))]

    code = await supervisor(specs, stream).run_to_completion()

    assert code == 0
    lines = stream.getvalue().splitlines()
    assert "a        | one" in lines
    assert "a        | two" in lines
    assert "a        | tail" in lines
    assert "longname | hi" in lines
    assert all(re.match(r"^(up|a|longname) +\| ", line) for line in lines), lines


async def test_run_to_completion_returns_the_first_failing_exit_code():
    stream = RecordingStream()
    specs = [ProcessSpec("ok", python("pass")), ProcessSpec("bad", python("raise SystemExit(4)"))]

    assert await supervisor(specs, stream).run_to_completion() == 4


async def test_a_child_that_exits_stops_the_others_and_the_run_fails():
    stream = RecordingStream()
    specs = [
        ProcessSpec("one", SLEEPER),
        ProcessSpec("two", SLEEPER),
        ProcessSpec("crasher", python("import sys; print('boom'); sys.exit(3)")),
    ]
    sup = supervisor(specs, stream)

    code = await asyncio.wait_for(sup.run(), 30)

    assert code == 1
    assert "up      | crasher exited with code 3; stopping the others" in stream.getvalue()
    by_name = {c.spec.name: c.process for c in sup.children}
    assert by_name["one"].returncode == -signal.SIGTERM
    assert by_name["two"].returncode == -signal.SIGTERM
    assert not any(alive(p.pid) for p in by_name.values())


async def test_a_child_that_cannot_start_stops_those_already_started():
    stream = RecordingStream()
    specs = [ProcessSpec("one", SLEEPER), ProcessSpec("ghost", ["/nonexistent/ghost"])]
    sup = supervisor(specs, stream)

    code = await asyncio.wait_for(sup.run(), 30)

    assert code == 1
    assert "cannot start ghost" in stream.getvalue()
    assert sup.children[0].process.returncode == -signal.SIGTERM


async def test_a_child_that_ignores_sigterm_is_killed_after_the_grace_period():
    stubborn = python(
        "import signal, time; signal.signal(signal.SIGTERM, signal.SIG_IGN); "
        "print('ready', flush=True); time.sleep(600)"
    )
    stream = RecordingStream()
    specs = [ProcessSpec("polite", SLEEPER), ProcessSpec("stubborn", stubborn)]
    sup = supervisor(specs, stream, grace_s=0.5)
    task = asyncio.create_task(sup.run())
    await stream.wait_for("stubborn | ready")
    await stream.wait_for("polite   | ready")

    started = time.monotonic()
    sup.request_stop()
    code = await asyncio.wait_for(task, 30)

    assert code == 0
    assert time.monotonic() - started >= 0.5
    assert "stubborn still running after 0.5 s: killing it" in stream.getvalue()
    by_name = {c.spec.name: c.process for c in sup.children}
    assert by_name["stubborn"].returncode == -signal.SIGKILL
    assert by_name["polite"].returncode == -signal.SIGTERM


async def test_a_child_started_later_is_supervised_like_the_first_ones():
    stream = RecordingStream()
    sup = supervisor([ProcessSpec("first", SLEEPER)], stream)
    started: list[bool] = []

    async def start_late() -> None:
        await stream.wait_for("first | ready")
        started.append(await sup.start(ProcessSpec("late", python("raise SystemExit(5)"))))

    code = await asyncio.wait_for(sup.run(start_late), 30)

    assert started == [True]
    assert code == 1
    assert "up    | late exited with code 5; stopping the others" in stream.getvalue()
    assert sup.children[0].process.returncode == -signal.SIGTERM


async def test_a_late_child_that_cannot_start_stops_the_run():
    stream = RecordingStream()
    sup = supervisor([ProcessSpec("first", SLEEPER)], stream)

    async def start_ghost() -> None:
        assert not await sup.start(ProcessSpec("ghost", ["/nonexistent/ghost"]))

    code = await asyncio.wait_for(sup.run(start_ghost), 30)

    assert code == 1
    assert "cannot start ghost" in stream.getvalue()
    assert sup.children[0].process.returncode == -signal.SIGTERM


async def test_a_failing_start_up_step_is_reported_and_the_children_keep_running():
    stream = RecordingStream()
    sup = supervisor([ProcessSpec("first", SLEEPER)], stream)

    async def broken() -> None:
        raise RuntimeError("no luck")

    task = asyncio.create_task(sup.run(broken))
    await stream.wait_for("up    | start-up step failed: RuntimeError('no luck')")
    await stream.wait_for("first | ready")
    assert sup.children[0].running
    sup.request_stop()

    assert await asyncio.wait_for(task, 30) == 0


class FakeStack:
    """``fake_stack.py`` as a real supervisor process; collects pids from its output."""

    def __init__(self, process: asyncio.subprocess.Process) -> None:
        self.process = process
        self.lines: list[str] = []
        self.pids: list[int] = []

    @classmethod
    async def start(cls, grace_s: float, *children: str) -> FakeStack:
        process = await asyncio.create_subprocess_exec(
            *FAKE_STACK,
            str(grace_s),
            *children,
            stdout=asyncio.subprocess.PIPE,
            stderr=asyncio.subprocess.STDOUT,
        )
        return cls(process)

    async def read_until(self, needle: str, timeout_s: float = 20.0) -> str:
        """The first line with ``needle``, read before or now (children print in any order)."""
        assert self.process.stdout is not None
        seen = [line for line in self.lines if needle in line]
        if seen:
            return seen[0]
        async with asyncio.timeout(timeout_s):
            while True:
                raw = await self.process.stdout.readline()
                if not raw:
                    pytest.fail(f"{needle!r} not seen before EOF:\n" + "\n".join(self.lines))
                line = raw.decode().rstrip("\n")
                self.lines.append(line)
                for match in re.finditer(r"\(pid (\d+)\)|grandchild (\d+)", line):
                    self.pids.append(int(match.group(1) or match.group(2)))
                if needle in line:
                    return line

    async def exit_code(self, timeout_s: float = 30.0) -> int:
        assert self.process.stdout is not None
        async with asyncio.timeout(timeout_s):
            rest = await self.process.stdout.read()
            self.lines += rest.decode().splitlines()
            return await self.process.wait()


async def test_sigterm_to_the_supervisor_stops_every_child_and_grandchild_and_exits_0():
    stack = await FakeStack.start(10.0, "sleeper=sleeper", "parent=parent")
    await stack.read_until("sleeper | ready")
    await stack.read_until("parent  | grandchild")
    assert len(stack.pids) == 3
    assert all(alive(pid) for pid in stack.pids)

    stack.process.send_signal(signal.SIGTERM)

    assert await stack.exit_code() == 0, "\n".join(stack.lines)
    assert "up      | SIGTERM received: stopping" in stack.lines
    assert [pid for pid in stack.pids if alive(pid)] == []


async def test_a_second_signal_kills_stragglers_without_waiting_for_the_grace_period():
    stack = await FakeStack.start(300.0, "stubborn=stubborn")
    await stack.read_until("stubborn | ready")

    stack.process.send_signal(signal.SIGINT)
    await stack.read_until("SIGINT received: stopping")
    stack.process.send_signal(signal.SIGINT)

    assert await stack.exit_code(timeout_s=15) == 0
    assert "up       | SIGINT again: killing now" in stack.lines
    assert [pid for pid in stack.pids if alive(pid)] == []


@pytest.mark.skipif(not sys.platform.startswith("linux"), reason="PR_SET_PDEATHSIG is Linux-only")
async def test_children_die_with_a_supervisor_that_is_killed_outright():
    stack = await FakeStack.start(10.0, "one=sleeper", "two=stubborn")
    await stack.read_until("one | ready")
    await stack.read_until("two | ready")
    children = list(stack.pids)
    assert len(children) == 2

    os.kill(stack.process.pid, signal.SIGKILL)
    await stack.process.wait()

    assert await eventually(lambda: not any(alive(pid) for pid in children), timeout_s=10)
