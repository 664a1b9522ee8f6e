"""The engine's real stack (registry, marketdata, ledger, engine; tests/engine/stack.py) with the
edge in front, and a 60/40 portfolio with prices, holdings and cash but no policy yet."""

from __future__ import annotations

from collections.abc import AsyncIterator
from contextlib import asynccontextmanager
from dataclasses import dataclass

from edge.app import create_app
from taplatform.config import EdgeSettings
from tests.edge.conftest import graphql_client
from tests.edge.graphql_client import GraphQLClient
from tests.edge.market_stack import BearerClient
from tests.engine.stack import Stack, priced_portfolio
from tests.registry.harness import Caller


@asynccontextmanager
async def edge_for(stack: Stack, user: Caller) -> AsyncIterator[GraphQLClient]:
    """A GraphQL client to a real edge on ``stack``, acting for ``user`` with a bearer token."""
    settings = EdgeSettings(
        registry_addr=stack.addresses["registry"],
        marketdata_addr=stack.addresses["marketdata"],
        ledger_addr=stack.addresses["ledger"],
        engine_addr=stack.addresses["engine"],
        web_dist_dir=None,
    )
    async with graphql_client(create_app(settings)) as client:
        client.http.headers["authorization"] = f"Bearer {user.token}"
        yield BearerClient(client.http)


@dataclass
class Owned:
    user: Caller
    portfolio_id: str
    equity_listing_id: str  # GBX, monitored, priced by the local Stooq
    bond_listing_id: str  # GBP, priced by a CSV import


async def owned_portfolio(stack: Stack) -> Owned:
    """A GBP portfolio: equities 36.5 % (5,000 VOD at ~73 GBX), bonds 30 %, 3,400 cash.

    Targets are the policy's business; with the test policy (60/40, ±5 pp) equities
    are far under their band, so a run buys equities.
    """
    priced = await priced_portfolio(stack)
    return Owned(priced.user, priced.portfolio_id, priced.gbx.listing_id, priced.gilt.listing_id)
