"""Data for the backup tests: the seeded stack, database state digests, fresh clusters."""

from __future__ import annotations

import asyncio
import atexit
import json
import shutil
import tempfile
import warnings
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

import asyncpg
import grpc
from redis.asyncio import Redis
from sqlalchemy import MetaData, text
from tradingassistant.ledger.v1 import ledger_pb2_grpc
from tradingassistant.marketdata.v1 import marketdata_pb2_grpc
from tradingassistant.registry.v1 import registry_pb2_grpc

from services.engine.handlers import EngineDeps
from services.engine.handlers.policies import create_policy_version
from services.ledger.bootstrap import bootstrap as ledger_bootstrap
from services.marketdata.bootstrap import bootstrap as marketdata_bootstrap
from services.marketdata.settings import MarketDataSettings
from services.registry.bootstrap import bootstrap as registry_bootstrap
from taplatform.catalog import SERVICES, service
from taplatform.cli import demo_data
from taplatform.cli.demo import plan_demo, run_demo
from taplatform.cli.seed import Stubs
from taplatform.config import ServiceSettings
from taplatform.db import create_engine, service_engine
from taplatform.grpc.server import SERVING, ServiceHost
from taplatform.migrations import migrate_all
from taplatform.outbox import OutboxRelay
from taplatform.tables import platform_tables
from taplatform.testing import FakeClock
from tests.cli.conftest import CLI
from tests.engine.builders import policy_tree
from tests.registry.harness import cheap_settings
from tests.support import wait_for_health

# As in the demo seed test: Monday after the London close; the sample history ends on Friday.
NOW = datetime(2025, 3, 10, 20, 0, tzinfo=UTC)
TODAY = NOW.date()
TABLES = (
    "SELECT table_schema || '.' || table_name FROM information_schema.tables"
    " WHERE table_schema = ANY($1) AND table_type = 'BASE TABLE' ORDER BY 1"
)
# What "the portfolio state" means here, beyond every table's digest.
SUMMARY = {
    "holdings": "SELECT count(*) FROM ledger.holding_snapshots WHERE quantity <> 0",
    "cash": "SELECT coalesce(sum(balance), 0)::text FROM ledger.cash_snapshots",
    "entries": "SELECT count(*) FROM ledger.entries",
    "audit events": "SELECT count(*) FROM registry.audit_events",
    "policies": "SELECT count(*) FROM engine.policy_versions",
    "prices": "SELECT count(*) FROM marketdata.price_points",
}


async def database_state(url: str) -> dict[str, str]:
    """The summary figures and, per table of every service schema, count + MD5 of sorted rows."""
    connection = await asyncpg.connect(url)
    try:
        state = {name: str(await connection.fetchval(sql)) for name, sql in SUMMARY.items()}
        for table in [r[0] for r in await connection.fetch(TABLES, [s.schema for s in SERVICES])]:
            state[table] = await connection.fetchval(
                f"SELECT count(*) || ':' || md5(coalesce(string_agg(t::text, '|'"
                f" ORDER BY t::text), '')) FROM {table} t"
            )
        return state
    finally:
        await connection.close()


async def schemas_in(url: str) -> list[str]:
    connection = await asyncpg.connect(url)
    try:
        rows = await connection.fetch(
            "SELECT nspname FROM pg_namespace WHERE nspname = ANY($1::text[])",
            [s.schema for s in SERVICES],
        )
        return sorted(r[0] for r in rows)
    finally:
        await connection.close()


async def run_cli(*args: str, env: dict[str, str]) -> tuple[int, str]:
    process = await asyncio.create_subprocess_exec(
        *CLI, *args, env=env, stdout=asyncio.subprocess.PIPE, stderr=asyncio.subprocess.STDOUT
    )
    output, _ = await process.communicate()
    return int(process.returncode or 0), output.decode()


async def _start(app: object, hosts: list[ServiceHost]) -> grpc.aio.Channel:
    host = ServiceHost(app, probe_interval_s=0.1, shutdown_grace_s=0)  # type: ignore[arg-type]
    await host.start()
    hosts.append(host)
    assert await wait_for_health(f"127.0.0.1:{host.port}", SERVING) == SERVING
    return grpc.aio.insecure_channel(f"127.0.0.1:{host.port}")


