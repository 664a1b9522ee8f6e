"""Store one listing's new prices and run the data-quality gate on them, in one transaction.

Then, after commit, freeze every portfolio holding or targeting the listing
for each active alert of a ``freeze`` rule, and lift the freezes of alerts
resolved by a rule that unfreezes on its own. Registry calls happen outside
the transaction so a slow registry never holds row locks; a failed freeze is
reported and retried on the next evaluation, since active alerts are
re-checked every time.

The rules in force are the rule book's with the stored settings of the
listing and of its portfolios applied (see ``domain/rule_settings.py`` for
which value wins), read in the same transaction as the prices they judge.
"""

from __future__ import annotations

import uuid
from collections.abc import Callable, Iterator, Sequence
from dataclasses import dataclass, field

from sqlalchemy.ext.asyncio import AsyncConnection, AsyncEngine

from services.marketdata import alert_repository as alert_repo
from services.marketdata import events
from services.marketdata import repository as repo
from services.marketdata.domain.alerts import Alert, AlertPlan, plan_alerts
from services.marketdata.domain.calendars import get_trading_calendar
from services.marketdata.domain.prices import ListingInfo, PricePoint
from services.marketdata.domain.rules import RuleBook, SeriesContext, evaluate
from services.marketdata.domain.task_runs import RunCounts
from services.marketdata.registry_port import PortfolioDirectory, PortfolioRef
from services.marketdata.rule_settings import rules_for_listing
from taplatform.clock import Clock
from taplatform.logging import get_logger

log = get_logger(__name__)
DEFAULT_BASE = ("GBP",)


@dataclass
class ListingOutcome:
    counts: RunCounts
    plan: AlertPlan
    errors: list[str] = field(default_factory=list)


