"""Reading and writing the marketdata tables inside the caller's transaction.

Price points and FX rates are upserted with ``ON CONFLICT``: a key seen
before with the same values is left alone (counted *unchanged*), with other
values it is corrected (counted *updated*); ``xmax = 0`` in ``RETURNING``
tells a fresh insert from an update. Running the same ingestion twice
therefore writes nothing the second time.
"""

from __future__ import annotations

from collections.abc import Sequence
from datetime import date, datetime
from typing import Any

import sqlalchemy as sa
from sqlalchemy.dialects.postgresql import ARRAY, insert
from sqlalchemy.ext.asyncio import AsyncConnection

from services.marketdata.domain.closes import CloseKey, DailyClose
from services.marketdata.domain.prices import PriceKind, PricePoint
from services.marketdata.domain.task_runs import RunCounts
from services.marketdata.domain.units import FX_BASE, EurRates
from services.marketdata.store import fx_rates, price_points

UPSERT_BATCH = 1000
VALUE_COLUMNS = ("price", "currency", "scale", "open", "high", "low", "volume")


def _build_price_upsert() -> Any:
    statement = insert(price_points)
    changed = sa.or_(
        *(price_points.c[n].is_distinct_from(statement.excluded[n]) for n in VALUE_COLUMNS)
    )
    updates = {n: statement.excluded[n] for n in (*VALUE_COLUMNS, "task_run_id", "ingested_at")}
    return statement.on_conflict_do_update(
        index_elements=[c.name for c in price_points.primary_key.columns],
        set_=updates,
        where=changed,
    ).returning(sa.literal_column("(xmax = 0)").label("inserted"))


_PRICE_UPSERT = _build_price_upsert()


def point_row(point: PricePoint, task_run_id: Any, now: datetime) -> dict[str, Any]:
    return {
        "listing_id": point.listing_id,
        "observed_at": point.observed_at,
        "kind": point.kind.value,
        "source": point.source,
        "price": point.price,
        "currency": point.currency,
        "scale": point.scale,
        "open": point.open,
        "high": point.high,
        "low": point.low,
        "volume": point.volume,
        "task_run_id": task_run_id,
        "ingested_at": now,
    }


def point_from_row(row: Any) -> PricePoint:
    return PricePoint(
        listing_id=row.listing_id,
        observed_at=row.observed_at,
        kind=PriceKind(row.kind),
        source=row.source,
        price=row.price,
        currency=row.currency,
        scale=row.scale,
        open=row.open,
        high=row.high,
        low=row.low,
        volume=row.volume,
    )


async def upsert_points(
    connection: AsyncConnection, points: Sequence[PricePoint], task_run_id: Any, now: datetime
) -> RunCounts:
    """Upsert ``points`` stamped with ``task_run_id``; inserted/updated/unchanged counts.

    Inserted and corrected rows carry ``task_run_id`` afterwards, unchanged ones
    keep their old one: :func:`points_of_run` reads back exactly what changed.
    """
    inserted = updated = 0
    for start in range(0, len(points), UPSERT_BATCH):
        rows = [point_row(p, task_run_id, now) for p in points[start : start + UPSERT_BATCH]]
        flags = [bool(r.inserted) for r in await connection.execute(_PRICE_UPSERT, rows)]
        inserted += sum(flags)
        updated += len(flags) - sum(flags)
    unchanged = len(points) - inserted - updated
    return RunCounts(len(points), inserted, updated, unchanged, 0)


async def points_of_run(
    connection: AsyncConnection, listing_id: str, task_run_id: Any
) -> list[PricePoint]:
    """Points of ``listing_id`` last written by ``task_run_id`` (inserted or corrected)."""
    table = price_points
    rows = await connection.execute(
        sa.select(table)
        .where(table.c.listing_id == listing_id, table.c.task_run_id == task_run_id)
        .order_by(table.c.observed_at, table.c.kind, table.c.source)
    )
    return [point_from_row(r) for r in rows]


