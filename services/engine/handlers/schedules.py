"""Scheduled runs: each of the caller's portfolios once per cadence period, from its run day on.

The worker's cron job calls this daily; a period's run happens on the first
call on or after its run day and never again in that period (the unique
(portfolio, period) key makes a job that runs twice, or two workers, store
one run). A blocked scheduled run counts as the period's run: the user runs
again on demand once the block is lifted.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import UTC
from enum import StrEnum

from services.engine import repository as repo
from services.engine.domain.cadence import cadence_period, is_due
from services.engine.handlers import EngineDeps
from services.engine.handlers.policies import approved_policy
from services.engine.handlers.runs import SCHEDULED, execute_run, scheduled_request_id
from taplatform.errors import DomainError
from taplatform.logging import get_logger

log = get_logger(__name__)


class ScheduleOutcome(StrEnum):
    STARTED = "started"
    ALREADY_RAN = "already_ran"
    NOT_DUE = "not_due"
    NO_APPROVED_POLICY = "no_approved_policy"
    FAILED = "failed"


@dataclass(frozen=True)
class ScheduledRun:
    portfolio_id: str
    period: str
    outcome: ScheduleOutcome
    run: repo.RunRecord | None = None
    error: str = ""


async def run_due_schedules(deps: EngineDeps) -> list[ScheduledRun]:
    """Run every due portfolio of the caller; one result per portfolio, by id."""
    results = []
    for portfolio_id in await deps.sources.registry.portfolio_ids():
        results.append(await _run_if_due(deps, portfolio_id))
    return results


async def _run_if_due(deps: EngineDeps, portfolio_id: str) -> ScheduledRun:
    today = deps.clock.now().astimezone(UTC).date()
    async with deps.engine.connect() as connection:
        approved = await approved_policy(connection, portfolio_id)
        if approved is None:
            return ScheduledRun(portfolio_id, "", ScheduleOutcome.NO_APPROVED_POLICY)
        cadence = approved[1].cadence
        period = cadence_period(today, cadence)
        existing = await repo.scheduled_run(connection, portfolio_id, period)
    if existing is not None:
        return ScheduledRun(portfolio_id, period, ScheduleOutcome.ALREADY_RAN, existing)
    if not is_due(today, cadence):
        return ScheduledRun(portfolio_id, period, ScheduleOutcome.NOT_DUE)
    try:
        result = await execute_run(
            deps, portfolio_id, SCHEDULED, scheduled_request_id(portfolio_id, period), period
        )
    except DomainError as error:
        # One portfolio's unreachable source must not stop the others' runs.
        log.warning("engine.scheduled_run_failed", portfolio_id=portfolio_id, error=error.message)
        return ScheduledRun(portfolio_id, period, ScheduleOutcome.FAILED, error=error.message)
    outcome = ScheduleOutcome.STARTED if result.created else ScheduleOutcome.ALREADY_RAN
    return ScheduledRun(portfolio_id, period, outcome, result.run)
