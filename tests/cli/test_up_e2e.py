"""``tradingassistant up`` end to end: every real process, their health, a clean Ctrl-C."""

from __future__ import annotations

import asyncio
import re
import signal
import stat
from pathlib import Path

import grpc
import httpx
import psutil
import pytest
from tradingassistant.registry.v1 import registry_pb2 as reg
from tradingassistant.registry.v1 import registry_pb2_grpc

from taplatform.catalog import SERVICES
from taplatform.cli.demo_credentials import DemoCredentials, read_credentials
from taplatform.cli.embedded import free_port
from tests.cli.conftest import CLI, RecordingStream, alive, clean_env
from tests.support import venv_binary

STARTUP_DEADLINE_S = 180.0


async def run(
    *argv: str, env: dict[str, str] | None = None, cwd: Path | None = None
) -> tuple[int, str]:
    process = await asyncio.create_subprocess_exec(
        *argv, env=env, cwd=cwd, stdout=asyncio.subprocess.PIPE, stderr=asyncio.subprocess.STDOUT
    )
    output, _ = await asyncio.wait_for(process.communicate(), 60)
    assert process.returncode is not None
    return process.returncode, output.decode()


async def collect(reader: asyncio.StreamReader, into: RecordingStream) -> None:
    while line := await reader.readline():
        into.write(line.decode(errors="replace"))


async def wait_until_ready(
    up: asyncio.subprocess.Process, readyz: str, log: RecordingStream
) -> None:
    """Poll ``/readyz`` until 200; fail at once if ``up`` exits, or at the deadline."""
    loop = asyncio.get_running_loop()
    deadline = loop.time() + STARTUP_DEADLINE_S
    async with httpx.AsyncClient(timeout=2.0) as client:
        while loop.time() < deadline:
            if up.returncode is not None:
                pytest.fail(f"up exited with {up.returncode}:\n{log.getvalue()}")
            try:
                if (await client.get(readyz)).status_code == 200:
                    return
            except httpx.HTTPError:
                pass
            await asyncio.sleep(0.5)
    pytest.fail(f"{readyz} not ready after {STARTUP_DEADLINE_S} s:\n{log.getvalue()}")


async def check_service(grpcurl: str, name: str, full_name: str, port: int) -> None:
    code, listing = await run(grpcurl, "-plaintext", f"127.0.0.1:{port}", "list")
    assert code == 0, listing
    services = listing.split()
    assert full_name in services, (name, listing)
    assert "grpc.health.v1.Health" in services, (name, listing)
    reflection = {"grpc.reflection.v1alpha.ServerReflection", "grpc.reflection.v1.ServerReflection"}
    assert reflection & set(services), (name, listing)

    code, health = await run(
        grpcurl, "-plaintext", f"127.0.0.1:{port}", "grpc.health.v1.Health/Check"
    )
    assert code == 0, health
    assert '"status": "SERVING"' in health, (name, health)


async def demo_portfolio_names(registry_port: int, credentials: DemoCredentials) -> list[str]:
    """Sign in as the demo admin (password from the credentials file) and list portfolios."""
    assert credentials.password is not None
    async with grpc.aio.insecure_channel(f"127.0.0.1:{registry_port}") as channel:
        stub = registry_pb2_grpc.RegistryServiceStub(channel)
        signed_in = await stub.SignIn(
            reg.SignInRequest(email=credentials.email, password=credentials.password), timeout=10
        )
        metadata = (("authorization", f"Bearer {signed_in.session_token}"),)
        reply = await stub.ListPortfolios(
            reg.ListPortfoliosRequest(), metadata=metadata, timeout=10
        )
    return [p.name for p in reply.portfolios]


