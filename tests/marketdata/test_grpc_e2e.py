"""Through gRPC: the real registry, the real marketdata service and a local Stooq.

A user's monitored GBX listing is refreshed twice (the second run inserts
nothing), then quoted in pounds: the scale-mismatch alert freezes the
portfolio in the registry with the alert as the reason.
"""

from __future__ import annotations

import uuid
from datetime import UTC, datetime

import grpc
import pytest
from tradingassistant.marketdata.v1 import marketdata_pb2 as md
from tradingassistant.registry.v1 import registry_pb2 as pb

from services.marketdata import jobs
from tests.marketdata.conftest import Stack
from tests.marketdata.provider_server import ProviderServer, Reply, data_reply
from tests.registry.universe import dec, listing, portfolio

EOD = "/q/d/l/"


def refresh_request() -> md.RefreshPricesRequest:
    return md.RefreshPricesRequest(request_id=f"r-{uuid.uuid4().hex}", kind=md.PRICE_KIND_EOD)


async def test_scheduled_style_refresh_is_idempotent_and_a_scale_flip_freezes_the_portfolio(
    stack: Stack, server: ProviderServer
) -> None:
    owned = await portfolio(stack.user)
    gbx = await listing(stack.user, price_scale=dec("0.01"))
    await stack.user(
        "AddConstituent",
        pb.AddConstituentRequest(
            portfolio_id=owned.portfolio_id, listing_id=gbx.listing_id, monitored=True
        ),
    )
    server.script(EOD, data_reply("stooq_vod_uk_d.csv"))
    first = (await stack.call("RefreshPrices", refresh_request())).task_run  # type: ignore[attr-defined]
    second = (await stack.call("RefreshPrices", refresh_request())).task_run  # type: ignore[attr-defined]
    assert (first.status, first.inserted, list(first.listing_ids)) == (
        md.TASK_RUN_STATUS_SUCCEEDED,
        5,
        [gbx.listing_id],
    )
    assert (second.inserted, second.updated, second.unchanged) == (0, 0, 5)

    server.script(EOD, Reply(200, b"Date,Close\n2025-03-10,0.731\n", "text/csv"))
    stack.clock.set(datetime(2025, 3, 10, 20, 0, tzinfo=UTC))
    await stack.call("RefreshPrices", refresh_request())

    alerts = (await stack.call("ListAlerts", md.ListAlertsRequest())).alerts  # type: ignore[attr-defined]
    [alert] = [a for a in alerts if a.listing_id == gbx.listing_id]
    assert (alert.rule, alert.severity, alert.freeze) == (
        "scale_mismatch",
        md.SEVERITY_CRITICAL,
        True,
    )
    assert list(alert.frozen_portfolio_ids) == [owned.portfolio_id]
    frozen = (
        await stack.user("GetPortfolio", pb.GetPortfolioRequest(portfolio_id=owned.portfolio_id))
    ).portfolio
    assert frozen.frozen
    assert [(r.source, r.reference) for r in frozen.freeze_reasons] == [
        ("dq_alert", alert.alert_id)
    ]

    latest = (
        await stack.call("GetLatestPrices", md.GetLatestPricesRequest(listing_ids=[gbx.listing_id]))
    ).prices  # type: ignore[attr-defined]
    assert [(p.price.currency_code, p.price.amount.value, p.price_scale.value) for p in latest] == [
        ("GBX", "0.731", "0.01")
    ]


async def test_csv_preview_over_grpc_names_rejected_rows_and_bad_headers(stack: Stack) -> None:
    gbx = await listing(stack.user, price_scale=dec("0.01"))
    content = b"date,close\n2025-03-03,72.5\n2025-03-04,-1\n"
    reply = await stack.call(
        "ImportPricesCsv",
        md.ImportPricesCsvRequest(content=content, listing=gbx.ticker, currency="GBX"),
    )
    assert (reply.rows, reply.accepted) == (2, 1)  # type: ignore[attr-defined]
    assert [(r.row, r.field, r.reason) for r in reply.rejections] == [  # type: ignore[attr-defined]
        (3, "close", "-1 must be positive")
    ]
    assert not reply.HasField("task_run")  # type: ignore[attr-defined]
    with pytest.raises(grpc.aio.AioRpcError) as caught:
        await stack.call(
            "ImportPricesCsv",
            md.ImportPricesCsvRequest(content=b"when,close\n", listing=gbx.ticker, currency="GBX"),
        )
    assert caught.value.code() is grpc.StatusCode.INVALID_ARGUMENT
    assert "unknown column 'when'" in (caught.value.details() or "")


async def test_the_cron_job_running_twice_under_one_job_id_refreshes_once(
    stack: Stack, server: ProviderServer
) -> None:
    owned = await portfolio(stack.user)
    gbx = await listing(stack.user, price_scale=dec("0.01"))
    await stack.user(
        "AddConstituent",
        pb.AddConstituentRequest(
            portfolio_id=owned.portfolio_id, listing_id=gbx.listing_id, monitored=True
        ),
    )
    server.script(EOD, data_reply("stooq_vod_uk_d.csv"))
    ctx = {
        "job_id": f"cron:refresh_eod_prices:{uuid.uuid4().hex}",
        "marketdata": stack.marketdata,
        "marketdata_token": stack.user.token,
    }
    first = await jobs.refresh_eod_prices(ctx)
    again = await jobs.refresh_eod_prices(ctx)
    assert first == again and server.count(EOD) == 1
    runs = (await stack.call("ListTaskRuns", md.ListTaskRunsRequest(task="prices_eod"))).task_runs  # type: ignore[attr-defined]
    [run] = [r for r in runs if r.task_run_id == first]
    assert (run.trigger, run.inserted) == ("scheduled", 5)


def test_the_cron_spec_names_the_three_jobs_and_intraday_ticks_every_five_minutes() -> None:
    by_name = {job.name: job for job in jobs.cron_jobs()}
    assert sorted(by_name) == [
        "cron:refresh_eod_prices",
        "cron:refresh_fx_rates",
        "cron:refresh_intraday_prices",
    ]
    assert by_name["cron:refresh_intraday_prices"].minute == set(range(0, 60, 5))
