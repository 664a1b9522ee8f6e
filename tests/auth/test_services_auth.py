"""Every real service refuses anonymous calls, still answers Health, and gates reflection.

The services other than the registry ask a stand-in registry here (the sweep
in test_tenancy_sweep.py runs them against the real one).
"""

from __future__ import annotations

import asyncio
import subprocess
from collections.abc import AsyncIterator

import grpc
import pytest
from sqlalchemy import select

from services.ledger.store import platform as ledger_platform
from taplatform.auth.denials import ACCESS_DENIED
from taplatform.catalog import SERVICES, ServiceSpec, service
from taplatform.db import create_engine
from tests.auth.conftest import FakeRegistry
from tests.auth.support import (
    invoke,
    portfolio_scoped,
    request_for,
    running_services,
    service_methods,
)
from tests.support import venv_binary

# The registry RPCs that are public by contract (registry.proto): first-run and sign-in.
REGISTRY_PUBLIC = {"GetSetupState", "CreateFirstAdmin", "SignIn", "AuthenticateToken"}
GATED = [s for s in SERVICES if s.name != "registry"]


@pytest.fixture
async def gated_services(
    migrated_database_url: str, redis_url: str, fake_registry: FakeRegistry
) -> AsyncIterator[dict[str, str]]:
    """marketdata, ledger, engine and oms, asking the stand-in registry."""
    async with running_services(
        [s.name for s in GATED],
        migrated_database_url,
        redis_url,
        registry_addr=fake_registry.addr,
    ) as addresses:
        yield addresses


@pytest.mark.parametrize("spec", SERVICES, ids=lambda s: s.name)
async def test_every_rpc_without_a_token_is_unauthenticated_while_health_serves(
    spec: ServiceSpec, migrated_database_url: str, redis_url: str, fake_registry: FakeRegistry
) -> None:
    async with (
        running_services(
            [spec.name], migrated_database_url, redis_url, registry_addr=fake_registry.addr
        ) as addresses,
        grpc.aio.insecure_channel(addresses[spec.name]) as channel,
    ):
        # running_services waited for Health SERVING, asked without a token.
        methods = [m for m in service_methods(spec) if m.name not in REGISTRY_PUBLIC]
        assert methods
        for method in methods:
            code, response, _ = await invoke(channel, method, request_for(method, "p-alice"))
            assert (method.name, code) == (method.name, grpc.StatusCode.UNAUTHENTICATED)
            assert response is None
    assert fake_registry.servicer.calls["AuthorizePortfolio"] == 0


async def test_unknown_token_is_unauthenticated_in_every_gated_service(
    gated_services: dict[str, str],
) -> None:
    for spec in GATED:
        async with grpc.aio.insecure_channel(gated_services[spec.name]) as channel:
            for method in service_methods(spec):
                code, _, _ = await invoke(channel, method, request_for(method, "p"), "stolen")
                assert (method.name, code) == (method.name, grpc.StatusCode.UNAUTHENTICATED)


async def test_other_users_portfolio_is_denied_in_every_gated_service_and_audited(
    gated_services: dict[str, str], migrated_database_url: str
) -> None:
    checked = 0
    for spec in GATED:
        async with grpc.aio.insecure_channel(gated_services[spec.name]) as channel:
            for method in filter(portfolio_scoped, service_methods(spec)):
                request = request_for(method, "p-alice")
                as_bob = await invoke(channel, method, request, "bob-token")
                as_alice = await invoke(channel, method, request, "alice-token")
                assert as_bob[0] == grpc.StatusCode.PERMISSION_DENIED, (spec.name, method.name)
                assert as_bob[1] is None
                # The owner passes the gate (and then meets whatever the RPC does).
                assert as_alice[0] != grpc.StatusCode.PERMISSION_DENIED, (spec.name, method.name)
                checked += 1
    assert checked >= len(GATED)
    engine = create_engine(migrated_database_url, application_name="ta-tests", pool_size=1)
    try:
        async with engine.connect() as connection:
            outbox = ledger_platform.outbox
            rows = (
                await connection.execute(
                    select(outbox.c.payload).where(outbox.c.event_type == ACCESS_DENIED)
                )
            ).all()
    finally:
        await engine.dispose()
    ledger_scoped = [m for m in service_methods(service("ledger")) if portfolio_scoped(m)]
    bob_denials = [p for (p,) in rows if p["actor_user_id"] == "bob"]
    assert len(bob_denials) >= len(ledger_scoped)
    assert {p["portfolio_id"] for p in bob_denials} == {"p-alice"}
    assert {p["service"] for p in bob_denials} == {"ledger"}


async def _grpcurl(*args: str) -> subprocess.CompletedProcess[str]:
    return await asyncio.to_thread(
        subprocess.run,
        [venv_binary("grpcurl"), "-plaintext", *args],
        capture_output=True,
        text=True,
        timeout=30,
    )


async def test_reflection_needs_a_token_by_default(
    migrated_database_url: str, redis_url: str, fake_registry: FakeRegistry
) -> None:
    async with running_services(
        ["ledger"], migrated_database_url, redis_url, registry_addr=fake_registry.addr
    ) as addresses:
        anonymous = await _grpcurl(addresses["ledger"], "list")
        with_token = await _grpcurl(
            "-H", "authorization: Bearer alice-token", addresses["ledger"], "list"
        )
    assert anonymous.returncode != 0
    assert "Unauthenticated" in anonymous.stderr
    assert with_token.returncode == 0, with_token.stderr
    assert service("ledger").full_name in with_token.stdout.split()


async def test_reflection_is_public_when_configured_for_local_use(
    migrated_database_url: str, redis_url: str, fake_registry: FakeRegistry
) -> None:
    async with running_services(
        ["oms"],
        migrated_database_url,
        redis_url,
        registry_addr=fake_registry.addr,
        grpc_reflection_public=True,
    ) as addresses:
        listed = await _grpcurl(addresses["oms"], "list")
        # Public reflection opens only reflection: the API itself still needs a token.
        called = await _grpcurl(addresses["oms"], f"{service('oms').full_name}/ListOrders")
    assert listed.returncode == 0, listed.stderr
    assert service("oms").full_name in listed.stdout.split()
    assert called.returncode != 0 and "Unauthenticated" in called.stderr
