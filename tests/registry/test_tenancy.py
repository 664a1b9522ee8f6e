"""Tenancy: every portfolio-scoped registry RPC refuses a second user, and says so in the audit."""

from __future__ import annotations

from typing import Any

import grpc
import pytest
from tradingassistant.registry.v1 import registry_pb2 as pb

from tests.registry.harness import Caller, Registry
from tests.registry.test_identity import refused
from tests.registry.universe import dec, universe

SERVICE = pb.DESCRIPTOR.services_by_name["RegistryService"]


def portfolio_scoped_requests(built: dict[str, Any]) -> dict[str, Any]:
    """One request per RPC that names a portfolio, aimed at the owner's objects."""
    pid = built["portfolio"].portfolio_id
    sleeve_id = built["sleeves"][0].sleeve_id
    listing_id = built["listings"][0].listing_id
    return {
        "AuthorizePortfolio": pb.AuthorizePortfolioRequest(portfolio_id=pid),
        "GetPortfolio": pb.GetPortfolioRequest(portfolio_id=pid),
        "ListPortfolios": pb.ListPortfoliosRequest(portfolio_ids=[pid]),
        "UpdatePortfolio": pb.UpdatePortfolioRequest(portfolio_id=pid, version=1, name="Mine"),
        "ArchivePortfolio": pb.ArchivePortfolioRequest(portfolio_id=pid, version=1),
        "FreezePortfolio": pb.FreezePortfolioRequest(
            portfolio_id=pid, reason=pb.FreezeReason(source="manual", reference="x")
        ),
        "UnfreezePortfolio": pb.UnfreezePortfolioRequest(portfolio_id=pid, reason="x"),
        "CreateSleeve": pb.CreateSleeveRequest(
            portfolio_id=pid, name="Mine", target_weight_pct=dec("1")
        ),
        "ListSleeves": pb.ListSleevesRequest(portfolio_ids=[pid]),
        "UpdateSleeve": pb.UpdateSleeveRequest(
            portfolio_id=pid, sleeve_id=sleeve_id, version=1, name="X", target_weight_pct=dec("1")
        ),
        "ArchiveSleeve": pb.ArchiveSleeveRequest(portfolio_id=pid, sleeve_id=sleeve_id, version=1),
        "AddConstituent": pb.AddConstituentRequest(portfolio_id=pid, listing_id=listing_id),
        "ListConstituents": pb.ListConstituentsRequest(portfolio_ids=[pid]),
        "UpdateConstituent": pb.UpdateConstituentRequest(
            portfolio_id=pid, listing_id=listing_id, version=1
        ),
        "RemoveConstituent": pb.RemoveConstituentRequest(
            portfolio_id=pid, listing_id=listing_id, version=1
        ),
        "CheckTargets": pb.CheckTargetsRequest(portfolio_id=pid),
        "ListAuditEvents": pb.ListAuditEventsRequest(portfolio_id=pid),
    }


def test_the_sweep_covers_every_rpc_whose_request_names_a_portfolio() -> None:
    named = {
        method.name
        for method in SERVICE.methods
        if {"portfolio_id", "portfolio_ids"} & set(method.input_type.fields_by_name)
    }
    assert named == set(portfolio_scoped_requests(_fake_universe()))


def _fake_universe() -> dict[str, Any]:
    ident = "00000000-0000-0000-0000-000000000000"
    return {
        "portfolio": pb.Portfolio(portfolio_id=ident),
        "sleeves": [pb.Sleeve(sleeve_id=ident)],
        "listings": [pb.Listing(listing_id=ident)],
    }


@pytest.mark.parametrize("intruder", ["user", "admin"])
async def test_a_second_user_is_denied_every_portfolio_scoped_rpc(
    registry: Registry, alice: Caller, bob: Caller, intruder: str
) -> None:
    built = await universe(alice)
    other = bob if intruder == "user" else await registry.ensure_admin()
    tables = ["portfolios", "sleeves", "constituents"]
    before = await registry.snapshot(tables)
    for method, request in portfolio_scoped_requests(built).items():
        error = await refused(other(method, request))
        assert error.code() == grpc.StatusCode.PERMISSION_DENIED, method
        assert built["portfolio"].portfolio_id in error.details() or "denied" in error.details()
    assert await registry.snapshot(tables) == before
    denials = await registry.scalar(
        "SELECT count(*) FROM registry.outbox WHERE event_type = 'AccessDenied' "
        "AND payload->>'actor_user_id' = :actor AND payload->>'portfolio_id' = :pid",
        actor=other.user.user_id,
        pid=built["portfolio"].portfolio_id,
    )
    # One each: the tenancy gate records 16; AuthorizePortfolio, exempt from the gate,
    # records its own refusal.
    assert denials == len(portfolio_scoped_requests(built))


async def test_an_unknown_portfolio_is_not_found(alice: Caller) -> None:
    error = await refused(
        alice(
            "GetPortfolio",
            pb.GetPortfolioRequest(portfolio_id="00000000-0000-4000-8000-000000000000"),
        )
    )
    assert error.code() == grpc.StatusCode.NOT_FOUND


async def test_lists_without_ids_show_only_the_callers_own(alice: Caller, bob: Caller) -> None:
    built = await universe(alice)
    listed = await bob("ListPortfolios", pb.ListPortfoliosRequest())
    assert built["portfolio"].portfolio_id not in {p.portfolio_id for p in listed.portfolios}
    assert all(p.owner_user_id == bob.user.user_id for p in listed.portfolios)
