"""Portfolios, instruments, listings, sleeves and constituents through a real registry."""

from __future__ import annotations

import asyncio
from decimal import Decimal

import grpc
from tradingassistant.common.v1.types_pb2 import PageRequest
from tradingassistant.registry.v1 import registry_pb2 as pb

from tests.registry.harness import Caller, Registry
from tests.registry.test_identity import refused
from tests.registry.universe import dec, instrument, listing, portfolio, sleeve, universe


async def test_a_portfolio_is_created_read_updated_and_archived_with_versions(
    alice: Caller,
) -> None:
    created = await portfolio(alice, name="  Core ISA  ")
    assert (created.name, created.base_currency, created.version) == ("Core ISA", "GBP", 1)
    assert created.owner_user_id == alice.user.user_id
    updated = (
        await alice(
            "UpdatePortfolio",
            pb.UpdatePortfolioRequest(
                portfolio_id=created.portfolio_id, version=1, name="SIPP", base_currency="VND"
            ),
        )
    ).portfolio
    assert (updated.name, updated.base_currency, updated.version) == ("SIPP", "VND", 2)
    read = await alice("GetPortfolio", pb.GetPortfolioRequest(portfolio_id=created.portfolio_id))
    assert read.portfolio == updated
    archived = await alice(
        "ArchivePortfolio", pb.ArchivePortfolioRequest(portfolio_id=created.portfolio_id, version=2)
    )
    assert archived.portfolio.archived and archived.portfolio.version == 3
    listed = await alice("ListPortfolios", pb.ListPortfoliosRequest())
    assert created.portfolio_id not in {p.portfolio_id for p in listed.portfolios}
    with_archived = await alice("ListPortfolios", pb.ListPortfoliosRequest(include_archived=True))
    assert created.portfolio_id in {p.portfolio_id for p in with_archived.portfolios}


async def test_a_stale_version_is_aborted_naming_the_current_one(alice: Caller) -> None:
    created = await portfolio(alice)
    update = pb.UpdatePortfolioRequest(portfolio_id=created.portfolio_id, version=1, name="A")
    await alice("UpdatePortfolio", update)
    error = await refused(alice("UpdatePortfolio", update))
    assert error.code() == grpc.StatusCode.ABORTED
    assert "version 2" in error.details()


async def test_concurrent_updates_of_one_version_let_exactly_one_win(alice: Caller) -> None:
    created = await portfolio(alice)
    attempts = [
        alice(
            "UpdatePortfolio",
            pb.UpdatePortfolioRequest(portfolio_id=created.portfolio_id, version=1, name=f"N{i}"),
        )
        for i in range(5)
    ]
    results = await asyncio.gather(*attempts, return_exceptions=True)
    assert sum(isinstance(r, pb.UpdatePortfolioResponse) for r in results) == 1
    assert {r.code() for r in results if isinstance(r, grpc.aio.AioRpcError)} == {
        grpc.StatusCode.ABORTED
    }


async def test_create_with_a_request_id_replays_and_refuses_a_different_body(
    registry: Registry, alice: Caller, bob: Caller
) -> None:
    first = await portfolio(alice, name="ISA", request_id="req-1")
    again = await portfolio(alice, name="ISA", request_id="req-1")
    assert again == first
    error = await refused(portfolio(alice, name="GIA", request_id="req-1"))
    assert error.code() == grpc.StatusCode.ALREADY_EXISTS
    assert "name" in error.details()
    # Request ids are per user: Bob's "req-1" is his own portfolio.
    bobs = await portfolio(bob, name="ISA", request_id="req-1")
    assert bobs.portfolio_id != first.portfolio_id and bobs.owner_user_id == bob.user.user_id
    count = await registry.scalar(
        "SELECT count(*) FROM registry.portfolios WHERE owner_user_id = :id", id=alice.user.user_id
    )
    assert count == 1


