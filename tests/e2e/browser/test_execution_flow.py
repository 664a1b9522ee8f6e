"""In a browser, end to end: prices refreshed from the (CSV) provider → an engine run →
approve → "Place orders" → paper orders filled in the blotter (live) → the ledger's holdings
updated → the recommendation executed → the audit log holds the whole trail. And the kill
switch: engaged with a reason and a confirmation, after which an order is refused with
TRADING_HALTED on screen.

Reference data, the opening ledger batch and an approved policy are made over gRPC (their
pages have their own browser tests). Outside parties: the price provider (CSV files) and
the exchange calendar (always open: the paper broker trades whatever the wall clock says).
Screenshots go to test-artifacts/screenshots/ (prefix ``execution-``).
"""

from __future__ import annotations

import re
from collections.abc import AsyncIterator
from dataclasses import dataclass
from decimal import Decimal
from pathlib import Path

import grpc
import pytest
from playwright.async_api import Browser, Page, expect
from tradingassistant.engine.v1 import engine_pb2 as epb
from tradingassistant.engine.v1 import engine_pb2_grpc
from tradingassistant.ledger.v1 import ledger_pb2_grpc
from tradingassistant.registry.v1 import registry_pb2 as rpb
from tradingassistant.registry.v1 import registry_pb2_grpc

from services.oms.sessions import FixedSessions
from tests.e2e.browser.conftest import browser_stack
from tests.e2e.browser.live_stack import LiveStack
from tests.e2e.browser.pages import Screens, sign_in
from tests.edge.market_stack import write_provider_file
from tests.engine.stack import batch, buy, contribution
from tests.engine.world import POLICY_YAML
from tests.registry.harness import Caller, bearer
from tests.registry.universe import dec, instrument, listing, sleeve
from tests.support import DatabaseFactory

pytestmark = pytest.mark.e2e

USER = ("trader@example.test", "a long enough passphrase")
LAPTOP = {"width": 1366, "height": 900}
# Generous: each step crosses the edge, several services and the outbox relay.
SLOW_MS = 20_000


@pytest.fixture(scope="module")
async def prices_dir(tmp_path_factory: pytest.TempPathFactory) -> Path:
    return tmp_path_factory.mktemp("provider-csv")


@pytest.fixture(scope="module")
async def trading_live(
    new_database: DatabaseFactory, redis_url: str, prices_dir: Path
) -> AsyncIterator[LiveStack]:
    overrides = {"oms": {"sessions": FixedSessions(True)}}
    async with browser_stack(new_database, redis_url, prices_dir, overrides) as running:
        yield running


@dataclass
class Held:
    portfolio_id: str
    equity: rpb.Listing
    bond: rpb.Listing


async def _me(stub: registry_pb2_grpc.RegistryServiceStub) -> Caller:
    state = await stub.GetSetupState(rpb.GetSetupStateRequest())
    if state.needs_first_admin:
        await stub.CreateFirstAdmin(rpb.CreateFirstAdminRequest(email=USER[0], password=USER[1]))
    signed = await stub.SignIn(rpb.SignInRequest(email=USER[0], password=USER[1]))
    return Caller(stub, signed.session_token, signed.user)


async def held_portfolio(stack: LiveStack, prices_dir: Path, name: str) -> Held:
    """The first admin's GBP portfolio: 50 of a GBX equity and 30 of a GBP bond from a
    10,000.00 contribution, a 60/40 policy approved, provider files written, no prices yet."""
    addrs = stack.addresses
    async with (
        grpc.aio.insecure_channel(addrs["registry_addr"]) as registry,
        grpc.aio.insecure_channel(addrs["ledger_addr"]) as ledger,
        grpc.aio.insecure_channel(addrs["engine_addr"]) as engine,
    ):
        me = await _me(registry_pb2_grpc.RegistryServiceStub(registry))
        made = await me("CreatePortfolio", rpb.CreatePortfolioRequest(name=name))
        pid = made.portfolio.portfolio_id
        equity = await listing(me, (await instrument(me)).instrument_id, price_scale=dec("0.01"))
        bond = await listing(
            me, (await instrument(me)).instrument_id, quote_currency="GBP", tick_size=dec("0.01")
        )
        for item, sleeve_name, target in ((equity, "equities", "60"), (bond, "bonds", "40")):
            home = await sleeve(me, pid, sleeve_name, target)
            request = rpb.AddConstituentRequest(
                portfolio_id=pid,
                listing_id=item.listing_id,
                sleeve_id=home.sleeve_id,
                monitored=True,
            )
            await me("AddConstituent", request)
        write_provider_file(prices_dir, equity.ticker, ["7200", "7250", "7300", "7310"])
        write_provider_file(prices_dir, bond.ticker, ["100", "100.20", "100.40", "100.50"])
        await ledger_pb2_grpc.LedgerServiceStub(ledger).SubmitBatch(
            batch(
                pid,
                contribution("10000.00"),
                buy(equity.listing_id, "50", "7200", "GBX"),
                buy(bond.listing_id, "30", "100"),
            ),
            metadata=bearer(me.token),
        )
        engine_stub = engine_pb2_grpc.EngineServiceStub(engine)
        version = (
            await engine_stub.CreatePolicyVersion(
                epb.CreatePolicyVersionRequest(portfolio_id=pid, document=POLICY_YAML),
                metadata=bearer(me.token),
            )
        ).policy_version
        await engine_stub.ApprovePolicyVersion(
            epb.ApprovePolicyVersionRequest(
                portfolio_id=pid,
                policy_version_id=version.policy_version_id,
                policy_hash=version.policy_hash,
            ),
            metadata=bearer(me.token),
        )
    return Held(pid, equity, bond)


