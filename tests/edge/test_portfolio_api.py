"""Portfolios, sleeves and constituents through GraphQL: typed errors, tenancy, batching."""

from __future__ import annotations

from collections.abc import AsyncIterator
from contextlib import asynccontextmanager
from typing import Any

from edge.app import create_app
from tests.edge.conftest import HealthServers, LiveRegistry, graphql_client
from tests.edge.graphql_client import GraphQLClient

ADMIN = ("admin@example.test", "correct horse battery staple")
OWNER = ("owner@example.test", "another long passphrase")
OTHER = ("other@example.test", "a third long passphrase")

CREATE_PORTFOLIO = """mutation($name: String!) {
  createPortfolio(input: {name: $name}) {
    __typename
    ... on Portfolio { id version }
    ... on ValidationError { message fieldErrors { field message } }
  }
}"""
CREATE_INSTRUMENT = """mutation {
  createInstrument(input: {isin: "GB00B03MLX29", name: "Shell", assetClass: EQUITY}) {
    __typename ... on Instrument { id } ... on Error { message }
  }
}"""
CREATE_LISTING = """mutation($instrument: ID!, $ticker: String!) {
  createListing(input: {instrumentId: $instrument, venueMic: "XLON", ticker: $ticker,
                        quoteCurrency: "GBX", priceScale: "0.01", tickSize: "0.01",
                        calendar: "XLON"}) {
    __typename ... on Listing { id } ... on Error { message }
  }
}"""
CREATE_SLEEVE = """mutation($portfolio: ID!, $name: String!, $target: Decimal!) {
  createSleeve(input: {portfolioId: $portfolio, name: $name, targetWeightPct: $target}) {
    __typename
    ... on Sleeve { id targetWeightPct }
    ... on ValidationError { fieldErrors { field message } }
  }
}"""
ADD_CONSTITUENT = """mutation($portfolio: ID!, $listing: ID!, $sleeve: ID) {
  addConstituent(input: {portfolioId: $portfolio, listingId: $listing, sleeveId: $sleeve}) {
    __typename
    ... on ValidationError { fieldErrors { field message } }
  }
}"""


@asynccontextmanager
async def signed_in(
    servers: HealthServers, registry: LiveRegistry, who: tuple[str, str]
) -> AsyncIterator[GraphQLClient]:
    app = create_app(servers.settings(registry_addr=registry.addr))
    async with graphql_client(app) as client:
        await client.sign_in(*who)
        yield client


async def users(servers: HealthServers, registry: LiveRegistry) -> None:
    """The first admin, who creates two plain users: the owner and the other one."""
    app = create_app(servers.settings(registry_addr=registry.addr))
    async with graphql_client(app) as admin:
        await admin.first_admin(*ADMIN)
        await admin.create_user(*OWNER)
        await admin.create_user(*OTHER)


async def make_portfolio(client: GraphQLClient, name: str, listings: list[str]) -> str:
    """A portfolio with two sleeves (60/40) and the listings split between them."""
    portfolio = str((await client.data(CREATE_PORTFOLIO, {"name": name}))["createPortfolio"]["id"])
    sleeves = []
    for sleeve_name, target in (("Equity", "60"), ("Bonds", "40")):
        made = await client.data(
            CREATE_SLEEVE, {"portfolio": portfolio, "name": sleeve_name, "target": target}
        )
        sleeves.append(made["createSleeve"]["id"])
    for index, listing in enumerate(listings):
        added = await client.data(
            ADD_CONSTITUENT,
            {"portfolio": portfolio, "listing": listing, "sleeve": sleeves[index % 2]},
        )
        assert added["addConstituent"]["__typename"] == "Constituent", added
    return portfolio


async def make_listings(client: GraphQLClient, tickers: list[str]) -> list[str]:
    instrument = (await client.data(CREATE_INSTRUMENT))["createInstrument"]["id"]
    listings = []
    for ticker in tickers:
        made = await client.data(CREATE_LISTING, {"instrument": instrument, "ticker": ticker})
        listings.append(made["createListing"]["id"])
    return listings


