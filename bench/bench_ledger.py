"""Ledger throughput through gRPC (with snapshots) against raw asyncpg and pgbench TPC-B.

* the ledger: the real service on port 0 (auth interceptors and the registry
  directory replaced by their in-memory fakes, so the figure is the ledger's
  own cost), one client submitting batches one after another;
* raw asyncpg: the same rows in copies of the ledger's tables (``LIKE …
  INCLUDING ALL``: same columns and indexes) in one transaction per batch —
  lock the account, read the balance, insert batch and entries, upsert the
  cash snapshot, bump the account, write one outbox event;
* ``pgbench`` TPC-B (``-T 10 -c 4``) on the same server, in a scratch database.
"""

from __future__ import annotations

import asyncio
import json
import re
import subprocess
import sys
import uuid
from datetime import UTC, datetime
from decimal import Decimal
from pathlib import Path

import asyncpg
import grpc

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from tradingassistant.common.v1 import types_pb2
from tradingassistant.ledger.v1 import ledger_pb2, ledger_pb2_grpc

from bench.common import REDIS_URL, report_ratio, scratch_database, timed
from services.ledger.bootstrap import bootstrap
from services.ledger.directory import FakePortfolioDirectory
from taplatform.auth.testing import (
    FakeAuthenticator,
    FakePortfolioAuthorizer,
    RecordingDenialRecorder,
    make_principal,
)
from taplatform.auth.wiring import service_auth
from taplatform.config import ServiceSettings
from taplatform.grpc.server import SERVING, ServiceHost
from tests.support import wait_for_health

# (label, entries per batch, batches per round)
WORKLOADS = [
    ("single-entry batches", 1, 500),
    ("batches of 100", 100, 20),
    ("batches of 1,000", 1000, 5),
]
TOKEN = "bench-token"


def _entry(amount: str) -> ledger_pb2.Entry:
    return ledger_pb2.Entry(
        entry_id=str(uuid.uuid4()),
        kind=ledger_pb2.ENTRY_KIND_CONTRIBUTION,
        amount=types_pb2.Money(currency_code="GBP", amount=types_pb2.Decimal(value=amount)),
        entry_date="2026-01-02",
    )


async def _ledger(url: str) -> dict[str, float]:
    portfolio = str(uuid.uuid4())
    settings = ServiceSettings(database_url=url, redis_url=REDIS_URL, db_pool_size=4)
    auth = service_auth(
        settings,
        authenticator=FakeAuthenticator({TOKEN: make_principal("bench")}),
        authorizer=FakePortfolioAuthorizer({portfolio: "bench"}),
        recorder=RecordingDenialRecorder(),
    )
    directory = FakePortfolioDirectory().add(portfolio, "GBP")
    app = bootstrap(settings, directory=directory, auth=auth)
    rates: dict[str, float] = {}
    async with ServiceHost(app, probe_interval_s=0.2, shutdown_grace_s=0) as host:
        address = f"127.0.0.1:{host.port}"
        assert await wait_for_health(address, SERVING) == SERVING
        async with grpc.aio.insecure_channel(address) as channel:
            stub = ledger_pb2_grpc.LedgerServiceStub(channel)
            metadata = (("authorization", f"Bearer {TOKEN}"),)
            for label, size, count in WORKLOADS:

                async def run(size: int = size, count: int = count) -> None:
                    for _ in range(count):
                        request = ledger_pb2.SubmitBatchRequest(
                            batch_id=str(uuid.uuid4()),
                            portfolio_id=portfolio,
                            entries=[_entry("1.25") for _ in range(size)],
                        )
                        await stub.SubmitBatch(request, metadata=metadata, timeout=60)

                rates[label] = await timed(f"ledger gRPC, {label} (entries/s)", size * count, run)
            verified = await stub.VerifyPortfolio(
                ledger_pb2.VerifyPortfolioRequest(portfolio_id=portfolio), metadata=metadata
            )
            assert verified.consistent, verified.differences
    return rates


_RAW_TABLES = ("accounts", "batches", "entries", "cash_snapshots", "outbox")