async def holding_quantity(page: Page, ticker: str) -> Decimal:
    row = page.get_by_role("table", name="Holdings").locator("tbody tr", has_text=ticker)
    cells = await row.locator("td").all_inner_texts()
    numbers = [c.replace(",", "") for c in cells if re.fullmatch(r"[\d,]+(\.\d+)?", c.strip())]
    return Decimal(numbers[0])


async def test_an_approved_recommendation_is_executed_on_paper_and_audited(
    trading_live: LiveStack, browser: Browser, screenshots: Path, prices_dir: Path
) -> None:
    stack = trading_live
    held = await held_portfolio(stack, prices_dir, "Core")
    pid, base = held.portfolio_id, stack.base_url
    # One browser context: a second tab shares the session cookie.
    context = await browser.new_context(viewport=LAPTOP)
    page = await context.new_page()
    screens = Screens(page, screenshots, "execution-")
    await sign_in(page, USER, base)

    # Ingest: a refresh from the provider (CSV files) stores both listings' prices.
    await page.goto(f"{base}/market")
    await page.get_by_role("button", name="Refresh prices now").click()
    await expect(page.get_by_text("Refresh succeeded", exact=False)).to_be_visible(timeout=SLOW_MS)

    # The ledger before: 50 of the equity.
    await page.goto(f"{base}/portfolios/{pid}/ledger")
    await expect(page.get_by_role("table", name="Holdings")).to_contain_text(held.equity.ticker)
    assert await holding_quantity(page, held.equity.ticker) == 50

    # Run → approve.
    await page.goto(f"{base}/portfolios/{pid}/runs")
    await page.get_by_role("button", name="Run now").click()
    lines = page.get_by_role("table", name="Order lines")
    await expect(lines.locator("tbody tr")).to_have_count(2, timeout=SLOW_MS)
    review = page.get_by_role("form", name="Review recommendation")
    await review.get_by_role("button", name="Approve recommendation").click()
    await expect(page.locator(".decision")).to_contain_text("approved")
    run_id = page.url.rstrip("/").rsplit("/", 1)[-1]

    # A second tab on the blotter, subscribed before anything is placed.
    blotter = await context.new_page()
    await blotter.goto(f"{base}/portfolios/{pid}/orders")
    await expect(blotter.get_by_text("No orders yet.")).to_be_visible()
    await expect(blotter.get_by_text("live updates on")).to_be_visible()

    # Place orders: each line's paper order fills at once.
    await page.get_by_role("button", name="Place orders").click()
    placement = page.get_by_role("region", name="Order placement")
    await expect(placement.get_by_role("status")).to_contain_text("2 placed, 0 denied")
    items = placement.get_by_role("list", name="Placements").locator("li")
    await expect(items).to_have_count(2)
    for index in range(2):
        await expect(items.nth(index)).to_contain_text("filled")
    # The last fill executed the recommendation: the engine says so.
    await expect(page.locator(".decision")).to_contain_text("executed", timeout=SLOW_MS)
    await screens.shot("placed-and-executed")
    # The other tab heard of them by subscription, without a reload.
    live_rows = blotter.get_by_role("table", name="Orders").locator('tbody tr[data-state="FILLED"]')
    await expect(live_rows).to_have_count(2, timeout=SLOW_MS)
    await blotter.close()

    # The blotter lists both orders filled; the detail has the events and booked fills.
    await placement.get_by_role("link", name="Open the blotter").click()
    orders = page.get_by_role("table", name="Orders")
    await expect(orders.locator("tbody tr")).to_have_count(2)
    await expect(orders.locator('tbody tr[data-state="FILLED"]')).to_have_count(2)
    await expect(page.get_by_text("live updates on")).to_be_visible()
    await screens.shot("blotter")
    await (
        orders.locator("tbody tr", has_text=held.equity.ticker)
        .get_by_role("link", name="Details")
        .click()
    )
    events = page.get_by_role("table", name="Order events")
    await expect(events).to_contain_text("OrderCreated")
    await expect(events).to_contain_text("OrderFilled")
    await expect(page.get_by_role("table", name="Fills")).to_contain_text("booked")
    await screens.shot("order-detail")

    # The ledger: the equity holding grew by the line's quantity.
    async with grpc.aio.insecure_channel(stack.addresses["engine_addr"]) as channel:
        async with grpc.aio.insecure_channel(stack.addresses["registry_addr"]) as registry:
            me = await _me(registry_pb2_grpc.RegistryServiceStub(registry))
        rec = (
            await engine_pb2_grpc.EngineServiceStub(channel).GetRecommendation(
                epb.GetRecommendationRequest(portfolio_id=pid, recommendation_id=run_id),
                metadata=bearer(me.token),
            )
        ).recommendation
    assert rec.status == epb.RECOMMENDATION_STATUS_EXECUTED
    bought = {line.listing_id: Decimal(line.quantity.value) for line in rec.lines}
    await page.goto(f"{base}/portfolios/{pid}/ledger")
    await expect(page.get_by_role("table", name="Holdings")).to_contain_text(held.equity.ticker)
    assert await holding_quantity(page, held.equity.ticker) == 50 + bought[held.equity.listing_id]
    await screens.shot("ledger-after")

    # The audit trail, from approval to execution.
    await page.goto(f"{base}/portfolios/{pid}/audit")
    audit = page.get_by_role("table", name="Audit events")
    await expect(audit).to_contain_text("RecommendationExecuted", timeout=SLOW_MS)
    # 25 events a page, and how many fills the paper broker makes varies: load every page.
    older = page.get_by_role("button", name="Older events")
    while await older.count():
        rows = await audit.get_by_role("row").count()
        await older.click()
        await expect(audit.get_by_role("row")).not_to_have_count(rows, timeout=SLOW_MS)
    for event_type in (
        "RecommendationApproved",
        "OrderCreated",
        "OrderSubmitted",
        "OrderFilled",
        "FillBooked",
        "RecommendationExecuted",
    ):
        await expect(audit).to_contain_text(event_type, timeout=SLOW_MS)
    await screens.shot("audit-trail")
    await context.close()