async def recent_points(
    connection: AsyncConnection, listing_id: str, per_kind: int = 40
) -> list[PricePoint]:
    """The newest ``per_kind`` points of each kind of ``listing_id``, oldest first."""
    table = price_points
    found: list[PricePoint] = []
    for kind in PriceKind:
        rows = await connection.execute(
            sa.select(table)
            .where(table.c.listing_id == listing_id, table.c.kind == kind.value)
            .order_by(table.c.observed_at.desc())
            .limit(per_kind)
        )
        found += [point_from_row(r) for r in rows]
    return sorted(found, key=lambda p: (p.observed_at, p.kind.value, p.source))


async def latest_points(
    connection: AsyncConnection, listing_ids: Sequence[str], kind: PriceKind | None
) -> list[PricePoint]:
    """The newest point of each listing (of ``kind`` if given), in ``listing_ids`` order."""
    table = price_points
    query = sa.select(table).distinct(table.c.listing_id).where(table.c.listing_id.in_(listing_ids))
    if kind is not None:
        query = query.where(table.c.kind == kind.value)
    query = query.order_by(table.c.listing_id, table.c.observed_at.desc(), table.c.source)
    by_id = {r.listing_id: point_from_row(r) for r in await connection.execute(query)}
    return [by_id[i] for i in listing_ids if i in by_id]


async def list_points(
    connection: AsyncConnection,
    listing_id: str,
    kind: PriceKind | None,
    start: datetime | None,
    end: datetime | None,
    limit: int,
) -> list[PricePoint]:
    table = price_points
    query = sa.select(table).where(table.c.listing_id == listing_id)
    if kind is not None:
        query = query.where(table.c.kind == kind.value)
    if start is not None:
        query = query.where(table.c.observed_at >= start)
    if end is not None:
        query = query.where(table.c.observed_at < end)
    query = query.order_by(table.c.observed_at.desc(), table.c.source).limit(limit)
    return [point_from_row(r) for r in await connection.execute(query)]


async def eod_closes(
    connection: AsyncConnection,
    listing_ids: Sequence[str],
    start: datetime,
    end: datetime,
    limit: int,
    after: CloseKey | None = None,
) -> list[DailyClose]:
    """At most ``limit`` EOD points of ``listing_ids`` observed in [start, end), in
    (listing_id, observed_at, source) order, from just past ``after`` when given."""
    table = price_points
    query = sa.select(table.c.listing_id, table.c.observed_at, table.c.source, table.c.price).where(
        table.c.listing_id == sa.any_(sa.literal(list(listing_ids), ARRAY(sa.Text))),
        table.c.kind == PriceKind.EOD.value,
        table.c.observed_at >= start,
        table.c.observed_at < end,
    )
    if after is not None:
        # The whole primary key (kind is fixed), so the index range scan starts past it.
        key = sa.tuple_(table.c.listing_id, table.c.observed_at, table.c.kind, table.c.source)
        past = sa.tuple_(
            sa.literal(after.listing_id, sa.Text),
            sa.literal(after.observed_at, sa.DateTime(timezone=True)),
            sa.literal(PriceKind.EOD.value, sa.Text),
            sa.literal(after.source, sa.Text),
        )
        # The redundant bound on listing_id lets the index scan skip the listings before
        # the key: with `= ANY(...)` alone, PostgreSQL 15 reads each of them through.
        query = query.where(key > past, table.c.listing_id >= after.listing_id)
    # The primary key's order: read straight off the index, no sort.
    query = query.order_by(
        table.c.listing_id, table.c.observed_at, table.c.kind, table.c.source
    ).limit(limit)
    # all() fetches the page at once; iterating the result fetches row by row (slower).
    rows = (await connection.execute(query)).all()
    return [DailyClose(listing_id, at, source, price) for listing_id, at, source, price in rows]


