"""In a browser: every page of the web app, at a laptop's and a phone's width.

The routes come from edge/web/src/routes.json, the list the app itself routes by (a
page the app shows is in it, or the app refuses to start), so a new page is visited
here without anyone remembering to add it. On the demo portfolio with a policy, a
run and its orders placed (paper broker, the exchange always open), each page must
load with no console error, show one visible h1 that is not "Page not found", and
fit the window's width. Every route must also be linked from some page, so nothing
is reachable only by typing its address. The first-run and sign-in pages are
checked the same way. Screenshots: test-artifacts/screenshots/pages/<route>-<width>.png.
"""

from __future__ import annotations

import json
import re
from collections.abc import AsyncIterator
from pathlib import Path

import pytest
from playwright.async_api import Browser, Page, expect

from services.oms.sessions import FixedSessions
from tests.e2e.browser.conftest import browser_stack
from tests.e2e.browser.live_stack import LiveStack
from tests.e2e.browser.pages import sign_in
from tests.e2e.browser.test_dashboard import USER, seeded_demo
from tests.support import ROOT, DatabaseFactory

pytestmark = pytest.mark.e2e

ROUTES = json.loads((ROOT / "edge" / "web" / "src" / "routes.json").read_text())
WIDTHS = {1280: {"width": 1280, "height": 800}, 390: {"width": 390, "height": 844}}
SLOW_MS = 30_000
# The demo's ids, by the name of the route parameter that takes them.
IDS = """async (pid) => {
  const query = `query($id: ID!) {
    runs(portfolioId: $id) { ... on RunPage { items { id } } }
    orders(portfolioId: $id) { ... on OrderPage { items { id listingId } } } }`;
  const answer = await fetch('/graphql', { method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify({ query, variables: { id: pid } }) });
  const data = (await answer.json()).data;
  const order = data.orders.items[0];
  return { portfolio: pid, run: data.runs.items[0].id, order: order.id, listing: order.listingId };
}"""
# What the page shows: its h1s, whether it is wider than the window, and every link on it.
LOOK = """() => ({
  h1: [...document.querySelectorAll('h1')].filter((h) => h.offsetParent !== null)
    .map((h) => h.innerText),
  overflow: document.scrollingElement.scrollWidth - window.innerWidth,
  links: [...document.querySelectorAll('a[href]')].map((a) => a.getAttribute('href')),
})"""


@pytest.fixture
async def demo_stack(new_database: DatabaseFactory, redis_url: str) -> AsyncIterator[LiveStack]:
    # The exchange calendar, faked open: the demo's paper orders fill whatever the clock says.
    overrides = {"oms": {"sessions": FixedSessions(True)}}
    async with browser_stack(new_database, redis_url, None, overrides) as running:
        yield running


def concrete(path: str, ids: dict[str, str]) -> str:
    """``/portfolios/:portfolio/runs/:run`` with the demo's ids put in."""

    def one(found: re.Match[str]) -> str:
        name = found.group(1)
        assert name in ids, f"no demo id for :{name} in {path}: add one to IDS in this test"
        return ids[name]

    return re.sub(r":(\w+)", one, path)


def pattern(path: str) -> re.Pattern[str]:
    return re.compile("^" + re.sub(r":\w+", "[^/?#]+", path) + "/?$")


class Visits:
    """Console errors of the current page, and every link seen on any page."""

    def __init__(self, page: Page, folder: Path) -> None:
        self.page, self.folder = page, folder
        self.errors: list[str] = []
        self.links: set[str] = set()
        page.on("console", lambda m: self.errors.append(m.text) if m.type == "error" else None)
        page.on("pageerror", lambda e: self.errors.append(str(e)))

    async def check(self, name: str, width: int, heading: str | None = None) -> None:
        """The page now shown, at ``width``: loaded, titled, error-free, within the window."""
        title = self.page.locator("h1").first
        await expect(title).to_be_visible(timeout=SLOW_MS)
        if heading:
            await expect(title).to_contain_text(heading)
        # Loaded: no "Loading …" left on the page.
        loading = self.page.locator(".loading-inline, p.loading")
        await expect(loading).to_have_count(0, timeout=SLOW_MS)
        seen = await self.page.evaluate(LOOK)
        await self.page.screenshot(path=str(self.folder / f"{name}-{width}.png"), full_page=True)
        assert len(seen["h1"]) == 1, (name, width, seen["h1"])
        assert seen["h1"][0] != "Page not found", (name, width)
        assert seen["overflow"] <= 0, f"{name} is {seen['overflow']}px wider than {width}px"
        assert self.errors == [], (name, width, self.errors)
        self.links.update(seen["links"])


async def place_the_demo_orders(page: Page, base: str, pid: str) -> None:
    """Approve the demo's run and place its orders, as a user would."""
    await page.goto(f"{base}/portfolios/{pid}/runs")
    await page.get_by_role("table", name="Runs").get_by_role("link", name="Open").first.click()
    review = page.get_by_role("form", name="Review recommendation")
    await review.get_by_role("button", name="Approve recommendation").click()
    await expect(page.locator(".decision")).to_contain_text("approved")
    await page.get_by_role("button", name="Place orders").click()
    placement = page.get_by_role("region", name="Order placement")
    await expect(placement.get_by_role("status")).to_contain_text("0 denied", timeout=SLOW_MS)


async def test_every_page_loads_cleanly_and_fits_a_laptop_and_a_phone(
    demo_stack: LiveStack, browser: Browser, screenshots: Path
) -> None:
    folder = screenshots / "pages"
    folder.mkdir(parents=True, exist_ok=True)
    base = demo_stack.base_url
    page = await browser.new_page(viewport=WIDTHS[1280])
    visits = Visits(page, folder)

    # Before anyone exists: the first-run page.
    for width, viewport in WIDTHS.items():
        await page.set_viewport_size(viewport)
        await page.goto(base)
        await visits.check("first-run", width, "Welcome")

    pid = await seeded_demo(demo_stack)
    for width, viewport in WIDTHS.items():
        await page.set_viewport_size(viewport)
        await page.goto(base)
        await visits.check("sign-in", width, "Sign in")
    await page.set_viewport_size(WIDTHS[1280])
    await sign_in(page, USER, base)
    await place_the_demo_orders(page, base, pid)
    ids = await page.evaluate(IDS, pid)

    names = [route["name"] for route in ROUTES]
    assert len(names) == len(set(names)) and len(names) >= 19, names
    for route in ROUTES:
        for width, viewport in WIDTHS.items():
            await page.set_viewport_size(viewport)
            await page.goto(base + concrete(route["path"], ids))
            await visits.check(route["name"], width)

    # Every page is one click away from another: its address appears as a link somewhere.
    unlinked = [
        route["path"]
        for route in ROUTES
        if not any(pattern(route["path"]).match(href) for href in visits.links)
    ]
    assert unlinked == [], f"pages no link leads to: {unlinked}"
