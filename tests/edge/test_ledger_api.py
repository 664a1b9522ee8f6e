"""The ledger through GraphQL against the real ledger and registry: posting, idempotency,
typed refusals with input field paths, reversals, filters, snapshots and verification."""

from __future__ import annotations

import uuid
from datetime import UTC, datetime, timedelta
from decimal import Decimal
from typing import Any

from tests.edge.graphql_client import GraphQLClient
from tests.edge.market_stack import MarketStack, universe

DAY = "2026-01-05"
SUBMIT = """mutation($input: SubmitLedgerBatchInput!) {
  submitLedgerBatch(input: $input) {
    __typename
    ... on PostedBatch { id status sequence entries { id kind amount { amount currency }
                          cashChange { amount } } }
    ... on Error { message }
    ... on ValidationError { fieldErrors { field message } }
    ... on AlreadyExists { reason }
    ... on FailedPrecondition { reason field }
  }
}"""
REVERSE = """mutation($input: ReverseLedgerEntryInput!) {
  reverseLedgerEntry(input: $input) {
    __typename
    ... on PostedBatch { status entries { kind reversesEntryId } }
    ... on FailedPrecondition { reason field message }
  }
}"""
BOOK = """query($id: ID!, $filter: LedgerEntryFilter, $first: Int!, $after: String) {
  ledger(portfolioId: $id) {
    __typename
    ... on Error { message }
    ... on LedgerBook {
      account { baseCurrency entryCount batchCount }
      holdings { listingId quantity averageCost { amount currency } costBasis { amount }
                 listing { ticker } latestPrice { price { amount } } }
      cash { balance { amount currency } }
      entries(first: $first, after: $after, filter: $filter) {
        __typename
        ... on LedgerEntryPage { nextPageToken
          items { id kind entryDate reversedByEntryId listing { ticker } } }
      }
    }
  }
}"""
VERIFY = """query($id: ID!) { ledger(portfolioId: $id) { ... on LedgerBook {
  verification { ... on LedgerVerification { consistent entriesReplayed differences { field } } }
} } }"""


def cash_entry(kind: str, amount: str, day: str = DAY) -> dict[str, Any]:
    return {"entryId": str(uuid.uuid4()), "kind": kind, "amount": amount, "entryDate": day}


def buy(listing_id: str, quantity: str, pence: str, day: str = DAY) -> dict[str, Any]:
    return {
        "entryId": str(uuid.uuid4()),
        "kind": "BUY",
        "listingId": listing_id,
        "quantity": quantity,
        "price": pence,
        "priceCurrency": "GBX",
        "fxRate": "0.01",
        "fees": "5",
        "entryDate": day,
    }


def batch(portfolio_id: str, *entries: dict[str, Any]) -> dict[str, Any]:
    return {"batchId": str(uuid.uuid4()), "portfolioId": portfolio_id, "entries": list(entries)}


async def submit(client: GraphQLClient, value: dict[str, Any]) -> Any:
    return (await client.data(SUBMIT, {"input": value}))["submitLedgerBatch"]


async def book(client: GraphQLClient, portfolio_id: str, **variables: Any) -> Any:
    values = {"id": portfolio_id, "first": 50} | variables
    return (await client.data(BOOK, values))["ledger"]


