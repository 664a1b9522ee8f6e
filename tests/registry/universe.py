"""Builders for portfolio-universe test data through the real API."""

from __future__ import annotations

import random
import uuid
from typing import Any

from tradingassistant.common.v1.types_pb2 import Decimal as Dec
from tradingassistant.registry.v1 import registry_pb2 as pb

from services.registry.domain.isin import isin_check_digit
from tests.registry.harness import Caller


def dec(value: str) -> Dec:
    return Dec(value=value)


def fresh_isin(country: str = "GB") -> str:
    """A valid ISIN no other test uses (random body, computed check digit)."""
    body = country + "".join(random.choice("0123456789ABCDEFGHJK") for _ in range(9))
    return body + str(isin_check_digit(body))


def fresh_ticker() -> str:
    return "T" + uuid.uuid4().hex[:7].upper()


async def instrument(user: Caller, **fields: Any) -> pb.Instrument:
    values = {"isin": fresh_isin(), "name": "Test plc", "asset_class": pb.ASSET_CLASS_EQUITY}
    reply = await user("CreateInstrument", pb.CreateInstrumentRequest(**(values | fields)))
    return reply.instrument


async def listing(user: Caller, instrument_id: str | None = None, **fields: Any) -> pb.Listing:
    if instrument_id is None:
        instrument_id = (await instrument(user)).instrument_id
    values = {
        "instrument_id": instrument_id,
        "venue_mic": "XLON",
        "ticker": fresh_ticker(),
        "quote_currency": "GBX",
        "tick_size": dec("0.5"),
        "calendar": "XLON",
    }
    reply = await user("CreateListing", pb.CreateListingRequest(**(values | fields)))
    return reply.listing


async def portfolio(user: Caller, name: str = "ISA", **fields: Any) -> pb.Portfolio:
    reply = await user("CreatePortfolio", pb.CreatePortfolioRequest(name=name, **fields))
    return reply.portfolio


async def sleeve(
    user: Caller, portfolio_id: str, name: str, target: str, **fields: Any
) -> pb.Sleeve:
    request = pb.CreateSleeveRequest(
        portfolio_id=portfolio_id, name=name, target_weight_pct=dec(target), **fields
    )
    return (await user("CreateSleeve", request)).sleeve


async def universe(user: Caller) -> dict[str, Any]:
    """A portfolio with two sleeves (60/40) and two listings, one in each."""
    owned = await portfolio(user)
    equity = await sleeve(user, owned.portfolio_id, "Equity", "60")
    bonds = await sleeve(user, owned.portfolio_id, "Bonds", "40")
    first, second = (
        await listing(user),
        await listing(user, quote_currency="GBP", tick_size=dec("0.01")),
    )
    for item, home in ((first, equity), (second, bonds)):
        await user(
            "AddConstituent",
            pb.AddConstituentRequest(
                portfolio_id=owned.portfolio_id,
                listing_id=item.listing_id,
                sleeve_id=home.sleeve_id,
                monitored=True,
            ),
        )
    return {"portfolio": owned, "sleeves": [equity, bonds], "listings": [first, second]}
