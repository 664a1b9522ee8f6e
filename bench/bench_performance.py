"""GetPerformance end to end through gRPC for 1 and 5 years of daily history, 10 and 100 listings.

The real engine gathers entries (ledger), listings (registry), closes and ECB
days (marketdata) over gRPC and rebuilds the daily value series; registry,
marketdata, ledger and engine all run in this process (tests/engine/stack.py).
Set-up: bench/performance_setup.py. Next to each request, in the same run:
the floor of reading the same rows with raw asyncpg SELECTs (entries, listings,
closes, ECB rates of the currencies used; four connections at once), the
gather alone (the engine's gather_history over the same gRPC channels, with
the calls counted), and the pure calculation of the gathered inputs.
Usage: .venv/bin/python bench/bench_performance.py [--quick]   (--quick: 1 year only)
"""

from __future__ import annotations

import argparse
import asyncio
import statistics
import sys
import time
import uuid
from collections import Counter
from collections.abc import Awaitable, Callable
from datetime import UTC, datetime, timedelta
from datetime import time as clock_time
from pathlib import Path
from typing import Any

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

import asyncpg
import grpc
from tradingassistant.engine.v1 import engine_pb2 as epb

from bench.common import REDIS_URL, scratch_database
from bench.performance_setup import END, Scenario, load_fx, make_scenario
from services.engine.domain.performance import HistoryInput
from services.engine.domain.performance_report import performance_report
from services.engine.gather_performance import gather_history
from services.engine.sources import Sources
from services.engine.sources.ledger_grpc import GrpcLedgerSource
from services.engine.sources.marketdata_grpc import GrpcMarketDataSource
from services.engine.sources.registry_grpc import GrpcRegistrySource
from taplatform.auth.principal import current_bearer
from taplatform.grpc.client import bearer_forwarding_interceptors
from taplatform.logging import configure_logging
from tests.engine.stack import FRIDAY_EVENING, Stack, running_stack

SIZES = ((1, 10), (1, 100), (5, 10), (5, 100))


class CallCounter(grpc.aio.UnaryUnaryClientInterceptor):  # type: ignore[misc]
    def __init__(self) -> None:
        self.calls: Counter[str] = Counter()

    async def intercept_unary_unary(self, continuation: Any, details: Any, request: Any) -> Any:
        method = details.method.decode() if isinstance(details.method, bytes) else details.method
        self.calls[method.rsplit("/", 1)[-1]] += 1
        return await continuation(details, request)


async def best_of(rounds: int, run: Callable[[], Awaitable[Any]]) -> tuple[list[float], Any]:
    timings, result = [], None
    for _ in range(rounds):
        start = time.perf_counter()
        result = await run()
        timings.append(time.perf_counter() - start)
    return timings, result


async def raw_reads(pool: asyncpg.Pool, scenario: Scenario) -> int:
    """The rows the computation needs, straight from the tables: the floor of reading them."""
    ids = list(scenario.listing_ids)
    since = datetime.combine(scenario.first - timedelta(days=10), clock_time(), UTC)
    until = datetime.combine(END + timedelta(days=1), clock_time(), UTC)
    queries: list[tuple[str, tuple[Any, ...]]] = [
        (
            "SELECT * FROM ledger.entries WHERE portfolio_id = $1 ORDER BY sequence",
            (scenario.portfolio_id,),
        ),
        (
            "SELECT * FROM registry.listings WHERE listing_id = ANY($1::uuid[])",
            ([uuid.UUID(i) for i in ids],),
        ),
        (
            "SELECT listing_id, observed_at, price FROM marketdata.price_points "
            "WHERE listing_id = ANY($1) AND kind = 'eod' AND observed_at >= $2 "
            "AND observed_at < $3",
            (ids, since, until),
        ),
        (
            "SELECT as_of, quote_currency, rate FROM marketdata.fx_rates "
            "WHERE base_currency = 'EUR' "
            "AND as_of >= (SELECT max(as_of) FROM marketdata.fx_rates WHERE as_of <= $1) "
            "AND as_of <= $2 AND quote_currency = ANY($3)",
            (scenario.first, END, ["GBP", "USD"]),
        ),
    ]

    async def one(sql: str, args: tuple[Any, ...]) -> int:
        async with pool.acquire() as connection:
            return len(await connection.fetch(sql, *args))

    return sum(await asyncio.gather(*(one(sql, args) for sql, args in queries)))


