"""Rule settings and ingestion schedules through GraphQL against the real marketdata and registry:
effective values with defaults and sources, typed errors naming the field, version conflicts."""

from __future__ import annotations

from typing import Any

from tests.edge.graphql_client import GraphQLClient
from tests.edge.market_stack import MarketStack, universe

RESULT = """__typename
  ... on RuleSettings { listingId portfolioId version changedBy
    overrides { rule settings { name value } }
    effective { rule policy { name value defaultValue source }
      parameters { name value defaultValue source sourceId } } }
  ... on Error { message }
  ... on ValidationError { fieldErrors { field message } }
  ... on StaleVersion { currentVersion }"""
READ = f"""query($listing: ID, $portfolio: ID) {{
  ruleSettings(listingId: $listing, portfolioId: $portfolio) {{ {RESULT} }} }}"""
UPDATE = f"""mutation($input: UpdateRuleSettingsInput!) {{
  updateRuleSettings(input: $input) {{ {RESULT} }} }}"""
SCHEDULE_FIELDS = """__typename
  ... on IngestionSchedule { portfolioId version intradayEnabled intradayEveryMin eodEnabled
    fxEnabled changedBy }
  ... on Error { message }
  ... on ValidationError { fieldErrors { field message } }"""
SCHEDULE = f"""query($id: ID!) {{ ingestionSchedule(portfolioId: $id) {{ {SCHEDULE_FIELDS} }} }}"""
UPDATE_SCHEDULE = f"""mutation($input: UpdateIngestionScheduleInput!) {{
  updateIngestionSchedule(input: $input) {{ {SCHEDULE_FIELDS} }} }}"""


def parameter(settings: dict[str, Any], rule: str, name: str) -> dict[str, Any]:
    [found] = [r for r in settings["effective"] if r["rule"] == rule]
    return next(p for p in found["parameters"] if p["name"] == name)


async def update(client: GraphQLClient, **fields: Any) -> Any:
    return (await client.data(UPDATE, {"input": fields}))["updateRuleSettings"]


def jump(threshold: str) -> list[dict[str, Any]]:
    return [{"rule": "jump", "settings": [{"name": "threshold", "value": threshold}]}]


async def test_portfolio_rule_settings_show_defaults_refuse_bad_values_and_stale_versions(
    market: MarketStack,
) -> None:
    user = await market.registry.new_user()
    owned = await universe(user)
    pid = owned.portfolio_id
    async with market.client(user) as client:
        before = (await client.data(READ, {"portfolio": pid}))["ruleSettings"]
        bad = await update(client, portfolioId=pid, expectedVersion=0, rules=jump("-0.1"))
        saved = await update(client, portfolioId=pid, expectedVersion=0, rules=jump("0.35"))
        stale = await update(client, portfolioId=pid, expectedVersion=0, rules=jump("0.3"))
        listing_view = (await client.data(READ, {"listing": owned.listing_ids[0]}))["ruleSettings"]
        after = (await client.data(READ, {"portfolio": pid}))["ruleSettings"]

    assert (before["__typename"], before["version"], before["portfolioId"]) == (
        "RuleSettings",
        0,
        pid,
    )
    assert parameter(before, "jump", "threshold") == {
        "name": "threshold",
        "value": "0.2",
        "defaultValue": "0.2",
        "source": "DEFAULT",
        "sourceId": "",
    }
    assert bad["__typename"] == "ValidationError"
    assert bad["fieldErrors"] == [{"field": "rules.jump.threshold", "message": "must be > 0"}]
    assert (saved["__typename"], saved["version"]) == ("RuleSettings", 1)
    assert (stale["__typename"], stale["currentVersion"]) == ("StaleVersion", 1)
    assert after["overrides"] == [
        {"rule": "jump", "settings": [{"name": "threshold", "value": "0.35"}]}
    ]
    # The listing the portfolio holds runs with the portfolio's threshold.
    assert parameter(listing_view, "jump", "threshold")["value"] == "0.35"
    assert parameter(listing_view, "jump", "threshold")["source"] == "PORTFOLIO"
    assert parameter(listing_view, "jump", "threshold")["sourceId"] == pid


async def test_listing_settings_are_for_admins_and_a_scope_must_be_named_once(
    market: MarketStack,
) -> None:
    user = await market.registry.new_user()
    owned = await universe(user)
    lid = owned.listing_ids[0]
    async with market.client(user) as client:
        refused = await update(client, listingId=lid, expectedVersion=0, rules=jump("0.5"))
        both = await update(
            client, listingId=lid, portfolioId=owned.portfolio_id, expectedVersion=0, rules=[]
        )
        neither = (await client.data(READ, {}))["ruleSettings"]
    admin = await market.registry.ensure_admin()
    async with market.client(admin) as client:
        changed = await update(client, listingId=lid, expectedVersion=0, rules=jump("0.5"))
    assert refused["__typename"] == "PermissionDenied"
    assert both["__typename"] == neither["__typename"] == "ValidationError"
    assert [e["field"] for e in both["fieldErrors"]] == ["scope"]
    assert (changed["__typename"], changed["listingId"]) == ("RuleSettings", lid)
    assert parameter(changed, "jump", "threshold")["source"] == "LISTING"


async def test_a_portfolio_schedule_is_read_changed_and_guarded(market: MarketStack) -> None:
    user, other = await market.registry.new_user(), await market.registry.new_user()
    owned = await universe(user)
    pid = owned.portfolio_id
    change = {
        "portfolioId": pid,
        "expectedVersion": 0,
        "intradayEnabled": True,
        "intradayEveryMin": 60,
        "eodEnabled": True,
        "fxEnabled": False,
    }
    async with market.client(user) as client:
        default = (await client.data(SCHEDULE, {"id": pid}))["ingestionSchedule"]
        bad = (await client.data(UPDATE_SCHEDULE, {"input": change | {"intradayEveryMin": 7}}))[
            "updateIngestionSchedule"
        ]
        saved = (await client.data(UPDATE_SCHEDULE, {"input": change}))["updateIngestionSchedule"]
    async with market.client(other) as client:
        theirs = (await client.data(SCHEDULE, {"id": pid}))["ingestionSchedule"]
    assert (default["version"], default["intradayEveryMin"], default["fxEnabled"]) == (0, 15, True)
    assert [e["field"] for e in bad["fieldErrors"]] == ["intraday_every_min"]
    assert (saved["version"], saved["intradayEveryMin"], saved["fxEnabled"]) == (1, 60, False)
    assert saved["changedBy"] == user.user.user_id
    assert theirs["__typename"] == "PermissionDenied"
