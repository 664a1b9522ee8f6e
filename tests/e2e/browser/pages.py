"""What every browser test does the same way: sign in through the form, and number screenshots."""

from __future__ import annotations

from pathlib import Path

from playwright.async_api import Page, expect


class Screens:
    """Full-page screenshots named ``<prefix><n>-<name>.png`` in the order they are taken."""

    def __init__(self, page: Page, folder: Path, prefix: str = "") -> None:
        self.page, self.folder, self.prefix, self.count = page, folder, prefix, 0

    async def shot(self, name: str) -> None:
        self.count += 1
        path = self.folder / f"{self.prefix}{self.count:02d}-{name}.png"
        await self.page.screenshot(path=str(path), full_page=True)


async def fill_sign_in(page: Page, who: tuple[str, str]) -> None:
    """Submit the sign-in form already on the page with ``(email, password)``."""
    form = page.get_by_role("form", name="Sign in")
    await form.get_by_label("Email").fill(who[0])
    await form.get_by_label("Password").fill(who[1])
    await form.get_by_role("button", name="Sign in").click()


async def sign_in(page: Page, who: tuple[str, str], url: str | None = None) -> None:
    """Open ``url`` (if given), sign in as ``who`` and wait for the signed-in shell."""
    if url is not None:
        await page.goto(url)
    await fill_sign_in(page, who)
    await expect(page.get_by_role("button", name="Sign out")).to_be_visible()
