"""The accelerated cadence: service cron jobs and retention every N seconds, the relay as before."""

from __future__ import annotations

from datetime import UTC, datetime
from typing import Any
from zoneinfo import ZoneInfo

import pytest
from arq.cron import CronJob
from pydantic import ValidationError

from services.marketdata.jobs import slot_of
from taplatform.config import WorkerSettings, describe_error
from taplatform.worker import build_worker

URLS: dict[str, Any] = {
    "database_url": "postgresql://postgres@127.0.0.1:5432/unused",
    "redis_url": "redis://127.0.0.1:6379/0",
}
RELAY = "cron:relay_outboxes"
AS_OF = datetime(2026, 11, 18, 10, 30, tzinfo=UTC)


def cron_jobs(**settings: Any) -> dict[str, CronJob]:
    config = WorkerSettings(**URLS, worker_api_token="tat_example", **settings)
    return {job.name: job for job in build_worker(config, handle_signals=False).cron_jobs}


def test_every_service_job_and_retention_run_every_n_seconds_but_the_relay_keeps_its_own() -> None:
    normal = cron_jobs()
    fast = cron_jobs(worker_cron_every_s=10)

    assert fast.keys() == normal.keys()
    assert {"cron:refresh_intraday_prices", "cron:run_due_portfolios", "cron:retention"} < set(fast)
    for name, job in fast.items():
        kept = normal[name]
        assert (job.timeout_s, job.unique, job.max_tries) == (
            kept.timeout_s,
            kept.unique,
            kept.max_tries,
        ), name
        if name == RELAY:
            assert (job.minute, job.second) == (kept.minute, kept.second)
            continue
        assert (job.hour, job.minute, job.second) == (None, None, set(range(0, 60, 10))), name
        job.calculate_next(datetime(2026, 11, 21, 22, 0, 3))
        assert job.next_run == datetime(2026, 11, 21, 22, 0, 10, 123456), name


def test_a_cadence_of_whole_minutes_ticks_on_the_minute() -> None:
    retention = cron_jobs(worker_cron_every_s=120)["cron:retention"]

    assert (retention.minute, retention.second) == (set(range(0, 60, 2)), {0})
    retention.calculate_next(datetime(2026, 11, 21, 22, 0, 3))
    assert retention.next_run == datetime(2026, 11, 21, 22, 2, 0, 123456)


@pytest.mark.parametrize("every_s", [7, 45, 90, 0, 7200])
def test_a_cadence_that_does_not_tile_a_minute_or_an_hour_is_refused(every_s: int) -> None:
    with pytest.raises(ValidationError) as caught:
        WorkerSettings(**URLS, worker_cron_every_s=every_s)

    assert describe_error(caught.value).startswith("configuration error: TA_WORKER_CRON_EVERY_S:")


def test_a_fixed_as_of_needs_the_accelerated_cadence_and_a_time_zone() -> None:
    with pytest.raises(ValidationError, match="needs TA_WORKER_CRON_EVERY_S"):
        WorkerSettings(**URLS, worker_cron_as_of=AS_OF)
    with pytest.raises(ValidationError) as caught:
        WorkerSettings(**URLS, worker_cron_every_s=10, worker_cron_as_of=datetime(2026, 11, 18))
    assert "TA_WORKER_CRON_AS_OF" in describe_error(caught.value)


def test_an_accelerated_refresh_stands_for_the_fixed_as_of_else_for_its_cron_slot() -> None:
    slot = datetime(2026, 11, 21, 22, 0, 10, tzinfo=UTC)
    job_id = f"cron:refresh_intraday_prices:{int(slot.timestamp() * 1000)}"

    warsaw = AS_OF.astimezone(ZoneInfo("Europe/Warsaw"))  # an offset must not shift the instant
    fixed = slot_of({"job_id": job_id, "cron_as_of": warsaw})
    own = slot_of({"job_id": job_id, "cron_as_of": None})

    assert fixed is not None and fixed.ToDatetime(tzinfo=UTC) == AS_OF
    assert own is not None and own.ToDatetime(tzinfo=UTC) == slot