async def test_an_engaged_kill_switch_refuses_orders_with_trading_halted(
    trading_live: LiveStack, browser: Browser, screenshots: Path, prices_dir: Path
) -> None:
    stack = trading_live
    held = await held_portfolio(stack, prices_dir, "Halted")
    pid, base = held.portfolio_id, stack.base_url
    page = await browser.new_page(viewport=LAPTOP)
    screens = Screens(page, screenshots, "execution-")
    screens.count = 10
    await sign_in(page, USER, base)

    await page.goto(f"{base}/portfolios/{pid}/trading")
    await expect(page.get_by_role("heading", name="Halted: trading")).to_be_visible()
    summary = page.get_by_role("definition").filter(has_text="active")
    await expect(summary.first).to_be_visible()
    form = page.get_by_role("form", name="Kill switch")
    # No reason: refused next to the field, nothing changes.
    await form.get_by_role("button", name="Engage kill switch").click()
    await expect(form.get_by_role("alert")).to_contain_text("reason is required", ignore_case=True)
    await expect(page.get_by_role("group", name="Confirm kill switch")).to_have_count(0)
    await form.get_by_label("Reason").fill("broker statement mismatch")
    await form.get_by_role("button", name="Engage kill switch").click()
    confirm = page.get_by_role("group", name="Confirm kill switch")
    await expect(confirm).to_contain_text("broker statement mismatch")
    await screens.shot("kill-switch-confirm")
    await confirm.get_by_role("button", name="Confirm: halt trading").click()
    await expect(page.get_by_role("status", name="Kill switch state")).to_contain_text("engaged")
    await expect(page.locator('dd[data-status="HALTED"]')).to_be_visible()
    await screens.shot("kill-switch-engaged")

    # A new order is refused, with the reason code on screen; nothing is stored.
    await page.get_by_role("link", name="Orders").first.click()
    order = page.get_by_role("form", name="New order")
    await order.get_by_label("Quantity").fill("5")
    await order.get_by_role("button", name="Place order").click()
    refused = order.get_by_role("alert")
    await expect(refused).to_contain_text("TRADING_HALTED")
    await expect(refused).to_have_attribute("data-reason", "TRADING_HALTED")
    await expect(page.get_by_text("No orders yet.")).to_be_visible()
    await screens.shot("order-refused-halted")
