"""In a browser: first admin, sign in, a portfolio with two listings and two sleeves, tenancy.

A user who is no admin reads in their audit log, by email, who tried to open
their portfolio. Every page visited is saved under test-artifacts/screenshots/. At the end,
every mutation the browser made must be in the audit log exactly once.
"""

from __future__ import annotations

import asyncio
import re
from pathlib import Path

import asyncpg
import pytest
from playwright.async_api import Browser, Page, expect

from tests.e2e.browser.live_stack import LiveStack
from tests.e2e.browser.pages import Screens, sign_in

pytestmark = pytest.mark.e2e

ADMIN = ("admin@example.test", "correct horse battery staple")
BOB = ("bob@example.test", "another long passphrase")
SHELL = ("GB00B03MLX29", "Shell plc", "SHEL")
VODAFONE = ("GB00BH4HKS39", "Vodafone Group", "VOD")


async def create_instrument(page: Page, isin: str, name: str) -> None:
    form = page.get_by_role("form", name="New instrument")
    await form.get_by_label("ISIN").fill(isin)
    await form.get_by_label("Instrument name").fill(name)
    await form.get_by_role("button", name="Create instrument").click()


async def create_listing(page: Page, instrument: str, ticker: str) -> None:
    form = page.get_by_role("form", name="New listing")
    await form.get_by_label("Instrument").select_option(label=instrument)
    await form.get_by_label("Ticker").fill(ticker)
    await form.get_by_role("button", name="Create listing").click()
    await expect(page.get_by_role("form", name=f"Listing {ticker}")).to_be_visible()


async def add_sleeve(page: Page, name: str, target: str) -> None:
    form = page.get_by_role("form", name="New sleeve")
    await form.get_by_label("Sleeve name").fill(name)
    await form.get_by_label("Target %").fill(target)
    await form.get_by_role("button", name="Add sleeve").click()


async def add_listing(page: Page, listing: tuple[str, str, str], sleeve: str) -> None:
    _, name, ticker = listing
    form = page.get_by_role("form", name="Add a listing")
    await form.get_by_label("Listing to add").select_option(label=f"{ticker} (XLON, GBX) · {name}")
    await form.get_by_label("Sleeve for the new listing").select_option(label=sleeve)
    await form.get_by_role("button", name="Add listing").click()
    await expect(page.get_by_role("table", name="Constituents")).to_contain_text(ticker)