async def _raw(url: str) -> dict[str, float]:
    connection = await asyncpg.connect(url)
    for table in _RAW_TABLES:
        await connection.execute(
            f"CREATE TABLE public.raw_{table} (LIKE ledger.{table} INCLUDING ALL)"
        )
    portfolio = str(uuid.uuid4())
    now = datetime.now(UTC)
    await connection.execute(
        "INSERT INTO raw_accounts VALUES ($1, 'GBP', false, false, 0, 0, 0, $2, $2)",
        portfolio,
        now,
    )
    rates: dict[str, float] = {}
    for label, size, count in WORKLOADS:

        async def run(size: int = size, count: int = count) -> None:
            for _ in range(count):
                await _raw_batch(connection, portfolio, size)

        rates[label] = await timed(f"raw asyncpg, {label} (entries/s)", size * count, run)
    await connection.close()
    return rates


async def _raw_batch(connection: asyncpg.Connection, portfolio: str, size: int) -> None:
    now = datetime.now(UTC)
    batch_id = uuid.uuid4()
    amount = Decimal("1.25")
    async with connection.transaction():
        account = await connection.fetchrow(
            "SELECT last_entry_sequence, last_batch_sequence FROM raw_accounts"
            " WHERE portfolio_id = $1 FOR UPDATE",
            portfolio,
        )
        balance = await connection.fetchval(
            "SELECT balance FROM raw_cash_snapshots WHERE portfolio_id = $1 AND currency = 'GBP'",
            portfolio,
        )
        first = account["last_entry_sequence"] + 1
        await connection.execute(
            "INSERT INTO raw_batches VALUES ($1, $2, $3, 'hash', $4, NULL, $5)",
            batch_id,
            portfolio,
            account["last_batch_sequence"] + 1,
            size,
            now,
        )
        await connection.executemany(
            "INSERT INTO raw_entries (entry_id, portfolio_id, batch_id, sequence, position, kind,"
            " entry_date, amount, currency, memo, cash_change, cash_currency, posted_at)"
            " VALUES ($1, $2, $3, $4, $5, 'contribution', $6, $7, 'GBP', '', $7, 'GBP', $8)",
            [
                (uuid.uuid4(), portfolio, batch_id, first + i, i, now.date(), amount, now)
                for i in range(size)
            ],
        )
        await connection.execute(
            "INSERT INTO raw_cash_snapshots VALUES ($1, 'GBP', $2, $3, $4, $5)"
            " ON CONFLICT (portfolio_id, currency) DO UPDATE SET balance = excluded.balance,"
            " last_entry_id = excluded.last_entry_id, last_sequence = excluded.last_sequence,"
            " updated_at = excluded.updated_at",
            portfolio,
            (balance or 0) + amount * size,
            uuid.uuid4(),
            first + size - 1,
            now,
        )
        await connection.execute(
            "UPDATE raw_accounts SET last_entry_sequence = $2, last_batch_sequence ="
            " last_batch_sequence + 1, updated_at = $3 WHERE portfolio_id = $1",
            portfolio,
            first + size - 1,
            now,
        )
        await connection.execute(
            "INSERT INTO raw_outbox (event_id, event_type, aggregate_type, aggregate_id, payload,"
            " headers, occurred_at) VALUES ($1, 'BatchPosted', 'portfolio', $2, $3, '{}', $4)",
            uuid.uuid4(),
            portfolio,
            json.dumps({"batch_id": str(batch_id), "entries": size}),
            now,
        )


def _pgbench(url: str) -> float:
    subprocess.run(["pgbench", "-i", "-q", url], check=True, capture_output=True)
    result = subprocess.run(
        ["pgbench", "-T", "10", "-c", "4", "-j", "2", url],
        check=True,
        capture_output=True,
        text=True,
    )
    found = re.search(r"tps = ([\d.]+)", result.stdout)
    assert found, result.stdout
    tps = float(found.group(1))
    print(f"  {'pgbench TPC-B -T 10 -c 4 (transactions/s)':<48} {tps:>10.0f} tps")
    return tps


async def main() -> None:
    async with scratch_database() as url:
        print("ledger throughput (best of 3 rounds):")
        ours = await _ledger(url)
        base = await _raw(url)
    async with scratch_database() as url:
        tps = await asyncio.to_thread(_pgbench, url)
    for label, _, _ in WORKLOADS:
        report_ratio(ours[label], base[label], f"ledger vs raw asyncpg, {label}")
    report_ratio(ours[WORKLOADS[0][0]], tps, "ledger single-entry batches/s vs pgbench TPC-B tps")


if __name__ == "__main__":
    asyncio.run(main())