async def test_list_portfolios_pages_and_fetches_by_ids(alice: Caller) -> None:
    made = [await portfolio(alice, name=f"P{i}") for i in range(5)]
    seen, token = [], ""
    while True:
        page = await alice(
            "ListPortfolios",
            pb.ListPortfoliosRequest(page=PageRequest(page_size=2, page_token=token)),
        )
        seen += [p.portfolio_id for p in page.portfolios]
        token = page.page_info.next_page_token
        if not token:
            break
    assert seen == [p.portfolio_id for p in made]
    some = await alice(
        "ListPortfolios",
        pb.ListPortfoliosRequest(portfolio_ids=[made[3].portfolio_id, made[1].portfolio_id]),
    )
    assert {p.portfolio_id for p in some.portfolios} == {made[1].portfolio_id, made[3].portfolio_id}


async def test_instruments_and_listings_carry_units_and_scales(alice: Caller) -> None:
    item = await instrument(alice, isin="GB0002634946", name="BAE Systems")
    assert item.isin == "GB0002634946" and item.version == 1
    pence = await listing(alice, item.instrument_id, ticker="ba.")
    assert (pence.ticker, pence.quote_currency, pence.price_scale.value) == ("BA.", "GBX", "0.01")
    assert (pence.lot_size.value, pence.tick_size.value, pence.calendar) == ("1", "0.5", "XLON")
    updated = await alice(
        "UpdateListing",
        pb.UpdateListingRequest(
            listing_id=pence.listing_id,
            version=1,
            ticker="BA.",
            lot_size=dec("10"),
            tick_size=dec("0.2"),
            calendar="XLON",
        ),
    )
    assert updated.listing.lot_size.value == "10" and updated.listing.version == 2
    by_instrument = await alice(
        "ListListings", pb.ListListingsRequest(instrument_id=item.instrument_id)
    )
    assert [x.listing_id for x in by_instrument.listings] == [pence.listing_id]
    error = await refused(
        alice(
            "ArchiveInstrument",
            pb.ArchiveInstrumentRequest(instrument_id=item.instrument_id, version=1),
        )
    )
    assert error.code() == grpc.StatusCode.FAILED_PRECONDITION


async def test_only_the_creator_or_an_admin_changes_shared_reference_data(
    registry: Registry, alice: Caller, bob: Caller
) -> None:
    item = await instrument(alice)
    update = pb.UpdateInstrumentRequest(
        instrument_id=item.instrument_id, version=1, name="Renamed", asset_class=pb.ASSET_CLASS_ETF
    )
    assert (
        await refused(bob("UpdateInstrument", update))
    ).code() == grpc.StatusCode.PERMISSION_DENIED
    # Bob can still read it and build on it.
    assert (
        await bob("GetInstrument", pb.GetInstrumentRequest(instrument_id=item.instrument_id))
    ).instrument == item
    admin = await registry.ensure_admin()
    assert (await admin("UpdateInstrument", update)).instrument.name == "Renamed"


async def test_sleeves_and_constituents_make_a_universe_whose_targets_sum_to_100(
    alice: Caller,
) -> None:
    built = await universe(alice)
    pid = built["portfolio"].portfolio_id
    check = await alice("CheckTargets", pb.CheckTargetsRequest(portfolio_id=pid))
    assert check.sums_to_100 and Decimal(check.target_sum_pct.value) == 100
    equity, bonds = built["sleeves"]
    await alice(
        "UpdateSleeve",
        pb.UpdateSleeveRequest(
            portfolio_id=pid,
            sleeve_id=bonds.sleeve_id,
            version=1,
            name="Bonds",
            target_weight_pct=dec("39.5"),
            drift_band_abs_pct=dec("5"),
        ),
    )
    check = await alice("CheckTargets", pb.CheckTargetsRequest(portfolio_id=pid))
    assert not check.sums_to_100 and check.target_sum_pct.value == "99.5"
    members = await alice("ListConstituents", pb.ListConstituentsRequest(portfolio_ids=[pid]))
    assert [(c.sleeve_id, c.monitored) for c in members.constituents] == [
        (equity.sleeve_id, True),
        (bonds.sleeve_id, True),
    ]


