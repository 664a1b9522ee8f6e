"""The whole stack in one event loop: five real services, the outbox relay, the edge on uvicorn.

Each service is a real gRPC server (port 0) on a fresh database; the edge is
the real app served by uvicorn on a free port, so a real browser can load it.
The relay does what the worker's cron job does, continuously.
"""

from __future__ import annotations

import asyncio
import contextlib
import importlib
from collections.abc import AsyncIterator, Mapping
from contextlib import AsyncExitStack, asynccontextmanager
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import uvicorn
from redis.asyncio import Redis
from sqlalchemy import MetaData

from edge.app import create_app
from services.marketdata.settings import MarketDataSettings
from taplatform.catalog import SERVICES, service
from taplatform.config import EdgeSettings, ServiceSettings
from taplatform.db import create_engine
from taplatform.grpc.server import SERVING, ServiceApp, ServiceHost
from taplatform.outbox import OutboxRelay
from taplatform.runner import build_app
from taplatform.tables import platform_tables
from tests.support import wait_for_health

# The worker's cron relays every second; a tighter loop keeps the tests quick.
RELAY_INTERVAL_S = 0.2


@dataclass
class LiveStack:
    base_url: str
    database_url: str
    addresses: dict[str, str]


async def _relay_forever(database_url: str, redis_url: str) -> None:
    engine = create_engine(database_url, application_name="ta-test-relay", pool_size=1)
    redis = Redis.from_url(redis_url)
    relays = [
        OutboxRelay(engine, platform_tables(MetaData(schema=spec.schema)).outbox, redis, spec.name)
        for spec in SERVICES
    ]
    try:
        while True:
            for relay in relays:
                await relay.relay_all()
            await asyncio.sleep(RELAY_INTERVAL_S)
    finally:
        await redis.aclose()
        await engine.dispose()


async def _serve_edge(settings: EdgeSettings, stack: AsyncExitStack) -> str:
    config = uvicorn.Config(
        create_app(settings),
        host="127.0.0.1",
        port=0,
        lifespan="on",
        access_log=False,
        log_config=None,
        timeout_graceful_shutdown=1,
    )
    server = uvicorn.Server(config)
    task = asyncio.create_task(server.serve())

    async def stop() -> None:
        server.should_exit = True
        await task

    stack.push_async_callback(stop)
    loop = asyncio.get_running_loop()
    deadline = loop.time() + 20
    while not server.started:
        assert not task.done(), "uvicorn stopped during startup"
        assert loop.time() < deadline, "the edge did not start"
        await asyncio.sleep(0.02)
    port = server.servers[0].sockets[0].getsockname()[1]
    return f"http://127.0.0.1:{port}"


def _settings(name: str, values: dict[str, str], price_csv_dir: Path | None) -> ServiceSettings:
    if name == "marketdata" and price_csv_dir is not None:
        # Prices from a folder of <TICKER>.csv files instead of Stooq over the internet.
        return MarketDataSettings.model_validate(
            values | {"marketdata_price_provider": "csv", "marketdata_csv_dir": str(price_csv_dir)}
        )
    return ServiceSettings.model_validate(values)


def _app(name: str, settings: ServiceSettings, overrides: Mapping[str, Any]) -> ServiceApp:
    """``build_app``, or the service's bootstrap with fakes of outside parties (``overrides``)."""
    if not overrides:
        return build_app(name, settings)
    module = importlib.import_module(service(name).bootstrap_module)
    app: ServiceApp = module.bootstrap(settings, **overrides)
    app.migrate_on_start = settings.migrate_on_start
    app.reflection = settings.grpc_reflection
    return app


@asynccontextmanager
async def live_stack(
    database_url: str,
    redis_url: str,
    price_csv_dir: Path | None = None,
    service_overrides: Mapping[str, Mapping[str, Any]] | None = None,
) -> AsyncIterator[LiveStack]:
    """Start everything on ``database_url``; the services migrate it themselves.

    With ``price_csv_dir``, marketdata's price provider reads ``<TICKER>.csv`` from it.
    ``service_overrides`` passes keyword arguments to a service's bootstrap, e.g.
    ``{"oms": {"sessions": FixedSessions(True)}}`` (the exchange calendar, faked).
    """
    async with AsyncExitStack() as stack:
        addresses: dict[str, str] = {}
        # The registry first: the others authenticate every call against it.
        for spec in SERVICES:
            values = addresses | {"database_url": database_url, "redis_url": redis_url}
            settings = _settings(spec.name, values, price_csv_dir)
            overrides = (service_overrides or {}).get(spec.name, {})
            host = ServiceHost(
                _app(spec.name, settings, overrides), probe_interval_s=0.1, shutdown_grace_s=0
            )
            await stack.enter_async_context(host)
            addresses[f"{spec.name}_addr"] = f"127.0.0.1:{host.port}"
            assert await wait_for_health(addresses[f"{spec.name}_addr"], SERVING) == SERVING
        relay = asyncio.create_task(_relay_forever(database_url, redis_url))

        async def stop_relay() -> None:
            relay.cancel()
            with contextlib.suppress(asyncio.CancelledError):
                await relay

        stack.push_async_callback(stop_relay)
        edge = EdgeSettings.model_validate(addresses | {"redis_url": redis_url, "env": "dev"})
        base_url = await _serve_edge(edge, stack)
        yield LiveStack(base_url=base_url, database_url=database_url, addresses=addresses)
