"""The worker as a service account, through gRPC, with two users each owning a portfolio.

Real registry, ledger, marketdata (a local Stooq), engine and OMS on one fresh
database. The worker's jobs act with the service account's token: the scheduled
engine run covers both users' portfolios, a freezing alert freezes every
portfolio that targets *or holds* (in the ledger only) the listing, and the
OMS's background capture books into any user's portfolio. Ordinary users still
see only their own.
"""

from __future__ import annotations

import uuid
from collections.abc import AsyncIterator
from dataclasses import dataclass
from datetime import UTC, datetime
from decimal import Decimal

import grpc
import pytest
from tradingassistant.engine.v1 import engine_pb2 as epb
from tradingassistant.ledger.v1 import ledger_pb2 as lpb
from tradingassistant.marketdata.v1 import marketdata_pb2 as md
from tradingassistant.oms.v1 import oms_pb2_grpc
from tradingassistant.registry.v1 import registry_pb2 as rpb

from services.engine import jobs as engine_jobs
from services.marketdata import jobs as marketdata_jobs
from services.oms import jobs as oms_jobs
from services.oms.adapters import GrpcLedger
from services.oms.domain.capture import LedgerTrade
from taplatform.config import ServiceSettings
from taplatform.grpc.client import open_channel
from taplatform.grpc.server import SERVING, ServiceHost
from taplatform.runner import build_app
from tests.engine.stack import EOD_PATH, Stack, batch, buy, running_stack
from tests.engine.test_grpc_stack import Owned, owned_portfolio
from tests.engine.world import policy_yaml
from tests.marketdata.provider_server import Reply
from tests.registry.test_identity import refused
from tests.support import DatabaseFactory, wait_for_health

RUN_DAY_7 = policy_yaml(**{"run_day: 1": "run_day: 7"})


@dataclass
class World:
    stack: Stack
    oms_address: str
    service_token: str
    service_user_id: str
    alice: Owned
    bob: Owned


async def bob_holds_without_targeting(stack: Stack, bob: Owned, listing_id: str) -> None:
    """Bob buys the listing, then drops it from his universe: a holding, no constituent."""
    added = await bob.user(
        "AddConstituent",
        rpb.AddConstituentRequest(portfolio_id=bob.portfolio_id, listing_id=listing_id),
    )
    await stack.call(
        stack.ledger,
        "SubmitBatch",
        batch(bob.portfolio_id, buy(listing_id, "100", "72", "GBX")),
        bob.user.token,
    )
    await bob.user(
        "RemoveConstituent",
        rpb.RemoveConstituentRequest(
            portfolio_id=bob.portfolio_id,
            listing_id=listing_id,
            version=added.constituent.version,
        ),
    )


@pytest.fixture(scope="module")
async def world(new_database: DatabaseFactory, redis_url: str) -> AsyncIterator[World]:
    """Alice and Bob each own a priced portfolio with an approved policy (run day 7); Bob
    also holds Alice's pence listing in his ledger without targeting it."""
    async with running_stack(new_database, redis_url) as stack:
        settings = ServiceSettings(
            database_url=stack.registry.database_url,
            redis_url=redis_url,
            **{f"{name}_addr": addr for name, addr in stack.addresses.items()},
        )
        async with ServiceHost(
            build_app("oms", settings), probe_interval_s=0.1, shutdown_grace_s=0
        ) as host:
            oms_address = f"127.0.0.1:{host.port}"
            assert await wait_for_health(oms_address, SERVING) == SERVING
            admin = await stack.registry.ensure_admin()
            created = await admin(
                "CreateServiceAccount", rpb.CreateServiceAccountRequest(name="worker")
            )
            alice = await owned_portfolio(stack, RUN_DAY_7)
            bob = await owned_portfolio(stack, RUN_DAY_7)
            await bob_holds_without_targeting(stack, bob, alice.gbx.listing_id)
            yield World(stack, oms_address, created.token, created.user.user_id, alice, bob)


async def test_the_scheduled_engine_run_covers_both_users_portfolios(world: World) -> None:
    stack = world.stack
    ctx = {"engine": stack.engine, "engine_token": world.service_token}
    assert await engine_jobs.run_due_portfolios(ctx) == {"started": 2}
    for owned in (world.alice, world.bob):
        runs = await stack.call(
            stack.engine,
            "ListRuns",
            epb.ListRunsRequest(portfolio_id=owned.portfolio_id),
            owned.user.token,
        )
        assert [(r.trigger, r.cadence_period) for r in runs.runs] == [
            (epb.RUN_TRIGGER_SCHEDULED, "2025-03")
        ]
    # The same job with one user's token reaches only that user's portfolio.
    mine = {"engine": stack.engine, "engine_token": world.alice.user.token}
    assert await engine_jobs.run_due_portfolios(mine) == {"already_ran": 1}


