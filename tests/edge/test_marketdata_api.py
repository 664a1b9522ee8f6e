"""Market data through GraphQL against the real marketdata and registry: CSV preview and
confirm, refresh from the provider, series, task runs, alerts and the freeze they cause."""

from __future__ import annotations

import uuid
from typing import Any

from tests.edge.graphql_client import GraphQLClient
from tests.edge.market_stack import (
    MarketStack,
    price_csv,
    recent_sessions,
    universe,
    write_provider_file,
)

IMPORT = """mutation($input: ImportPricesCsvInput!) {
  importPricesCsv(input: $input) {
    __typename
    ... on CsvImport { rows accepted confirmed rejections { row field reason }
      preview { observedAt price { amount currency } }
      taskRun { id task status inserted rejected } }
    ... on Error { message }
    ... on ValidationError { fieldErrors { field message } }
  }
}"""
SERIES = """query($listing: ID!) {
  priceSeries(listingId: $listing) {
    __typename ... on PriceSeries { points { observedAt source price { amount currency } } }
  }
}"""
RUNS = """query { taskRuns(limit: 20) {
  ... on TaskRunList { items { id task trigger status inserted unchanged listingIds } } } }"""
REFRESH = """mutation($input: RefreshPricesInput!) {
  refreshPrices(input: $input) {
    __typename ... on TaskRun { id task trigger status fetched inserted unchanged }
    ... on Error { message }
  }
}"""
ALERTS = """query($listings: [ID!], $statuses: [AlertStatus!]) {
  alerts(listingIds: $listings, statuses: $statuses) {
    ... on AlertList { items { id rule status severity freeze frozenPortfolioIds message } }
  }
}"""
ACK = """mutation($id: ID!) { acknowledgeAlert(id: $id) {
  __typename ... on Alert { status } ... on FailedPrecondition { reason } } }"""
RESOLVE = """mutation($id: ID!, $note: String!) { resolveAlert(id: $id, note: $note) {
  __typename ... on Alert { status resolutionNote }
  ... on ValidationError { fieldErrors { field } } } }"""
PORTFOLIO = """query($id: ID!) { portfolio(id: $id) {
  ... on Portfolio { frozen freezeReasons { source reference } } } }"""
UNFREEZE = """mutation($input: UnfreezePortfolioInput!) { unfreezePortfolio(input: $input) {
  __typename ... on Portfolio { frozen } ... on ValidationError { fieldErrors { field } } } }"""


async def import_csv(client: GraphQLClient, **fields: Any) -> Any:
    return (await client.data(IMPORT, {"input": fields}))["importPricesCsv"]


async def series(client: GraphQLClient, listing_id: str) -> list[Any]:
    return (await client.data(SERIES, {"listing": listing_id}))["priceSeries"]["points"]


async def test_a_csv_preview_names_bad_rows_and_writes_nothing_until_confirmed(
    market: MarketStack,
) -> None:
    user = await market.registry.new_user()
    owned = await universe(user)
    ticker = owned.tickers[0]
    days = recent_sessions(3)
    content = price_csv(
        [(days[0], "2500"), ("2026-02-30", "2510"), (days[1], "-1"), (days[2], "2520")]
    )
    request_id = str(uuid.uuid4())
    async with market.client(user) as client:
        preview = await import_csv(client, content=content, listing=ticker, currency="GBX")
        before = await series(client, owned.listing_ids[0])
        confirmed = await import_csv(
            client,
            content=content,
            listing=ticker,
            currency="GBX",
            confirm=True,
            requestId=request_id,
        )
        again = await import_csv(
            client,
            content=content,
            listing=ticker,
            currency="GBX",
            confirm=True,
            requestId=request_id,
        )
        after = await series(client, owned.listing_ids[0])
        runs = (await client.data(RUNS))["taskRuns"]["items"]

    assert preview["__typename"] == "CsvImport", preview
    assert (preview["rows"], preview["accepted"], preview["confirmed"]) == (4, 2, False)
    assert [(r["row"], r["field"]) for r in preview["rejections"]] == [(3, "date"), (4, "close")]
    assert preview["taskRun"] is None
    assert [p["price"] for p in preview["preview"]] == [
        {"amount": "2500", "currency": "GBX"},
        {"amount": "2520", "currency": "GBX"},
    ]
    assert before == []
    assert confirmed["taskRun"]["task"] == "csv_import"
    assert (confirmed["taskRun"]["inserted"], confirmed["taskRun"]["rejected"]) == (2, 2)
    assert again["taskRun"]["id"] == confirmed["taskRun"]["id"]
    assert [p["price"]["amount"] for p in after] == ["2500", "2520"]
    assert confirmed["taskRun"]["id"] in [r["id"] for r in runs]


