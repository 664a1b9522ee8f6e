"""arq jobs of the engine service: the daily scheduled run of every due portfolio.

The job asks the engine over gRPC (it owns its tables) with the worker's API
token, so the portfolios run are that user's. Each (portfolio, cadence
period) runs once, whichever day first finds it due and however often arq
runs the job (it is at-least-once), so the job needs no idempotency key.

Schedule (UTC): daily at 18:00, after marketdata's 17:30 EOD and FX refreshes.
``taplatform/worker.py`` finds this module and calls ``install``,
``uninstall`` and ``cron_jobs``.
"""

from __future__ import annotations

from typing import Any

from arq import cron
from arq.cron import CronJob
from tradingassistant.engine.v1 import engine_pb2 as pb
from tradingassistant.engine.v1 import engine_pb2_grpc

from taplatform.logging import get_logger
from taplatform.service_jobs import close_job_client, job_metadata, open_job_client

log = get_logger(__name__)
JOB_TIMEOUT_S = 1800
RPC_TIMEOUT_S = 1500.0


async def install(ctx: dict[str, Any], engine_addr: str, token: str | None) -> None:
    """Open the channel the jobs use; call from the worker's startup."""
    open_job_client(ctx, "engine", engine_addr, engine_pb2_grpc.EngineServiceStub, token)


async def uninstall(ctx: dict[str, Any]) -> None:
    await close_job_client(ctx, "engine")


async def run_due_portfolios(ctx: dict[str, Any]) -> dict[str, int]:
    """Cron job: run each of the worker user's portfolios whose cadence is due."""
    reply = await ctx["engine"].RunDueSchedules(
        pb.RunDueSchedulesRequest(), metadata=job_metadata(ctx, "engine"), timeout=RPC_TIMEOUT_S
    )
    counts: dict[str, int] = {}
    for result in reply.results:
        name = pb.ScheduleOutcome.Name(result.outcome).removeprefix("SCHEDULE_OUTCOME_").lower()
        counts[name] = counts.get(name, 0) + 1
        if result.outcome == pb.SCHEDULE_OUTCOME_FAILED:
            log.warning(
                "engine.scheduled_run_failed", portfolio_id=result.portfolio_id, error=result.error
            )
    log.info("engine.schedules_ran", **counts)
    return counts


def cron_jobs() -> list[CronJob]:
    """The engine's schedule (module doc)."""
    return [
        cron(run_due_portfolios, hour={18}, minute={0}, second={0}, timeout=JOB_TIMEOUT_S),
    ]