class PriceIngestion:
    """Upsert, evaluate, record alerts and events; then freeze or unfreeze."""

    def __init__(
        self,
        engine: AsyncEngine,
        clock: Clock,
        new_id: Callable[[], uuid.UUID],
        portfolios: PortfolioDirectory,
        rule_book: RuleBook,
    ) -> None:
        self._engine = engine
        self._clock = clock
        self._new_id = new_id
        self._portfolios = portfolios
        self._rule_book = rule_book

    def _ids(self) -> Iterator[str]:
        while True:
            yield str(self._new_id())

    async def ingest(
        self,
        listing: ListingInfo,
        points: Sequence[PricePoint],
        task_run_id: str,
        actor_user_id: str,
    ) -> ListingOutcome:
        """Store ``points`` of ``listing`` under the run and apply the gate's verdict."""
        linked = await self._portfolios.portfolios_for_listing(listing.listing_id)
        bases = tuple(sorted({p.base_currency for p in linked})) or DEFAULT_BASE
        async with self._engine.begin() as connection:
            counts, plan = await self._store_and_check(
                connection,
                listing,
                points,
                uuid.UUID(task_run_id),
                (bases, [p.portfolio_id for p in linked]),
                actor_user_id,
            )
        errors = await self._enforce_freezes(plan, linked)
        return ListingOutcome(counts, plan, errors)

    async def _store_and_check(
        self,
        connection: AsyncConnection,
        listing: ListingInfo,
        points: Sequence[PricePoint],
        run_id: uuid.UUID,
        linked: tuple[tuple[str, ...], list[str]],
        actor: str,
    ) -> tuple[RunCounts, AlertPlan]:
        """``linked``: the base currencies and ids of the portfolios holding the listing."""
        bases, portfolio_ids = linked
        now = self._clock.now()
        history = await repo.recent_points(connection, listing.listing_id)
        counts = await repo.upsert_points(connection, points, run_id, now)
        changed: list[PricePoint] = []
        if counts.inserted or counts.updated:
            changed = await repo.points_of_run(connection, listing.listing_id, run_id)
            # A corrected point is judged by its new value, not next to its old one.
            keys = {p.key() for p in changed}
            history = [p for p in history if p.key() not in keys]
        fx = await repo.latest_fx_days(connection, 2, as_of=now.date())
        context = SeriesContext(
            listing=listing,
            calendar=get_trading_calendar(listing.calendar),
            as_of=now,
            history=history,
            new_points=changed,
            fx_latest=fx[0] if fx else None,
            fx_previous=fx[1] if len(fx) > 1 else None,
            base_currencies=bases,
        )
        # The stored settings of the listing and its portfolios, read in this transaction.
        rules = await rules_for_listing(
            connection, self._rule_book, listing.listing_id, portfolio_ids
        )
        evaluation = evaluate(context, rules)
        active = await alert_repo.active_alerts(connection, listing.listing_id)
        policies = {rule.name: rule.policy for rule in rules}
        plan = plan_alerts(evaluation, active, policies, now, self._ids())
        await self._apply(connection, plan, actor)
        if changed:
            await events.record(
                connection,
                self._new_id,
                now,
                "PricesIngested",
                ("listing", listing.listing_id),
                actor,
                None,
                None,
                task_run_id=str(run_id),
                inserted=counts.inserted,
                updated=counts.updated,
                unchanged=counts.unchanged,
            )
        return counts, plan

    async def _apply(self, connection: AsyncConnection, plan: AlertPlan, actor: str) -> None:
        now = self._clock.now()
        for alert in plan.opened:
            await alert_repo.insert_alert(connection, alert)
            await events.record(
                connection,
                self._new_id,
                now,
                "AlertOpened",
                ("alert", alert.alert_id),
                actor,
                None,
                alert.to_audit(),
                listing_id=alert.listing_id,
            )
        for before, alert in zip(plan.refreshed_before, plan.refreshed, strict=True):
            await alert_repo.update_alert(connection, alert)
            await events.record(
                connection,
                self._new_id,
                now,
                "AlertSeenAgain",
                ("alert", alert.alert_id),
                actor,
                before.to_audit(),
                alert.to_audit(),
                listing_id=alert.listing_id,
            )
        for alert in plan.resolved:
            await alert_repo.update_alert(connection, alert)
            await events.record(
                connection,
                self._new_id,
                now,
                "AlertResolved",
                ("alert", alert.alert_id),
                alert.resolved_by or actor,
                {**alert.to_audit(), "status": "open"},
                alert.to_audit(),
                listing_id=alert.listing_id,
            )

    async def _enforce_freezes(self, plan: AlertPlan, linked: Sequence[PortfolioRef]) -> list[str]:
        errors: list[str] = []
        for alert in (*plan.opened, *plan.refreshed):
            if alert.freeze:
                errors += await self.freeze_for(alert, [p.portfolio_id for p in linked])
        for alert in plan.resolved:
            if alert.auto_unfreeze:
                errors += await self.unfreeze_for(alert, "data passed the rule again")
        return errors

    async def freeze_for(self, alert: Alert, portfolio_ids: Sequence[str]) -> list[str]:
        """Freeze each portfolio not yet frozen by ``alert``; errors as text."""
        async with self._engine.connect() as connection:
            found = await alert_repo.get_alert(connection, uuid.UUID(alert.alert_id))
        done = set(found[1]) if found else set()
        errors = []
        for portfolio_id in portfolio_ids:
            if portfolio_id in done:
                continue
            try:
                await self._portfolios.freeze(
                    portfolio_id, alert.alert_id, f"{alert.rule}: {alert.message}"
                )
                done.add(portfolio_id)
            except Exception as error:  # the registry may be down; retried next evaluation
                log.warning("freeze.failed", alert_id=alert.alert_id, error=repr(error))
                errors.append(f"freeze {portfolio_id} for {alert.rule} failed: {error!r}")
        async with self._engine.begin() as connection:
            await alert_repo.set_frozen_portfolios(connection, alert.alert_id, sorted(done))
        return errors

    async def unfreeze_for(self, alert: Alert, reason: str) -> list[str]:
        """Lift ``alert``'s freeze from every portfolio it froze; errors as text."""
        async with self._engine.connect() as connection:
            found = await alert_repo.get_alert(connection, uuid.UUID(alert.alert_id))
        errors = []
        for portfolio_id in found[1] if found else []:
            try:
                await self._portfolios.unfreeze(portfolio_id, [alert.alert_id], reason)
            except Exception as error:
                log.warning("unfreeze.failed", alert_id=alert.alert_id, error=repr(error))
                errors.append(f"unfreeze {portfolio_id} for {alert.rule} failed: {error!r}")
        return errors