async def test_a_file_with_unknown_columns_is_refused_whole_with_a_field_error(
    market: MarketStack,
) -> None:
    user = await market.registry.new_user()
    owned = await universe(user)
    async with market.client(user) as client:
        refused = await import_csv(
            client, content="when,price\n2026-01-05,1\n", listing=owned.tickers[0], currency="GBX"
        )

    assert refused["__typename"] == "ValidationError", refused
    assert refused["fieldErrors"], refused


async def test_refreshing_twice_from_the_provider_inserts_once(market: MarketStack) -> None:
    user = await market.registry.new_user()
    owned = await universe(user)
    write_provider_file(market.csv_dir, owned.tickers[0], ["2500", "2505", "2510"])
    listing_ids = owned.listing_ids
    async with market.client(user) as client:
        first = await client.data(REFRESH, {"input": {"listingIds": listing_ids}})
        second = await client.data(REFRESH, {"input": {"listingIds": listing_ids}})
        points = await series(client, listing_ids[0])

    run, rerun = first["refreshPrices"], second["refreshPrices"]
    assert run["__typename"] == "TaskRun", run
    assert (run["task"], run["trigger"], run["status"]) == ("prices_eod", "manual", "SUCCEEDED")
    assert (run["inserted"], rerun["inserted"], rerun["unchanged"]) == (3, 0, 3)
    assert [p["source"] for p in points] == ["csv", "csv", "csv"]


async def test_a_scale_flip_opens_an_alert_that_freezes_until_a_person_unfreezes(
    market: MarketStack,
) -> None:
    user = await market.registry.new_user()
    owned = await universe(user)
    listing_id = owned.listing_ids[0]
    closes = ["2500", "2510", "2490", "2505", "2500", "25.10"]
    content = price_csv(list(zip(recent_sessions(len(closes)), closes, strict=True)))
    async with market.client(user) as client:
        await import_csv(
            client, content=content, listing=owned.tickers[0], currency="GBX", confirm=True
        )
        active = (await client.data(ALERTS, {"listings": [listing_id]}))["alerts"]["items"]
        [alert] = [a for a in active if a["rule"] == "scale_mismatch"]
        frozen = (await client.data(PORTFOLIO, {"id": owned.portfolio_id}))["portfolio"]
        acked = (await client.data(ACK, {"id": alert["id"]}))["acknowledgeAlert"]
        acked_again = (await client.data(ACK, {"id": alert["id"]}))["acknowledgeAlert"]
        no_note = (await client.data(RESOLVE, {"id": alert["id"], "note": " "}))["resolveAlert"]
        resolved = (await client.data(RESOLVE, {"id": alert["id"], "note": "vendor fixed"}))[
            "resolveAlert"
        ]
        still = (await client.data(PORTFOLIO, {"id": owned.portfolio_id}))["portfolio"]
        unfreeze = {"portfolioId": owned.portfolio_id, "reason": ""}
        refused = (await client.data(UNFREEZE, {"input": unfreeze}))["unfreezePortfolio"]
        unfreeze["reason"] = "checked the prices by hand"
        lifted = (await client.data(UNFREEZE, {"input": unfreeze}))["unfreezePortfolio"]

    assert (alert["severity"], alert["status"], alert["freeze"]) == ("CRITICAL", "OPEN", True)
    assert owned.portfolio_id in alert["frozenPortfolioIds"]
    assert frozen["frozen"] is True
    assert {"source": "dq_alert", "reference": alert["id"]} in frozen["freezeReasons"]
    assert acked == {"__typename": "Alert", "status": "ACKNOWLEDGED"}
    assert acked_again["reason"] == "ALERT_TRANSITION_NOT_ALLOWED"
    assert no_note["__typename"] == "ValidationError"
    assert resolved == {
        "__typename": "Alert",
        "status": "RESOLVED",
        "resolutionNote": "vendor fixed",
    }
    # The scale rule does not unfreeze on its own: a person does, with a reason.
    assert still["frozen"] is True
    assert refused["__typename"] == "ValidationError"
    assert lifted == {"__typename": "Portfolio", "frozen": False}
