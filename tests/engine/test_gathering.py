"""What a run gathers: the listings and FX that matter, and sources that do not answer."""

from __future__ import annotations

import json
import uuid
from decimal import Decimal

import grpc
import pytest
from sqlalchemy.ext.asyncio import AsyncEngine

from services.engine.domain.snapshot import FxQuote, ListingRef, Position
from services.engine.handlers import EngineDeps, runs
from services.engine.sources import Sources
from services.engine.sources.ledger_grpc import GrpcLedgerSource
from taplatform.errors import FailedPreconditionError
from tests.engine.test_runs import approve, count_runs
from tests.engine.world import World


async def test_fx_keeps_only_the_currencies_the_portfolio_uses_and_a_usd_holding_is_valued(
    deps: EngineDeps, world: World
) -> None:
    pid, _ = world.portfolio()
    await approve(deps, pid)
    usd = f"lst-{uuid.uuid4().hex[:8]}"
    world.registry.listing_refs[usd] = ListingRef(usd, "AAPL", "USD", Decimal(1), Decimal(1))
    world.ledger.positions[pid].append(Position(usd, Decimal(3)))
    world.price(usd, "200")
    world.market.rates = [
        FxQuote("EUR", "GBP", Decimal("0.85"), "2025-07-02"),
        FxQuote("EUR", "USD", Decimal("1.10"), "2025-07-02"),
        FxQuote("EUR", "JPY", Decimal("160"), "2025-07-02"),
    ]
    run = (await runs.start_run(deps, pid, f"req-{uuid.uuid4()}")).run
    _, text = await runs.get_run_input(deps, pid, str(run.run_id))
    snapshot = json.loads(text)
    assert [(r["base"], r["quote"]) for r in snapshot["fx_rates"]] == [
        ("EUR", "GBP"),
        ("EUR", "USD"),
    ]
    assert usd in {x["listing_id"] for x in snapshot["listings"]}
    assert run.outcome == "advice"


async def test_without_a_usd_rate_the_run_is_blocked_naming_the_currency(
    deps: EngineDeps, world: World
) -> None:
    pid, _ = world.portfolio()
    await approve(deps, pid)
    usd = f"lst-{uuid.uuid4().hex[:8]}"
    world.registry.listing_refs[usd] = ListingRef(usd, "AAPL", "USD", Decimal(1), Decimal(1))
    world.ledger.positions[pid].append(Position(usd, Decimal(3)))
    world.price(usd, "200")
    run = (await runs.start_run(deps, pid, f"req-{uuid.uuid4()}")).run
    assert ("FX_MISSING", "USD") in [
        (r["code"], r["subject"]) for r in map(json.loads, run.blocked_reasons)
    ]


async def test_an_unreachable_ledger_fails_the_run_and_stores_nothing(
    deps: EngineDeps, world: World, engine_db: AsyncEngine, unreachable_addr: str
) -> None:
    pid, _ = world.portfolio()
    await approve(deps, pid)
    async with grpc.aio.insecure_channel(unreachable_addr) as channel:
        down = EngineDeps(
            engine=deps.engine,
            sources=Sources(world.registry, GrpcLedgerSource(channel, 0.5), world.market),
            clock=deps.clock,
        )
        with pytest.raises(FailedPreconditionError) as caught:
            await runs.start_run(down, pid, f"req-{uuid.uuid4()}")
    assert caught.value.reason == "LEDGER_UNAVAILABLE"
    assert await count_runs(engine_db, pid) == 0
