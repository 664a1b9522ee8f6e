"""Queries and the people's side of alerts: acknowledge and resolve."""

from __future__ import annotations

import re
import uuid
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from datetime import date, datetime, timedelta

from sqlalchemy.ext.asyncio import AsyncEngine

from services.marketdata import alert_repository as alert_repo
from services.marketdata import events
from services.marketdata import repository as repo
from services.marketdata import task_run_repository as runs_repo
from services.marketdata.domain import closes
from services.marketdata.domain.alerts import Alert, AlertStatus, transition
from services.marketdata.domain.closes import ClosesPage, ClosesRange
from services.marketdata.domain.prices import PriceKind, PricePoint, eod_timestamp
from services.marketdata.domain.task_runs import TaskRun
from services.marketdata.domain.units import EurRates
from services.marketdata.ingestion import PriceIngestion
from taplatform.clock import Clock
from taplatform.errors import InvalidArgumentError, NotFoundError


@dataclass(frozen=True)
class AlertView:
    alert: Alert
    frozen_portfolio_ids: tuple[str, ...]


@dataclass(frozen=True)
class FxRange:
    """A ListFxRates request: ``after`` (from a page token) continues a previous page."""

    start: date | None
    end: date | None
    currencies: tuple[str, ...] = ()
    page_size: int = 0
    after: date | None = None


@dataclass(frozen=True)
class FxPage:
    days: list[EurRates]
    # The last day of this page when another page follows.
    next_after: date | None


def parse_uuid(value: str, field: str) -> uuid.UUID:
    try:
        return uuid.UUID(value)
    except ValueError:
        raise InvalidArgumentError.for_field(field, f"{value!r} is not a UUID") from None


def bounded(limit: int, default: int, maximum: int, field: str) -> int:
    if limit < 0 or limit > maximum:
        raise InvalidArgumentError.for_field(field, f"must be between 0 and {maximum}")
    return limit or default


CURRENCY = re.compile(r"[A-Z]{3}")
MAX_FX_PAGE_DAYS = 5000
MAX_FX_PAGE_RATES = 20000