@pytest.mark.e2e
async def test_up_serves_every_process_and_a_sigint_stops_them_all(
    new_database, redis_url, redis_client, tmp_path
):
    ports = {spec.name: free_port() for spec in SERVICES}
    http_port = free_port()
    env = clean_env(
        TA_DATABASE_URL=await new_database(),
        TA_REDIS_URL=redis_url,
        TA_HTTP_HOST="127.0.0.1",
        TA_HTTP_PORT=str(http_port),
        **{spec.addr_env: f"127.0.0.1:{ports[spec.name]}" for spec in SERVICES},
    )
    up = await asyncio.create_subprocess_exec(
        *CLI,
        "up",
        "--grace-s",
        "20",
        env=env,
        stdout=asyncio.subprocess.PIPE,
        stderr=asyncio.subprocess.STDOUT,
        cwd=tmp_path,
    )
    assert up.stdout is not None
    log = RecordingStream()
    reading = asyncio.create_task(collect(up.stdout, log))
    try:
        await wait_until_ready(up, f"http://127.0.0.1:{http_port}/readyz", log)
        # Printed after the demo seed and the worker's start.
        await log.wait_for(f"Trading Assistant is ready: http://127.0.0.1:{http_port}/", 120)
        credentials = read_credentials(tmp_path / "var" / "demo-credentials.txt")
        assert credentials is not None and credentials.password is not None, log.getvalue()
        assert await demo_portfolio_names(ports["registry"], credentials) == [
            "Demo portfolio (sample data)"
        ]
        # The worker got the demo's token: its scheduled service jobs are loaded, and its
        # start-up (which installs them) finished, since the relay then publishes the seed's
        # events.
        await log.wait_for("cron:refresh_eod_prices", 60)
        await log.wait_for("outbox.relayed", 60)

        grpcurl = venv_binary("grpcurl")
        for spec in SERVICES:
            await check_service(grpcurl, spec.name, spec.full_name, ports[spec.name])
        code, table = await run(*CLI, "status", env=env)
        assert code == 0, table

        descendants = [p.pid for p in psutil.Process(up.pid).children(recursive=True)]
        assert len(descendants) >= len(SERVICES) + 2

        up.send_signal(signal.SIGINT)
        assert await asyncio.wait_for(up.wait(), 60) == 0, log.getvalue()
    finally:
        if up.returncode is None:
            up.kill()  # its children die with it (parent-death signal)
            await up.wait()
        await asyncio.wait_for(reading, 10)

    output = log.getvalue()
    assert [pid for pid in descendants if alive(pid)] == []
    for name in ("migrate", *ports, "edge", "worker"):
        assert re.search(rf"^{name} +\| ", output, re.MULTILINE), f"no {name} lines:\n{output}"
    assert "using PostgreSQL at postgresql://" in output
    assert not (tmp_path / "var" / "postgres").exists(), "given servers: no embedded ones"
    assert not (tmp_path / "var" / "redis").exists(), "given servers: no embedded ones"
    assert re.search(r"^up +\| demo portfolio \S+ seeded: .*portfolio", output, re.M), output
    assert re.search(r"^up +\| admin: admin@example.com$", output, re.M), output
    # The generated password is printed once, and only by `up` itself.
    assert output.count(credentials.password) == 1, output
    assert re.search(rf"^up +\| password: {re.escape(credentials.password)} ", output, re.M)
    assert "worker.no_token" not in output, output
    assert stat.S_IMODE((tmp_path / "var" / "demo-credentials.txt").stat().st_mode) == 0o600


@pytest.mark.e2e
async def test_up_starts_nothing_and_fails_when_migrate_fails(
    unused_tcp_port_url, redis_url, tmp_path
):
    env = clean_env(TA_DATABASE_URL=unused_tcp_port_url, TA_REDIS_URL=redis_url)

    code, output = await run(*CLI, "up", env=env, cwd=tmp_path)

    assert code == 1, output
    assert re.search(
        r"^up +\| migrate exited with code [1-9]\d*; not starting the stack$", output, re.M
    )
    assert "started registry" not in output
