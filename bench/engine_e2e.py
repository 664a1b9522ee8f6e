"""Engine runs end to end through gRPC: registry, marketdata, ledger and engine in-process.

A portfolio of N listings (half GBX, half GBP, split over two sleeves) is set
up, then ``StartRun`` is timed: the real engine gathers the snapshot from the
real registry, marketdata and ledger over gRPC, calculates, and stores
snapshot, recommendation and run in one transaction. The engine's own
``engine.run_stored`` log line gives the gather/calculate/store split, and the
pure calculation of the same stored snapshot is timed next to it.

Set-up goes through the APIs (user, portfolio, sleeves, policy and ledger
batches always; listings and prices too in ``api`` mode). In ``direct`` mode
the instruments, listings and constituents (registry) and one EOD price per
listing (marketdata) are bulk-written with COPY into the services' own tables
in the bench's scratch database — creating 10,000 listings and importing their
prices through the APIs takes many minutes — with the rows the APIs would
write, minus their outbox events. The timed run reads them through the
services as usual.
"""

from __future__ import annotations

import asyncio
import logging
import statistics
import time
import uuid
from datetime import UTC, datetime
from decimal import Decimal
from typing import Any

import asyncpg
from tradingassistant.engine.v1 import engine_pb2 as epb
from tradingassistant.marketdata.v1 import marketdata_pb2 as md
from tradingassistant.registry.v1 import registry_pb2 as rpb

from bench.common import REDIS_URL, scratch_database
from services.engine.domain.calculate import calculate
from services.engine.domain.policy_rules import load_policy
from services.engine.domain.snapshot_codec import snapshot_from_json
from taplatform.logging import configure_logging
from tests.engine.stack import Stack, batch, buy, contribution, running_stack
from tests.engine.world import POLICY_YAML
from tests.registry.harness import Caller
from tests.registry.universe import dec, fresh_isin, listing, portfolio, sleeve

CONCURRENCY = 32
# The ledger refuses batches of more than 5,000 entries.
LEDGER_BATCH = 5000
PRICE_DAY = datetime(2025, 3, 7, tzinfo=UTC)
# Above this many listings the "auto" set-up writes listings and prices directly.
API_SETUP_LIMIT = 1000
_SHARED = ("version", "archived", "created_at", "updated_at")
# The columns each COPY fills, as the services' migrations define them; "seq" is an identity.
COLUMNS = {
    ("registry", "instruments"): (
        *("instrument_id", "isin", "name", "asset_class", "created_by_user_id"),
        *_SHARED,
    ),
    ("registry", "listings"): (
        *("listing_id", "instrument_id", "venue_mic", "ticker", "quote_currency"),
        *("price_scale", "lot_size", "tick_size", "calendar", "created_by_user_id"),
        *_SHARED,
    ),
    ("registry", "constituents"): (
        *("portfolio_id", "listing_id", "sleeve_id", "monitored", "version"),
        *("created_at", "updated_at"),
    ),
    ("marketdata", "price_points"): (
        *("listing_id", "observed_at", "kind", "source", "price", "currency"),
        *("scale", "ingested_at"),
    ),
}


class RunLog(logging.Handler):
    """Keeps the engine's ``engine.run_stored`` events (structlog event dicts)."""

    def __init__(self) -> None:
        super().__init__(logging.INFO)
        self.runs: list[dict[str, Any]] = []

    def emit(self, record: logging.LogRecord) -> None:
        if isinstance(record.msg, dict) and record.msg.get("event") == "engine.run_stored":
            self.runs.append(dict(record.msg))


async def _api_universe(user: Caller, pid: str, sleeves: list[str], n: int) -> list[rpb.Listing]:
    gate = asyncio.Semaphore(CONCURRENCY)

    async def one(i: int) -> rpb.Listing:
        async with gate:
            if i % 2:
                made = await listing(user, quote_currency="GBP", tick_size=dec("0.01"))
            else:
                made = await listing(user, price_scale=dec("0.01"))
            await user(
                "AddConstituent",
                rpb.AddConstituentRequest(
                    portfolio_id=pid, listing_id=made.listing_id, sleeve_id=sleeves[i % 2]
                ),
            )
            return made

    return list(await asyncio.gather(*(one(i) for i in range(n))))


