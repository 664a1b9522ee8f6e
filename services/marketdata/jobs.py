"""arq jobs of the marketdata service: scheduled price and FX refreshes, and their cron spec.

Each job asks the marketdata service over gRPC (it owns the tables and the
gate) with the arq job id as the request id: arq may run a job twice, and
the service then returns the first task run instead of refreshing again.

Schedule (UTC): intraday every ``intraday_every_min`` minutes (the service
skips listings whose market is shut at that moment); EOD at 09:30, after
XSTC's 15:00 Ho Chi Minh close, and at 17:30, after XLON's 16:30 London close
in summer and winter; ECB FX at 15:30 and 17:30 (published around 16:00 CET).

The worker finds this module and registers ``install``/``uninstall``/``cron_jobs``
when it has ``TA_WORKER_API_TOKEN``, the registry API token the jobs act with.
"""

from __future__ import annotations

from typing import Any

from arq import cron
from arq.cron import CronJob
from tradingassistant.marketdata.v1 import marketdata_pb2 as md
from tradingassistant.marketdata.v1 import marketdata_pb2_grpc

from taplatform.logging import get_logger
from taplatform.service_jobs import close_job_client, job_metadata, open_job_client

log = get_logger(__name__)
JOB_TIMEOUT_S = 600
RPC_TIMEOUT_S = 300.0


async def install(ctx: dict[str, Any], marketdata_addr: str, token: str | None) -> None:
    """Open the channel the jobs use; call from the worker's startup."""
    open_job_client(
        ctx, "marketdata", marketdata_addr, marketdata_pb2_grpc.MarketDataServiceStub, token
    )


async def uninstall(ctx: dict[str, Any]) -> None:
    await close_job_client(ctx, "marketdata")


async def _refresh_prices(ctx: dict[str, Any], kind: md.PriceKind) -> str:
    request = md.RefreshPricesRequest(request_id=ctx["job_id"], kind=kind, trigger="scheduled")
    reply = await ctx["marketdata"].RefreshPrices(
        request, metadata=job_metadata(ctx, "marketdata"), timeout=RPC_TIMEOUT_S
    )
    run = reply.task_run
    log.info(
        "marketdata.refreshed",
        task=run.task,
        task_run_id=run.task_run_id,
        inserted=run.inserted,
        unchanged=run.unchanged,
        rejected=run.rejected,
    )
    return str(run.task_run_id)


async def refresh_intraday_prices(ctx: dict[str, Any]) -> str:
    """Cron job: intraday quotes of monitored listings whose market is open now."""
    return await _refresh_prices(ctx, md.PRICE_KIND_INTRADAY)


async def refresh_eod_prices(ctx: dict[str, Any]) -> str:
    """Cron job: EOD bars of every monitored listing (the last two weeks, upserted)."""
    return await _refresh_prices(ctx, md.PRICE_KIND_EOD)


async def refresh_fx_rates(ctx: dict[str, Any]) -> str:
    """Cron job: the ECB's reference rates of the day."""
    request = md.RefreshFxRatesRequest(request_id=ctx["job_id"], trigger="scheduled")
    reply = await ctx["marketdata"].RefreshFxRates(
        request, metadata=job_metadata(ctx, "marketdata"), timeout=RPC_TIMEOUT_S
    )
    return str(reply.task_run.task_run_id)


def cron_jobs(intraday_every_min: int = 15) -> list[CronJob]:
    """The marketdata schedule (module doc); ``intraday_every_min`` must divide 60."""
    if intraday_every_min <= 0 or 60 % intraday_every_min:
        raise ValueError("intraday_every_min must divide 60")
    return [
        cron(
            refresh_intraday_prices,
            minute=set(range(0, 60, intraday_every_min)),
            second={5},
            timeout=JOB_TIMEOUT_S,
        ),
        cron(refresh_eod_prices, hour={9, 17}, minute={30}, second={15}, timeout=JOB_TIMEOUT_S),
        cron(refresh_fx_rates, hour={15, 17}, minute={30}, second={25}, timeout=JOB_TIMEOUT_S),
    ]
