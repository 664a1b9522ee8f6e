"""The demo seed against the real registry, ledger and marketdata (gRPC on port 0, real PostgreSQL).

The clock of registry and marketdata is Monday 2025-03-10 20:00 UTC, after
the London close, and the seed's ``today`` is that Monday: the sample history
ends on Friday 2025-03-07 and is fresh for the data-quality gate.
"""

from __future__ import annotations

import stat
from collections.abc import AsyncIterator
from dataclasses import dataclass
from datetime import UTC, date, datetime
from decimal import Decimal
from pathlib import Path

import grpc
import pytest
from sqlalchemy import text
from tradingassistant.common.v1 import types_pb2 as common
from tradingassistant.ledger.v1 import ledger_pb2 as led
from tradingassistant.ledger.v1 import ledger_pb2_grpc
from tradingassistant.marketdata.v1 import marketdata_pb2 as md
from tradingassistant.marketdata.v1 import marketdata_pb2_grpc
from tradingassistant.registry.v1 import registry_pb2 as reg
from tradingassistant.registry.v1 import registry_pb2_grpc

from services.ledger.bootstrap import bootstrap as ledger_bootstrap
from services.marketdata.bootstrap import bootstrap as marketdata_bootstrap
from services.marketdata.settings import MarketDataSettings
from services.registry.bootstrap import bootstrap as registry_bootstrap
from taplatform.cli import demo_data
from taplatform.cli.demo import SeedAs, plan_demo, run_demo
from taplatform.cli.demo_credentials import DemoCredentials, read_credentials, write_credentials
from taplatform.cli.seed import Stubs
from taplatform.config import ServiceSettings
from taplatform.db import create_engine
from taplatform.grpc.server import SERVING, ServiceHost
from taplatform.testing import FakeClock
from tests.registry.harness import PASSWORD, bearer, cheap_settings
from tests.support import DatabaseFactory, wait_for_health

NOW = datetime(2025, 3, 10, 20, 0, tzinfo=UTC)
TODAY = NOW.date()
SCHEMAS = ("registry", "ledger", "marketdata")
TABLES = text(
    "SELECT table_schema || '.' || table_name FROM information_schema.tables"
    " WHERE table_schema = ANY(:schemas) AND table_type = 'BASE TABLE' ORDER BY 1"
)


@dataclass
class Services:
    stubs: Stubs
    database_url: str

    async def call(self, method: str, request: object, token: str) -> object:
        stub = {
            "registry": self.stubs.registry,
            "ledger": self.stubs.ledger,
            "marketdata": self.stubs.marketdata,
        }[type(request).DESCRIPTOR.full_name.split(".")[1]]
        return await getattr(stub, method)(request, metadata=bearer(token), timeout=20)

    async def row_counts(self) -> dict[str, int]:
        """Rows of every table of the three schemas: what "adds nothing" is measured by."""
        engine = create_engine(self.database_url, application_name="ta-tests", pool_size=1)
        try:
            async with engine.connect() as connection:
                found = await connection.execute(TABLES, {"schemas": list(SCHEMAS)})
                tables = found.scalars()
                return {
                    t: int(await connection.scalar(text(f"SELECT count(*) FROM {t}")))
                    for t in list(tables)
                }
        finally:
            await engine.dispose()


@pytest.fixture
async def services(
    new_database: DatabaseFactory, redis_url: str, redis_client: object
) -> AsyncIterator[Services]:
    # redis_client empties the streams first: the audit consumer then has nothing to
    # store but what this test's services publish (nothing: no relay runs here).
    database_url = await new_database()
    clock = FakeClock(NOW)
    hosts: list[ServiceHost] = []
    channels: list[grpc.aio.Channel] = []

    async def start(app: object) -> str:
        host = ServiceHost(app, probe_interval_s=0.1, shutdown_grace_s=0)  # type: ignore[arg-type]
        await host.start()
        hosts.append(host)
        address = f"127.0.0.1:{host.port}"
        assert await wait_for_health(address, SERVING) == SERVING
        channels.append(grpc.aio.insecure_channel(address))
        return address

    try:
        registry = await start(
            registry_bootstrap(cheap_settings(database_url, redis_url), clock=clock)
        )
        common_settings = {
            "database_url": database_url,
            "redis_url": redis_url,
            "registry_addr": registry,
        }
        await start(ledger_bootstrap(ServiceSettings(**common_settings)))
        await start(marketdata_bootstrap(MarketDataSettings(**common_settings), clock=clock))
        stubs = Stubs(
            registry_pb2_grpc.RegistryServiceStub(channels[0]),
            ledger_pb2_grpc.LedgerServiceStub(channels[1]),
            marketdata_pb2_grpc.MarketDataServiceStub(channels[2]),
        )
        yield Services(stubs, database_url)
    finally:
        for channel in channels:
            await channel.close()
        for host in reversed(hosts):
            await host.stop()


