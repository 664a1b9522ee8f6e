"""arq jobs of the OMS: the worker asks the OMS over gRPC to run its due background work
(dead-letter retries, capture of unbooked fills, the live-adapter health check).

``taplatform/worker.py`` finds this module and calls ``install`` / ``uninstall``
and ``cron_jobs``. The OMS owns its tables, so the job only triggers
``RunDueWork`` (admins only) with the worker's API token. Running it twice is
harmless: a claimed dead letter is leased, and a fill books under ids derived
from it.
"""

from __future__ import annotations

from typing import Any

from arq import cron
from arq.cron import CronJob
from tradingassistant.oms.v1 import oms_pb2, oms_pb2_grpc

from taplatform.logging import get_logger
from taplatform.service_jobs import close_job_client, job_metadata, open_job_client

log = get_logger(__name__)
RPC_TIMEOUT_S = 50.0


async def install(ctx: dict[str, Any], oms_addr: str, token: str | None) -> None:
    """Open the channel the job uses; call from the worker's startup."""
    open_job_client(ctx, "oms", oms_addr, oms_pb2_grpc.OmsServiceStub, token)


async def uninstall(ctx: dict[str, Any]) -> None:
    await close_job_client(ctx, "oms")


async def run_oms_due_work(ctx: dict[str, Any]) -> dict[str, int]:
    """Cron job: retries, capture and the live-broker health check, in the OMS."""
    reply = await ctx["oms"].RunDueWork(
        oms_pb2.RunDueWorkRequest(), metadata=job_metadata(ctx, "oms"), timeout=RPC_TIMEOUT_S
    )
    done = {
        "dead_letters_attempted": reply.dead_letters_attempted,
        "fills_booked": reply.fills_booked,
        "fell_back": len(reply.fell_back),
    }
    if any(done.values()):
        log.info("oms.due_work", **done)
    return done


def cron_jobs() -> list[CronJob]:
    """Every 10 seconds (retry backoffs start at seconds)."""
    return [cron(run_oms_due_work, second=set(range(0, 60, 10)), timeout=55, unique=True)]