async def test_a_freezing_alert_freezes_every_portfolio_holding_or_targeting_the_listing(
    world: World,
) -> None:
    stack, alice, bob = world.stack, world.alice, world.bob
    stack.clock.set(datetime(2025, 3, 10, 20, 0, tzinfo=UTC))
    # Stooq now quotes the pence listings in pounds: 0.731 instead of ~73.
    stack.provider.script(EOD_PATH, Reply(200, b"Date,Close\n2025-03-10,0.731\n", "text/csv"))
    ctx = {
        "marketdata": stack.marketdata,
        "marketdata_token": world.service_token,
        "job_id": f"job-{uuid.uuid4()}",
    }
    await marketdata_jobs.refresh_eod_prices(ctx)
    alerts = await stack.call(
        stack.marketdata,
        "ListAlerts",
        md.ListAlertsRequest(listing_ids=[alice.gbx.listing_id]),
        alice.user.token,
    )
    [alert] = alerts.alerts
    # Alice targets the listing; Bob only holds it (a ledger holding, no constituent).
    assert (alert.rule, sorted(alert.frozen_portfolio_ids)) == (
        "scale_mismatch",
        sorted([alice.portfolio_id, bob.portfolio_id]),
    )
    for owned in (alice, bob):
        got = await owned.user(
            "GetPortfolio", rpb.GetPortfolioRequest(portfolio_id=owned.portfolio_id)
        )
        assert alert.alert_id in [r.reference for r in got.portfolio.freeze_reasons]
    events = await stack.registry.rows(
        "SELECT payload FROM registry.outbox WHERE event_type = 'PortfolioFrozen' "
        "AND aggregate_id = :p",
        p=bob.portfolio_id,
    )
    assert {e.payload["actor_user_id"] for e in events} == {world.service_user_id}


def _trade(portfolio_id: str, listing_id: str) -> LedgerTrade:
    return LedgerTrade(
        batch_id=uuid.uuid4(),
        entry_id=uuid.uuid4(),
        portfolio_id=portfolio_id,
        kind="buy",
        listing_id=listing_id,
        quantity=Decimal("10"),
        price=Decimal("100"),
        price_currency="GBP",
        fx_rate=None,
        fees=Decimal("0"),
        fees_currency="GBP",
        entry_date="2025-03-10",
        memo="fill captured by the OMS",
    )


async def test_oms_background_capture_books_into_any_users_portfolio_with_the_service_token(
    world: World,
) -> None:
    stack, bob = world.stack, world.bob
    channel = open_channel(stack.addresses["ledger"])
    try:
        # Outside any RPC, as the OMS's background capture runs: TA_OMS_SERVICE_TOKEN.
        as_service = GrpcLedger(channel, 10.0, world.service_token)
        assert await as_service.book(_trade(bob.portfolio_id, bob.gilt.listing_id)) is True
        # One user's token (what the OMS had before service accounts) cannot.
        as_alice = GrpcLedger(channel, 10.0, world.alice.user.token)
        denied = await refused(as_alice.book(_trade(bob.portfolio_id, bob.gilt.listing_id)))
        assert denied.code() == grpc.StatusCode.PERMISSION_DENIED
    finally:
        await channel.close()
    holdings = await stack.call(
        stack.ledger,
        "ListHoldings",
        lpb.ListHoldingsRequest(portfolio_id=bob.portfolio_id),
        bob.user.token,
    )
    [gilt] = [h for h in holdings.holdings if h.listing_id == bob.gilt.listing_id]
    assert gilt.quantity.value == "40"  # 30 from the seed plus the 10 captured
    async with grpc.aio.insecure_channel(world.oms_address) as oms:
        stub = oms_pb2_grpc.OmsServiceStub(oms)
        done = await oms_jobs.run_oms_due_work({"oms": stub, "oms_token": world.service_token})
        assert done == {"dead_letters_attempted": 0, "fills_booked": 0, "fell_back": 0}
        user = await refused(
            oms_jobs.run_oms_due_work({"oms": stub, "oms_token": world.bob.user.token})
        )
        assert user.code() == grpc.StatusCode.PERMISSION_DENIED


async def test_ordinary_users_still_see_only_their_own_and_holders_need_a_service_account(
    world: World,
) -> None:
    stack, alice, bob = world.stack, world.alice, world.bob
    denied = await refused(
        bob.user("GetPortfolio", rpb.GetPortfolioRequest(portfolio_id=alice.portfolio_id))
    )
    assert denied.code() == grpc.StatusCode.PERMISSION_DENIED
    listing = [alice.gbx.listing_id]
    every = await refused(
        stack.call(
            stack.ledger, "ListHolders", lpb.ListHoldersRequest(listing_ids=listing), bob.user.token
        )
    )
    assert every.code() == grpc.StatusCode.PERMISSION_DENIED
    others = await refused(
        stack.call(
            stack.ledger,
            "ListHolders",
            lpb.ListHoldersRequest(listing_ids=listing, portfolio_ids=[alice.portfolio_id]),
            bob.user.token,
        )
    )
    assert others.code() == grpc.StatusCode.PERMISSION_DENIED
    own = await stack.call(
        stack.ledger,
        "ListHolders",
        lpb.ListHoldersRequest(listing_ids=listing, portfolio_ids=[bob.portfolio_id]),
        bob.user.token,
    )
    assert [(h.portfolio_id, h.quantity.value) for h in own.holders] == [(bob.portfolio_id, "100")]
    everyone = await stack.call(
        stack.ledger,
        "ListHolders",
        lpb.ListHoldersRequest(listing_ids=listing),
        world.service_token,
    )
    assert sorted(h.portfolio_id for h in everyone.holders) == sorted(
        [alice.portfolio_id, bob.portfolio_id]
    )
    bad = await refused(
        stack.call(stack.ledger, "ListHolders", lpb.ListHoldersRequest(), world.service_token)
    )
    assert bad.code() == grpc.StatusCode.INVALID_ARGUMENT
    signed_in = await refused(
        stack.registry.stub.SignIn(
            rpb.SignInRequest(email="worker@service.invalid", password=world.service_token)
        )
    )
    assert signed_in.code() == grpc.StatusCode.UNAUTHENTICATED