async def test_a_listing_is_in_at_most_one_sleeve_of_a_portfolio(alice: Caller) -> None:
    built = await universe(alice)
    pid = built["portfolio"].portfolio_id
    first = built["listings"][0]
    equity, bonds = built["sleeves"]
    same = pb.AddConstituentRequest(
        portfolio_id=pid, listing_id=first.listing_id, sleeve_id=equity.sleeve_id, monitored=True
    )
    assert (await alice("AddConstituent", same)).constituent.version == 1  # a replay
    other = pb.AddConstituentRequest(
        portfolio_id=pid, listing_id=first.listing_id, sleeve_id=bonds.sleeve_id, monitored=True
    )
    error = await refused(alice("AddConstituent", other))
    assert error.code() == grpc.StatusCode.ALREADY_EXISTS and "listing_id" in error.details()
    moved = await alice(
        "UpdateConstituent",
        pb.UpdateConstituentRequest(
            portfolio_id=pid, listing_id=first.listing_id, version=1, sleeve_id=bonds.sleeve_id
        ),
    )
    assert (moved.constituent.sleeve_id, moved.constituent.monitored) == (bonds.sleeve_id, False)


async def test_a_sleeve_of_another_portfolio_cannot_be_used(alice: Caller) -> None:
    mine, other = await universe(alice), await portfolio(alice, name="Other")
    stray = await listing(alice)
    error = await refused(
        alice(
            "AddConstituent",
            pb.AddConstituentRequest(
                portfolio_id=other.portfolio_id,
                listing_id=stray.listing_id,
                sleeve_id=mine["sleeves"][0].sleeve_id,
            ),
        )
    )
    assert error.code() == grpc.StatusCode.NOT_FOUND and error.details().startswith("sleeve_id")


async def test_list_sleeves_batches_several_portfolios(alice: Caller) -> None:
    one, two = await universe(alice), await universe(alice)
    ids = [one["portfolio"].portfolio_id, two["portfolio"].portfolio_id]
    listed = await alice("ListSleeves", pb.ListSleevesRequest(portfolio_ids=ids))
    assert [s.portfolio_id for s in listed.sleeves] == [ids[0], ids[0], ids[1], ids[1]]


async def test_removing_a_constituent_then_archiving_its_sleeve(alice: Caller) -> None:
    built = await universe(alice)
    pid = built["portfolio"].portfolio_id
    equity = built["sleeves"][0]
    archive = pb.ArchiveSleeveRequest(portfolio_id=pid, sleeve_id=equity.sleeve_id, version=1)
    assert (
        await refused(alice("ArchiveSleeve", archive))
    ).code() == grpc.StatusCode.FAILED_PRECONDITION
    await alice(
        "RemoveConstituent",
        pb.RemoveConstituentRequest(
            portfolio_id=pid, listing_id=built["listings"][0].listing_id, version=1
        ),
    )
    assert (await alice("ArchiveSleeve", archive)).sleeve.archived
    check = await alice("CheckTargets", pb.CheckTargetsRequest(portfolio_id=pid))
    assert check.target_sum_pct.value == "40"


async def test_freeze_and_unfreeze_with_reasons(alice: Caller) -> None:
    owned = await portfolio(alice)
    reason = pb.FreezeReason(source="dq_alert", reference="alert-7", detail="stale price")
    frozen = await alice(
        "FreezePortfolio", pb.FreezePortfolioRequest(portfolio_id=owned.portfolio_id, reason=reason)
    )
    assert frozen.portfolio.frozen and frozen.portfolio.freeze_reasons[0].reference == "alert-7"
    thawed = await alice(
        "UnfreezePortfolio",
        pb.UnfreezePortfolioRequest(portfolio_id=owned.portfolio_id, reason="feed fixed"),
    )
    assert not thawed.portfolio.frozen and thawed.portfolio.version == 3


async def test_sleeve_names_are_unique_within_a_portfolio(alice: Caller) -> None:
    owned = await portfolio(alice)
    await sleeve(alice, owned.portfolio_id, "Equity", "50")
    error = await refused(sleeve(alice, owned.portfolio_id, " equity ", "10"))
    assert error.code() == grpc.StatusCode.ALREADY_EXISTS and error.details().startswith("name")
