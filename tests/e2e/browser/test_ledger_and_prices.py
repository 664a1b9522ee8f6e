"""In a browser: record a contribution and a buy, reverse entries, verify the ledger; import
a CSV with a bad row (rejected before anything is written), see the price chart with its
alert marker, acknowledge the alert, lift the freeze it caused; at laptop and phone widths.

Reference data (user, listing, portfolio) is made over gRPC: the setup flow has its own
browser test. Screenshots go to test-artifacts/screenshots/ (prefix ``ledger-``).
"""

from __future__ import annotations

from collections.abc import AsyncIterator
from datetime import date
from pathlib import Path

import grpc
import pytest
from playwright.async_api import Browser, Page, expect
from tradingassistant.registry.v1 import registry_pb2 as rpb
from tradingassistant.registry.v1 import registry_pb2_grpc

from tests.e2e.browser.conftest import browser_stack
from tests.e2e.browser.live_stack import LiveStack
from tests.e2e.browser.pages import Screens
from tests.edge.market_stack import price_csv, recent_sessions, write_provider_file
from tests.registry.harness import Caller
from tests.registry.universe import dec
from tests.support import DatabaseFactory

pytestmark = pytest.mark.e2e

USER = ("ledger@example.test", "a long enough passphrase")
LAPTOP = {"width": 1366, "height": 900}
PHONE = {"width": 390, "height": 844}


@pytest.fixture(scope="module")
async def prices_dir(tmp_path_factory: pytest.TempPathFactory) -> Path:
    return tmp_path_factory.mktemp("provider-csv")


@pytest.fixture(scope="module")
async def market_live(
    new_database: DatabaseFactory, redis_url: str, prices_dir: Path
) -> AsyncIterator[LiveStack]:
    async with browser_stack(new_database, redis_url, prices_dir) as running:
        yield running


async def reference_data(stack: LiveStack) -> tuple[str, str, str]:
    """The first admin owns a GBP portfolio with one GBX listing: (portfolio, listing, ticker)."""
    async with grpc.aio.insecure_channel(stack.addresses["registry_addr"]) as channel:
        stub = registry_pb2_grpc.RegistryServiceStub(channel)
        await stub.CreateFirstAdmin(rpb.CreateFirstAdminRequest(email=USER[0], password=USER[1]))
        signed = await stub.SignIn(rpb.SignInRequest(email=USER[0], password=USER[1]))
        me = Caller(stub, signed.session_token, signed.user)
        made = await me(
            "CreateInstrument",
            rpb.CreateInstrumentRequest(
                isin="GB00B03MLX29", name="Shell plc", asset_class=rpb.ASSET_CLASS_EQUITY
            ),
        )
        listing = await me(
            "CreateListing",
            rpb.CreateListingRequest(
                instrument_id=made.instrument.instrument_id,
                venue_mic="XLON",
                ticker="SHEL",
                quote_currency="GBX",
                price_scale=dec("0.01"),
                tick_size=dec("0.5"),
                calendar="XLON",
            ),
        )
        portfolio = await me("CreatePortfolio", rpb.CreatePortfolioRequest(name="Core"))
        listing_id = listing.listing.listing_id
        portfolio_id = portfolio.portfolio.portfolio_id
        await me(
            "AddConstituent",
            rpb.AddConstituentRequest(portfolio_id=portfolio_id, listing_id=listing_id),
        )
    return portfolio_id, listing_id, "SHEL"


async def record(page: Page, kind: str, **fields: str) -> None:
    form = page.get_by_role("form", name="New ledger entry")
    await form.get_by_label("Entry type").select_option(label=kind)
    for label, value in fields.items():
        field = form.get_by_label(label, exact=False)
        if label == "Listing":
            await field.select_option(label=value)
        else:
            await field.fill(value)
    await form.get_by_role("button", name="Record entry").click()