async def test_a_contribution_and_a_buy_show_in_holdings_cash_and_entries(
    market: MarketStack,
) -> None:
    user = await market.registry.new_user()
    owned = await universe(user)
    listing_id = owned.listing_ids[0]
    async with market.client(user) as client:
        first = await submit(client, batch(owned.portfolio_id, cash_entry("CONTRIBUTION", "1000")))
        second = await submit(client, batch(owned.portfolio_id, buy(listing_id, "10", "2500")))
        found = await book(client, owned.portfolio_id)
        verified = (await client.data(VERIFY, {"id": owned.portfolio_id}))["ledger"]

    assert first["__typename"] == "PostedBatch" and first["status"] == "CREATED", first
    assert second["entries"][0]["cashChange"] == {"amount": "-255.00"}
    assert found["account"] == {"baseCurrency": "GBP", "entryCount": 2, "batchCount": 2}
    assert found["cash"] == [{"balance": {"amount": "745.00", "currency": "GBP"}}]
    [holding] = found["holdings"]
    assert holding["quantity"] == "10"
    # (10 x 2500p x 0.01 + 5 fees) / 10
    assert holding["averageCost"]["currency"] == "GBP"
    assert Decimal(holding["averageCost"]["amount"]) == Decimal("25.5")
    assert Decimal(holding["costBasis"]["amount"]) == Decimal("255")
    assert holding["listing"] == {"ticker": owned.tickers[0]}
    assert holding["latestPrice"] is None
    kinds = [e["kind"] for e in found["entries"]["items"]]
    assert kinds == ["BUY", "CONTRIBUTION"]
    assert found["entries"]["items"][0]["listing"] == {"ticker": owned.tickers[0]}
    assert verified["verification"] == {"consistent": True, "entriesReplayed": 2, "differences": []}


async def test_resubmitting_a_batch_answers_exists_and_books_nothing_twice(
    market: MarketStack,
) -> None:
    user = await market.registry.new_user()
    owned = await universe(user)
    value = batch(owned.portfolio_id, cash_entry("CONTRIBUTION", "100"))
    async with market.client(user) as client:
        first = await submit(client, value)
        again = await submit(client, value)
        changed = dict(value, entries=[dict(value["entries"][0], amount="101")])
        conflicting = await submit(client, changed)
        found = await book(client, owned.portfolio_id)

    assert (first["status"], again["status"]) == ("CREATED", "EXISTS")
    assert again["id"] == first["id"]
    assert conflicting["__typename"] == "AlreadyExists"
    assert conflicting["reason"] == "EXISTS_WITH_DIFFERENT_AMOUNT"
    assert found["cash"] == [{"balance": {"amount": "100", "currency": "GBP"}}]


async def test_bad_entries_are_refused_with_the_paths_of_this_apis_input_fields(
    market: MarketStack,
) -> None:
    user = await market.registry.new_user()
    owned = await universe(user)
    tomorrow = (datetime.now(UTC).date() + timedelta(days=2)).isoformat()
    async with market.client(user) as client:
        invalid = await submit(
            client,
            batch(
                owned.portfolio_id,
                cash_entry("CONTRIBUTION", "-5"),
                dict(buy(owned.listing_ids[0], "1", "100"), priceCurrency=""),
            ),
        )
        future = await submit(
            client, batch(owned.portfolio_id, cash_entry("CONTRIBUTION", "5", day=tomorrow))
        )
        overdrawn = await submit(client, batch(owned.portfolio_id, cash_entry("WITHDRAWAL", "1")))
        found = await book(client, owned.portfolio_id)

    assert invalid["__typename"] == "ValidationError", invalid
    fields = {e["field"] for e in invalid["fieldErrors"]}
    assert {"entries[0].amount", "entries[1].priceCurrency"} <= fields
    assert future["__typename"] == "ValidationError", future
    assert [e["field"] for e in future["fieldErrors"]] == ["entries[0].entryDate"]
    assert overdrawn["__typename"] == "FailedPrecondition"
    assert (overdrawn["reason"], overdrawn["field"]) == ("INSUFFICIENT_CASH", "entries[0]")
    assert found["account"]["entryCount"] == 0 and found["cash"] == []


