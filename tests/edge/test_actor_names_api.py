"""Who did something, by name, for a viewer who is not an admin: settings versions and the audit
log, against the real registry and marketdata; "changed by" lines cost one registry call a page."""

from __future__ import annotations

from typing import Any

from tradingassistant.registry.v1 import registry_pb2 as rpb

from tests.edge.market_stack import MarketStack, relay_outboxes, universe
from tests.edge.test_market_settings_api import jump, update
from tests.registry.test_identity import eventually, refused
from tests.registry.test_service_accounts import new_service_account

ACTOR = "changedByActor { id name role }"


def _settings_lines(n: int) -> str:
    return f"""
  listing{n}: ruleSettings(listingId: $listing) {{ ... on RuleSettings {{ {ACTOR} }} }}
  mine{n}: ruleSettings(portfolioId: $portfolio) {{ ... on RuleSettings {{ {ACTOR} }} }}
  schedule{n}: ingestionSchedule(portfolioId: $portfolio) {{
    ... on IngestionSchedule {{ {ACTOR} }} }}"""


# Every "changed by" line twice: six lines, three users.
SETTINGS_PAGE = (
    f"query($listing: ID!, $portfolio: ID!) {{ {_settings_lines(1)} {_settings_lines(2)} }}"
)
UPDATE_SCHEDULE = """mutation($input: UpdateIngestionScheduleInput!) {
  updateIngestionSchedule(input: $input) { __typename ... on IngestionSchedule { version } } }"""
AUDIT = """query($id: ID!) { auditEvents(portfolioId: $id, first: 100) {
  __typename ... on AuditEventPage { items { eventType actorUserId actor { id name role } } } } }"""


async def test_a_plain_user_reads_who_changed_settings_by_name_each_user_asked_for_once(
    market: MarketStack,
) -> None:
    user = await market.registry.new_user()
    admin = await market.registry.ensure_admin()
    service = await new_service_account(market.registry)
    owned = await universe(user)
    pid, lid = owned.portfolio_id, owned.listing_ids[0]
    async with market.client(admin) as client:
        await update(client, listingId=lid, expectedVersion=0, rules=jump("0.5"))
    async with market.client(user) as client:
        await update(client, portfolioId=pid, expectedVersion=0, rules=jump("0.35"))
        untouched = await client.data(SETTINGS_PAGE, {"listing": lid, "portfolio": pid})
    async with market.client(service.caller) as client:
        saved = await client.data(UPDATE_SCHEDULE, {"input": _schedule(pid)})
    assert saved["updateIngestionSchedule"] == {"__typename": "IngestionSchedule", "version": 1}

    calls_before = market.registry_calls.calls["ListUserNames"]
    async with market.client(user) as client:
        page = await client.data(SETTINGS_PAGE, {"listing": lid, "portfolio": pid})
    calls = market.registry_calls.calls["ListUserNames"] - calls_before

    assert untouched["schedule1"]["changedByActor"] is None  # version 0: nobody changed it
    for n in (1, 2):
        assert page[f"listing{n}"]["changedByActor"] == _actor(
            admin.user.user_id, admin.user.email, "ADMIN"
        )
        assert page[f"mine{n}"]["changedByActor"] == _actor(
            user.user.user_id, user.user.email, "USER"
        )
        assert page[f"schedule{n}"]["changedByActor"] == _actor(
            service.user.user_id, service.name, "SERVICE"
        )
    # The request's loader asks for each user once; lines resolved together share a call.
    assert 1 <= calls <= 3


async def test_a_plain_owner_reads_every_actor_of_their_audit_log_by_name(
    market: MarketStack,
) -> None:
    user = await market.registry.new_user()
    admin = await market.registry.ensure_admin()
    service = await new_service_account(market.registry)
    pid = (await universe(user)).portfolio_id
    # The admin may not open the portfolio; the refusal is on its audit log, by the admin.
    await refused(admin("GetPortfolio", rpb.GetPortfolioRequest(portfolio_id=pid)))
    async with market.client(service.caller) as client:
        await client.data(UPDATE_SCHEDULE, {"input": _schedule(pid)})
    await relay_outboxes(market.registry.database_url, market.redis_url, "registry", "marketdata")
    expected = {
        user.user.user_id: _actor(user.user.user_id, user.user.email, "USER"),
        admin.user.user_id: _actor(admin.user.user_id, admin.user.email, "ADMIN"),
        service.user.user_id: _actor(service.user.user_id, service.name, "SERVICE"),
    }

    async def actors() -> dict[str, Any]:
        async with market.client(user) as client:
            page = (await client.data(AUDIT, {"id": pid}))["auditEvents"]
        return {e["actorUserId"]: e["actor"] for e in page["items"]}

    assert await eventually(actors, expected) == expected


def _actor(user_id: str, name: str, role: str) -> dict[str, str]:
    return {"id": user_id, "name": name, "role": role}


def _schedule(portfolio_id: str) -> dict[str, Any]:
    return {
        "portfolioId": portfolio_id,
        "expectedVersion": 0,
        "intradayEnabled": True,
        "intradayEveryMin": 30,
        "eodEnabled": True,
        "fxEnabled": True,
    }
