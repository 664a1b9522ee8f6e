"""Refreshing prices: idempotent upserts, recorded task runs, and the gate's alerts and freezes."""

from __future__ import annotations

import uuid
from datetime import UTC, datetime

import pytest

from services.marketdata.domain.alerts import AlertStatus
from services.marketdata.domain.prices import PriceKind
from services.marketdata.domain.task_runs import RunStatus
from taplatform.errors import AlreadyExistsError, FailedPreconditionError, InvalidArgumentError
from tests.marketdata.conftest import Harness
from tests.marketdata.provider_server import Reply, data_reply

EOD = "/q/d/l/"
DATA = "stooq_vod_uk_d.csv"


def rid() -> str:
    return f"req-{uuid.uuid4().hex}"


async def refresh(h: Harness, *listing_ids: str):  # type: ignore[no-untyped-def]
    return await h.runner.refresh_prices(rid(), list(listing_ids), PriceKind.EOD, "manual", "u-1")


async def test_running_the_same_ingestion_twice_changes_nothing(harness: Harness) -> None:
    listing = harness.add_listing()
    harness.server.script(EOD, data_reply(DATA))
    first = await refresh(harness, listing.listing_id)
    second = await refresh(harness, listing.listing_id)
    assert (first.status, first.counts.inserted, first.counts.unchanged) == (
        RunStatus.SUCCEEDED,
        5,
        0,
    )
    assert (second.status, second.counts.inserted, second.counts.updated) == (
        RunStatus.SUCCEEDED,
        0,
        0,
    )
    assert second.counts.unchanged == 5
    assert await harness.count("price_points", listing.listing_id) == 5
    assert await harness.count("alerts", listing.listing_id) == 0
    runs = await harness.queries.task_runs(10, "prices_eod")
    assert {first.task_run_id, second.task_run_id} <= {r.task_run_id for r in runs}


async def test_a_corrected_price_is_updated_and_counted_as_such(harness: Harness) -> None:
    listing = harness.add_listing()
    harness.server.script(EOD, data_reply(DATA))
    await refresh(harness, listing.listing_id)
    corrected = harness.server.routes[EOD][0].body.replace(b"72.7,", b"72.71,")
    harness.server.script(EOD, Reply(200, corrected, "text/csv"))
    run = await refresh(harness, listing.listing_id)
    assert (run.counts.inserted, run.counts.updated, run.counts.unchanged) == (0, 1, 4)
    [latest] = await harness.queries.latest_prices([listing.listing_id], PriceKind.EOD)
    assert str(latest.price) == "73.1"


async def test_a_retried_request_id_returns_the_first_run_and_fetches_nothing(
    harness: Harness,
) -> None:
    listing = harness.add_listing()
    harness.server.script(EOD, data_reply(DATA))
    request_id = rid()
    args = ([listing.listing_id], PriceKind.EOD, "manual", "u-1")
    first = await harness.runner.refresh_prices(request_id, *args)
    again = await harness.runner.refresh_prices(request_id, *args)
    assert again.task_run_id == first.task_run_id and harness.server.count(EOD) == 1
    other = harness.add_listing()
    with pytest.raises(AlreadyExistsError) as caught:
        await harness.runner.refresh_prices(
            request_id, [other.listing_id], PriceKind.EOD, "manual", "u-1"
        )
    assert caught.value.reason == "EXISTS_WITH_DIFFERENT_LISTING_IDS"


async def test_a_gbx_listing_quoted_in_pounds_raises_scale_mismatch_and_freezes(
    harness: Harness,
) -> None:
    listing = harness.add_listing(portfolios=2)
    harness.server.script(EOD, data_reply(DATA))
    await refresh(harness, listing.listing_id)
    flipped = b"Date,Open,High,Low,Close,Volume\n2025-03-10,0.73,0.74,0.72,0.731,100\n"
    harness.server.script(EOD, Reply(200, flipped, "text/csv"))
    harness.clock.set(datetime(2025, 3, 10, 20, 0, tzinfo=UTC))
    await refresh(harness, listing.listing_id)

    views = await harness.queries.alerts([listing.listing_id], [], 10)
    assert [v.alert.rule for v in views] == ["scale_mismatch"]
    alert = views[0].alert
    assert alert.freeze and not alert.auto_unfreeze and alert.status is AlertStatus.OPEN
    portfolios = [p.portfolio_id for p in harness.registry.links[listing.listing_id]]
    assert sorted(views[0].frozen_portfolio_ids) == sorted(portfolios)
    assert all(harness.registry.frozen[p] == {alert.alert_id} for p in portfolios)

    # Resolving does not unfreeze: the rule says a person must.
    await harness.alerts.resolve(alert.alert_id, "u-2", "vendor fixed the unit")
    assert all(harness.registry.frozen[p] == {alert.alert_id} for p in portfolios)


async def test_a_scale_alert_stays_open_and_deduplicated_while_prices_keep_coming(
    harness: Harness,
) -> None:
    listing = harness.add_listing()
    harness.server.script(EOD, data_reply(DATA))
    await refresh(harness, listing.listing_id)
    for day, price in (("10", "0.731"), ("11", "0.74")):
        body = f"Date,Close\n2025-03-{day},{price}\n".encode()
        harness.server.script(EOD, Reply(200, body, "text/csv"))
        harness.clock.set(datetime(2025, 3, int(day), 20, 0, tzinfo=UTC))
        await refresh(harness, listing.listing_id)
    views = await harness.queries.alerts([listing.listing_id], [], 10)
    assert [(v.alert.rule, v.alert.occurrences) for v in views] == [("scale_mismatch", 2)]