async def test_a_user_books_trades_reverses_imports_prices_and_lifts_a_freeze(
    market_live: LiveStack, browser: Browser, screenshots: Path, prices_dir: Path
) -> None:
    stack = market_live
    portfolio_id, listing_id, ticker = await reference_data(stack)
    page = await browser.new_page(viewport=LAPTOP)
    screens = Screens(page, screenshots, "ledger-")
    await page.goto(stack.base_url)
    sign_in = page.get_by_role("form", name="Sign in")
    await sign_in.get_by_label("Email").fill(USER[0])
    await sign_in.get_by_label("Password").fill(USER[1])
    await sign_in.get_by_role("button", name="Sign in").click()
    await expect(page.get_by_role("button", name="Sign out")).to_be_visible()

    # The ledger: a refused amount next to its field, then a contribution and a buy.
    await page.goto(f"{stack.base_url}/portfolios/{portfolio_id}/ledger")
    await expect(page.get_by_role("heading", name="Core: ledger")).to_be_visible()
    await record(page, "Contribution", **{"Amount": "-5"})
    form = page.get_by_role("form", name="New ledger entry")
    amount_error = form.locator('.field-error[data-field="amount"]')
    await expect(amount_error).to_contain_text("greater than zero")
    await screens.shot("amount-refused")
    await record(page, "Contribution", **{"Amount": "1000"})
    cash = page.get_by_role("table", name="Cash")
    await expect(cash).to_contain_text("1,000.00 GBP")
    await record(page, "Buy", Listing=f"{ticker} (GBX)", Quantity="10", Price="2500", Fees="5")
    holdings = page.get_by_role("table", name="Holdings")
    await expect(holdings).to_contain_text(ticker)
    await expect(holdings).to_contain_text("25.50 GBP")  # (10 x 2500p + £5) / 10
    await expect(cash).to_contain_text("745.00")
    entries = page.get_by_role("table", name="Ledger entries")
    await expect(entries.locator("tbody tr")).to_have_count(2)
    await screens.shot("after-buy")

    # Reversing the contribution would leave cash negative: the ledger's reason is shown.
    await entries.get_by_role("button", name="Reverse entry #1").click()
    confirm = page.get_by_role("group", name="Confirm reversal of entry #1")
    await confirm.get_by_role("button", name="Confirm reversal").click()
    await expect(confirm.get_by_role("alert")).to_contain_text("INSUFFICIENT_CASH")
    await screens.shot("reversal-refused")
    await confirm.get_by_role("button", name="Cancel").click()
    await entries.get_by_role("button", name="Reverse entry #2").click()
    confirm = page.get_by_role("group", name="Confirm reversal of entry #2")
    await confirm.get_by_role("button", name="Confirm reversal").click()
    await expect(cash).to_contain_text("1,000.00 GBP")
    await expect(page.get_by_text("No holdings yet.")).to_be_visible()
    await expect(entries.locator("tbody tr")).to_have_count(3)
    await expect(entries).to_contain_text("reversed")
    await page.get_by_role("button", name="Verify ledger").click()
    await expect(page.get_by_test_id("verification")).to_contain_text("Consistent: 3 entries")
    await screens.shot("ledger-verified")
    await page.set_viewport_size(PHONE)
    await screens.shot("ledger-phone")
    await page.set_viewport_size(LAPTOP)

    # A CSV with one bad row: the preview names it, nothing is written until confirmed.
    days = recent_sessions(7)
    closes = ["2500", "2510", "2490", "2505", "2500", "25.10"]
    rows: list[tuple[date | str, str]] = list(zip(days[1:], closes, strict=True))
    rows.insert(3, (days[0], "not-a-price"))
    content = price_csv(rows)
    await page.get_by_role("link", name="Market data").click()
    importer = page.get_by_role("form", name="Import prices from CSV")
    await importer.get_by_label("CSV file").set_input_files(
        files=[{"name": "shel.csv", "mimeType": "text/csv", "buffer": content.encode()}]
    )
    await importer.get_by_label("Listing (if", exact=False).select_option(label=ticker)
    await importer.get_by_label("Currency (if", exact=False).select_option(value="GBX")
    await importer.get_by_role("button", name="Preview").click()
    rejected = page.get_by_role("table", name="Rejected rows")
    await expect(rejected).to_contain_text("close")
    await expect(rejected.locator("tbody tr")).to_have_count(1)
    await expect(page.get_by_test_id("csv-preview")).to_contain_text("6 accepted")
    await expect(page.get_by_text("No task runs yet.")).to_be_visible()
    await screens.shot("csv-preview")
    await page.get_by_role("button", name="Import 6 accepted rows").click()
    await expect(page.get_by_text("Imported: 6 new")).to_be_visible()
    # The last close is a GBX listing quoted in pounds: a scale-mismatch alert, live.
    alerts = page.get_by_role("table", name="Alerts")
    await expect(alerts).to_contain_text("scale mismatch")
    await expect(page.get_by_role("table", name="Task runs")).to_contain_text("csv_import")
    await screens.shot("market-alert")

    # The prices page: a chart with six points and the alert's marker; acknowledge it.
    await page.get_by_role("link", name=ticker).first.click()
    chart = page.get_by_test_id("price-chart")
    await expect(chart).to_have_attribute("data-points", "6")
    await expect(chart).to_have_attribute("data-alert-markers", "1")
    canvas = chart.locator("canvas")
    box = await canvas.bounding_box()
    assert box is not None and box["width"] > 200 and box["height"] > 100, box
    await page.get_by_role("button", name=f"Acknowledge scale_mismatch alert on {ticker}").click()
    await expect(page.get_by_role("table", name="Alerts")).to_contain_text("acknowledged")
    await screens.shot("prices-chart")
    await page.set_viewport_size(PHONE)
    await screens.shot("prices-phone")
    await page.set_viewport_size(LAPTOP)

    # A manual refresh from the provider adds a task run.
    write_provider_file(prices_dir, ticker, ["2500", "2502"])
    await page.get_by_role("button", name="Refresh prices now").click()
    await expect(page.get_by_text("Refresh succeeded", exact=False)).to_be_visible()

    # The portfolio is frozen by the alert; lifting it needs a reason.
    await page.goto(f"{stack.base_url}/portfolios/{portfolio_id}")
    banner = page.get_by_role("region", name="Advice frozen")
    await expect(banner).to_contain_text("Data-quality alert")
    await screens.shot("portfolio-frozen")
    unfreeze = banner.get_by_role("form", name="Unfreeze portfolio")
    await unfreeze.get_by_role("button", name="Unfreeze").click()
    await expect(unfreeze.get_by_role("alert")).to_be_visible()
    await unfreeze.get_by_label("Reason for lifting the freeze").fill("checked against the LSE")
    await unfreeze.get_by_role("button", name="Unfreeze").click()
    await expect(page.get_by_role("region", name="Advice frozen")).to_have_count(0)
    await screens.shot("portfolio-unfrozen")
    assert listing_id