async def upsert_fx(
    connection: AsyncConnection,
    days: Sequence[EurRates],
    source: str,
    task_run_id: Any,
    now: datetime,
) -> RunCounts:
    """Upsert ECB days; counted per (day, currency) rate like price points."""
    statement = insert(fx_rates)
    upsert: Any = statement.on_conflict_do_update(
        index_elements=["as_of", "base_currency", "quote_currency"],
        set_={
            "rate": statement.excluded.rate,
            "source": statement.excluded.source,
            "task_run_id": statement.excluded.task_run_id,
            "ingested_at": statement.excluded.ingested_at,
        },
        where=fx_rates.c.rate != statement.excluded.rate,
    ).returning(sa.literal_column("(xmax = 0)").label("inserted"))
    rows = [
        {
            "as_of": day.as_of,
            "base_currency": FX_BASE,
            "quote_currency": currency,
            "rate": rate,
            "source": source,
            "task_run_id": task_run_id,
            "ingested_at": now,
        }
        for day in days
        for currency, rate in sorted(day.rates.items())
    ]
    if not rows:
        return RunCounts()
    flags = [bool(r.inserted) for r in await connection.execute(upsert, rows)]
    inserted = sum(flags)
    updated = len(flags) - inserted
    return RunCounts(len(rows), inserted, updated, len(rows) - inserted - updated, 0)


async def latest_fx_days(
    connection: AsyncConnection, count: int = 2, as_of: Any = None
) -> list[EurRates]:
    """The newest ``count`` ECB days (on or before ``as_of``), newest first."""
    days_query = sa.select(fx_rates.c.as_of).distinct().order_by(fx_rates.c.as_of.desc())
    if as_of is not None:
        days_query = days_query.where(fx_rates.c.as_of <= as_of)
    days = list((await connection.execute(days_query.limit(count))).scalars())
    if not days:
        return []
    rows = await connection.execute(
        sa.select(fx_rates).where(fx_rates.c.as_of.in_(days), fx_rates.c.base_currency == FX_BASE)
    )
    rates: dict[Any, dict[str, Any]] = {day: {} for day in days}
    for row in rows:
        rates[row.as_of][row.quote_currency] = row.rate
    return [EurRates(day, rates[day]) for day in days]


async def fx_days_between(
    connection: AsyncConnection,
    start: date,
    end: date | None,
    currencies: Sequence[str],
    limit: int,
    after: date | None = None,
) -> list[EurRates]:
    """At most ``limit`` ECB days, oldest first, up to ``end``: from the day in force on
    ``start`` (the newest on or before it), or those after ``after`` when paging on.

    With ``currencies`` only their rates, and only days that publish one of them.
    """

    def scoped(query: Any) -> Any:
        query = query.where(fx_rates.c.base_currency == FX_BASE)
        if currencies:
            query = query.where(fx_rates.c.quote_currency.in_(list(currencies)))
        return query

    days_query = scoped(sa.select(fx_rates.c.as_of).distinct())
    if after is not None:
        days_query = days_query.where(fx_rates.c.as_of > after)
    else:
        in_force = scoped(sa.select(sa.func.max(fx_rates.c.as_of)).where(fx_rates.c.as_of <= start))
        lower = sa.func.coalesce(in_force.scalar_subquery(), start)
        days_query = days_query.where(fx_rates.c.as_of >= lower)
    if end is not None:
        days_query = days_query.where(fx_rates.c.as_of <= end)
    days_query = days_query.order_by(fx_rates.c.as_of).limit(limit)
    days = list((await connection.execute(days_query)).scalars())
    if not days:
        return []
    rows = await connection.execute(
        scoped(sa.select(fx_rates.c.as_of, fx_rates.c.quote_currency, fx_rates.c.rate)).where(
            fx_rates.c.as_of.between(days[0], days[-1])
        )
    )
    rates: dict[Any, dict[str, Any]] = {day: {} for day in days}
    for row in rows:
        rates[row.as_of][row.quote_currency] = row.rate
    return [EurRates(day, rates[day]) for day in days]
