"""arq jobs of the marketdata service: scheduled price and FX refreshes, and their cron spec.

Each job asks the marketdata service over gRPC (it owns the tables and the
gate) with the arq job id as the request id: arq may run a job twice, and
the service then returns the first task run instead of refreshing again.

Schedule (UTC): the intraday job ticks every 5 minutes and names its cron
slot (``as_of``); the service fetches only the listings due then under the
portfolios' stored ingestion schedules (market open, and on some linked
portfolio's every-N-minutes grid; see ``domain/schedule.py``). EOD at 09:30,
after XSTC's 15:00 Ho Chi Minh close, and at 17:30, after XLON's 16:30 London
close in summer and winter; ECB FX at 15:30 and 17:30 (published around
16:00 CET). EOD and FX skip what no portfolio wants. With the worker's
accelerated cadence (``TA_WORKER_CRON_EVERY_S``, soak runs and demos) every
job ticks every N seconds, and ``TA_WORKER_CRON_AS_OF`` can fix the instant
the intraday refresh decides at, so a run at night or on a weekend still
fetches (see :func:`slot_of`).

The worker finds this module and registers ``install``/``uninstall``/``cron_jobs``
when it has ``TA_WORKER_API_TOKEN``, the registry API token the jobs act with.
"""

from __future__ import annotations

from typing import Any

from arq import cron
from arq.cron import CronJob
from google.protobuf.timestamp_pb2 import Timestamp
from tradingassistant.marketdata.v1 import marketdata_pb2 as md
from tradingassistant.marketdata.v1 import marketdata_pb2_grpc

from services.marketdata.domain.schedule import TICK_MIN
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


def slot_of(ctx: dict[str, Any]) -> Timestamp | None:
    """The instant a scheduled refresh stands for: the worker's accelerated ``as_of``, if set
    (``TA_WORKER_CRON_AS_OF``: a soak run outside market hours), else the job's cron slot."""
    fixed = ctx.get("cron_as_of")
    if fixed is None:
        return cron_slot(ctx["job_id"])
    stamp = Timestamp()
    stamp.FromDatetime(fixed)
    return stamp


def cron_slot(job_id: str) -> Timestamp | None:
    """The instant a cron job was scheduled for: arq names it ``cron:<name>:<unix ms>``.

    The service decides what is due at this slot, not at the moment the job
    happens to run, so a late or repeated run picks the same listings.
    """
    millis = job_id.rsplit(":", 1)[-1]
    if not job_id.startswith("cron:") or not millis.isdigit():
        return None
    stamp = Timestamp()
    stamp.FromMilliseconds(int(millis))
    return stamp


async def _refresh_prices(ctx: dict[str, Any], kind: md.PriceKind) -> str:
    request = md.RefreshPricesRequest(
        request_id=ctx["job_id"], kind=kind, trigger="scheduled", as_of=slot_of(ctx)
    )
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
    """Cron job (every 5 minutes): intraday quotes of the listings due at its slot."""
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


def cron_jobs() -> list[CronJob]:
    """The marketdata schedule (module doc)."""
    return [
        cron(
            refresh_intraday_prices,
            minute=set(range(0, 60, TICK_MIN)),
            second={5},
            timeout=JOB_TIMEOUT_S,
        ),
        cron(refresh_eod_prices, hour={9, 17}, minute={30}, second={15}, timeout=JOB_TIMEOUT_S),
        cron(refresh_fx_rates, hour={15, 17}, minute={30}, second={25}, timeout=JOB_TIMEOUT_S),
    ]
