"""Helpers shared by tests (fixtures live in conftest.py)."""

from __future__ import annotations

import asyncio
import shutil
import sys
from collections.abc import Awaitable, Callable
from pathlib import Path

import grpc
from grpc_health.v1 import health_pb2, health_pb2_grpc

ROOT = Path(__file__).resolve().parent.parent

DatabaseFactory = Callable[[], Awaitable[str]]


def venv_binary(name: str) -> str:
    """A tool installed next to the interpreter (grpcurl, docker-compose); fail if absent."""
    found = shutil.which(name, path=str(Path(sys.executable).parent)) or shutil.which(name)
    assert found, f"{name} is not installed; run `make install`"
    return found


async def wait_for_health(
    address: str, expected: int, *, service: str = "", deadline_s: float = 20.0
) -> int:
    """Poll ``Health/Check`` until it answers ``expected``; return the last status seen."""
    last = -1
    loop = asyncio.get_running_loop()
    until = loop.time() + deadline_s
    async with grpc.aio.insecure_channel(address) as channel:
        stub = health_pb2_grpc.HealthStub(channel)
        while loop.time() < until:
            try:
                reply = await stub.Check(health_pb2.HealthCheckRequest(service=service), timeout=2)
                last = reply.status
            except grpc.aio.AioRpcError:
                last = -1
            if last == expected:
                return last
            await asyncio.sleep(0.05)
    return last
