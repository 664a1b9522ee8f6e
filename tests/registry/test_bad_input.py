"""Bad input is refused with a message naming the field, and nothing stored changes."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

import grpc
import pytest
from google.rpc import error_details_pb2
from grpc_status import rpc_status
from tradingassistant.registry.v1 import registry_pb2 as pb

from tests.registry.harness import Caller, Registry
from tests.registry.test_identity import refused
from tests.registry.universe import dec, fresh_isin, universe

TABLES = [
    "portfolios",
    "instruments",
    "listings",
    "sleeves",
    "constituents",
    "outbox",
    "idempotency_keys",
]


def violations(error: grpc.aio.AioRpcError) -> list[str]:
    """The field paths of the BadRequest detail of an INVALID_ARGUMENT status."""
    status = rpc_status.from_call(error)  # type: ignore[arg-type]
    assert status is not None
    fields = []
    for detail in status.details:
        if detail.Is(error_details_pb2.BadRequest.DESCRIPTOR):
            bad = error_details_pb2.BadRequest()
            detail.Unpack(bad)
            fields += [v.field for v in bad.field_violations]
    return fields


Case = Callable[[dict[str, Any]], tuple[str, Any]]


def _name(value: str) -> Case:
    return lambda built: ("CreatePortfolio", pb.CreatePortfolioRequest(name=value))


CASES: dict[str, tuple[Case, grpc.StatusCode, str]] = {
    "empty portfolio name": (_name("   "), grpc.StatusCode.INVALID_ARGUMENT, "name"),
    "huge portfolio name": (_name("x" * 101), grpc.StatusCode.INVALID_ARGUMENT, "name"),
    "unknown base currency": (
        lambda b: ("CreatePortfolio", pb.CreatePortfolioRequest(name="A", base_currency="USD")),
        grpc.StatusCode.INVALID_ARGUMENT,
        "base_currency",
    ),
    "empty instrument name": (
        lambda b: (
            "CreateInstrument",
            pb.CreateInstrumentRequest(
                isin=fresh_isin(), name="", asset_class=pb.ASSET_CLASS_EQUITY
            ),
        ),
        grpc.StatusCode.INVALID_ARGUMENT,
        "name",
    ),
    "invalid ISIN check digit": (
        lambda b: (
            "CreateInstrument",
            pb.CreateInstrumentRequest(
                isin="GB0002634947", name="BAE", asset_class=pb.ASSET_CLASS_EQUITY
            ),
        ),
        grpc.StatusCode.INVALID_ARGUMENT,
        "isin",
    ),
    "unknown quote currency": (
        lambda b: (
            "CreateListing",
            pb.CreateListingRequest(
                instrument_id=b["instrument_id"],
                venue_mic="XLON",
                ticker="ZZZ",
                quote_currency="QQQ",
                tick_size=dec("1"),
            ),
        ),
        grpc.StatusCode.INVALID_ARGUMENT,
        "quote_currency",
    ),
    "GBX with a price scale of 1": (
        lambda b: (
            "CreateListing",
            pb.CreateListingRequest(
                instrument_id=b["instrument_id"],
                venue_mic="XLON",
                ticker="ZZZ",
                quote_currency="GBX",
                price_scale=dec("1"),
                tick_size=dec("1"),
            ),
        ),
        grpc.StatusCode.INVALID_ARGUMENT,
        "price_scale",
    ),
    "zero lot size": (
        lambda b: (
            "CreateListing",
            pb.CreateListingRequest(
                instrument_id=b["instrument_id"],
                venue_mic="XLON",
                ticker="ZZZ",
                quote_currency="GBP",
                lot_size=dec("0"),
                tick_size=dec("1"),
            ),
        ),
        grpc.StatusCode.INVALID_ARGUMENT,
        "lot_size",
    ),
    "duplicate listing": (
        lambda b: (
            "CreateListing",
            pb.CreateListingRequest(
                instrument_id=b["instrument_id"],
                venue_mic="XLON",
                ticker=b["ticker"],
                quote_currency="GBX",
                tick_size=dec("0.5"),
            ),
        ),
        grpc.StatusCode.ALREADY_EXISTS,
        "ticker",
    ),
    "negative target": (
        lambda b: (
            "CreateSleeve",
            pb.CreateSleeveRequest(
                portfolio_id=b["portfolio_id"], name="Cash", target_weight_pct=dec("-5")
            ),
        ),
        grpc.StatusCode.INVALID_ARGUMENT,
        "target_weight_pct",
    ),
    "target over 100%": (
        lambda b: (
            "UpdateSleeve",
            pb.UpdateSleeveRequest(
                portfolio_id=b["portfolio_id"],
                sleeve_id=b["sleeve_id"],
                version=1,
                name="Equity",
                target_weight_pct=dec("100.5"),
            ),
        ),
        grpc.StatusCode.INVALID_ARGUMENT,
        "target_weight_pct",
    ),
    "target that is not a number": (
        lambda b: (
            "CreateSleeve",
            pb.CreateSleeveRequest(
                portfolio_id=b["portfolio_id"], name="Cash", target_weight_pct=dec("ten")
            ),
        ),
        grpc.StatusCode.INVALID_ARGUMENT,
        "target_weight_pct",
    ),
    "stale version": (
        lambda b: (
            "UpdatePortfolio",
            pb.UpdatePortfolioRequest(portfolio_id=b["portfolio_id"], version=7, name="New"),
        ),
        grpc.StatusCode.ABORTED,
        "version",
    ),
    "malformed id": (
        lambda b: (
            "AddConstituent",
            pb.AddConstituentRequest(portfolio_id=b["portfolio_id"], listing_id="AAPL"),
        ),
        grpc.StatusCode.INVALID_ARGUMENT,
        "listing_id",
    ),
    "same request id, different body": (
        lambda b: (
            "CreatePortfolio",
            pb.CreatePortfolioRequest(request_id=b["request_id"], name="B"),
        ),
        grpc.StatusCode.ALREADY_EXISTS,
        "name",
    ),
}


@pytest.fixture
async def built(alice: Caller) -> dict[str, Any]:
    made = await universe(alice)
    await alice("CreatePortfolio", pb.CreatePortfolioRequest(request_id="bad-input-1", name="A"))
    listing = made["listings"][0]
    return {
        "portfolio_id": made["portfolio"].portfolio_id,
        "sleeve_id": made["sleeves"][0].sleeve_id,
        "instrument_id": listing.instrument_id,
        "ticker": listing.ticker,
        "request_id": "bad-input-1",
    }


@pytest.mark.parametrize("case", list(CASES))
async def test_bad_input_is_refused_naming_the_field_and_changes_nothing(
    registry: Registry, alice: Caller, built: dict[str, Any], case: str
) -> None:
    make, code, field = CASES[case]
    method, request = make(built)
    before = await registry.snapshot(TABLES)
    error = await refused(alice(method, request))
    assert error.code() == code, error.details()
    assert field in error.details()
    if code == grpc.StatusCode.INVALID_ARGUMENT:
        assert violations(error) == [field]
    assert await registry.snapshot(TABLES) == before
