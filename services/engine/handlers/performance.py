"""GetPerformance: a portfolio's value over time and its period returns, as of a day.

Sleeve targets and bands come from the approved policy as of that day (tilts
applied); without an approved policy the sleeves carry weights only.
"""

from __future__ import annotations

import asyncio
from datetime import UTC, date

from services.engine.domain.performance import PerformanceInputError
from services.engine.domain.performance_report import (
    PerformanceReport,
    SleeveTarget,
    performance_report,
)
from services.engine.domain.sunsets import evaluate_sunsets
from services.engine.gather_performance import gather_history
from services.engine.handlers import EngineDeps
from services.engine.handlers.policies import approved_policy
from taplatform.errors import FailedPreconditionError, InvalidArgumentError


def parse_as_of(value: str, today: date) -> date:
    """The as-of day of a request: empty means today; never after today."""
    if not value:
        return today
    try:
        day = date.fromisoformat(value)
    except ValueError:
        raise InvalidArgumentError.for_field("as_of", "must be a date as YYYY-MM-DD") from None
    if day > today:
        raise InvalidArgumentError.for_field("as_of", f"must not be after today ({today})")
    return day


async def sleeve_targets(
    deps: EngineDeps, portfolio_id: str, as_of: date
) -> dict[str, SleeveTarget]:
    """Each policy sleeve's effective target and band half-width on ``as_of``."""
    async with deps.engine.connect() as connection:
        approved = await approved_policy(connection, portfolio_id)
    if approved is None:
        return {}
    policy = approved[1]
    targets = evaluate_sunsets(policy, as_of).targets_pct
    return {
        s.name: SleeveTarget(targets[s.name], s.band.width_pp(targets[s.name]))
        for s in policy.sleeves
    }


async def get_performance(
    deps: EngineDeps, portfolio_id: str, as_of_text: str
) -> PerformanceReport:
    """Value series, sleeve weights and period returns of ``portfolio_id`` up to ``as_of``."""
    if not portfolio_id:
        raise InvalidArgumentError.for_field("portfolio_id", "is required")
    as_of = parse_as_of(as_of_text, deps.clock.now().astimezone(UTC).date())
    history, targets = await asyncio.gather(
        gather_history(deps.sources, portfolio_id, as_of),
        sleeve_targets(deps, portfolio_id, as_of),
    )
    try:
        # CPU-bound for long histories: off the event loop, like a run's calculation.
        return await asyncio.to_thread(performance_report, history, targets)
    except PerformanceInputError as error:
        raise FailedPreconditionError(str(error), reason="PERFORMANCE_INPUT_MISSING") from None