async def gather_sources(
    stack: Stack, counter: CallCounter
) -> tuple[Sources, list[grpc.aio.Channel]]:
    channels = [
        grpc.aio.insecure_channel(
            stack.addresses[name],
            options=[("grpc.max_receive_message_length", -1)],
            interceptors=[counter, *bearer_forwarding_interceptors()],
        )
        for name in ("registry", "ledger", "marketdata")
    ]
    sources = Sources(
        GrpcRegistrySource(channels[0], 60),
        GrpcLedgerSource(channels[1], 60),
        GrpcMarketDataSource(channels[2], 60),
    )
    return sources, channels


def ms(values: list[float]) -> str:
    return f"{min(values) * 1e3:8.1f} / {statistics.median(values) * 1e3:8.1f} ms"


async def measure(stack: Stack, pool: asyncpg.Pool, scenario: Scenario, rounds: int) -> None:
    request = epb.GetPerformanceRequest(portfolio_id=scenario.portfolio_id, as_of=END.isoformat())

    async def e2e() -> epb.GetPerformanceResponse:
        return await stack.call(stack.engine, "GetPerformance", request, scenario.user.token)  # type: ignore[no-any-return]

    e2e_times, reply = await best_of(rounds, e2e)
    floor_times, rows = await best_of(rounds, lambda: raw_reads(pool, scenario))
    counter = CallCounter()
    sources, channels = await gather_sources(stack, counter)
    token = current_bearer.set(scenario.user.token)
    try:
        gather_times, history = await best_of(
            rounds, lambda: gather_history(sources, scenario.portfolio_id, END)
        )
    finally:
        current_bearer.reset(token)
        for channel in channels:
            await channel.close()
    pure_times = pure(history, rounds)
    report = performance_report(history, {})
    assert [str(p.value) for p in report.points] == [p.value.amount.value for p in reply.points]
    per_call = {k: v // rounds for k, v in sorted(counter.calls.items())}
    ratio = min(e2e_times) / min(floor_times)
    sizes = (
        f"{len(history.moves)} entries, {len(history.closes)} closes, "
        f"{len(history.fx_days)} ECB days"
    )
    print(f"    GetPerformance e2e     {ms(e2e_times)}   ({len(reply.points)} daily points)")
    print(f"    raw asyncpg SELECTs    {ms(floor_times)}   ({rows} rows); e2e / floor {ratio:.1f}x")
    print(f"    gather over gRPC       {ms(gather_times)}   calls per request: {per_call}")
    print(f"    pure calculation       {ms(pure_times)}   ({sizes})")


def pure(history: HistoryInput, rounds: int) -> list[float]:
    timings = []
    for _ in range(rounds):
        start = time.perf_counter()
        performance_report(history, {})
        timings.append(time.perf_counter() - start)
    return timings


async def run(sizes: tuple[tuple[int, int], ...]) -> None:
    configure_logging("bench", "ERROR", "console")
    print("engine: GetPerformance end to end through gRPC (best / median)")
    async with scratch_database() as url:

        async def database() -> str:
            return url

        async with running_stack(database, REDIS_URL) as stack:
            stack.clock.set(FRIDAY_EVENING)
            setup = time.perf_counter()
            years = max(y for y, _ in sizes)
            first_user = await stack.registry.new_user()
            await load_fx(
                stack, first_user, END.replace(year=END.year - years) - timedelta(days=20)
            )
            print(f"  (ECB days for {years} years loaded in {time.perf_counter() - setup:.1f} s)")
            async with asyncpg.create_pool(url, min_size=4, max_size=4) as pool:
                for years, n in sizes:
                    setup = time.perf_counter()
                    scenario = await make_scenario(stack, url, years, n)
                    print(
                        f"  {years} year(s), {n} listings: {scenario.entries} entries, "
                        f"{scenario.closes} closes (set up in {time.perf_counter() - setup:.1f} s)"
                    )
                    await measure(stack, pool, scenario, 5 if years * n < 500 else 3)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--quick", action="store_true", help="1 year only")
    quick = parser.parse_args().quick
    asyncio.run(run(tuple(s for s in SIZES if s[0] == 1) if quick else SIZES))


if __name__ == "__main__":
    main()