async def seed(services: Services, credentials: Path, env: dict[str, str] | None = None):
    plan = await plan_demo(services.stubs.registry, credentials, env or {}, allow_sign_in=True)
    outcome = await run_demo(
        services.stubs, plan, credentials, env or {}, demo_data.DEMO_PRICES_DIR, TODAY
    )
    return plan, outcome


def sample_closes(ticker: str) -> list[demo_data.SampleBar]:
    bars = demo_data.read_sample_prices(demo_data.DEMO_PRICES_DIR, ticker)
    return [b for b in bars if b.day < TODAY]


async def test_seed_creates_admin_portfolio_ledger_and_prices_and_a_second_run_adds_nothing(
    services: Services, tmp_path: Path
) -> None:
    credentials = tmp_path / "var" / "demo-credentials.txt"

    plan, first = await seed(services, credentials)

    assert plan.seed_as is SeedAs.NEW_ADMIN
    assert first.email == "admin@example.com" and first.new_password
    kept = read_credentials(credentials)
    assert kept == DemoCredentials(first.email, first.worker_token, first.new_password)
    assert stat.S_IMODE(credentials.stat().st_mode) == 0o600
    signed_in = await services.stubs.registry.SignIn(
        reg.SignInRequest(email=first.email, password=first.new_password)
    )
    token = signed_in.session_token
    assert signed_in.user.role == reg.ROLE_ADMIN

    portfolios = await services.call("ListPortfolios", reg.ListPortfoliosRequest(), token)
    [portfolio] = portfolios.portfolios  # type: ignore[attr-defined]
    assert (portfolio.name, portfolio.base_currency, portfolio.frozen) == (
        "Demo portfolio (sample data)",
        "GBP",
        False,
    )
    pid = portfolio.portfolio_id
    assert first.report.portfolio_id == pid
    targets = await services.call("CheckTargets", reg.CheckTargetsRequest(portfolio_id=pid), token)
    assert targets.sums_to_100  # type: ignore[attr-defined]
    sleeves = await services.call("ListSleeves", reg.ListSleevesRequest(portfolio_ids=[pid]), token)
    assert sorted(s.name for s in sleeves.sleeves) == ["Global equity", "UK equity", "UK gilts"]  # type: ignore[attr-defined]
    members = await services.call(
        "ListConstituents", reg.ListConstituentsRequest(portfolio_ids=[pid]), token
    )
    constituents = members.constituents  # type: ignore[attr-defined]
    assert len(constituents) == 4 and all(c.monitored and c.sleeve_id for c in constituents)
    listings = await services.call(
        "ListListings",
        reg.ListListingsRequest(listing_ids=[c.listing_id for c in constituents]),
        token,
    )
    by_ticker = {x.ticker: x for x in listings.listings}  # type: ignore[attr-defined]
    assert {t: x.quote_currency for t, x in by_ticker.items()} == {
        "VWRL": "GBP",
        "ISF": "GBX",
        "ULVR": "GBX",
        "IGLT": "GBX",
    }

    holdings = await services.call("ListHoldings", led.ListHoldingsRequest(portfolio_id=pid), token)
    quantities = {h.listing_id: Decimal(h.quantity.value) for h in holdings.holdings}  # type: ignore[attr-defined]
    assert quantities == {by_ticker[t].listing_id: q for t, q in demo_data.BUYS}
    spent = sum(
        q
        * sample_closes(t)[demo_data.BUY_SESSION - 1].close
        * (Decimal(1) if t == "VWRL" else Decimal("0.01"))
        + demo_data.TRADE_FEE_GBP
        for t, q in demo_data.BUYS
    )
    cash = await services.call("ListCash", led.ListCashRequest(portfolio_id=pid), token)
    [balance] = cash.balances  # type: ignore[attr-defined]
    assert Decimal(balance.balance.amount.value) == demo_data.CONTRIBUTION_GBP - spent

    for ticker, listing in by_ticker.items():
        points = await services.call(
            "ListPricePoints",
            md.ListPricePointsRequest(listing_id=listing.listing_id, limit=5000),
            token,
        )
        history = sample_closes(ticker)
        assert len(points.points) == len(history), ticker  # type: ignore[attr-defined]
        newest = points.points[0]  # type: ignore[attr-defined]
        assert (newest.source, newest.observed_at.ToDatetime().date()) == (
            "sample-data",
            date(2025, 3, 7),
        )
        assert Decimal(newest.price.amount.value) == history[-1].close
    alerts = await services.call("ListAlerts", md.ListAlertsRequest(), token)
    assert [a.rule for a in alerts.alerts] == []  # type: ignore[attr-defined]

    before = await services.row_counts()
    plan, second = await seed(services, credentials)
    after = await services.row_counts()

    assert plan.seed_as is SeedAs.FILE_TOKEN
    assert (second.report.portfolio_id, second.report.created) == (pid, [])
    assert (second.worker_token, second.new_password) == (first.worker_token, None)
    assert after == before
    assert read_credentials(credentials) == kept


