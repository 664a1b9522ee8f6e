"""``probe`` and ``status`` against real gRPC health servers and a tiny HTTP ``/readyz``."""

from __future__ import annotations

import asyncio
from collections.abc import AsyncIterator
from dataclasses import dataclass

import grpc
import pytest
from grpc_health.v1 import health_pb2, health_pb2_grpc
from grpc_health.v1.health import aio as health_aio

from taplatform.catalog import SERVICES
from taplatform.cli.embedded import free_port
from tests.cli.conftest import CLI, clean_env

SERVING = health_pb2.HealthCheckResponse.SERVING
NOT_SERVING = health_pb2.HealthCheckResponse.NOT_SERVING


@dataclass
class HealthServer:
    port: int
    health: health_aio.HealthServicer
    server: grpc.aio.Server


async def start_health_server(full_name: str) -> HealthServer:
    server = grpc.aio.server()
    health = health_aio.HealthServicer()
    health_pb2_grpc.add_HealthServicer_to_server(health, server)
    port = server.add_insecure_port("127.0.0.1:0")
    await server.start()
    await health.set("", SERVING)
    await health.set(full_name, SERVING)
    return HealthServer(port, health, server)


class ReadyzServer:
    """Answers every HTTP request with ``status`` (200 unless a test changes it)."""

    def __init__(self) -> None:
        self.status = 200
        self.port = 0
        self._server: asyncio.Server | None = None

    async def start(self) -> None:
        self._server = await asyncio.start_server(self._answer, "127.0.0.1", 0)
        self.port = self._server.sockets[0].getsockname()[1]

    async def _answer(self, reader: asyncio.StreamReader, writer: asyncio.StreamWriter) -> None:
        await reader.readuntil(b"\r\n\r\n")
        writer.write(
            f"HTTP/1.1 {self.status} X\r\nContent-Length: 0\r\nConnection: close\r\n\r\n".encode()
        )
        await writer.drain()
        writer.close()

    async def stop(self) -> None:
        assert self._server is not None
        self._server.close()
        await self._server.wait_closed()


@pytest.fixture
async def stack() -> AsyncIterator[tuple[dict[str, HealthServer], ReadyzServer]]:
    servers = {s.name: await start_health_server(s.full_name) for s in SERVICES}
    readyz = ReadyzServer()
    await readyz.start()
    yield servers, readyz
    await readyz.stop()
    for server in servers.values():
        await server.server.stop(0)


async def cli(*args: str, **env: str) -> tuple[int, str]:
    process = await asyncio.create_subprocess_exec(
        *CLI,
        *args,
        env=clean_env(**env),
        stdout=asyncio.subprocess.PIPE,
        stderr=asyncio.subprocess.STDOUT,
    )
    output, _ = await asyncio.wait_for(process.communicate(), 60)
    assert process.returncode is not None
    return process.returncode, output.decode()


def stack_env(servers: dict[str, HealthServer], readyz: ReadyzServer) -> dict[str, str]:
    env = {f"TA_{name.upper()}_ADDR": f"127.0.0.1:{s.port}" for name, s in servers.items()}
    return {**env, "TA_HTTP_HOST": "0.0.0.0", "TA_HTTP_PORT": str(readyz.port)}


async def test_probe_prints_serving_and_exits_0(stack):
    servers, _ = stack
    code, output = await cli("probe", f"127.0.0.1:{servers['ledger'].port}")

    assert (code, output.strip()) == (0, "SERVING")


async def test_probe_of_a_service_that_is_not_serving_exits_1(stack):
    servers, _ = stack
    ledger = servers["ledger"]
    await ledger.health.set("tradingassistant.ledger.v1.LedgerService", NOT_SERVING)

    code, output = await cli("probe", f"127.0.0.1:{ledger.port}", "--service", "ledger")

    assert (code, output.strip()) == (1, "NOT_SERVING")


async def test_probe_of_a_service_the_server_does_not_know_exits_1(stack):
    servers, _ = stack
    code, output = await cli("probe", f"127.0.0.1:{servers['oms'].port}", "--service", "ledger")

    assert (code, output.strip()) == (1, "SERVICE_UNKNOWN")


async def test_probe_of_a_port_where_nothing_listens_says_unreachable():
    code, output = await cli("probe", f"127.0.0.1:{free_port()}", "--timeout-s", "1")

    assert (code, output.strip()) == (1, "UNREACHABLE")


async def test_status_lists_every_process_and_exits_0_when_all_are_serving(stack):
    servers, readyz = stack
    code, output = await cli("status", **stack_env(servers, readyz))

    assert code == 0, output
    rows = {line.split()[0]: line.split() for line in output.splitlines()[1:]}
    assert sorted(rows) == sorted([*servers, "edge"])
    assert all(row[-1] == "SERVING" for row in rows.values())
    assert rows["ledger"][1] == f"127.0.0.1:{servers['ledger'].port}"
    assert rows["edge"][1] == f"http://127.0.0.1:{readyz.port}/readyz"


async def test_status_exits_1_when_a_service_is_not_serving(stack):
    servers, readyz = stack
    await servers["engine"].health.set("tradingassistant.engine.v1.EngineService", NOT_SERVING)

    code, output = await cli("status", **stack_env(servers, readyz))

    assert code == 1
    engine = next(line for line in output.splitlines() if line.startswith("engine"))
    assert engine.endswith("NOT_SERVING")


async def test_status_exits_1_when_the_edge_is_not_ready(stack):
    servers, readyz = stack
    readyz.status = 503

    code, output = await cli("status", **stack_env(servers, readyz))

    assert code == 1
    edge = next(line for line in output.splitlines() if line.startswith("edge"))
    assert edge.endswith("NOT_SERVING (HTTP 503)")