async def test_a_user_sets_up_a_portfolio_that_another_user_cannot_see(
    stack: LiveStack, browser: Browser, screenshots: Path
) -> None:
    page = await browser.new_page(viewport={"width": 1280, "height": 900})
    screens = Screens(page, screenshots)

    # First run: no user yet, so the app asks for the admin.
    await page.goto(stack.base_url)
    first_run = page.get_by_role("form", name="Welcome to Trading Assistant")
    await expect(first_run).to_be_visible()
    await first_run.get_by_label("Email").fill(ADMIN[0])
    await first_run.get_by_label("Password", exact=True).fill(ADMIN[1])
    await first_run.get_by_label("Confirm password").fill(ADMIN[1])
    await screens.shot("first-run")
    await first_run.get_by_role("button", name="Create admin").click()

    await expect(page.get_by_role("form", name="Sign in")).to_be_visible()
    await screens.shot("sign-in")
    await sign_in(page, ADMIN)
    await expect(page.get_by_text("No portfolios yet.")).to_be_visible()
    await screens.shot("portfolios-empty")

    # Reference data: an invalid ISIN is refused next to its field, then two good ones.
    await page.get_by_role("link", name="Instruments").click()
    await create_instrument(page, "GB00B03MLX28", "Bad check digit")
    isin_error = page.get_by_role("form", name="New instrument").locator(".field-error")
    await expect(isin_error).to_contain_text("check digit")
    await screens.shot("instrument-invalid-isin")
    await create_instrument(page, SHELL[0], SHELL[1])
    await expect(page.get_by_role("form", name=f"Instrument {SHELL[0]}")).to_be_visible()
    await create_instrument(page, VODAFONE[0], VODAFONE[1])
    await expect(page.get_by_role("form", name=f"Instrument {VODAFONE[0]}")).to_be_visible()
    await create_listing(page, f"{SHELL[1]} ({SHELL[0]})", SHELL[2])
    await create_listing(page, f"{VODAFONE[1]} ({VODAFONE[0]})", VODAFONE[2])
    await screens.shot("instruments")

    # The portfolio: two sleeves (a bad target first), two listings, one in each.
    await page.get_by_role("link", name="Portfolios").click()
    new_portfolio = page.get_by_role("form", name="New portfolio")
    await new_portfolio.get_by_label("Name").fill("Core")
    await new_portfolio.get_by_role("button", name="Create portfolio").click()
    await expect(page.get_by_role("heading", name="Core")).to_be_visible()
    portfolio_url = page.url
    await add_sleeve(page, "Equity", "160")
    target_error = page.get_by_role("form", name="New sleeve").locator(".field-error")
    await expect(target_error).to_be_visible()
    await screens.shot("sleeve-target-refused")
    await add_sleeve(page, "Equity", "60")
    await expect(page.get_by_role("form", name="Sleeve Equity")).to_be_visible()
    await expect(page.get_by_test_id("targets-sum")).to_contain_text("60%")
    await add_sleeve(page, "Bonds", "40")
    await expect(page.get_by_role("form", name="Sleeve Bonds")).to_be_visible()
    await add_listing(page, SHELL, "Equity")
    await add_listing(page, VODAFONE, "Bonds")
    await expect(page.get_by_test_id("targets-sum")).to_contain_text("Targets sum to 100%")
    await screens.shot("portfolio-detail")

    # After a reload the browser shows what the services stored.
    await page.reload()
    await expect(page.get_by_role("heading", name="Core")).to_be_visible()
    constituents = page.get_by_role("table", name="Constituents")
    await expect(constituents).to_contain_text(SHELL[2])
    await expect(constituents).to_contain_text(VODAFONE[2])
    await expect(page.get_by_label(f"Sleeve of {SHELL[2]}", exact=False)).to_have_value(
        re.compile(".+")
    )
    await expect(page.get_by_test_id("targets-sum")).to_contain_text("Targets sum to 100%")
    await screens.shot("portfolio-after-reload")

    await page.get_by_role("link", name="Audit log").click()
    await expect(page.get_by_role("table", name="Audit events")).to_contain_text("SleeveCreated")
    await screens.shot("audit-log")

    # A personal API token, shown once; and a second user.
    await page.get_by_role("link", name="API tokens").click()
    token_form = page.get_by_role("form", name="New API token")
    await token_form.get_by_label("Token name").fill("laptop grpcurl")
    await token_form.get_by_role("button", name="Create token").click()
    await expect(page.get_by_test_id("token-secret")).not_to_be_empty()
    await screens.shot("api-tokens")
    await page.get_by_role("link", name="Users").click()
    user_form = page.get_by_role("form", name="New user")
    await user_form.get_by_label("Email").fill(BOB[0])
    await user_form.get_by_label("Password").fill(BOB[1])
    await user_form.get_by_role("button", name="Create user").click()
    await expect(page.get_by_role("table", name="Users")).to_contain_text(BOB[0])
    await screens.shot("users")

    await page.get_by_role("link", name="Status").click()
    await expect(page.get_by_text("All services are serving.")).to_be_visible()
    await screens.shot("status")

    await page.get_by_role("button", name="Sign out").click()
    await expect(page.get_by_role("form", name="Sign in")).to_be_visible()

    # The second user sees no portfolio, and the first one's page refuses them.
    await sign_in(page, BOB)
    await expect(page.get_by_text("No portfolios yet.")).to_be_visible()
    await screens.shot("second-user-portfolios")
    await page.goto(portfolio_url)
    await expect(page.get_by_role("alert")).to_be_visible()
    await expect(page.get_by_text("Core")).to_have_count(0)
    await screens.shot("second-user-denied")

    # Bob's own portfolio: the admin may not open it either, and Bob, who is no admin,
    # reads in its audit log who tried, by email.
    await page.goto(f"{stack.base_url}/portfolios")
    new_portfolio = page.get_by_role("form", name="New portfolio")
    await new_portfolio.get_by_label("Name").fill("Bob ISA")
    await new_portfolio.get_by_role("button", name="Create portfolio").click()
    await expect(page.get_by_role("heading", name="Bob ISA")).to_be_visible()
    bob_url = page.url
    await page.get_by_role("button", name="Sign out").click()
    await sign_in(page, ADMIN)
    await page.goto(bob_url)
    await expect(page.get_by_role("alert")).to_be_visible()
    await page.get_by_role("button", name="Sign out").click()
    await sign_in(page, BOB)
    await wait_for_access_denied(stack, bob_url.rstrip("/").rsplit("/", 1)[-1])
    await page.goto(f"{bob_url}/audit")
    audit = page.get_by_role("table", name="Audit events")
    await expect(audit.locator("tbody tr", has_text="AccessDenied").first).to_contain_text(ADMIN[0])
    await expect(audit.locator("tbody tr", has_text="PortfolioCreated")).to_contain_text("you")
    await screens.shot("second-user-audit-names-the-admin")

    await assert_each_mutation_audited_once(stack)


