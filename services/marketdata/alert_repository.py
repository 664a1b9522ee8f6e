"""Alerts in the ``alerts`` table; a partial unique index keeps one active per (rule, listing)."""

from __future__ import annotations

import uuid
from collections.abc import Sequence
from typing import Any

import sqlalchemy as sa
from sqlalchemy.ext.asyncio import AsyncConnection

from services.marketdata.domain.alerts import Alert, AlertStatus
from services.marketdata.domain.rules import Severity
from services.marketdata.store import alerts

ACTIVE = (AlertStatus.OPEN.value, AlertStatus.ACKNOWLEDGED.value)


def alert_from_row(row: Any) -> Alert:
    return Alert(
        alert_id=str(row.alert_id),
        rule=row.rule,
        listing_id=row.listing_id,
        severity=Severity(row.severity),
        status=AlertStatus(row.status),
        message=row.message,
        details=dict(row.details),
        freeze=row.freeze,
        auto_unfreeze=row.auto_unfreeze,
        opened_at=row.opened_at,
        last_seen_at=row.last_seen_at,
        occurrences=row.occurrences,
        acknowledged_at=row.acknowledged_at,
        acknowledged_by=row.acknowledged_by,
        resolved_at=row.resolved_at,
        resolved_by=row.resolved_by,
        resolution_note=row.resolution_note,
    )


def _values(alert: Alert) -> dict[str, Any]:
    return {
        "rule": alert.rule,
        "listing_id": alert.listing_id,
        "severity": alert.severity.value,
        "status": alert.status.value,
        "message": alert.message,
        "details": dict(alert.details),
        "freeze": alert.freeze,
        "auto_unfreeze": alert.auto_unfreeze,
        "opened_at": alert.opened_at,
        "last_seen_at": alert.last_seen_at,
        "occurrences": alert.occurrences,
        "acknowledged_at": alert.acknowledged_at,
        "acknowledged_by": alert.acknowledged_by,
        "resolved_at": alert.resolved_at,
        "resolved_by": alert.resolved_by,
        "resolution_note": alert.resolution_note,
    }


async def active_alerts(connection: AsyncConnection, listing_id: str) -> dict[str, Alert]:
    """Open or acknowledged alerts of ``listing_id`` by rule, locked for this transaction."""
    rows = await connection.execute(
        sa.select(alerts)
        .where(alerts.c.listing_id == listing_id, alerts.c.status.in_(ACTIVE))
        .with_for_update()
    )
    return {row.rule: alert_from_row(row) for row in rows}


async def insert_alert(connection: AsyncConnection, alert: Alert) -> None:
    await connection.execute(
        sa.insert(alerts).values(alert_id=uuid.UUID(alert.alert_id), **_values(alert))
    )


async def update_alert(connection: AsyncConnection, alert: Alert) -> None:
    await connection.execute(
        sa.update(alerts)
        .where(alerts.c.alert_id == uuid.UUID(alert.alert_id))
        .values(**_values(alert))
    )


async def get_alert(
    connection: AsyncConnection, alert_id: uuid.UUID, *, lock: bool = False
) -> tuple[Alert, list[str]] | None:
    """The alert and the portfolios it froze, or None."""
    query = sa.select(alerts).where(alerts.c.alert_id == alert_id)
    row = (await connection.execute(query.with_for_update() if lock else query)).first()
    return None if row is None else (alert_from_row(row), list(row.frozen_portfolio_ids))


async def set_frozen_portfolios(
    connection: AsyncConnection, alert_id: str, portfolio_ids: Sequence[str]
) -> None:
    """Remember which portfolios an alert froze (for unfreezing and the UI)."""
    await connection.execute(
        sa.update(alerts)
        .where(alerts.c.alert_id == uuid.UUID(alert_id))
        .values(frozen_portfolio_ids=sorted(set(portfolio_ids)))
    )


async def list_alerts(
    connection: AsyncConnection,
    listing_ids: Sequence[str],
    statuses: Sequence[AlertStatus],
    limit: int,
) -> list[tuple[Alert, list[str]]]:
    query = sa.select(alerts).order_by(alerts.c.opened_at.desc(), alerts.c.alert_id)
    if listing_ids:
        query = query.where(alerts.c.listing_id.in_(list(listing_ids)))
    wanted = [s.value for s in statuses] or list(ACTIVE)
    query = query.where(alerts.c.status.in_(wanted)).limit(limit)
    return [
        (alert_from_row(r), list(r.frozen_portfolio_ids)) for r in await connection.execute(query)
    ]