async def relay_until_audited(url: str, redis: Redis, deadline_s: float = 60) -> int:
    """Relay every outbox; wait (bounded) until the registry's consumer stored each event."""
    engine = create_engine(url, application_name="ta-tests", pool_size=1)
    try:
        published = 0
        for spec in SERVICES:
            outbox = platform_tables(MetaData(schema=spec.schema)).outbox
            published += await OutboxRelay(engine, outbox, redis, spec.name).relay_all()
        loop = asyncio.get_running_loop()
        end = loop.time() + deadline_s
        while True:
            async with engine.connect() as connection:
                stored = int(
                    await connection.scalar(text("SELECT count(*) FROM registry.audit_events"))
                )
            if stored >= published or loop.time() > end:
                return stored
            await asyncio.sleep(0.1)
    finally:
        await engine.dispose()


async def seed_stack(url: str, redis_url: str, redis: Redis, workdir: Path) -> str:
    """The demo portfolio, a policy version and the audit log; returns the portfolio id."""
    hosts: list[ServiceHost] = []
    channels: list[grpc.aio.Channel] = []
    clock = FakeClock(NOW)
    await migrate_all(url)
    try:
        registry = await _start(
            registry_bootstrap(cheap_settings(url, redis_url), clock=clock), hosts
        )
        registry_addr = f"127.0.0.1:{hosts[0].port}"
        common = {"database_url": url, "redis_url": redis_url, "registry_addr": registry_addr}
        ledger = await _start(ledger_bootstrap(ServiceSettings(**common)), hosts)
        ledger_addr = f"127.0.0.1:{hosts[1].port}"
        marketdata = await _start(
            marketdata_bootstrap(
                MarketDataSettings(**common, ledger_addr=ledger_addr), clock=clock
            ),
            hosts,
        )
        channels = [registry, ledger, marketdata]
        stubs = Stubs(
            registry_pb2_grpc.RegistryServiceStub(registry),
            ledger_pb2_grpc.LedgerServiceStub(ledger),
            marketdata_pb2_grpc.MarketDataServiceStub(marketdata),
        )
        credentials = workdir / "demo-credentials.txt"
        plan = await plan_demo(stubs.registry, credentials, {}, allow_sign_in=True)
        outcome = await run_demo(stubs, plan, credentials, {}, demo_data.DEMO_PRICES_DIR, TODAY)
        portfolio_id = outcome.report.portfolio_id
        engine = service_engine(service("engine"), ServiceSettings(**common))
        try:
            deps = EngineDeps(engine=engine, sources=None, clock=clock)  # type: ignore[arg-type]
            await create_policy_version(
                deps, portfolio_id, json.dumps(policy_tree()), "json", False
            )
        finally:
            await engine.dispose()
        await relay_until_audited(url, redis)
        return portfolio_id
    finally:
        for channel in channels:
            await channel.close()
        for host in reversed(hosts):
            await host.stop()


def start_cluster() -> tuple[Path, Any]:
    """A new embedded PostgreSQL cluster (pgserver), where no ta_* role exists."""
    # As root pgserver runs PostgreSQL as another user, who must reach the folder.
    folder = Path(tempfile.mkdtemp(prefix="ta-restore-pg-"))
    folder.chmod(0o755)
    with warnings.catch_warnings():
        # platformdirs warns when XDG_RUNTIME_DIR is unset; pgserver then uses /tmp.
        warnings.simplefilter("ignore")
        import pgserver

        return folder, pgserver.get_server(folder, cleanup_mode="stop")


def stop_cluster(folder: Path, server: Any) -> None:
    """Stop what :func:`start_cluster` started and remove its folder."""
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        server.cleanup()
    # Stopped now: pgserver's own exit hook would only log into closed streams.
    atexit.unregister(server._cleanup)
    shutil.rmtree(folder, ignore_errors=True)


async def recreate_empty(admin_url: str, url: str) -> None:
    """DROP the database of ``url`` and create it again, empty."""
    name = url.rsplit("/", 1)[1]
    connection = await asyncpg.connect(admin_url)
    try:
        await connection.execute(f'DROP DATABASE "{name}" WITH (FORCE)')
        await connection.execute(f'CREATE DATABASE "{name}"')
    finally:
        await connection.close()
