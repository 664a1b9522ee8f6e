"""Per-portfolio ingestion schedules: read and change them (audited), and pick what is due.

The RPCs name ``portfolio_id``, so the tenancy gate checks the caller before
these handlers run. :class:`SchedulePlanner` is what a scheduled refresh asks
which listings to fetch; the decision itself is pure (``domain.schedule``).
"""

from __future__ import annotations

import uuid
from collections.abc import Sequence
from datetime import datetime

from sqlalchemy.ext.asyncio import AsyncEngine

from services.marketdata import events
from services.marketdata import settings_repository as repo
from services.marketdata.domain.prices import ListingInfo, PriceKind
from services.marketdata.domain.rule_settings import check_scope_id
from services.marketdata.domain.schedule import (
    IngestionSchedule,
    StoredSchedule,
    due_listings,
    fx_due,
)
from services.marketdata.registry_port import PortfolioDirectory
from services.marketdata.rule_settings import EVENT_NAMESPACE
from taplatform.clock import Clock
from taplatform.errors import ConcurrencyError, InvalidArgumentError


class ScheduleHandlers:
    """Read and replace a portfolio's ingestion schedule."""

    def __init__(self, engine: AsyncEngine, clock: Clock) -> None:
        self._engine = engine
        self._clock = clock

    async def get(self, portfolio_id: str) -> StoredSchedule:
        """The schedule in force (version 0: the defaults, never stored)."""
        portfolio_id = check_scope_id(portfolio_id, "portfolio_id")
        async with self._engine.connect() as connection:
            return await repo.schedule_of(connection, portfolio_id)

    async def update(
        self, portfolio_id: str, expected_version: int, schedule: IngestionSchedule, actor: str
    ) -> StoredSchedule:
        """Store ``schedule`` as the next version if the current one is ``expected_version``."""
        portfolio_id = check_scope_id(portfolio_id, "portfolio_id")
        if expected_version < 0:
            raise InvalidArgumentError.for_field("expected_version", "must be >= 0")
        schedule.validate()
        now = self._clock.now()
        async with self._engine.begin() as connection:
            current = await repo.schedule_of(connection, portfolio_id)
            if (current.version, current.schedule, current.changed_by) == (
                expected_version + 1,
                schedule,
                actor,
            ):
                return current  # the same change replayed
            if current.version != expected_version:
                raise ConcurrencyError(
                    f"schedule of {portfolio_id} is at version {current.version}, "
                    f"not {expected_version}; read it again",
                    reason="STALE_VERSION",
                    metadata={"current_version": str(current.version)},
                )
            after = StoredSchedule(portfolio_id, schedule, current.version + 1, actor, now)
            if not await repo.insert_schedule(connection, after):
                raise ConcurrencyError(f"schedule of {portfolio_id} changed while saving")
            event_id = uuid.uuid5(EVENT_NAMESPACE, f"schedule:{portfolio_id}:{after.version}")
            await events.record(
                connection,
                lambda: event_id,
                now,
                "IngestionScheduleChanged",
                ("ingestion_schedule", portfolio_id),
                actor,
                current.to_audit() if current.version else None,
                after.to_audit(),
                portfolio_id=portfolio_id,
                version=after.version,
            )
        return after


class SchedulePlanner:
    """What a scheduled refresh fetches, from the stored schedules and the registry's links."""

    def __init__(self, engine: AsyncEngine, portfolios: PortfolioDirectory) -> None:
        self._engine = engine
        self._portfolios = portfolios

    async def _schedules(self) -> dict[str, IngestionSchedule]:
        async with self._engine.connect() as connection:
            stored = await repo.latest_schedules(connection)
        return {pid: s.schedule for pid, s in stored.items()}

    async def _linked(self, listings: Sequence[ListingInfo]) -> dict[str, list[str]]:
        linked = {}
        for listing in listings:
            refs = await self._portfolios.portfolios_for_listing(listing.listing_id)
            linked[listing.listing_id] = [p.portfolio_id for p in refs]
        return linked

    async def due(
        self, kind: PriceKind, listings: Sequence[ListingInfo], at: datetime
    ) -> tuple[list[ListingInfo], list[str]]:
        """The listings due for a scheduled ``kind`` refresh at ``at``, and notes on skips."""
        schedules = await self._schedules()
        # With no stored schedule everyone follows the defaults: no need to ask who is linked.
        linked = await self._linked(listings) if schedules else {}
        return due_listings(kind, listings, linked, schedules, at)

    async def fx_wanted(self, listings: Sequence[ListingInfo]) -> bool:
        """Whether a scheduled ECB refresh should run for the portfolios of ``listings``."""
        schedules = await self._schedules()
        if all(s.fx_enabled for s in schedules.values()):
            return True
        linked = await self._linked(listings)
        return fx_due(sorted({p for ids in linked.values() for p in ids}), schedules)