async def test_a_portfolio_with_sleeves_and_constituents_reads_back_with_its_targets(
    health_servers: HealthServers, registry: LiveRegistry
) -> None:
    await users(health_servers, registry)
    async with signed_in(health_servers, registry, OWNER) as client:
        listings = await make_listings(client, ["SHEL", "VOD"])
        portfolio = await make_portfolio(client, "Core", listings)
        detail = await client.data(
            """query($id: ID!) { portfolio(id: $id) { ... on Portfolio {
                 name baseCurrency
                 sleeves { name targetWeightPct constituents { listing { ticker priceScale } } }
                 targets { ... on TargetCheck { sumsTo100 targetSumPct } }
            } } }""",
            {"id": portfolio},
        )

    assert detail["portfolio"] == {
        "name": "Core",
        "baseCurrency": "GBP",
        "sleeves": [
            {
                "name": "Equity",
                "targetWeightPct": "60",
                "constituents": [{"listing": {"ticker": "SHEL", "priceScale": "0.01"}}],
            },
            {
                "name": "Bonds",
                "targetWeightPct": "40",
                "constituents": [{"listing": {"ticker": "VOD", "priceScale": "0.01"}}],
            },
        ],
        "targets": {"sumsTo100": True, "targetSumPct": "100"},
    }


STORED = """{ portfolios { ... on PortfolioPage { items {
  name version sleeves { name } constituents { listingId }
} } } }"""


def fields(result: dict[str, Any]) -> list[str]:
    assert result["__typename"] == "ValidationError", result
    return [error["field"] for error in result["fieldErrors"]]


async def test_bad_input_comes_back_as_validation_errors_naming_each_field(
    health_servers: HealthServers, registry: LiveRegistry
) -> None:
    await users(health_servers, registry)
    async with signed_in(health_servers, registry, OWNER) as client:
        empty = await client.data(CREATE_PORTFOLIO, {"name": "  "})
        huge = await client.data(CREATE_PORTFOLIO, {"name": "x" * 10_000})
        [listing] = await make_listings(client, ["SHEL"])
        portfolio = await make_portfolio(client, "Core", [listing])
        too_big = await client.data(
            CREATE_SLEEVE, {"portfolio": portfolio, "name": "All", "target": "100.5"}
        )
        negative = await client.data(
            CREATE_SLEEVE, {"portfolio": portfolio, "name": "Short", "target": "-1"}
        )
        duplicate = await client.data(ADD_CONSTITUENT, {"portfolio": portfolio, "listing": listing})
        stored = await client.data(STORED)

    assert fields(empty["createPortfolio"]) == ["name"]
    assert fields(huge["createPortfolio"]) == ["name"]
    assert fields(too_big["createSleeve"]) == ["target_weight_pct"]
    assert fields(negative["createSleeve"]) == ["target_weight_pct"]
    assert duplicate["addConstituent"]["__typename"] in ("ValidationError", "AlreadyExists")
    assert stored["portfolios"]["items"] == [
        {
            "name": "Core",
            "version": 1,
            "sleeves": [{"name": "Equity"}, {"name": "Bonds"}],
            "constituents": [{"listingId": listing}],
        }
    ]


async def test_a_stale_version_is_refused_and_the_first_update_stands(
    health_servers: HealthServers, registry: LiveRegistry
) -> None:
    await users(health_servers, registry)
    update = """mutation($id: ID!, $v: Int!, $name: String!) {
      updatePortfolio(input: {id: $id, version: $v, name: $name, baseCurrency: "GBP"}) {
        __typename ... on Portfolio { version } ... on StaleVersion { currentVersion message }
      }
    }"""
    async with signed_in(health_servers, registry, OWNER) as client:
        portfolio = await make_portfolio(client, "Core", [])
        first = await client.data(update, {"id": portfolio, "v": 1, "name": "Renamed"})
        stale = await client.data(update, {"id": portfolio, "v": 1, "name": "Lost update"})
        stored = await client.data(STORED)

    assert first["updatePortfolio"] == {"__typename": "Portfolio", "version": 2}
    assert stale["updatePortfolio"]["__typename"] == "StaleVersion"
    assert [(p["name"], p["version"]) for p in stored["portfolios"]["items"]] == [("Renamed", 2)]