async def test_seed_reuses_instruments_and_listings_someone_already_created(
    services: Services, tmp_path: Path
) -> None:
    credentials = tmp_path / "demo-credentials.txt"
    registry = services.stubs.registry
    await registry.CreateFirstAdmin(
        reg.CreateFirstAdminRequest(email="owner@example.com", password=PASSWORD)
    )
    owner = (
        await registry.SignIn(reg.SignInRequest(email="owner@example.com", password=PASSWORD))
    ).session_token
    made = await services.call(
        "CreateInstrument",
        reg.CreateInstrumentRequest(
            isin="IE00B3RBWM25", name="VWRL", asset_class=reg.ASSET_CLASS_ETF
        ),
        owner,
    )
    iid = made.instrument.instrument_id  # type: ignore[attr-defined]
    listing = await services.call(
        "CreateListing",
        reg.CreateListingRequest(
            instrument_id=iid,
            venue_mic="XLON",
            ticker="VWRL",
            quote_currency="GBP",
            lot_size=common.Decimal(value="1"),
            tick_size=common.Decimal(value="0.01"),
            calendar="XLON",
        ),
        owner,
    )
    env = {"TA_BOOTSTRAP_ADMIN_EMAIL": "owner@example.com", "TA_BOOTSTRAP_ADMIN_PASSWORD": PASSWORD}

    plan, outcome = await seed(services, credentials, env)

    assert plan.seed_as is SeedAs.SIGN_IN
    assert "instrument IE00B3RBWM25" not in outcome.report.created
    assert "listing XLON:VWRL" not in outcome.report.created
    assert "listing XLON:ISF" in outcome.report.created
    members = await services.call(
        "ListConstituents",
        reg.ListConstituentsRequest(portfolio_ids=[outcome.report.portfolio_id]),
        owner,
    )
    assert listing.listing.listing_id in {c.listing_id for c in members.constituents}  # type: ignore[attr-defined]
    # The password came from the environment: it is not kept in the file.
    assert read_credentials(credentials) == DemoCredentials(
        "owner@example.com", outcome.worker_token, None
    )


async def test_a_database_with_users_is_seeded_only_with_a_valid_token_or_named_account(
    services: Services, tmp_path: Path
) -> None:
    credentials = tmp_path / "demo-credentials.txt"
    registry = services.stubs.registry
    await registry.CreateFirstAdmin(
        reg.CreateFirstAdminRequest(email="someone@example.com", password=PASSWORD)
    )
    counts = await services.row_counts()

    no_file = await plan_demo(registry, credentials, {})
    write_credentials(credentials, DemoCredentials("someone@example.com", "ta_not-a-token"))
    bad_token = await plan_demo(registry, credentials, {})
    env = {"TA_BOOTSTRAP_ADMIN_EMAIL": "someone@example.com", "TA_BOOTSTRAP_ADMIN_PASSWORD": "x"}
    up_ignores_env = await plan_demo(registry, credentials, env)

    assert no_file.seed_as is SeedAs.NOBODY and "has users" in no_file.reason
    assert bad_token.seed_as is SeedAs.NOBODY and "no longer valid" in bad_token.reason
    assert up_ignores_env.seed_as is SeedAs.NOBODY
    assert await services.row_counts() == counts
