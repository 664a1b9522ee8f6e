"""In a browser: notifications arrive live (bell and page), unread ones stand out, and
"Mark read" / "Mark all read" clear the bell; a notification links to what it is about.

The events come from real services over gRPC (a registry freeze, the OMS kill switch);
the running relay and the registry's notification consumer do the rest. Screenshots go
to test-artifacts/screenshots/ (prefix ``notifications-``).
"""

from __future__ import annotations

from pathlib import Path

import grpc
import pytest
from playwright.async_api import Browser, Page, WebSocket, expect
from tradingassistant.oms.v1 import oms_pb2, oms_pb2_grpc
from tradingassistant.registry.v1 import registry_pb2 as rpb
from tradingassistant.registry.v1 import registry_pb2_grpc

from tests.e2e.browser.live_stack import LiveStack
from tests.e2e.browser.pages import fill_sign_in
from tests.registry.harness import bearer

pytestmark = pytest.mark.e2e

USER = ("notified@example.test", "a long enough passphrase")
# Two subscriptions (the bell's and the page's) are placed before any event is made.
SUBSCRIBERS = 2


async def owner_with_portfolio(stack: LiveStack) -> tuple[str, str]:
    """The first admin, signed in over gRPC, and their portfolio "Core"."""
    async with grpc.aio.insecure_channel(stack.addresses["registry_addr"]) as channel:
        stub = registry_pb2_grpc.RegistryServiceStub(channel)
        await stub.CreateFirstAdmin(rpb.CreateFirstAdminRequest(email=USER[0], password=USER[1]))
        signed = await stub.SignIn(rpb.SignInRequest(email=USER[0], password=USER[1]))
        made = await stub.CreatePortfolio(
            rpb.CreatePortfolioRequest(name="Core"), metadata=bearer(signed.session_token)
        )
    return signed.session_token, made.portfolio.portfolio_id


async def freeze(stack: LiveStack, token: str, portfolio_id: str) -> None:
    reason = rpb.FreezeReason(source="manual", reference="holiday", detail="away until May")
    async with grpc.aio.insecure_channel(stack.addresses["registry_addr"]) as channel:
        await registry_pb2_grpc.RegistryServiceStub(channel).FreezePortfolio(
            rpb.FreezePortfolioRequest(portfolio_id=portfolio_id, reason=reason),
            metadata=bearer(token),
        )


async def engage_kill_switch(stack: LiveStack, token: str, portfolio_id: str) -> None:
    async with grpc.aio.insecure_channel(stack.addresses["oms_addr"]) as channel:
        await oms_pb2_grpc.OmsServiceStub(channel).SetKillSwitch(
            oms_pb2.SetKillSwitchRequest(portfolio_id=portfolio_id, engaged=True, reason="panic"),
            metadata=bearer(token),
        )


def count_feed_subscriptions(page: Page) -> list[str]:
    """Records each ``notificationFeed`` subscribe frame the page sends."""
    sent: list[str] = []

    def watch(socket: WebSocket) -> None:
        socket.on(
            "framesent",
            lambda frame: sent.append(str(frame)) if "notificationFeed" in str(frame) else None,
        )

    page.on("websocket", watch)
    return sent


async def test_notifications_arrive_live_and_are_marked_read(
    stack: LiveStack, browser: Browser, screenshots: Path
) -> None:
    token, pid = await owner_with_portfolio(stack)
    page = await browser.new_page(viewport={"width": 1280, "height": 900})
    subscribed = count_feed_subscriptions(page)
    await page.goto(f"{stack.base_url}/notifications")
    await fill_sign_in(page, USER)
    await expect(page.get_by_text("No notifications yet.")).to_be_visible()
    bell = page.get_by_role("link", name="Notifications: 0 unread notifications")
    await expect(bell).to_be_visible()
    await _wait_subscribed(page, subscribed)

    await freeze(stack, token, pid)
    await engage_kill_switch(stack, token, pid)

    rows = page.get_by_test_id("notification")
    await expect(rows).to_have_count(2)
    await expect(page.get_by_test_id("unread-count")).to_have_text("2")
    await expect(page.get_by_test_id("unread-count")).to_have_class("badge critical")
    await expect(rows.first).to_contain_text("Kill switch engaged: trading halted")
    await expect(rows.first).to_have_class("unread")
    await expect(rows.nth(1)).to_contain_text("away until May")
    await page.screenshot(path=str(screenshots / "notifications-01-live.png"), full_page=True)

    await rows.first.get_by_role("button", name="Mark read").click()
    await expect(rows.first).to_have_class("read")
    await expect(page.get_by_test_id("unread-count")).to_have_text("1")
    await expect(page.get_by_test_id("unread-count")).to_have_class("badge")
    await page.get_by_role("button", name="Mark all read").click()
    await expect(page.get_by_test_id("unread-count")).to_have_count(0)
    await expect(
        page.get_by_role("link", name="Notifications: 0 unread notifications")
    ).to_be_visible()
    await page.set_viewport_size({"width": 390, "height": 844})
    await page.screenshot(path=str(screenshots / "notifications-02-read-phone.png"), full_page=True)

    await page.reload()
    await page.get_by_label("Unread only").check()
    await expect(page.get_by_text("Nothing unread.")).to_be_visible()
    await page.get_by_label("Unread only").uncheck()
    await page.get_by_role("link", name="Advice frozen").click()
    await expect(page).to_have_url(f"{stack.base_url}/portfolios/{pid}")


async def _wait_subscribed(page: Page, subscribed: list[str]) -> None:
    """Until both feed subscriptions were sent (bounded); the edge places its cursor on it."""
    deadline = 100
    while len(subscribed) < SUBSCRIBERS:
        deadline -= 1
        assert deadline > 0, f"only {len(subscribed)} notificationFeed subscriptions were sent"
        await page.wait_for_timeout(100)