class MarketDataQueries:
    """Read-only answers from the marketdata tables."""

    def __init__(self, engine: AsyncEngine) -> None:
        self._engine = engine

    async def latest_prices(
        self, listing_ids: Sequence[str], kind: PriceKind | None
    ) -> list[PricePoint]:
        async with self._engine.connect() as connection:
            return await repo.latest_points(connection, list(listing_ids), kind)

    async def price_points(
        self,
        listing_id: str,
        kind: PriceKind | None,
        start: datetime | None,
        end: datetime | None,
        limit: int,
    ) -> list[PricePoint]:
        if not listing_id:
            raise InvalidArgumentError.for_field("listing_id", "is required")
        limit = bounded(limit, 500, 5000, "limit")
        async with self._engine.connect() as connection:
            return await repo.list_points(connection, listing_id, kind, start, end, limit)

    async def fx_rates(self, as_of: date | None) -> EurRates | None:
        async with self._engine.connect() as connection:
            days = await repo.latest_fx_days(connection, 1, as_of=as_of)
        return days[0] if days else None

    async def fx_days(self, request: FxRange) -> FxPage:
        """ECB days of a range, oldest first, a page at a time (see :class:`FxRange`)."""
        if request.start is None:
            raise InvalidArgumentError.for_field("start_date", "is required")
        if request.end is not None and request.end < request.start:
            raise InvalidArgumentError.for_field("end_date", "must not be before start_date")
        for currency in request.currencies:
            if not CURRENCY.fullmatch(currency):
                raise InvalidArgumentError.for_field(
                    "quote_currencies", f"{currency!r} is not a three-letter currency code"
                )
        size = bounded(request.page_size, 500, MAX_FX_PAGE_DAYS, "page_size")
        async with self._engine.connect() as connection:
            days = await repo.fx_days_between(
                connection,
                request.start,
                request.end,
                sorted(set(request.currencies)),
                size + 1,
                after=request.after,
            )
        # One day more than a page was read: its presence says another page follows.
        # A page also ends before MAX_FX_PAGE_RATES (whole days, at least one), so
        # an unfiltered page stays well under gRPC's 4 MB message limit.
        rates = 0
        for count, day in enumerate(days):
            rates += len(day.rates)
            if count == size or (count and rates > MAX_FX_PAGE_RATES):
                return FxPage(days[:count], days[count - 1].as_of)
        return FxPage(days, None)

    async def daily_closes(self, request: ClosesRange) -> ClosesPage:
        """EOD closes of many listings over a range, a page at a time (see domain.closes)."""
        listing_ids = closes.checked_listing_ids(request.listing_ids)
        first, last = closes.checked_dates(request.start, request.end)
        size = bounded(
            request.page_size, closes.DEFAULT_CLOSES_PAGE, closes.MAX_CLOSES_PAGE, "page_size"
        )
        async with self._engine.connect() as connection:
            found = await repo.eod_closes(
                connection,
                listing_ids,
                eod_timestamp(first),
                eod_timestamp(last + timedelta(days=1)),
                size + 1,
                after=request.after,
            )
        # One close more than a page was read: its presence says another page follows.
        if len(found) > size:
            return ClosesPage(found[:size], found[size - 1].key())
        return ClosesPage(found, None)

    async def task_runs(self, limit: int, task: str) -> list[TaskRun]:
        limit = bounded(limit, 50, 500, "limit")
        async with self._engine.connect() as connection:
            return await runs_repo.list_runs(connection, limit, task or None)

    async def alerts(
        self, listing_ids: Sequence[str], statuses: Sequence[AlertStatus], limit: int
    ) -> list[AlertView]:
        limit = bounded(limit, 200, 1000, "limit")
        async with self._engine.connect() as connection:
            found = await alert_repo.list_alerts(connection, listing_ids, statuses, limit)
        return [AlertView(a, tuple(p)) for a, p in found]


class AlertActions:
    """Acknowledge and resolve alerts; resolving lifts a freeze only if the rule says so."""

    def __init__(
        self,
        engine: AsyncEngine,
        clock: Clock,
        new_id: Callable[[], uuid.UUID],
        ingestion: PriceIngestion,
    ) -> None:
        self._engine = engine
        self._clock = clock
        self._new_id = new_id
        self._ingestion = ingestion

    async def _move(self, alert_id: str, to: AlertStatus, actor: str, note: str) -> AlertView:
        ident = parse_uuid(alert_id, "alert_id")
        now = self._clock.now()
        async with self._engine.begin() as connection:
            found = await alert_repo.get_alert(connection, ident, lock=True)
            if found is None:
                raise NotFoundError(f"alert {alert_id} not found")
            before, frozen = found
            after = transition(before, to, actor, now, note)
            await alert_repo.update_alert(connection, after)
            event = "AlertAcknowledged" if to is AlertStatus.ACKNOWLEDGED else "AlertResolved"
            await events.record(
                connection,
                self._new_id,
                now,
                event,
                ("alert", alert_id),
                actor,
                before.to_audit(),
                after.to_audit(),
                listing_id=after.listing_id,
                note=note,
            )
        return AlertView(after, tuple(frozen))

    async def acknowledge(self, alert_id: str, actor: str) -> AlertView:
        return await self._move(alert_id, AlertStatus.ACKNOWLEDGED, actor, "")

    async def resolve(self, alert_id: str, actor: str, note: str) -> AlertView:
        if not note.strip():
            raise InvalidArgumentError.for_field("note", "say why the data is good now")
        view = await self._move(alert_id, AlertStatus.RESOLVED, actor, note.strip())
        if view.alert.auto_unfreeze:
            await self._ingestion.unfreeze_for(view.alert, f"alert resolved: {note.strip()}")
        return view
