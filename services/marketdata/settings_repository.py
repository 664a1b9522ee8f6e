"""Rule settings and ingestion schedules in their append-only version tables.

Reads take the newest version per scope (``DISTINCT ON``); writes insert the
next version and report a lost race instead of raising, since the primary
key on (scope, version) is what makes the optimistic check atomic.
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

import sqlalchemy as sa
from sqlalchemy.dialects.postgresql import insert
from sqlalchemy.ext.asyncio import AsyncConnection

from services.marketdata.domain.rule_settings import Scope, StoredRuleSettings
from services.marketdata.domain.schedule import IngestionSchedule, StoredSchedule
from services.marketdata.store import ingestion_schedule_versions as schedules
from services.marketdata.store import rule_settings_versions as rule_settings


def _settings_from_row(row: Any) -> StoredRuleSettings:
    return StoredRuleSettings(
        Scope(row.scope),
        row.scope_id,
        row.version,
        {rule: dict(values) for rule, values in row.rules.items()},
        row.changed_by,
        row.changed_at,
    )


async def latest_rule_settings(
    connection: AsyncConnection, scope: Scope, scope_ids: Sequence[str]
) -> dict[str, StoredRuleSettings]:
    """The version in force of each of ``scope_ids`` that has one, by id."""
    if not scope_ids:
        return {}
    query = (
        sa.select(rule_settings)
        .distinct(rule_settings.c.scope_id)
        .where(rule_settings.c.scope == scope.value, rule_settings.c.scope_id.in_(list(scope_ids)))
        .order_by(rule_settings.c.scope_id, rule_settings.c.version.desc())
    )
    rows = await connection.execute(query)
    return {row.scope_id: _settings_from_row(row) for row in rows}


async def rule_settings_of(
    connection: AsyncConnection, scope: Scope, scope_id: str
) -> StoredRuleSettings:
    """The version in force of one scope; version 0 with no overrides when none is stored."""
    found = await latest_rule_settings(connection, scope, [scope_id])
    return found.get(scope_id) or StoredRuleSettings(scope, scope_id, 0, {})


async def insert_rule_settings(connection: AsyncConnection, stored: StoredRuleSettings) -> bool:
    """Insert ``stored`` as a new version; False when that version exists already."""
    statement = (
        insert(rule_settings)
        .values(
            scope=stored.scope.value,
            scope_id=stored.scope_id,
            version=stored.version,
            rules={rule: dict(values) for rule, values in stored.overrides.items()},
            changed_by=stored.changed_by,
            changed_at=stored.changed_at,
        )
        .on_conflict_do_nothing()
        .returning(rule_settings.c.version)
    )
    return (await connection.execute(statement)).first() is not None


def _schedule_from_row(row: Any) -> StoredSchedule:
    schedule = IngestionSchedule(
        row.intraday_enabled, row.intraday_every_min, row.eod_enabled, row.fx_enabled
    )
    return StoredSchedule(row.portfolio_id, schedule, row.version, row.changed_by, row.changed_at)


async def latest_schedules(
    connection: AsyncConnection, portfolio_ids: Sequence[str] | None = None
) -> dict[str, StoredSchedule]:
    """The schedule in force of each portfolio that stored one (all when ids is None)."""
    query = (
        sa.select(schedules)
        .distinct(schedules.c.portfolio_id)
        .order_by(schedules.c.portfolio_id, schedules.c.version.desc())
    )
    if portfolio_ids is not None:
        if not portfolio_ids:
            return {}
        query = query.where(schedules.c.portfolio_id.in_(list(portfolio_ids)))
    return {row.portfolio_id: _schedule_from_row(row) for row in await connection.execute(query)}


async def schedule_of(connection: AsyncConnection, portfolio_id: str) -> StoredSchedule:
    """The portfolio's schedule in force; version 0 with the defaults when none is stored."""
    found = await latest_schedules(connection, [portfolio_id])
    return found.get(portfolio_id) or StoredSchedule(portfolio_id, IngestionSchedule(), 0)


async def insert_schedule(connection: AsyncConnection, stored: StoredSchedule) -> bool:
    """Insert ``stored`` as a new version; False when that version exists already."""
    statement = (
        insert(schedules)
        .values(
            portfolio_id=stored.portfolio_id,
            version=stored.version,
            changed_by=stored.changed_by,
            changed_at=stored.changed_at,
            **stored.schedule.to_audit(),
        )
        .on_conflict_do_nothing()
        .returning(schedules.c.version)
    )
    return (await connection.execute(statement)).first() is not None
