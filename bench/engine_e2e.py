"""Engine runs end to end through gRPC: registry, marketdata, ledger and engine in-process.

A portfolio of N listings (half GBX, half GBP, split over two sleeves) is built
through the real APIs — instruments, listings and constituents in the
registry, an EOD price per listing imported into marketdata, holdings and
cash in the ledger, an approved 60/40 policy — then ``StartRun`` is timed: it
gathers the snapshot over gRPC, calculates, and stores snapshot,
recommendation and run in one transaction. The pure calculation of the same
stored snapshot is timed next to it.
"""

from __future__ import annotations

import asyncio
import statistics
import time
import uuid
from typing import Any

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
from tests.registry.universe import dec, listing, portfolio, sleeve

CONCURRENCY = 32


async def _universe(stack: Stack, user: Caller, pid: str, n: int) -> list[rpb.Listing]:
    sleeves = [await sleeve(user, pid, "equities", "60"), await sleeve(user, pid, "bonds", "40")]
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
                    portfolio_id=pid,
                    listing_id=made.listing_id,
                    sleeve_id=sleeves[i % 2].sleeve_id,
                ),
            )
            return made

    return list(await asyncio.gather(*(one(i) for i in range(n))))


async def _portfolio(stack: Stack, n: int) -> tuple[Caller, str]:
    user = await stack.registry.new_user()
    pid = (await portfolio(user)).portfolio_id
    made = await _universe(stack, user, pid, n)
    # Marketdata's CSV import slows with the listings in one file; 100 per file keeps it short.
    for start in range(0, n, 100):
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
    buys = [buy(x.listing_id, str(10 + i % 40), "90", x.quote_currency) for i, x in enumerate(made)]
    await stack.call(
        stack.ledger, "SubmitBatch", batch(pid, contribution("10000000.00"), *buys), user.token
    )
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


async def _measure(stack: Stack, n: int, rounds: int) -> dict[str, Any]:
    setup = time.perf_counter()
    user, pid = await _portfolio(stack, n)
    print(f"  ({n} listings set up through the APIs in {time.perf_counter() - setup:.1f} s)")
    timings, run = [], None
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
    pure = []
    for _ in range(rounds):
        start = time.perf_counter()
        calculate(snapshot, policy).canonical_json()
        pure.append(time.perf_counter() - start)
    return {"e2e": timings, "pure": pure, "lines": run.line_count}


async def run_e2e(sizes: tuple[int, ...]) -> None:
    configure_logging("bench", "WARNING", "console")
    print("engine: StartRun end to end through gRPC (gather + calculate + store)")
    async with scratch_database() as url:

        async def database() -> str:
            return url

        async with running_stack(database, REDIS_URL) as stack:
            previous = None
            for n in sizes:
                found = await _measure(stack, n, 5 if n < 1000 else 3)
                best, pure = min(found["e2e"]), min(found["pure"])
                growth = "" if previous is None else f"  x{best / previous:.1f} for x10 listings"
                print(
                    f"  {n:>6} listings  best {best * 1e3:9.2f} ms  "
                    f"median {statistics.median(found['e2e']) * 1e3:9.2f} ms  "
                    f"(pure {pure * 1e3:.2f} ms, {found['lines']} lines){growth}"
                )
                previous = best
