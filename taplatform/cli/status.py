"""Health of the running processes: one gRPC probe, or a table of the whole stack."""

from __future__ import annotations

import asyncio
from dataclasses import dataclass
from typing import TextIO

import grpc
import httpx
from grpc_health.v1 import health_pb2, health_pb2_grpc

from taplatform.catalog import SERVICES, SERVICES_BY_NAME
from taplatform.config import EdgeSettings, ServiceAddresses

SERVING = "SERVING"
UNREACHABLE = "UNREACHABLE"


async def grpc_health(addr: str, service: str = "", timeout_s: float = 2.0) -> str:
    """The health status name of ``service`` at ``addr`` (``""`` is the whole server).

    ``SERVING``, ``NOT_SERVING``, ``SERVICE_UNKNOWN`` (the server does not know the
    service), ``UNREACHABLE`` or the gRPC status code name of any other failure.
    """
    async with grpc.aio.insecure_channel(addr) as channel:
        stub = health_pb2_grpc.HealthStub(channel)
        request = health_pb2.HealthCheckRequest(service=service)
        try:
            response = await stub.Check(request, timeout=timeout_s)
        except grpc.aio.AioRpcError as error:
            code = error.code()
            if code == grpc.StatusCode.NOT_FOUND:
                return "SERVICE_UNKNOWN"
            if code in (grpc.StatusCode.UNAVAILABLE, grpc.StatusCode.DEADLINE_EXCEEDED):
                return UNREACHABLE
            return str(code.name)
    return str(health_pb2.HealthCheckResponse.ServingStatus.Name(response.status))


def health_service_name(name: str) -> str:
    """A catalog name (``ledger``) becomes its full gRPC name; anything else is kept."""
    spec = SERVICES_BY_NAME.get(name)
    return spec.full_name if spec is not None else name


def probe(addr: str, service: str, timeout_s: float, out: TextIO) -> int:
    """Print the status of ``service`` at ``addr``; 0 only when it is SERVING."""
    status = asyncio.run(grpc_health(addr, health_service_name(service), timeout_s))
    print(status, file=out)
    return 0 if status == SERVING else 1


def edge_base_url(settings: EdgeSettings) -> str:
    """Where a local client reaches the edge (a wildcard bind address means 127.0.0.1)."""
    host = settings.http_host
    if host in ("", "0.0.0.0", "::", "[::]"):
        host = "127.0.0.1"
    elif ":" in host and not host.startswith("["):
        host = f"[{host}]"
    return f"http://{host}:{settings.http_port}/"


async def http_ready(url: str, timeout_s: float) -> str:
    """``SERVING`` when ``url`` answers 200, ``NOT_SERVING (HTTP n)`` or ``UNREACHABLE``."""
    try:
        async with httpx.AsyncClient(timeout=timeout_s) as client:
            response = await client.get(url)
    except httpx.HTTPError:
        return UNREACHABLE
    if response.status_code == 200:
        return SERVING
    return f"NOT_SERVING (HTTP {response.status_code})"


@dataclass(frozen=True)
class Row:
    name: str
    address: str
    status: str


async def stack_status(
    addresses: ServiceAddresses, edge: EdgeSettings, timeout_s: float
) -> list[Row]:
    """Check every gRPC service and the edge's ``/readyz`` concurrently."""
    readyz = edge_base_url(edge) + "readyz"
    checks = [
        *(grpc_health(addresses.addr(s.name), s.full_name, timeout_s) for s in SERVICES),
        http_ready(readyz, timeout_s),
    ]
    statuses = await asyncio.gather(*checks)
    names = [*((s.name, addresses.addr(s.name)) for s in SERVICES), ("edge", readyz)]
    pairs = zip(names, statuses, strict=True)
    return [Row(name, address, status) for (name, address), status in pairs]


def print_table(rows: list[Row], out: TextIO) -> None:
    header = Row("PROCESS", "ADDRESS", "STATUS")
    width_name = max(len(r.name) for r in [header, *rows])
    width_addr = max(len(r.address) for r in [header, *rows])
    for row in [header, *rows]:
        print(f"{row.name:<{width_name}}  {row.address:<{width_addr}}  {row.status}", file=out)


def status(addresses: ServiceAddresses, edge: EdgeSettings, timeout_s: float, out: TextIO) -> int:
    """Print the table; 0 only when every process is SERVING."""
    rows = asyncio.run(stack_status(addresses, edge, timeout_s))
    print_table(rows, out)
    return 0 if all(r.status == SERVING for r in rows) else 1
