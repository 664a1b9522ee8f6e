"""Run every retention rule of every service, each as the service's own role, and report.

The worker's daily cron and ``tradingassistant retention run`` both call
:func:`run_retention`. Service rules come from ``services/<svc>/retention.py``
(``RULES`` and ``PROTECTED_TABLES``), found like the worker's jobs modules.
"""

from __future__ import annotations

import importlib
import importlib.util
from collections.abc import Mapping
from dataclasses import dataclass, field
from typing import Any

from arq import cron
from arq.cron import CronJob
from redis.asyncio import Redis
from sqlalchemy.ext.asyncio import AsyncEngine

from taplatform.catalog import SERVICES, ServiceSpec
from taplatform.clock import Clock, SystemClock
from taplatform.config import WorkerSettings
from taplatform.db import create_engine
from taplatform.logging import get_logger
from taplatform.retention import (
    PERIODS,
    Rule,
    RuleContext,
    RuleOutcome,
    apply_rule,
    check_rules,
    cutoff_for,
)
from taplatform.retention_platform import PLATFORM_RULES, replay_horizon
from taplatform.retention_streams import trim_streams

log = get_logger(__name__)
RETENTION_TIMEOUT_S = 3600


@dataclass(frozen=True)
class ServiceRetention:
    """One service's rules (its own and the platform's) and the tables it never deletes from."""

    spec: ServiceSpec
    rules: tuple[Rule, ...]
    protected: frozenset[str]


def service_retention() -> list[ServiceRetention]:
    """Every service's retention, checked: a rule on a protected table stops everything."""
    found = []
    for spec in SERVICES:
        name = f"services.{spec.name}.retention"
        rules: tuple[Rule, ...] = ()
        protected: frozenset[str] = frozenset()
        if importlib.util.find_spec(name) is not None:
            module = importlib.import_module(name)
            rules = tuple(module.RULES)
            protected = frozenset(module.PROTECTED_TABLES)
        every: tuple[Rule, ...] = (*PLATFORM_RULES, *rules)
        check_rules(spec.name, every, protected)
        found.append(ServiceRetention(spec, every, protected))
    return found


@dataclass
class RetentionReport:
    """Every rule's outcome, by service."""

    dry_run: bool
    outcomes: list[RuleOutcome] = field(default_factory=list)

    def as_dict(self) -> dict[str, dict[str, int]]:
        """``{service: {rule: rows removed}}`` (would be removed, on a dry run)."""
        report: dict[str, dict[str, int]] = {}
        for o in self.outcomes:
            report.setdefault(o.service, {})[o.rule] = o.removed
        return report

    @property
    def errors(self) -> list[RuleOutcome]:
        return [o for o in self.outcomes if o.error]

    def lines(self) -> list[str]:
        """The report as text, one rule a line."""
        verb = "would remove" if self.dry_run else "removed"
        lines = []
        for o in self.outcomes:
            line = f"{o.service:<11} {o.rule:<24} {verb} {o.removed}"
            if o.derived:
                line += f" (derived {o.derived} EOD point(s))"
            if o.skipped:
                line = f"{o.service:<11} {o.rule:<24} skipped: {o.skipped}"
            if o.error:
                line = f"{o.service:<11} {o.rule:<24} FAILED: {o.error}"
            lines.append(line)
        return lines


def periods_from(settings: WorkerSettings) -> dict[str, float]:
    """Days (fractional ones too) of every retention period, from ``TA_RETENTION_<PERIOD>_DAYS``."""
    return {period: float(getattr(settings, f"retention_{period}_days")) for period in PERIODS}


async def _extras(redis: Redis | None) -> dict[str, Any]:
    if redis is None:
        return {}
    try:
        return {"replay_horizon": await replay_horizon(redis)}
    except Exception as error:  # Redis down: the inbox rule refuses, the others run
        log.warning("retention.no_replay_horizon", error=repr(error))
        return {}


async def run_retention(
    database_url: str,
    redis: Redis | None,
    periods: Mapping[str, float],
    clock: Clock,
    *,
    batch_size: int = 1000,
    dry_run: bool = False,
    engines: dict[str, AsyncEngine] | None = None,
) -> RetentionReport:
    """Apply every rule of every service; ``dry_run`` counts instead of deleting.

    ``engines`` (by role) are kept for the next run by a long-lived caller (the
    worker), which disposes of them; without it each run opens and closes its own.
    """
    retention = service_retention()
    now = clock.now()
    report = RetentionReport(dry_run)
    # Streams first: the inbox rule's replay horizon is the oldest entry they keep.
    report.outcomes += await trim_streams(redis, cutoff_for(now, periods["streams"]), dry_run)
    extras = await _extras(redis)
    for service in retention:
        role = service.spec.db_role
        engine = (engines or {}).get(role) or create_engine(
            database_url, application_name="ta-retention", pool_size=1, role=role
        )
        if engines is not None:
            engines[role] = engine
        try:
            for rule in service.rules:
                ctx = RuleContext(
                    schema=service.spec.schema,
                    now=now,
                    cutoff=cutoff_for(now, periods[rule.period]),
                    batch_size=batch_size,
                    dry_run=dry_run,
                    extras=extras,
                )
                report.outcomes.append(await apply_rule(engine, service.spec.name, rule, ctx))
        finally:
            if engines is None:
                await engine.dispose()
    for failed in report.errors:
        log.error(
            "retention.rule_failed", service=failed.service, rule=failed.rule, error=failed.error
        )
    log.info("retention.done", dry_run=dry_run, report=report.as_dict(), errors=len(report.errors))
    return report


# The worker's context key for the retention engines, one per service role.
RETENTION_ENGINES = "retention_engines"


async def close_retention_engines(ctx: dict[str, Any]) -> None:
    """Dispose of the engines the retention job kept (call from the worker's shutdown)."""
    for engine in ctx.pop(RETENTION_ENGINES, {}).values():
        await engine.dispose()


def retention_cron_jobs(settings: WorkerSettings) -> list[CronJob]:
    """The daily retention job (03:15 UTC, quiet hours for XLON and XSTC), unless disabled."""
    if not settings.retention_enabled:
        return []

    async def run_retention_job(ctx: dict[str, Any]) -> dict[str, dict[str, int]]:
        report = await run_retention(
            settings.database_url,
            ctx["redis"],
            periods_from(settings),
            SystemClock(),
            batch_size=settings.retention_batch_size,
            engines=ctx.setdefault(RETENTION_ENGINES, {}),
        )
        return report.as_dict()

    return [
        cron(
            run_retention_job,
            name="cron:retention",
            hour={3},
            minute={15},
            second={0},
            timeout=RETENTION_TIMEOUT_S,
        )
    ]
