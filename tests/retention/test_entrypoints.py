"""The worker schedules retention daily; ``tradingassistant retention run`` prints the report."""

from __future__ import annotations

import asyncio
import json
import uuid
from datetime import UTC, datetime, timedelta

from taplatform.config import WorkerSettings
from taplatform.worker import build_worker
from tests.cli.conftest import CLI, clean_env
from tests.retention.conftest import Db


def test_the_worker_runs_retention_daily_at_0315_utc_unless_disabled(redis_url: str) -> None:
    url = "postgresql://postgres@127.0.0.1:5432/unused"

    def retention_jobs(**extra: object) -> list[object]:
        settings = WorkerSettings(database_url=url, redis_url=redis_url, **extra)  # type: ignore[arg-type]
        worker = build_worker(settings, handle_signals=False)
        return [job for job in worker.cron_jobs if job.name == "cron:retention"]

    [job] = retention_jobs()
    assert (job.hour, job.minute, job.second) == ({3}, {15}, {0})  # type: ignore[attr-defined]
    assert retention_jobs(retention_enabled=False) == []


async def run_cli(*args: str, env: dict[str, str]) -> tuple[int, str]:
    process = await asyncio.create_subprocess_exec(
        *CLI, *args, env=env, stdout=asyncio.subprocess.PIPE, stderr=asyncio.subprocess.STDOUT
    )
    output, _ = await process.communicate()
    return int(process.returncode or 0), output.decode()


async def test_retention_run_reports_a_dry_run_then_removes_what_it_reported(
    db: Db, redis_url: str
) -> None:
    published = datetime.now(UTC) - timedelta(days=30)
    await db.execute(
        "INSERT INTO oms.outbox (event_id, event_type, aggregate_type, aggregate_id, payload,"
        " headers, occurred_at, published_at) VALUES (:id, 'T', 't', 'a', '{}', '{}', :at, :at)",
        id=uuid.uuid4(),
        at=published,
    )
    env = clean_env(TA_DATABASE_URL=db.url, TA_REDIS_URL=redis_url, TA_RETENTION_OUTBOX_DAYS="10")

    dry_code, dry = await run_cli("retention", "run", "--dry-run", "--json", env=env)
    assert await db.count("oms.outbox") == 1
    code, text = await run_cli("retention", "run", env=env)

    assert (dry_code, code) == (0, 0), dry + text
    assert json.loads(dry[dry.index("{\n") :])["oms"]["outbox"] == 1
    oms_outbox = (line.split() for line in text.splitlines() if line.startswith("oms "))
    assert next(words for words in oms_outbox if words[1] == "outbox") == [
        "oms",
        "outbox",
        "removed",
        "1",
    ]
    assert "1 row(s) removed; 0 rule(s) failed" in text
    assert await db.count("oms.outbox") == 0