async def _api_prices(stack: Stack, user: Caller, made: list[rpb.Listing]) -> None:
    # Marketdata's CSV import slows with the listings in one file; 100 per file keeps it short.
    for start in range(0, len(made), 100):
        rows = ["listing,date,close,currency"]
        rows += [
            f"{x.listing_id},2025-03-07,{100 + i % 50}.25,{x.quote_currency}"
            for i, x in enumerate(made[start : start + 100], start)
        ]
        await stack.call(
            stack.marketdata,
            "ImportPricesCsv",
            md.ImportPricesCsvRequest(
                request_id=f"csv-{uuid.uuid4()}", content="\n".join(rows).encode(), confirm=True
            ),
            user.token,
        )


async def _direct_universe(
    stack: Stack, url: str, user: Caller, pid: str, sleeves: list[str], n: int
) -> list[rpb.Listing]:
    """Instruments, listings, constituents and EOD prices COPYed into the services' tables."""
    uid = uuid.UUID(user.user.user_id)
    connection = await asyncpg.connect(url)
    try:
        at = await connection.fetchval(
            "SELECT created_at FROM registry.portfolios WHERE portfolio_id = $1", uuid.UUID(pid)
        )
        instruments, listings, constituents, prices, made = [], [], [], [], []
        for i in range(n):
            iid, lid = uuid.uuid4(), uuid.uuid4()
            ccy, scale, tick = ("GBP", "1", "0.01") if i % 2 else ("GBX", "0.01", "0.5")
            ticker = "B" + lid.hex[:10].upper()
            instruments.append((iid, fresh_isin(), f"Bench {i}", "equity", uid, 1, False, at, at))
            units = (Decimal(scale), Decimal(1), Decimal(tick))
            listings.append((lid, iid, "XLON", ticker, ccy, *units, "XLON", uid, 1, False, at, at))
            constituents.append((uuid.UUID(pid), lid, uuid.UUID(sleeves[i % 2]), False, 1, at, at))
            price = Decimal(f"{100 + i % 50}.25")
            prices.append(
                (str(lid), PRICE_DAY, "eod", "csv", price, ccy, Decimal(scale), stack.clock.now())
            )
            made.append(rpb.Listing(listing_id=str(lid), quote_currency=ccy))
        rows = [instruments, listings, constituents, prices]
        async with connection.transaction():
            for (schema, table), records in zip(COLUMNS, rows, strict=True):
                await connection.copy_records_to_table(
                    table, schema_name=schema, columns=COLUMNS[schema, table], records=records
                )
        await connection.execute("ANALYZE registry.listings, registry.constituents")
        await connection.execute("ANALYZE marketdata.price_points")
    finally:
        await connection.close()
    return made


async def _portfolio(stack: Stack, url: str, n: int, direct: bool) -> tuple[Caller, str]:
    user = await stack.registry.new_user()
    pid = (await portfolio(user)).portfolio_id
    sleeves = [
        (await sleeve(user, pid, "equities", "60")).sleeve_id,
        (await sleeve(user, pid, "bonds", "40")).sleeve_id,
    ]
    if direct:
        made = await _direct_universe(stack, url, user, pid, sleeves, n)
    else:
        made = await _api_universe(user, pid, sleeves, n)
        await _api_prices(stack, user, made)
    entries = [contribution("10000000000.00")]
    entries += [
        buy(x.listing_id, str(10 + i % 40), "90", x.quote_currency) for i, x in enumerate(made)
    ]
    for start in range(0, len(entries), LEDGER_BATCH):
        part = entries[start : start + LEDGER_BATCH]
        await stack.call(stack.ledger, "SubmitBatch", batch(pid, *part), user.token)
    version = (
        await stack.call(
            stack.engine,
            "CreatePolicyVersion",
            epb.CreatePolicyVersionRequest(portfolio_id=pid, document=POLICY_YAML),
            user.token,
        )
    ).policy_version
    await stack.call(
        stack.engine,
        "ApprovePolicyVersion",
        epb.ApprovePolicyVersionRequest(
            portfolio_id=pid,
            policy_version_id=version.policy_version_id,
            policy_hash=version.policy_hash,
        ),
        user.token,
    )
    return user, pid


