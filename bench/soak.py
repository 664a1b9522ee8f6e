"""Soak run: the whole stack for N minutes at an accelerated cadence with short retention.

``tradingassistant up`` runs as a subprocess (the real processes) on a scratch
database and a Redis db of its own, with every service cron job and retention
every ``--every-s`` seconds (``TA_WORKER_CRON_EVERY_S``), retention periods of
``--retention-days`` (default 0.001 days = 86 s), and prices from a local
Stooq/ECB double (bench/soak_doubles.py) that answers a new intraday quote on
every call. Each minute the admin runs the engine, approves the advice and
places it on the paper broker (bench/soak_activity.py). Every ``--sample-s``
seconds it records the RSS of each process, rows and size of every table and
Redis memory and streams (bench/soak_sampling.py); at the end it prints the
summary (bench/soak_report.py), writes every sample to bench/results/, stops
the stack with SIGTERM and drops the database.

    .venv/bin/python bench/soak.py [--minutes 10] [--warmup-minutes 2] [--sample-s 15]
"""

from __future__ import annotations

import argparse
import asyncio
import json
import os
import signal
import subprocess
import sys
import tempfile
import time
from datetime import UTC, datetime, timedelta
from pathlib import Path
from typing import Any

import asyncpg
from redis.asyncio import Redis

REPO = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(REPO))

from bench.common import scratch_database  # noqa: E402
from bench.soak_activity import Activity  # noqa: E402
from bench.soak_doubles import MarketDouble, anchor_session, serving  # noqa: E402
from bench.soak_report import print_summary, summarise  # noqa: E402
from bench.soak_sampling import (  # noqa: E402
    now_s,
    process_detail,
    redis_state,
    removed_totals,
    retention_reports,
    rss_by_role,
    table_sizes,
)
from taplatform.catalog import SERVICES  # noqa: E402
from taplatform.cli.demo_credentials import CREDENTIALS_FILE, read_credentials  # noqa: E402
from taplatform.config import ServiceAddresses  # noqa: E402
from taplatform.retention import PERIODS  # noqa: E402

REDIS_URL = os.environ.get("TA_BENCH_SOAK_REDIS_URL", "redis://127.0.0.1:6379/12")
# Ports away from `up`'s defaults, so a developer's own stack keeps running beside it.
GRPC_PORT_BASE = 52051
HTTP_PORT = 18080
READY_LINE = "Trading Assistant is ready"
RESULTS = REPO / "bench" / "results"


def parse_args() -> argparse.Namespace:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--minutes", type=float, default=10.0, help="soak length after start-up")
    parser.add_argument("--warmup-minutes", type=float, default=2.0)
    parser.add_argument("--sample-s", type=float, default=15.0)
    parser.add_argument("--every-s", type=int, default=10, help="TA_WORKER_CRON_EVERY_S")
    parser.add_argument("--retention-days", default="0.001", help="every TA_RETENTION_*_DAYS")
    parser.add_argument("--no-activity", action="store_true", help="no engine runs or orders")
    return parser.parse_args()


def addresses() -> dict[str, str]:
    return {
        f"TA_{spec.name.upper()}_ADDR": f"127.0.0.1:{GRPC_PORT_BASE + i}"
        for i, spec in enumerate(SERVICES)
    }


def stack_env(database_url: str, provider_url: str, as_of: datetime, args: Any) -> dict[str, str]:
    """``up``'s environment: no inherited ``TA_*``, the soak's servers, cadence and retention."""
    env = {k: v for k, v in os.environ.items() if not k.startswith("TA_")}
    env.update(addresses())
    env.update({f"TA_RETENTION_{p.upper()}_DAYS": args.retention_days for p in PERIODS})
    env.update(
        {
            "TA_DATABASE_URL": database_url,
            "TA_REDIS_URL": REDIS_URL,
            "TA_HTTP_PORT": str(HTTP_PORT),
            "TA_MARKETDATA_PRICE_PROVIDER": "stooq",
            "TA_MARKETDATA_STOOQ_URL": provider_url,
            "TA_MARKETDATA_ECB_URL": provider_url,
            "TA_WORKER_CRON_EVERY_S": str(args.every_s),
            "TA_WORKER_CRON_AS_OF": as_of.isoformat(),
            # No fixed metrics ports: they would clash with a developer's own stack.
            "TA_METRICS_PORT": "0",
            "TA_LOG_FORMAT": "json",
            "PYTHONUNBUFFERED": "1",
        }
    )
    return env


async def wait_for_ready(up: asyncio.subprocess.Process, log_path: Path, limit_s: float) -> None:
    """Poll ``up``'s log for its ready line; fail if it exits or the limit passes."""
    deadline = time.monotonic() + limit_s
    while time.monotonic() < deadline:
        text = await asyncio.to_thread(log_path.read_text, encoding="utf-8", errors="replace")
        if READY_LINE in text:
            return
        if up.returncode is not None:
            raise RuntimeError(f"`up` exited with {up.returncode}; see {log_path}")
        await asyncio.sleep(0.5)
    raise RuntimeError(f"the stack was not ready within {limit_s:.0f} s; see {log_path}")


async def stop(up: asyncio.subprocess.Process) -> int:
    """SIGTERM to ``up`` (it stops its children); SIGKILL to its group after 90 s."""
    if up.returncode is None:
        up.send_signal(signal.SIGTERM)
    try:
        return await asyncio.wait_for(up.wait(), 90)
    except TimeoutError:
        os.killpg(up.pid, signal.SIGKILL)
        return await up.wait()


