"""Each service starts, migrates, serves Health + reflection, and reports its database honestly."""

from __future__ import annotations

import asyncio
import json
import logging
import subprocess

import grpc
import pytest
from grpc_health.v1 import health_pb2, health_pb2_grpc

from taplatform.catalog import SERVICES, ServiceSpec
from taplatform.config import ServiceSettings
from taplatform.grpc.server import NOT_SERVING, SERVING, ServiceHost
from taplatform.migrations import current_revision, head_revision
from taplatform.runner import build_app
from tests.support import DatabaseFactory, venv_binary, wait_for_health


def _settings(database_url: str, redis_url: str) -> ServiceSettings:
    return ServiceSettings(
        database_url=database_url,
        redis_url=redis_url,
        health_probe_interval_s=0.1,
        grpc_reflection_public=True,
    )


@pytest.mark.parametrize("spec", SERVICES, ids=lambda s: s.name)
async def test_service_migrates_and_serves_health_and_reflection(
    spec: ServiceSpec, new_database: DatabaseFactory, redis_url: str
) -> None:
    database_url = await new_database()
    app = build_app(spec.name, _settings(database_url, redis_url))
    async with ServiceHost(app, probe_interval_s=0.1, shutdown_grace_s=0) as host:
        address = f"127.0.0.1:{host.port}"
        assert await wait_for_health(address, SERVING) == SERVING
        assert await wait_for_health(address, SERVING, service=spec.full_name) == SERVING
        assert await current_revision(app.engine, spec) == head_revision(spec)
        listed = await asyncio.to_thread(
            subprocess.run,
            [venv_binary("grpcurl"), "-plaintext", address, "list"],
            capture_output=True,
            text=True,
            timeout=30,
            check=True,
        )
    names = set(listed.stdout.split())
    assert {spec.full_name, "grpc.health.v1.Health"} <= names
    assert any(n.startswith("grpc.reflection.") for n in names), names


async def test_unreachable_database_is_not_serving_with_a_clear_log_line(
    unused_tcp_port_url: str, redis_url: str, caplog: pytest.LogCaptureFixture
) -> None:
    caplog.set_level(logging.INFO)
    app = build_app("ledger", _settings(unused_tcp_port_url, redis_url))
    async with ServiceHost(app, probe_interval_s=0.1, shutdown_grace_s=0) as host:
        address = f"127.0.0.1:{host.port}"
        # Health answers (the process is alive) but says NOT_SERVING.
        assert await wait_for_health(address, NOT_SERVING) == NOT_SERVING
    lines = _unreachable_lines(caplog)
    assert lines, "a log line says the database is unreachable"
    assert lines[0]["service"] == "ledger"
    assert "Error" in lines[0]["error"]


def _unreachable_lines(caplog: pytest.LogCaptureFixture) -> list[dict[str, str]]:
    return [
        r.msg
        for r in caplog.records
        if isinstance(r.msg, dict) and "database unreachable" in str(r.msg.get("event"))
    ]


async def test_database_recovery_turns_serving(
    new_database: DatabaseFactory, unused_tcp_port_url: str, redis_url: str
) -> None:
    app = build_app("oms", _settings(unused_tcp_port_url, redis_url))
    async with ServiceHost(app, probe_interval_s=0.1, shutdown_grace_s=0) as host:
        address = f"127.0.0.1:{host.port}"
        assert await wait_for_health(address, NOT_SERVING) == NOT_SERVING
        # Point the pool at a working database, as when PostgreSQL comes back.
        from taplatform.db import create_engine

        await app.engine.dispose()
        app.database_url = await new_database()
        app.engine = create_engine(app.database_url, application_name="t", pool_size=1)
        assert await wait_for_health(address, SERVING) == SERVING


async def test_stop_turns_not_serving_before_the_server_goes(
    migrated_database_url: str, redis_url: str
) -> None:
    app = build_app("engine", _settings(migrated_database_url, redis_url))
    host = ServiceHost(app, probe_interval_s=0.1, shutdown_grace_s=1)
    await host.start()
    address = f"127.0.0.1:{host.port}"
    assert await wait_for_health(address, SERVING) == SERVING
    seen: list[int] = []
    async with grpc.aio.insecure_channel(address) as channel:
        watch = health_pb2_grpc.HealthStub(channel).Watch(health_pb2.HealthCheckRequest())
        seen.append((await watch.read()).status)
        stopping = asyncio.create_task(host.stop())
        seen.append((await watch.read()).status)
        await stopping
    assert seen == [SERVING, NOT_SERVING]


def test_log_lines_are_json_with_the_process_and_trace_ids(
    capfd: pytest.CaptureFixture[str],
) -> None:
    from opentelemetry.sdk.trace import TracerProvider

    from taplatform.logging import configure_logging, get_logger

    configure_logging("ledger", "INFO", "json")
    try:
        get_logger("t").info("hello", answer=42)
        with TracerProvider().get_tracer("t").start_as_current_span("work") as span:
            get_logger("t").info("inside")
            trace_id = format(span.get_span_context().trace_id, "032x")
        lines = capfd.readouterr().err.strip().splitlines()[-2:]
    finally:
        configure_logging("tests", "INFO", "json")
    outside, inside = (json.loads(line) for line in lines)
    assert outside["event"] == "hello" and outside["answer"] == 42
    assert outside["process"] == "ledger" and outside["level"] == "info"
    assert "trace_id" not in outside
    assert inside["event"] == "inside" and inside["trace_id"] == trace_id