# What the browser changed, as (event type, how many distinct objects).
EXPECTED_AUDIT = {
    "UserCreated": 2,  # the first admin and Bob
    "InstrumentCreated": 2,
    "ListingCreated": 2,
    "PortfolioCreated": 2,  # the admin's and Bob's
    "SleeveCreated": 2,
    "ConstituentAdded": 2,
    "ApiTokenCreated": 1,
}
AUDIT_DEADLINE_S = 20.0


async def wait_for_access_denied(stack: LiveStack, portfolio_id: str) -> None:
    """Poll the audit table until a refused access to the portfolio is stored."""
    connection = await asyncpg.connect(stack.database_url)
    try:
        loop = asyncio.get_running_loop()
        until = loop.time() + AUDIT_DEADLINE_S
        while True:
            stored = await connection.fetchval(
                "SELECT count(*) FROM registry.audit_events"
                " WHERE event_type = 'AccessDenied' AND portfolio_id = $1",
                portfolio_id,
            )
            if stored or loop.time() > until:
                break
            await asyncio.sleep(0.1)
    finally:
        await connection.close()
    assert stored, f"no AccessDenied stored for {portfolio_id}"


async def assert_each_mutation_audited_once(stack: LiveStack) -> None:
    """Poll the audit table until every expected event arrived; then each is there once."""
    connection = await asyncpg.connect(stack.database_url)
    try:
        loop = asyncio.get_running_loop()
        until = loop.time() + AUDIT_DEADLINE_S
        while True:
            rows = await connection.fetch(
                "SELECT event_type, aggregate_id, count(*) AS copies FROM registry.audit_events"
                " WHERE event_type = ANY($1::text[]) GROUP BY event_type, aggregate_id",
                list(EXPECTED_AUDIT),
            )
            objects: dict[str, int] = {}
            for row in rows:
                objects[row["event_type"]] = objects.get(row["event_type"], 0) + 1
            if objects == EXPECTED_AUDIT or loop.time() > until:
                break
            await asyncio.sleep(0.1)
    finally:
        await connection.close()
    assert objects == EXPECTED_AUDIT, [dict(row) for row in rows]
    duplicated = [(r["event_type"], r["aggregate_id"]) for r in rows if r["copies"] != 1]
    assert duplicated == []
