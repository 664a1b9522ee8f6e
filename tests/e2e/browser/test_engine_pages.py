"""In a browser: a run with no approved policy is blocked and says why; a policy with a bad
field is refused naming its path; the fixed one is saved, approved by its hash and compared
with a second version; a run recommends lines with a before/after weights chart, and the
recommendation is approved; the audit log shows both approvals.

Reference data, prices and the opening ledger batch are made over gRPC (their pages have
their own browser tests). Screenshots go to test-artifacts/screenshots/ (prefix ``engine-``).
"""

from __future__ import annotations

import re
import uuid
from collections.abc import AsyncIterator
from pathlib import Path

import grpc
import pytest
from playwright.async_api import Browser, Page, expect
from tradingassistant.ledger.v1 import ledger_pb2_grpc
from tradingassistant.marketdata.v1 import marketdata_pb2 as md
from tradingassistant.marketdata.v1 import marketdata_pb2_grpc
from tradingassistant.registry.v1 import registry_pb2 as rpb
from tradingassistant.registry.v1 import registry_pb2_grpc

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

USER = ("engine@example.test", "a long enough passphrase")
LAPTOP = {"width": 1366, "height": 900}
PHONE = {"width": 390, "height": 844}

GOOD_POLICY = POLICY_YAML
BAD_POLICY = GOOD_POLICY.replace("target_weight_pct: 40", "target_weight_pct: 140")
TILTED_POLICY = GOOD_POLICY.replace("target_weight_pct: 60", "target_weight_pct: 70").replace(
    "target_weight_pct: 40", "target_weight_pct: 30"
)


@pytest.fixture(scope="module")
async def prices_dir(tmp_path_factory: pytest.TempPathFactory) -> Path:
    return tmp_path_factory.mktemp("provider-csv")


@pytest.fixture(scope="module")
async def engine_live(
    new_database: DatabaseFactory, redis_url: str, prices_dir: Path
) -> AsyncIterator[LiveStack]:
    async with browser_stack(new_database, redis_url, prices_dir) as running:
        yield running


async def held_portfolio(stack: LiveStack, prices_dir: Path) -> str:
    """The first admin's GBP portfolio "Core": 50 of a GBX equity (~73.10 GBP) and 30 of a
    GBP bond (100.50) bought from a 10,000.00 contribution, both priced; no policy yet."""
    addrs = stack.addresses
    async with (
        grpc.aio.insecure_channel(addrs["registry_addr"]) as registry,
        grpc.aio.insecure_channel(addrs["marketdata_addr"]) as marketdata,
        grpc.aio.insecure_channel(addrs["ledger_addr"]) as ledger,
    ):
        stub = registry_pb2_grpc.RegistryServiceStub(registry)
        await stub.CreateFirstAdmin(rpb.CreateFirstAdminRequest(email=USER[0], password=USER[1]))
        signed = await stub.SignIn(rpb.SignInRequest(email=USER[0], password=USER[1]))
        me = Caller(stub, signed.session_token, signed.user)
        made = await me("CreatePortfolio", rpb.CreatePortfolioRequest(name="Core"))
        pid = made.portfolio.portfolio_id
        equity = await listing(me, (await instrument(me)).instrument_id, price_scale=dec("0.01"))
        bond = await listing(
            me, (await instrument(me)).instrument_id, quote_currency="GBP", tick_size=dec("0.01")
        )
        for item, name, target in ((equity, "equities", "60"), (bond, "bonds", "40")):
            home = await sleeve(me, pid, name, target)
            await me(
                "AddConstituent",
                rpb.AddConstituentRequest(
                    portfolio_id=pid,
                    listing_id=item.listing_id,
                    sleeve_id=home.sleeve_id,
                    monitored=True,
                ),
            )
        write_provider_file(prices_dir, equity.ticker, ["7200", "7250", "7300", "7310"])
        write_provider_file(prices_dir, bond.ticker, ["100", "100.20", "100.40", "100.50"])
        await marketdata_pb2_grpc.MarketDataServiceStub(marketdata).RefreshPrices(
            md.RefreshPricesRequest(request_id=str(uuid.uuid4()), kind=md.PRICE_KIND_EOD),
            metadata=bearer(me.token),
        )
        await ledger_pb2_grpc.LedgerServiceStub(ledger).SubmitBatch(
            batch(
                pid,
                contribution("10000.00"),
                buy(equity.listing_id, "50", "7200", "GBX"),
                buy(bond.listing_id, "30", "100"),
            ),
            metadata=bearer(me.token),
        )
    return pid


