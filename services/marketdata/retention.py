"""Retention of the marketdata schema: thin old intraday prices, drop old resolved alerts and runs.

* Intraday points of a UTC day older than the intraday period are deleted
  (the UTC day is how :class:`~services.marketdata.domain.prices.PricePoint`
  dates intraday points; XLON and XSTC sessions both fall inside one). The day
  keeps an EOD point: the provider's, when one exists from any source; else
  one derived from that day's intraday points (close = the last point, open =
  the first, high/low = their extremes, no volume), stamped like every EOD
  point at 00:00 UTC and attributed to the last point's source, so a later
  real EOD bar from that source replaces it by the usual upsert.
* Resolved alerts older than the alerts period, except one that froze
  portfolios and did not lift the freeze on resolution: a registry freeze
  reason may still name it, so it stays until a person deals with it.
* Finished task runs older than the task-runs period (running ones never).
  Price points keep their ``task_run_id``; it then names a run no longer kept.

FX rates and EOD points are never deleted.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import UTC, datetime, time

from sqlalchemy import text
from sqlalchemy.ext.asyncio import AsyncEngine

from taplatform.retention import DeleteRule, RuleContext

# A listing-day holds about 30-100 intraday points at the usual cadences.
POINTS_PER_LISTING_DAY = 100

_DAYS = """
    SELECT DISTINCT listing_id, date_trunc('day', observed_at, 'UTC') AS day
    FROM "{s}".price_points WHERE kind = 'intraday' AND observed_at < :cutoff
"""
_THIN_BATCH = """
WITH days AS ({days} LIMIT :groups),
points AS (
    SELECT p.*, d.day FROM "{s}".price_points p JOIN days d ON p.listing_id = d.listing_id
    WHERE p.kind = 'intraday'
        AND p.observed_at >= d.day AND p.observed_at < d.day + interval '1 day'
),
derived AS (
    INSERT INTO "{s}".price_points (listing_id, observed_at, kind, source, price, currency,
        scale, open, high, low, volume, task_run_id, ingested_at)
    SELECT DISTINCT ON (listing_id, day) listing_id, day, 'eod', source, price, currency, scale,
        first_value(price) OVER same_unit_in_order, max(price) OVER same_unit,
        min(price) OVER same_unit, NULL, NULL, :now
    FROM points p
    WHERE NOT EXISTS (
        SELECT 1 FROM "{s}".price_points e
        WHERE e.listing_id = p.listing_id AND e.kind = 'eod' AND e.observed_at = p.day
    )
    WINDOW same_unit AS (PARTITION BY listing_id, day, currency, scale),
        same_unit_in_order AS (same_unit ORDER BY observed_at)
    ORDER BY listing_id, day, observed_at DESC
    ON CONFLICT DO NOTHING
    RETURNING 1
),
deleted AS (
    DELETE FROM "{s}".price_points t USING days d
    WHERE t.listing_id = d.listing_id AND t.kind = 'intraday'
        AND t.observed_at >= d.day AND t.observed_at < d.day + interval '1 day'
    RETURNING 1
)
SELECT (SELECT count(*) FROM deleted) AS removed, (SELECT count(*) FROM derived) AS derived
"""
_DRY_RUN = """
WITH days AS ({days})
SELECT
    (SELECT count(*) FROM "{s}".price_points
        WHERE kind = 'intraday' AND observed_at < :cutoff) AS removed,
    (SELECT count(*) FROM days d WHERE NOT EXISTS (
        SELECT 1 FROM "{s}".price_points e
        WHERE e.listing_id = d.listing_id AND e.kind = 'eod' AND e.observed_at = d.day
    )) AS derived
"""


def start_of_utc_day(moment: datetime) -> datetime:
    """00:00 UTC of ``moment``'s UTC date: only whole days are thinned."""
    return datetime.combine(moment.astimezone(UTC).date(), time(0), tzinfo=UTC)


@dataclass(frozen=True)
class ThinIntradayRule:
    """Replace the intraday points of old days by one EOD point a listing-day (module doc)."""

    name: str = "price_points.intraday"
    table: str = "price_points"
    period: str = "intraday"
    optional: bool = False

    async def apply(self, engine: AsyncEngine, ctx: RuleContext) -> tuple[int, int]:
        """Thin a batch of listing-days per transaction; returns (removed, derived)."""
        days = _DAYS.format(s=ctx.schema)
        params = {"cutoff": start_of_utc_day(ctx.cutoff), "now": ctx.now}
        if ctx.dry_run:
            async with engine.connect() as connection:
                row = (
                    await connection.execute(text(_DRY_RUN.format(s=ctx.schema, days=days)), params)
                ).one()
            return int(row.removed), int(row.derived)
        statement = text(_THIN_BATCH.format(s=ctx.schema, days=days))
        groups = max(1, ctx.batch_size // POINTS_PER_LISTING_DAY)
        removed = derived = 0
        while True:
            async with engine.begin() as connection:
                row = (await connection.execute(statement, {**params, "groups": groups})).one()
            removed += int(row.removed)
            derived += int(row.derived)
            if not row.removed:
                return removed, derived


RULES = (
    ThinIntradayRule(),
    # FREEZE is a reserved word in PostgreSQL: the column needs quoting.
    DeleteRule(
        name="alerts",
        table="alerts",
        condition=(
            "status = 'resolved' AND resolved_at < :cutoff"
            ' AND (NOT "freeze" OR auto_unfreeze OR cardinality(frozen_portfolio_ids) = 0)'
        ),
        period="alerts",
    ),
    DeleteRule(
        name="task_runs",
        table="task_runs",
        condition="finished_at IS NOT NULL AND finished_at < :cutoff",
        period="task_runs",
    ),
)
# FX rates are tiny and every past run's snapshot may need them; settings are versioned history.
PROTECTED_TABLES = frozenset({"fx_rates", "rule_settings_versions", "ingestion_schedule_versions"})