async def test_stale_prices_freeze_and_fresh_ones_resolve_and_unfreeze(harness: Harness) -> None:
    listing = harness.add_listing()
    harness.server.script(EOD, data_reply(DATA))
    await refresh(harness, listing.listing_id)  # Mon 3 .. Fri 7 March
    harness.server.script(EOD, Reply(200, b"Date,Close\n", "text/csv"))
    harness.clock.set(datetime(2025, 3, 10, 12, 0, tzinfo=UTC))  # Monday noon: weekend only
    await refresh(harness, listing.listing_id)
    assert await harness.queries.alerts([listing.listing_id], [], 10) == []
    harness.clock.set(datetime(2025, 3, 12, 20, 0, tzinfo=UTC))  # Wednesday night: 3 sessions
    await refresh(harness, listing.listing_id)
    [view] = await harness.queries.alerts([listing.listing_id], [], 10)
    assert view.alert.rule == "stale" and view.frozen_portfolio_ids
    [portfolio] = view.frozen_portfolio_ids
    assert harness.registry.frozen[portfolio] == {view.alert.alert_id}

    body = b"Date,Close\n2025-03-10,73\n2025-03-11,73.2\n2025-03-12,73.1\n"
    harness.server.script(EOD, Reply(200, body, "text/csv"))
    await refresh(harness, listing.listing_id)
    assert await harness.queries.alerts([listing.listing_id], [], 10) == []
    [resolved] = await harness.queries.alerts([listing.listing_id], [AlertStatus.RESOLVED], 10)
    assert resolved.alert.resolved_by == "system:marketdata"
    assert portfolio not in harness.registry.frozen


async def test_provider_failures_are_recorded_per_listing(harness: Harness) -> None:
    good, bad = harness.add_listing("VOD"), harness.add_listing("NOPE")
    harness.server.script(EOD, Reply(200, b"No data"))
    failed = await refresh(harness, bad.listing_id)
    assert failed.status is RunStatus.FAILED and "no data for nope.uk" in failed.error_summary
    harness.server.script(EOD, data_reply(DATA), Reply(200, b"No data"))
    partial = await refresh(harness, good.listing_id, bad.listing_id)
    assert partial.status is RunStatus.PARTIAL and partial.counts.inserted == 5
    assert partial.error_summary.startswith("NOPE: stooq: no data")


async def test_an_unknown_listing_is_not_found_before_anything_is_fetched(harness: Harness) -> None:
    with pytest.raises(Exception, match="unknown listings: lst-missing"):
        await refresh(harness, "lst-missing")
    assert harness.server.count(EOD) == 0


async def test_acknowledge_then_resolve_and_transitions_that_are_refused(harness: Harness) -> None:
    listing = harness.add_listing()
    harness.server.script(EOD, data_reply(DATA))
    await refresh(harness, listing.listing_id)
    body = b"Date,Close\n2025-03-10,95\n"  # +30 %: a genuine jump
    harness.server.script(EOD, Reply(200, body, "text/csv"))
    harness.clock.set(datetime(2025, 3, 10, 20, 0, tzinfo=UTC))
    await refresh(harness, listing.listing_id)
    [view] = await harness.queries.alerts([listing.listing_id], [], 10)
    assert view.alert.rule == "jump"
    acked = await harness.alerts.acknowledge(view.alert.alert_id, "u-2")
    assert acked.alert.status is AlertStatus.ACKNOWLEDGED and acked.alert.acknowledged_by == "u-2"
    with pytest.raises(InvalidArgumentError, match="note"):
        await harness.alerts.resolve(view.alert.alert_id, "u-2", " ")
    done = await harness.alerts.resolve(view.alert.alert_id, "u-2", "takeover bid, genuine")
    assert done.alert.status is AlertStatus.RESOLVED
    with pytest.raises(FailedPreconditionError):
        await harness.alerts.acknowledge(view.alert.alert_id, "u-2")


async def test_scheduled_intraday_refresh_fetches_only_listings_whose_market_is_open(
    harness: Harness,
) -> None:
    listing = harness.add_listing()
    harness.server.script("/q/l/", data_reply("stooq_vod_uk_q.csv"))
    harness.clock.set(datetime(2025, 3, 8, 11, 0, tzinfo=UTC))  # Saturday
    args = ([listing.listing_id], PriceKind.INTRADAY, "scheduled", "system:marketdata")
    closed = await harness.runner.refresh_prices(rid(), *args)
    assert closed.listing_ids == () and harness.server.count("/q/l/") == 0
    harness.clock.set(datetime(2025, 3, 5, 14, 45, tzinfo=UTC))  # Wednesday, a 15-minute slot
    opened = await harness.runner.refresh_prices(rid(), *args)
    assert opened.listing_ids == (listing.listing_id,) and opened.counts.inserted == 1
    assert await harness.queries.alerts([listing.listing_id], [], 10) == []