async def sample(start: float, up_pid: int, pg: asyncpg.Connection, redis: Redis) -> dict[str, Any]:
    return {
        "t_s": now_s(start),
        "at": datetime.now(UTC).isoformat(timespec="seconds"),
        "rss": rss_by_role(up_pid),
        "proc": process_detail(up_pid),
        "tables": await table_sizes(pg, [s.schema for s in SERVICES]),
        "redis": await redis_state(redis),
    }


async def soak_loop(
    args: Any, up: asyncio.subprocess.Process, database_url: str, activity: Activity | None
) -> list[dict[str, Any]]:
    """Sample every ``--sample-s`` and act every minute until ``--minutes`` have passed."""
    pg = await asyncpg.connect(database_url)
    redis = Redis.from_url(REDIS_URL)
    # A server with autovacuum off (a test server) never reclaims deleted rows' space;
    # VACUUM each minute (autovacuum's default naptime) stands in, so sizes mean something.
    vacuum = await pg.fetchval("SHOW autovacuum") == "off"
    if vacuum:
        print("autovacuum is off on this server: VACUUM runs every minute in its place")
    samples: list[dict[str, Any]] = []
    start = time.monotonic()
    end = start + args.minutes * 60
    next_sample = next_act = start
    try:
        while (now := time.monotonic()) < end:
            if up.returncode is not None:
                raise RuntimeError(f"`up` exited early with {up.returncode}")
            if now >= next_act:
                if activity is not None:
                    await activity.tick()
                if vacuum:
                    await pg.execute("VACUUM")
                next_act += 60
            if now >= next_sample:
                samples.append(await sample(start, up.pid, pg, redis))
                last = samples[-1]
                print(
                    f"  t={last['t_s']:>6.0f}s rss={sum(last['rss'].values()):.0f} MB"
                    f" rows={sum(t['rows'] for t in last['tables'].values())}"
                    f" redis={last['redis']['used_memory_mb']:.1f} MB",
                    flush=True,
                )
                next_sample += args.sample_s
            # Waits for the next scheduled sample or action, not for a condition.
            await asyncio.sleep(max(0.0, min(next_sample, next_act, end) - time.monotonic()))
        samples.append(await sample(start, up.pid, pg, redis))
    finally:
        await pg.close()
        await redis.aclose()
    return samples


async def run(args: Any) -> int:
    session = anchor_session(datetime.now(UTC))
    as_of = session.open + timedelta(hours=1)
    print(f"anchor session {session.day} (quotes stamped in it), scheduled as_of {as_of}")
    double = MarketDouble.for_demo(session)
    redis = Redis.from_url(REDIS_URL)
    await redis.flushdb()
    RESULTS.mkdir(exist_ok=True)
    stamp = datetime.now(UTC).strftime("%Y%m%dT%H%M%SZ")
    log_path = RESULTS / f"soak-{stamp}.log"
    with tempfile.TemporaryDirectory(prefix="ta-soak-") as var_dir, serving(double) as url:
        async with scratch_database() as database_url:
            with log_path.open("wb") as log:
                up = await asyncio.create_subprocess_exec(
                    *(sys.executable, "-m", "taplatform.cli.main", "up", "--var-dir", var_dir),
                    cwd=REPO,
                    env=stack_env(database_url, url, as_of, args),
                    stdout=log,
                    stderr=subprocess.STDOUT,
                    start_new_session=True,
                )
            activity = None
            try:
                await wait_for_ready(up, log_path, 300)
                print(f"stack ready (log: {log_path})", flush=True)
                if not args.no_activity:
                    credentials = read_credentials(Path(var_dir) / CREDENTIALS_FILE)
                    assert credentials is not None, "up wrote no credentials file"
                    activity = Activity(
                        ServiceAddresses.model_validate(_addr_kwargs()), credentials.worker_token
                    )
                    await activity.prepare()
                samples = await soak_loop(args, up, database_url, activity)
            finally:
                if activity is not None:
                    await activity.close()
                code = await stop(up)
                print(f"`up` stopped with exit status {code}")
    await redis.flushdb()
    await redis.aclose()
    return report(args, samples, log_path, stamp, session.day.isoformat(), activity, double)


def _addr_kwargs() -> dict[str, str]:
    return {key.removeprefix("TA_").lower(): value for key, value in addresses().items()}


def report(
    args: Any,
    samples: list[dict[str, Any]],
    log_path: Path,
    stamp: str,
    anchor: str,
    activity: Activity | None,
    double: MarketDouble,
) -> int:
    reports = retention_reports(log_path)
    removed = removed_totals(reports)
    summary = summarise(samples, args.warmup_minutes * 60)
    counts = dict(activity.counts) if activity else {}
    counts["retention_runs"] = len(reports)
    counts["provider_calls"] = sum(double.calls.values())
    print_summary(summary, removed, counts)
    if activity is not None and activity.errors:
        print("last activity errors: " + " | ".join(activity.errors[-3:]))
    out = RESULTS / f"soak-{stamp}.json"
    document = {
        "args": vars(args),
        "anchor_session": anchor,
        "summary": summary,
        "retention_removed": removed,
        "activity": counts,
        "retention_reports": reports,
        "samples": samples,
    }
    out.write_text(json.dumps(document, indent=1, default=str) + "\n", encoding="utf-8")
    print(f"samples: {out}")
    return 0


if __name__ == "__main__":
    sys.exit(asyncio.run(run(parse_args())))