async def test_a_reversal_undoes_an_entry_once_and_a_second_one_is_refused_with_its_reason(
    market: MarketStack,
) -> None:
    user = await market.registry.new_user()
    owned = await universe(user)
    async with market.client(user) as client:
        posted = await submit(client, batch(owned.portfolio_id, cash_entry("CONTRIBUTION", "40")))
        entry_id = posted["entries"][0]["id"]

        def reversal() -> dict[str, Any]:
            return {
                "portfolioId": owned.portfolio_id,
                "entryId": entry_id,
                "batchId": str(uuid.uuid4()),
                "reversalEntryId": str(uuid.uuid4()),
                "entryDate": DAY,
            }

        undone = (await client.data(REVERSE, {"input": reversal()}))["reverseLedgerEntry"]
        twice = (await client.data(REVERSE, {"input": reversal()}))["reverseLedgerEntry"]
        found = await book(client, owned.portfolio_id)

    assert undone["entries"] == [{"kind": "REVERSAL", "reversesEntryId": entry_id}]
    assert twice["__typename"] == "FailedPrecondition"
    assert twice["reason"] == "ALREADY_REVERSED"
    assert twice["field"] == "entries[0].reversesEntryId"
    assert found["cash"] == [{"balance": {"amount": "0", "currency": "GBP"}}]
    original = next(e for e in found["entries"]["items"] if e["id"] == entry_id)
    assert original["reversedByEntryId"] is not None


async def test_entries_filter_by_kind_listing_and_dates_and_page_with_a_token(
    market: MarketStack,
) -> None:
    user = await market.registry.new_user()
    owned = await universe(user, listings=2)
    first, second = owned.listing_ids
    async with market.client(user) as client:
        await submit(
            client,
            batch(
                owned.portfolio_id,
                cash_entry("CONTRIBUTION", "5000", day="2026-01-02"),
                buy(first, "1", "100", day="2026-01-05"),
                buy(second, "1", "100", day="2026-01-06"),
                cash_entry("FEE", "1", day="2026-01-07"),
            ),
        )
        buys = await book(client, owned.portfolio_id, filter={"kinds": ["BUY"]})
        of_second = await book(client, owned.portfolio_id, filter={"listingId": second})
        dated = await book(
            client,
            owned.portfolio_id,
            filter={"dateFrom": "2026-01-03", "dateTo": "2026-01-06"},
        )
        page_one = await book(client, owned.portfolio_id, first=3)
        token = page_one["entries"]["nextPageToken"]
        page_two = await book(client, owned.portfolio_id, first=3, after=token)

    def days(found: Any) -> list[str]:
        return [e["entryDate"] for e in found["entries"]["items"]]

    assert days(buys) == ["2026-01-06", "2026-01-05"]
    assert days(of_second) == ["2026-01-06"]
    assert days(dated) == ["2026-01-06", "2026-01-05"]
    assert len(page_one["entries"]["items"]) == 3 and token
    assert days(page_two) == ["2026-01-02"]
    assert page_two["entries"]["nextPageToken"] is None


async def test_another_users_ledger_is_refused_as_a_typed_error(market: MarketStack) -> None:
    owner = await market.registry.new_user()
    other = await market.registry.new_user()
    owned = await universe(owner)
    async with market.client(other) as client:
        seen = await book(client, owned.portfolio_id)
        posted = await submit(client, batch(owned.portfolio_id, cash_entry("CONTRIBUTION", "1")))

    assert seen["__typename"] in {"PermissionDenied", "NotFound"}, seen
    assert posted["__typename"] in {"PermissionDenied", "NotFound"}, posted


async def test_the_latest_prices_of_all_holdings_cost_one_marketdata_call(
    market: MarketStack,
) -> None:
    user = await market.registry.new_user()
    owned = await universe(user, listings=3)
    entries = [buy(listing_id, "1", "100") for listing_id in owned.listing_ids]
    async with market.client(user) as client:
        await submit(client, batch(owned.portfolio_id, cash_entry("CONTRIBUTION", "100"), *entries))
        before = market.marketdata_calls.calls["GetLatestPrices"]
        found = await book(client, owned.portfolio_id)

    assert len(found["holdings"]) == 3
    assert market.marketdata_calls.calls["GetLatestPrices"] - before == 1
