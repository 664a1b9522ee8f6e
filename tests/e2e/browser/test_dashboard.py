"""In a browser: the dashboard (the home page) of the demo portfolio, at laptop and phone widths.

The demo seed (taplatform/cli/seed.py: sample prices from demo/prices, the opening
batch) runs against the live stack as the first admin; the test then adds one more
contribution (so net contributions step and TWR differs from the money-weighted
return), approves a policy for the demo's three sleeves and runs the engine once.
Every chart is checked for drawn data: uPlot canvases must hold pixels of each
series' colour, HTML bars must have width. Screenshots go to
test-artifacts/screenshots/ (prefix ``dashboard-``).
"""

from __future__ import annotations

import uuid
from datetime import UTC, date, datetime, timedelta
from pathlib import Path

import grpc
import pytest
from playwright.async_api import Browser, Page, expect
from tradingassistant.engine.v1 import engine_pb2 as epb
from tradingassistant.engine.v1 import engine_pb2_grpc
from tradingassistant.ledger.v1 import ledger_pb2_grpc
from tradingassistant.marketdata.v1 import marketdata_pb2_grpc
from tradingassistant.registry.v1 import registry_pb2 as rpb
from tradingassistant.registry.v1 import registry_pb2_grpc

from taplatform.auth.bearer import bearer_metadata
from taplatform.cli.demo_data import DEMO_PRICES_DIR
from taplatform.cli.seed import DemoSeeder, Stubs
from tests.e2e.browser.live_stack import LiveStack
from tests.e2e.browser.pages import sign_in
from tests.engine.stack import batch, contribution

pytestmark = pytest.mark.e2e

USER = ("dashboard@example.test", "a long enough passphrase")
DESKTOP = {"width": 1280, "height": 900}
PHONE = {"width": 390, "height": 844}
SERIES_COLOURS = [(47, 93, 140), (183, 121, 31), (47, 133, 90)]  # PALETTE[0..2] in charts.ts
DEMO_POLICY = """\
schema_version: 1
name: Demo 60/25/15
sleeves:
  - name: Global equity
    target_weight_pct: 60
    drift_band: {abs_pct: 5}
  - name: UK equity
    target_weight_pct: 25
    drift_band: {abs_pct: 5}
  - name: UK gilts
    target_weight_pct: 15
    drift_band: {abs_pct: 3}
cadence: {frequency: monthly, run_day: 1, contribution: 0}
friction:
  min_trade_value: 100
  max_orders_per_run: 4
  fees: {fixed: 1.50, bps: 10, minimum: 2}
  cash_buffer: 50
sells: when_outside_band
"""


async def seeded_demo(stack: LiveStack) -> str:
    """The demo portfolio of the first admin, with one more contribution, a policy and a run."""
    addrs = stack.addresses
    async with (
        grpc.aio.insecure_channel(addrs["registry_addr"]) as registry,
        grpc.aio.insecure_channel(addrs["marketdata_addr"]) as marketdata,
        grpc.aio.insecure_channel(addrs["ledger_addr"]) as ledger,
        grpc.aio.insecure_channel(addrs["engine_addr"]) as engine,
    ):
        users = registry_pb2_grpc.RegistryServiceStub(registry)
        await users.CreateFirstAdmin(rpb.CreateFirstAdminRequest(email=USER[0], password=USER[1]))
        token = (
            await users.SignIn(rpb.SignInRequest(email=USER[0], password=USER[1]))
        ).session_token
        stubs = Stubs(
            users,
            ledger_pb2_grpc.LedgerServiceStub(ledger),
            marketdata_pb2_grpc.MarketDataServiceStub(marketdata),
        )
        today = datetime.now(UTC).date()
        report = await DemoSeeder(stubs, token, DEMO_PRICES_DIR, today).seed()
        pid = report.portfolio_id
        metadata = bearer_metadata(token)
        topped_up = contribution("2000.00")
        topped_up.entry_date = (today - timedelta(days=200)).isoformat()
        await stubs.ledger.SubmitBatch(batch(pid, topped_up), metadata=metadata)
        policies = engine_pb2_grpc.EngineServiceStub(engine)
        version = (
            await policies.CreatePolicyVersion(
                epb.CreatePolicyVersionRequest(portfolio_id=pid, document=DEMO_POLICY),
                metadata=metadata,
            )
        ).policy_version
        await policies.ApprovePolicyVersion(
            epb.ApprovePolicyVersionRequest(
                portfolio_id=pid,
                policy_version_id=version.policy_version_id,
                policy_hash=version.policy_hash,
            ),
            metadata=metadata,
        )
        await policies.StartRun(
            epb.StartRunRequest(portfolio_id=pid, request_id=str(uuid.uuid4())), metadata=metadata
        )
    return pid