async def save_policy(page: Page, text: str) -> None:
    editor = page.get_by_role("form", name="Policy document")
    await editor.get_by_label("Policy document", exact=False).fill(text)
    await editor.get_by_role("button", name="Save as new version").click()


async def test_a_user_writes_approves_and_runs_a_policy_and_approves_its_advice(
    engine_live: LiveStack, browser: Browser, screenshots: Path, prices_dir: Path
) -> None:
    stack = engine_live
    pid = await held_portfolio(stack, prices_dir)
    page = await browser.new_page(viewport=LAPTOP)
    screens = Screens(page, screenshots, "engine-")
    await sign_in(page, USER, stack.base_url)

    # No approved policy yet: the run is recorded as BLOCKED, with the reason.
    await page.goto(f"{stack.base_url}/portfolios/{pid}")
    await page.get_by_role("link", name="Runs", exact=True).click()
    await expect(page.get_by_role("heading", name="Core: runs")).to_be_visible()
    await expect(page.get_by_text("No runs yet.")).to_be_visible()
    await page.get_by_role("button", name="Run now").click()
    blocked = page.get_by_role("region", name="Run blocked")
    await expect(blocked).to_contain_text("NO_APPROVED_POLICY")
    await expect(blocked.get_by_role("link", name="policy")).to_be_visible()
    await expect(page.get_by_role("table", name="Order lines")).to_have_count(0)
    await screens.shot("run-blocked")

    # A policy with one bad field: refused, naming the field's path; nothing stored.
    await page.get_by_role("link", name="Policy", exact=True).click()
    await expect(page.get_by_role("heading", name="Core: policy")).to_be_visible()
    editor = page.get_by_role("form", name="Policy document")
    # The editor starts from the portfolio's sleeves.
    textarea = editor.get_by_label("Policy document", exact=False)
    await expect(textarea).to_have_value(re.compile(r"- name: equities\n    target_weight_pct: 60"))
    await save_policy(page, BAD_POLICY)
    problems = page.get_by_role("list", name="Policy problems")
    problem = problems.locator('li[data-path="sleeves[1].target_weight_pct"]')
    await expect(problem).to_contain_text("100")
    await expect(problems.locator("li")).to_have_count(1)
    # The problem points at its line; following it selects that line in the editor.
    await problem.get_by_role("button", name="line 8").click()
    selected = await textarea.evaluate("t => t.value.slice(t.selectionStart, t.selectionEnd)")
    assert selected == "    target_weight_pct: 140", selected
    await expect(page.get_by_text("No versions yet", exact=False)).to_be_visible()
    await screens.shot("policy-bad-field")

    # Fixed: checked (valid, nothing stored), saved as version 1, approved by its hash.
    await textarea.fill(GOOD_POLICY)
    await editor.get_by_role("button", name="Check").click()
    await expect(editor.get_by_role("status")).to_contain_text("Valid")
    await expect(page.get_by_text("No versions yet", exact=False)).to_be_visible()
    await editor.get_by_role("button", name="Save as new version").click()
    await expect(editor.get_by_role("status")).to_contain_text("Saved as version 1")
    versions = page.get_by_role("table", name="Policy versions")
    await expect(versions.locator("tbody tr")).to_have_count(1)
    await expect(versions).to_contain_text("draft")
    await versions.get_by_role("button", name="Approve version 1").click()
    confirm = page.get_by_role("group", name="Confirm approval of version 1")
    await expect(confirm).to_contain_text("hash")
    await screens.shot("policy-confirm-approval")
    await confirm.get_by_role("button", name="Confirm approval").click()
    await expect(versions.locator('tr[data-version="1"]')).to_contain_text("approved")
    await expect(page.get_by_text("Runs use version 1.")).to_be_visible()

    # A second version (a tilt) stays a draft; the diff names the changed fields.
    await save_policy(page, TILTED_POLICY)
    await expect(editor.get_by_role("status")).to_contain_text("Saved as version 2")
    await expect(versions.locator('tr[data-version="2"]')).to_contain_text("draft")
    await page.get_by_role("button", name="Compare").click()
    changes = page.get_by_role("table", name="Policy changes")
    await expect(changes.locator("tbody tr")).to_have_count(2)
    await expect(changes).to_contain_text("sleeves[equities].target_weight_pct")
    await expect(changes).to_contain_text("sleeves[bonds].target_weight_pct")
    await screens.shot("policy-versions-diff")

    # A run with the approved version (1): lines, weights chart, rules, hashes.
    await page.get_by_role("link", name="Runs", exact=True).click()
    await expect(page.get_by_role("table", name="Runs").locator("tbody tr")).to_have_count(1)
    await page.get_by_role("button", name="Run now").click()
    lines = page.get_by_role("table", name="Order lines")
    await expect(lines.locator("tbody tr")).to_have_count(2)
    await expect(lines).to_contain_text("equities")
    await expect(lines).to_contain_text("GBX")
    chart = page.get_by_test_id("weights-chart")
    await expect(chart).to_have_attribute("data-sleeves", "2")
    await expect(chart).to_have_attribute("aria-label", re.compile(r"equities: 36\.477% before"))
    # Bars are to scale: equities' "after" bar (59.86 %) is longer than its "before" (36.48 %).
    row = chart.locator('[data-sleeve="equities"]')
    before = await row.locator(".bar.before").bounding_box()
    after = await row.locator(".bar.after").bounding_box()
    assert before and after and after["width"] > 1.5 * before["width"] > 150, (before, after)
    await expect(page.get_by_role("table", name="Rules fired")).to_contain_text("sleeve_drift")
    await expect(page.get_by_role("list", name="Constraint checks")).to_contain_text("✓")
    await expect(page.get_by_role("list", name="Rationale")).to_contain_text("Holdings are worth")
    await expect(page.get_by_role("definition").first).to_have_text(re.compile(r"^[0-9a-f]{64}$"))
    await page.get_by_role("button", name="Replay and compare").click()
    await expect(page.get_by_text("Identical", exact=False)).to_be_visible()
    await screens.shot("recommendation")
    await page.set_viewport_size(PHONE)
    await screens.shot("recommendation-phone")
    await page.set_viewport_size(LAPTOP)

    # Approve it with the hash on screen.
    review = page.get_by_role("form", name="Review recommendation")
    await review.get_by_label("Note", exact=False).fill("rebalance into equities")
    await review.get_by_role("button", name="Approve recommendation").click()
    await expect(page.locator(".decision")).to_contain_text("approved")
    await expect(page.locator(".decision")).to_contain_text("rebalance into equities")
    await expect(page.get_by_role("form", name="Review recommendation")).to_have_count(0)
    await screens.shot("recommendation-approved")

    await page.get_by_role("link", name="All runs").click()
    runs = page.get_by_role("table", name="Runs")
    await expect(runs.locator("tbody tr")).to_have_count(2)
    await expect(runs.locator("tbody tr").first).to_contain_text("approved")
    await expect(runs.locator("tbody tr").nth(1)).to_contain_text("blocked")
    await screens.shot("runs")

    # Both approvals are audited.
    await page.goto(f"{stack.base_url}/portfolios/{pid}/audit")
    audit = page.get_by_role("table", name="Audit events")
    await expect(audit).to_contain_text("PolicyVersionApproved", timeout=15000)
    await expect(audit).to_contain_text("RecommendationApproved", timeout=15000)
    await screens.shot("audit")