# Every GraphQL field that takes a portfolio, with the owner's real ids filled in.
PORTFOLIO_FIELDS: dict[str, str] = {
    "portfolio": "query($p: ID!) { r: portfolio(id: $p) { __typename } }",
    "checkTargets": "query($p: ID!) { r: checkTargets(portfolioId: $p) { __typename } }",
    "auditEvents": "query($p: ID!) { r: auditEvents(portfolioId: $p) { __typename } }",
    "updatePortfolio": "mutation($p: ID!) { r: updatePortfolio(input: {id: $p, version: 1, "
    'name: "Mine now", baseCurrency: "GBP"}) { __typename } }',
    "archivePortfolio": "mutation($p: ID!) { r: archivePortfolio(id: $p, version: 1) "
    "{ __typename } }",
    "createSleeve": 'mutation($p: ID!) { r: createSleeve(input: {portfolioId: $p, name: "x", '
    'targetWeightPct: "1"}) { __typename } }',
    "updateSleeve": "mutation($p: ID!, $s: ID!) { r: updateSleeve(input: {portfolioId: $p, "
    'id: $s, version: 1, name: "x", targetWeightPct: "1"}) { __typename } }',
    "archiveSleeve": "mutation($p: ID!, $s: ID!) { r: archiveSleeve(portfolioId: $p, id: $s, "
    "version: 1) { __typename } }",
    "addConstituent": "mutation($p: ID!, $l: ID!) { r: addConstituent(input: {portfolioId: $p, "
    "listingId: $l}) { __typename } }",
    "updateConstituent": "mutation($p: ID!, $l: ID!) { r: updateConstituent(input: "
    "{portfolioId: $p, listingId: $l, version: 1, monitored: false}) { __typename } }",
    "removeConstituent": "mutation($p: ID!, $l: ID!) { r: removeConstituent(portfolioId: $p, "
    "listingId: $l, version: 1) { __typename } }",
}


async def test_another_user_gets_permission_denied_on_every_field_that_takes_a_portfolio(
    health_servers: HealthServers, registry: LiveRegistry
) -> None:
    await users(health_servers, registry)
    async with signed_in(health_servers, registry, OWNER) as owner:
        listings = await make_listings(owner, ["SHEL", "VOD"])
        portfolio = await make_portfolio(owner, "Private", listings[:1])
        detail = await owner.data(
            "query($p: ID!) { portfolio(id: $p) { ... on Portfolio { sleeves { id } } } }",
            {"p": portfolio},
        )
        before = await owner.data(STORED)
    ids = {"p": portfolio, "s": detail["portfolio"]["sleeves"][0]["id"], "l": listings[0]}
    async with signed_in(health_servers, registry, OTHER) as other:
        results: dict[str, Any] = {}
        for name, query in PORTFOLIO_FIELDS.items():
            wanted = {k: v for k, v in ids.items() if f"${k}" in query}
            results[name] = (await other.data(query, wanted))["r"]["__typename"]
        listed = await other.data("{ portfolios { ... on PortfolioPage { items { id } } } }")
    async with signed_in(health_servers, registry, OWNER) as owner:
        after = await owner.data(STORED)

    assert results == dict.fromkeys(PORTFOLIO_FIELDS, "PermissionDenied")
    assert listed == {"portfolios": {"items": []}}
    assert after == before


async def test_fifty_portfolios_with_sleeves_and_constituents_cost_one_call_per_kind(
    health_servers: HealthServers, registry: LiveRegistry
) -> None:
    await users(health_servers, registry)
    query = """{ portfolios(first: 50) { ... on PortfolioPage { items {
        name
        sleeves { name constituents { listing { ticker instrument { name } } } }
        constituents { monitored listing { ticker } }
    } } } }"""
    async with signed_in(health_servers, registry, OWNER) as client:
        listings = await make_listings(client, ["SHEL", "VOD"])
        for index in range(50):
            await make_portfolio(client, f"Portfolio {index}", listings)
        registry.calls.clear()
        data = await client.data(query)

    items = data["portfolios"]["items"]
    assert len(items) == 50
    assert all(len(p["sleeves"]) == 2 and len(p["constituents"]) == 2 for p in items)
    assert dict(registry.calls) == {
        "ListPortfolios": 1,
        "ListSleeves": 1,
        "ListConstituents": 1,
        "ListListings": 1,
        "ListInstruments": 1,
    }