async def _measure(
    stack: Stack, url: str, n: int, rounds: int, direct: bool, runs: RunLog
) -> dict[str, Any]:
    setup = time.perf_counter()
    user, pid = await _portfolio(stack, url, n, direct)
    how = (
        "listings, constituents and prices written directly with COPY; the rest through the APIs"
        if direct
        else "all through the APIs"
    )
    print(f"  ({n} listings set up in {time.perf_counter() - setup:.1f} s: {how})")
    timings, run = [], None
    runs.runs.clear()
    for _ in range(rounds):
        start = time.perf_counter()
        reply = await stack.call(
            stack.engine,
            "StartRun",
            epb.StartRunRequest(portfolio_id=pid, request_id=f"bench-{uuid.uuid4()}"),
            user.token,
        )
        timings.append(time.perf_counter() - start)
        run = reply.run
    assert run is not None and run.status == epb.RUN_STATUS_ADVICE, run
    stored = await stack.call(
        stack.engine,
        "GetRunInput",
        epb.GetRunInputRequest(portfolio_id=pid, run_id=run.run_id),
        user.token,
    )
    policy = load_policy(POLICY_YAML, "yaml")
    snapshot = snapshot_from_json(stored.canonical_json)
    assert len(snapshot.listings) == n and len(snapshot.prices) == n, "incomplete snapshot"
    pure = []
    for _ in range(rounds):
        start = time.perf_counter()
        calculate(snapshot, policy).canonical_json()
        pure.append(time.perf_counter() - start)
    return {"e2e": timings, "pure": pure, "lines": run.line_count, "logged": list(runs.runs)}


def _split(logged: list[dict[str, Any]]) -> str:
    if not logged:
        return "no engine.run_stored lines seen"
    parts = []
    for key in ("gather_ms", "calculate_ms", "store_ms"):
        values = [float(x[key]) for x in logged]
        parts.append(f"{key[:-3]} {min(values):.0f}/{statistics.median(values):.0f}")
    return "engine log best/median ms: " + ", ".join(parts)


async def run_e2e(sizes: tuple[int, ...], setup: str = "auto") -> None:
    """Time StartRun for each size; ``setup`` is ``api``, ``direct`` or ``auto``."""
    configure_logging("bench", "WARNING", "console")
    runs = RunLog()
    engine_log = logging.getLogger("services.engine.handlers.runs")
    engine_log.setLevel(logging.INFO)
    engine_log.propagate = False
    engine_log.addHandler(runs)
    print(
        "engine: StartRun end to end through gRPC (gather + calculate + store); "
        f"set-up: {setup} (auto: direct COPY of listings and prices above {API_SETUP_LIMIT})"
    )
    async with scratch_database() as url:

        async def database() -> str:
            return url

        async with running_stack(database, REDIS_URL) as stack:
            previous = None
            for n in sizes:
                direct = setup == "direct" or (setup == "auto" and n > API_SETUP_LIMIT)
                found = await _measure(stack, url, n, 5 if n < 1000 else 3, direct, runs)
                best, pure = min(found["e2e"]), min(found["pure"])
                growth = "" if previous is None else f"  x{best / previous:.1f} for x10 listings"
                print(
                    f"  {n:>6} listings  best {best * 1e3:9.2f} ms  "
                    f"median {statistics.median(found['e2e']) * 1e3:9.2f} ms  "
                    f"(pure {pure * 1e3:.2f} ms, {found['lines']} lines){growth}"
                )
                print(f"         {_split(found['logged'])}")
                previous = best
