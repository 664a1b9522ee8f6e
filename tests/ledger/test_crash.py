"""SIGKILL the ledger process mid-flight: after restart every batch is wholly there or absent.

The ledger runs as its own process (``tradingassistant serve ledger``) against
the real registry (in-process); batches of several entries are submitted
concurrently over gRPC and the process is killed while many are in flight.
"""

from __future__ import annotations

import asyncio
import os
import signal
import subprocess
import sys
from collections import Counter
from collections.abc import AsyncIterator, Iterator
from contextlib import asynccontextmanager, contextmanager
from pathlib import Path

import grpc
import pytest
from tradingassistant.ledger.v1 import ledger_pb2, ledger_pb2_grpc

from taplatform.grpc.server import SERVING
from tests.ledger.test_grpc_api import contribution, request
from tests.registry.harness import Registry, bearer, start_registry, stop_registry
from tests.registry.universe import portfolio
from tests.support import ROOT, DatabaseFactory, wait_for_health

BATCHES = 300
ENTRIES_PER_BATCH = 5
KILL_AFTER_REPLIES = 40


@pytest.fixture
async def registry(new_database: DatabaseFactory, redis_url: str) -> AsyncIterator[Registry]:
    started = await start_registry(await new_database(), redis_url)
    yield started
    await stop_registry(started)


@contextmanager
def ledger_process(
    registry: Registry, redis_url: str, address: str, log: Path
) -> Iterator[subprocess.Popen[bytes]]:
    env = {
        **os.environ,
        "TA_DATABASE_URL": registry.database_url,
        "TA_REDIS_URL": redis_url,
        "TA_REGISTRY_ADDR": registry.address,
        "TA_GRPC_HOST": "127.0.0.1",
        "TA_GRPC_PORT": address.rsplit(":", 1)[1],
        "TA_HEALTH_PROBE_INTERVAL_S": "0.1",
        "TA_DB_POOL_SIZE": "10",
    }
    with log.open("ab") as output:
        process = subprocess.Popen(
            [sys.executable, "-m", "taplatform.cli.main", "serve", "ledger"],
            cwd=ROOT,
            env=env,
            stdout=output,
            stderr=subprocess.STDOUT,
        )
    try:
        yield process
    finally:
        if process.poll() is None:
            process.kill()
        process.wait(timeout=30)


@asynccontextmanager
async def client(address: str) -> AsyncIterator[ledger_pb2_grpc.LedgerServiceStub]:
    async with grpc.aio.insecure_channel(address) as channel:
        yield ledger_pb2_grpc.LedgerServiceStub(channel)


async def _all_entries(stub: ledger_pb2_grpc.LedgerServiceStub, pid: str, token: str) -> list:
    found, page_token = [], ""
    while True:
        page = await stub.ListEntries(
            ledger_pb2.ListEntriesRequest(
                portfolio_id=pid, page={"page_size": 1000, "page_token": page_token}
            ),
            metadata=bearer(token),
            timeout=30,
        )
        found += list(page.entries)
        page_token = page.page.next_page_token
        if not page_token:
            return found


async def test_batches_survive_a_sigkill_whole_or_not_at_all(
    registry: Registry, redis_url: str, unreachable_addr: str, tmp_path: Path
) -> None:
    alice = await registry.new_user()
    pid = (await portfolio(alice)).portfolio_id
    batches = [
        request(pid, *(contribution(f"{n + 1}.{k}") for k in range(ENTRIES_PER_BATCH)))
        for n in range(BATCHES)
    ]
    log = tmp_path / "ledger.log"
    with ledger_process(registry, redis_url, unreachable_addr, log) as process:
        assert await wait_for_health(unreachable_addr, SERVING, deadline_s=60) == SERVING, (
            log.read_text()
        )
        async with client(unreachable_addr) as stub:
            calls = [
                asyncio.ensure_future(stub.SubmitBatch(b, metadata=bearer(alice.token), timeout=60))
                for b in batches
            ]
            for answered, finished in enumerate(asyncio.as_completed(calls), start=1):
                await finished
                if answered == KILL_AFTER_REPLIES:
                    process.send_signal(signal.SIGKILL)
                    break
            outcomes = await asyncio.gather(*calls, return_exceptions=True)
    created = {
        b.batch_id
        for b, o in zip(batches, outcomes, strict=True)
        if not isinstance(o, BaseException)
    }
    assert KILL_AFTER_REPLIES <= len(created) < BATCHES, "the kill landed mid-flight"

    with ledger_process(registry, redis_url, unreachable_addr, log):
        assert await wait_for_health(unreachable_addr, SERVING, deadline_s=60) == SERVING, (
            log.read_text()
        )
        async with client(unreachable_addr) as stub:
            verified = await stub.VerifyPortfolio(
                ledger_pb2.VerifyPortfolioRequest(portfolio_id=pid),
                metadata=bearer(alice.token),
                timeout=60,
            )
            assert verified.consistent, verified.differences
            entries = await _all_entries(stub, pid, alice.token)
            per_batch = Counter(e.batch_id for e in entries)
            assert set(per_batch.values()) <= {ENTRIES_PER_BATCH}, "no batch is partly there"
            assert created <= set(per_batch), "every acknowledged batch survived"
            assert verified.entries_replayed == len(entries)
            # Retrying everything converges: present batches answer exists, the rest post now.
            for b in batches:
                again = await stub.SubmitBatch(b, metadata=bearer(alice.token), timeout=30)
                expected = (
                    ledger_pb2.SUBMIT_STATUS_EXISTS
                    if b.batch_id in per_batch
                    else ledger_pb2.SUBMIT_STATUS_CREATED
                )
                assert again.status == expected
            final = await stub.VerifyPortfolio(
                ledger_pb2.VerifyPortfolioRequest(portfolio_id=pid),
                metadata=bearer(alice.token),
                timeout=60,
            )
    assert final.consistent and final.entries_replayed == BATCHES * ENTRIES_PER_BATCH
