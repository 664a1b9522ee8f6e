"""``tradingassistant retention run [--dry-run] [--json]``: the retention job, by hand.

It runs the same rules as the worker's daily cron (:mod:`taplatform.retention_run`)
with the same ``TA_RETENTION_*`` settings and prints what was (or would be)
removed. Exit status 1 when a rule failed.
"""

from __future__ import annotations

import asyncio
import json
from typing import TextIO

from redis.asyncio import Redis

from taplatform.clock import SystemClock
from taplatform.config import WorkerSettings
from taplatform.retention_run import RetentionReport, periods_from, run_retention


async def _run(settings: WorkerSettings, dry_run: bool) -> RetentionReport:
    redis = Redis.from_url(settings.redis_url)
    try:
        return await run_retention(
            settings.database_url,
            redis,
            periods_from(settings),
            SystemClock(),
            batch_size=settings.retention_batch_size,
            dry_run=dry_run,
        )
    finally:
        await redis.aclose()


def run_retention_command(
    settings: WorkerSettings, dry_run: bool, as_json: bool, out: TextIO
) -> int:
    """Run every rule once and print the report."""
    report = asyncio.run(_run(settings, dry_run))
    if as_json:
        print(json.dumps(report.as_dict(), indent=2, sort_keys=True), file=out)
    else:
        for line in report.lines():
            print(line, file=out)
        total = sum(o.removed for o in report.outcomes)
        verb = "would be removed" if dry_run else "removed"
        print(f"{total} row(s) {verb}; {len(report.errors)} rule(s) failed", file=out)
    return 1 if report.errors else 0
