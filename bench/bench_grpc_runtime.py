"""Unary RPC cost of the service runtime (interceptors, health) against a bare grpc.aio server."""

from __future__ import annotations

import asyncio
import sys
from pathlib import Path

import grpc
from grpc_health.v1 import health, health_pb2, health_pb2_grpc

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from bench.common import REDIS_URL, report_ratio, scratch_database, timed
from taplatform.config import ServiceSettings
from taplatform.grpc.server import SERVING, ServiceHost
from taplatform.runner import build_app
from taplatform.tracing import setup_tracing

CALLS = 3000
CONCURRENCY = 16


async def _drive(address: str) -> tuple[float, float]:
    async with grpc.aio.insecure_channel(address) as channel:
        stub = health_pb2_grpc.HealthStub(channel)
        request = health_pb2.HealthCheckRequest(service="")

        async def sequential() -> None:
            for _ in range(CALLS):
                await stub.Check(request, timeout=5)

        async def concurrent() -> None:
            async def worker() -> None:
                for _ in range(CALLS // CONCURRENCY):
                    await stub.Check(request, timeout=5)

            await asyncio.gather(*(worker() for _ in range(CONCURRENCY)))

        await sequential()  # warm-up
        seq = await timed(f"{address} sequential", CALLS, sequential)
        con = await timed(f"{address} x{CONCURRENCY} concurrent", CALLS, concurrent)
        return seq, con


async def main() -> None:
    setup_tracing("bench")  # spans are created (and dropped: no exporter) as in production
    bare = grpc.aio.server()
    servicer = health.aio.HealthServicer()
    health_pb2_grpc.add_HealthServicer_to_server(servicer, bare)
    port = bare.add_insecure_port("127.0.0.1:0")
    await bare.start()
    await servicer.set("", SERVING)
    print("bare grpc.aio server (baseline):")
    base_seq, base_con = await _drive(f"127.0.0.1:{port}")
    await bare.stop(None)

    async with scratch_database() as url:
        app = build_app("ledger", ServiceSettings(database_url=url, redis_url=REDIS_URL))
        async with ServiceHost(app, probe_interval_s=0.2, shutdown_grace_s=0) as host:
            for _ in range(400):  # the probe migrates first; give it up to 20 s
                reply = await host.health.Check(health_pb2.HealthCheckRequest(), None)
                if reply.status == SERVING:
                    break
                await asyncio.sleep(0.05)
            print("ServiceHost (tracing + error mapping):")
            seq, con = await _drive(f"127.0.0.1:{host.port}")
    report_ratio(seq, base_seq, "sequential")
    report_ratio(con, base_con, "concurrent")


if __name__ == "__main__":
    asyncio.run(main())