# Pixels of one colour on a chart's canvas (uPlot draws series there; axes are grey).
COUNT_COLOUR = """([selector, rgb]) => {
  const canvas = document.querySelector(selector + ' canvas');
  if (!canvas || !canvas.width) return -1;
  const data = canvas.getContext('2d').getImageData(0, 0, canvas.width, canvas.height).data;
  let found = 0;
  for (let i = 0; i < data.length; i += 4) {
    if (data[i + 3] > 200 && Math.abs(data[i] - rgb[0]) < 12 && Math.abs(data[i + 1] - rgb[1]) < 12
        && Math.abs(data[i + 2] - rgb[2]) < 12) found += 1;
  }
  return found;
}"""


async def series_pixels(page: Page, test_id: str, colour: tuple[int, int, int]) -> int:
    return int(await page.evaluate(COUNT_COLOUR, [f'[data-testid="{test_id}"]', list(colour)]))


async def assert_charts_drawn(page: Page, days: int) -> None:
    """Every chart has its data: point counts as the series say, series pixels on canvas."""
    value = page.get_by_test_id("value-chart")
    await expect(value).to_have_attribute("data-points", str(days))
    for colour in SERIES_COLOURS[:2]:  # value and net contributions
        assert await series_pixels(page, "value-chart", colour) > 100, colour
    drift = page.get_by_test_id("drift-chart")
    await expect(drift).to_have_attribute("data-points", str(days))
    await expect(drift).to_have_attribute("data-series", "3")
    for colour in SERIES_COLOURS:  # one line per sleeve
        assert await series_pixels(page, "drift-chart", colour) > 50, colour
    weights = page.get_by_test_id("sleeve-weights")
    await expect(weights).to_have_attribute("data-sleeves", "3")
    for name in ("Global equity", "UK equity", "UK gilts"):
        bar = await weights.locator(f'[data-sleeve="{name}"] .bar').bounding_box()
        assert bar is not None and bar["width"] > 5, (name, bar)


async def test_the_dashboard_shows_the_demo_portfolio_with_every_chart_drawn(
    stack: LiveStack, browser: Browser, screenshots: Path
) -> None:
    pid = await seeded_demo(stack)
    page = await browser.new_page(viewport=DESKTOP)
    await sign_in(page, USER, stack.base_url)
    # The home page is the dashboard of the (only) portfolio.
    await expect(
        page.get_by_role("heading", name="Dashboard: Demo portfolio (sample data)")
    ).to_be_visible(timeout=30000)
    first_day = date(2025, 1, 2)  # the first sample session: the opening contribution's day
    days = (datetime.now(UTC).date() - first_day).days + 1
    await assert_charts_drawn(page, days)

    returns = page.get_by_test_id("period-returns")
    for period in ("ONE_MONTH", "THREE_MONTHS", "YEAR_TO_DATE", "ONE_YEAR", "SINCE_START"):
        row = returns.locator(f'tr[data-period="{period}"]')
        await expect(row.get_by_role("link").first).to_have_attribute(
            "href", f"/portfolios/{pid}/ledger"
        )
        await expect(row).to_contain_text("%")
    since = returns.locator('tr[data-period="SINCE_START"]')
    await expect(since).to_contain_text("12,000.00 GBP")  # 10,000 opening + 2,000 later
    await expect(page.get_by_test_id("run-history").get_by_role("link").first).to_have_attribute(
        "href", f"/portfolios/{pid}/runs"
    )
    await expect(page.get_by_test_id("system-health")).to_have_attribute("data-services", "5")
    await expect(page.get_by_role("region", name="Alerts and freeze")).to_contain_text("Advice is")
    await expect(page.get_by_role("region", name="Recent notifications")).to_be_visible()
    await page.screenshot(path=str(screenshots / "dashboard-01-desktop.png"), full_page=True)

    # A phone's width: one column, nothing wider than the screen, charts redrawn.
    await page.set_viewport_size(PHONE)
    await page.reload()
    await assert_charts_drawn(page, days)
    overflow = await page.evaluate("document.documentElement.scrollWidth - window.innerWidth")
    assert overflow <= 0, f"the page is {overflow}px wider than a phone"
    await page.screenshot(path=str(screenshots / "dashboard-02-phone.png"), full_page=True)

    # Numbers lead to their sources: the value goes to the ledger.
    await (
        page.get_by_role("figure", name="Portfolio value over time")
        .get_by_role("link")
        .first.click()
    )
    await expect(page).to_have_url(f"{stack.base_url}/portfolios/{pid}/ledger")
