"""Retention: rules that delete old, finished rows in bounded batches, and what they removed.

Each service declares its rules as data in ``services/<svc>/retention.py``
(``RULES`` and ``PROTECTED_TABLES``); the platform adds the outbox, inbox and
idempotency-key rules of every schema (:mod:`taplatform.retention_platform`).
Every rule runs as the service's own database role, so a table the
migrations made append-only (ledger entries, audit events, policy versions,
run snapshots, fills) cannot be deleted even by a wrong rule; a rule naming
a protected table is refused before anything runs, too.

Deletes go ``LIMIT n`` rows per transaction (``ctid = ANY(ARRAY(...))``), so a
large backlog never holds one long lock; a rule is idempotent and safe to run
concurrently (a row is deleted at most once).
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field
from datetime import datetime, timedelta
from typing import Any, Protocol

from sqlalchemy import text
from sqlalchemy.ext.asyncio import AsyncConnection, AsyncEngine

# Settings name each period as ``TA_RETENTION_<PERIOD>_DAYS``.
PERIODS = (
    "intraday",
    "alerts",
    "task_runs",
    "notifications",
    "outbox",
    "inbox",
    "idempotency",
    "streams",
)


class RetentionConfigError(ValueError):
    """A rule is declared wrongly (it names a protected table or an unknown period)."""


@dataclass(frozen=True)
class RuleContext:
    """What one rule run gets: the service's schema, its cutoff and batch size."""

    schema: str
    now: datetime
    cutoff: datetime
    batch_size: int
    dry_run: bool
    # Extra inputs some rules need (the inbox rule: the event streams' replay horizon).
    extras: Mapping[str, Any] = field(default_factory=dict)


@dataclass(frozen=True)
class RuleOutcome:
    """What one rule did in one schema (``removed`` is what it would remove on a dry run)."""

    service: str
    rule: str
    table: str
    removed: int = 0
    derived: int = 0
    skipped: str = ""
    error: str = ""


class Rule(Protocol):
    """A retention rule: a name for the report, the table it deletes from, its period."""

    @property
    def name(self) -> str: ...
    @property
    def table(self) -> str: ...
    @property
    def period(self) -> str: ...
    @property
    def optional(self) -> bool: ...

    async def apply(self, engine: AsyncEngine, ctx: RuleContext) -> tuple[int, int]:
        """Delete what is eligible; returns (rows removed, rows derived)."""
        ...


@dataclass(frozen=True)
class DeleteRule:
    """Delete rows of ``table`` matching ``condition`` (SQL over its columns, ``:cutoff``).

    ``optional``: the table may not exist yet (another service version); skip then.
    ``needs_replay_horizon``: the condition uses ``:replay_horizon``; without it
    (Redis unreachable) the rule refuses rather than guess.
    """

    name: str
    table: str
    condition: str
    period: str
    optional: bool = False
    needs_replay_horizon: bool = False

    async def apply(self, engine: AsyncEngine, ctx: RuleContext) -> tuple[int, int]:
        """Delete in batches until nothing eligible remains; returns (removed, 0)."""
        if self.needs_replay_horizon and "replay_horizon" not in ctx.extras:
            raise RuntimeError("the event streams' replay horizon is unknown: rows kept")
        params = {"cutoff": ctx.cutoff, "now": ctx.now, **ctx.extras}
        target = f'"{ctx.schema}"."{self.table}"'
        if ctx.dry_run:
            async with engine.connect() as connection:
                found = await connection.scalar(
                    text(f"SELECT count(*) FROM {target} WHERE {self.condition}"), params
                )
            return int(found or 0), 0
        # The condition is repeated outside: a row updated meanwhile is re-checked.
        statement = text(
            f"DELETE FROM {target} WHERE ctid = ANY(ARRAY("
            f"SELECT ctid FROM {target} WHERE {self.condition} LIMIT :batch_size"
            f")) AND ({self.condition})"
        )
        return await delete_in_batches(engine, statement, params, ctx.batch_size), 0


async def delete_in_batches(
    engine: AsyncEngine, statement: Any, params: Mapping[str, Any], batch_size: int
) -> int:
    """Run ``statement`` (one batch per transaction) until a batch deletes fewer than a full one."""
    total = 0
    while True:
        async with engine.begin() as connection:
            result = await connection.execute(statement, {**params, "batch_size": batch_size})
        total += result.rowcount
        if result.rowcount < batch_size:
            return total


async def table_exists(connection: AsyncConnection, schema: str, table: str) -> bool:
    """Whether ``schema.table`` exists (and the current role can see it)."""
    found = await connection.scalar(
        text("SELECT to_regclass(:name)"), {"name": f"{schema}.{table}"}
    )
    return found is not None


def check_rules(service: str, rules: tuple[Rule, ...], protected: frozenset[str]) -> None:
    """Refuse a rule that names a protected table or an unknown period, naming it."""
    for rule in rules:
        if rule.table in protected:
            raise RetentionConfigError(
                f"{service} retention rule {rule.name!r} targets protected table {rule.table}"
            )
        if rule.period not in PERIODS:
            raise RetentionConfigError(
                f"{service} retention rule {rule.name!r} has unknown period {rule.period!r}"
            )


async def apply_rule(
    engine: AsyncEngine, service: str, rule: Rule, ctx: RuleContext
) -> RuleOutcome:
    """Run one rule, turning a missing optional table or a failure into the outcome."""
    async with engine.connect() as connection:
        exists = await table_exists(connection, ctx.schema, rule.table)
    if not exists:
        if rule.optional:
            return RuleOutcome(service, rule.name, rule.table, skipped="table does not exist yet")
        return RuleOutcome(service, rule.name, rule.table, error="table missing: run migrate")
    try:
        removed, derived = await rule.apply(engine, ctx)
    except Exception as error:  # one broken rule must not stop the others
        return RuleOutcome(service, rule.name, rule.table, error=f"{type(error).__name__}: {error}")
    return RuleOutcome(service, rule.name, rule.table, removed, derived)


def cutoff_for(now: datetime, days: float) -> datetime:
    """The instant ``days`` (may be fractional) before ``now``: rows older than it are eligible."""
    return now - timedelta(days=days)
