"""The tenancy sweep (issue 3): user B gets nothing of user A's, from any RPC of any service.

All five services run in-process against one fresh database, with the real
registry answering for identity and ownership. The portfolio-scoped RPCs are
found from the protobuf descriptors, so an RPC added later is swept too.
"""

from __future__ import annotations

import asyncio
import importlib
import json
import subprocess
from collections.abc import AsyncIterator, Callable

import grpc
import pytest
import redis.asyncio as aioredis
from tradingassistant.common.v1 import types_pb2
from tradingassistant.registry.v1 import registry_pb2 as r
from tradingassistant.registry.v1 import registry_pb2_grpc

from taplatform.auth.denials import ACCESS_DENIED
from taplatform.catalog import SERVICES, service
from taplatform.db import create_engine
from taplatform.outbox import OutboxRelay
from tests.auth.support import (
    bearer,
    invoke,
    portfolio_scoped,
    request_for,
    running_services,
    service_methods,
)
from tests.auth.sweep_world import World, build_world
from tests.support import DatabaseFactory, venv_binary

READ_PREFIXES = ("Get", "List", "Check")


@pytest.fixture(scope="module")
async def world(new_database: DatabaseFactory, redis_url: str) -> AsyncIterator[World]:
    """Five services on one fresh database; A owns a portfolio with a sleeve and a listing."""
    database_url = await new_database()
    names = [s.name for s in SERVICES]
    async with (
        running_services(names, database_url, redis_url) as addresses,
        grpc.aio.insecure_channel(addresses["registry"]) as channel,
    ):
        stub = registry_pb2_grpc.RegistryServiceStub(channel)
        yield await build_world(stub, addresses, database_url, redis_url)


def _leaks(world: World, payload: bytes | str) -> list[str]:
    text = payload if isinstance(payload, str) else payload.decode("utf-8", "replace")
    return [secret for secret in world.secrets if secret in text]


async def test_second_user_is_denied_every_portfolio_scoped_rpc_of_every_service(
    world: World,
) -> None:
    swept: dict[str, list[str]] = {}
    for spec in SERVICES:
        async with grpc.aio.insecure_channel(world.addresses[spec.name]) as channel:
            for method in filter(portfolio_scoped, service_methods(spec)):
                request = request_for(method, world.portfolio_id)
                code, response, details = await invoke(channel, method, request, world.b_session)
                assert (method.name, code) == (method.name, grpc.StatusCode.PERMISSION_DENIED)
                assert response is None
                # The refusal names the id B sent and nothing else of A's.
                assert _leaks(world, details.replace(world.portfolio_id, "")) == [], method.name
                swept.setdefault(spec.name, []).append(method.name)
    # marketdata's RPCs name listings (shared reference data), not portfolios.
    assert {"registry", "ledger", "engine", "oms"} <= set(swept)
    assert {"GetPortfolio", "ListSleeves", "ListAuditEvents"} <= set(swept["registry"])


async def test_owner_passes_the_same_gates(world: World) -> None:
    # On A's scratch portfolio: these bare requests may change it.
    for spec in SERVICES:
        async with grpc.aio.insecure_channel(world.addresses[spec.name]) as channel:
            for method in filter(portfolio_scoped, service_methods(spec)):
                request = request_for(method, world.scratch_portfolio_id)
                code, _, _ = await invoke(channel, method, request, world.a_session)
                assert code not in (
                    grpc.StatusCode.PERMISSION_DENIED,
                    grpc.StatusCode.UNAUTHENTICATED,
                ), (spec.name, method.name)


async def test_a_service_account_passes_every_portfolio_gate_of_every_service(
    world: World,
) -> None:
    # A's second scratch portfolio: the bare requests may change it.
    passed: list[str] = []
    for spec in SERVICES:
        async with grpc.aio.insecure_channel(world.addresses[spec.name]) as channel:
            for method in filter(portfolio_scoped, service_methods(spec)):
                request = request_for(method, world.service_scratch_portfolio_id)
                code, _, details = await invoke(channel, method, request, world.service_token)
                assert code != grpc.StatusCode.UNAUTHENTICATED, (spec.name, method.name)
                # Refusals the gate would give ("belongs to another user") never come.
                assert "another user" not in details, (spec.name, method.name, details)
                assert "permission denied" not in details.lower(), (spec.name, method.name)
                passed.append(method.name)
    assert {"GetPortfolio", "ListHoldings", "ListHolders", "ListAuditEvents"} <= set(passed)


async def test_reads_that_name_no_portfolio_return_none_of_the_first_users_data(
    world: World,
) -> None:
    registry = service("registry")
    listing = next(m for m in service_methods(registry) if m.name == "ListPortfolios")
    async with grpc.aio.insecure_channel(world.addresses["registry"]) as channel:
        # Control: the owner's own listing does contain what B must not see.
        _, mine, _ = await invoke(channel, listing, request_for(listing, ""), world.a_session)
        assert _leaks(world, mine.SerializeToString())
    probed = 0
    for spec in SERVICES:
        async with grpc.aio.insecure_channel(world.addresses[spec.name]) as channel:
            for method in service_methods(spec):
                if not method.name.startswith(READ_PREFIXES):
                    continue
                empty = request_for(method, "")
                code, response, details = await invoke(channel, method, empty, world.b_session)
                payload = response.SerializeToString() if response is not None else details
                assert _leaks(world, payload) == [], (spec.name, method.name, code)
                probed += 1
    assert probed > 0


async def _grpcurl(*args: str) -> subprocess.CompletedProcess[str]:
    return await asyncio.to_thread(
        subprocess.run,
        [venv_binary("grpcurl"), "-plaintext", *args],
        capture_output=True,
        text=True,
        timeout=30,
    )


async def test_grpcurl_with_an_api_token_calls_the_registry_as_its_user(world: World) -> None:
    address = world.addresses["registry"]
    get_current_user = "tradingassistant.registry.v1.RegistryService/GetCurrentUser"
    header = f"authorization: Bearer {world.a_api_token}"
    called = await _grpcurl("-H", header, address, get_current_user)
    assert called.returncode == 0, called.stderr
    assert json.loads(called.stdout)["user"]["email"] == "alice@sweep.test"
    # Reflection may use the token; the RPC itself gets none.
    anonymous = await _grpcurl("-reflect-header", header, address, get_current_user)
    assert anonymous.returncode != 0
    assert "Unauthenticated" in anonymous.stderr


async def test_grpcurl_api_token_reaches_other_services_only_for_its_own_portfolio(
    world: World,
) -> None:
    address = world.addresses["ledger"]
    holdings = "tradingassistant.ledger.v1.LedgerService/ListHoldings"
    body = json.dumps({"portfolio_id": world.portfolio_id})
    own = await _grpcurl(
        "-H", f"authorization: Bearer {world.a_api_token}", "-d", body, address, holdings
    )
    other = await _grpcurl(
        "-H", f"authorization: Bearer {world.b_api_token}", "-d", body, address, holdings
    )
    assert "Unauthenticated" not in own.stderr and "PermissionDenied" not in own.stderr
    assert other.returncode != 0 and "PermissionDenied" in other.stderr


async def test_denials_in_other_services_reach_the_owners_audit_log(world: World) -> None:
    holdings = next(m for m in service_methods(service("ledger")) if m.name == "ListHoldings")
    async with grpc.aio.insecure_channel(world.addresses["ledger"]) as channel:
        code, _, _ = await invoke(
            channel, holdings, request_for(holdings, world.portfolio_id), world.b_api_token
        )
    assert code == grpc.StatusCode.PERMISSION_DENIED
    await _relay_outboxes(world)
    events = await _poll_audit(world, lambda e: e.event_type == ACCESS_DENIED)
    assert events, "AccessDenied events reach the registry's audit log"
    assert {e.actor_user_id for e in events} == {world.b_user_id}
    assert {e.portfolio_id for e in events} == {world.portfolio_id}


async def _relay_outboxes(world: World) -> None:
    """What the worker's outbox relay does, once, for every service."""
    engine = create_engine(world.database_url, application_name="ta-tests", pool_size=1)
    redis = aioredis.Redis.from_url(world.redis_url)
    try:
        for spec in SERVICES:
            store = importlib.import_module(f"services.{spec.name}.store")
            await OutboxRelay(engine, store.platform.outbox, redis, spec.name).relay_all()
    finally:
        await redis.aclose()
        await engine.dispose()


async def _poll_audit(
    world: World, wanted: Callable[[r.AuditEvent], bool], deadline_s: float = 15.0
) -> list[r.AuditEvent]:
    """A's audit events for the portfolio that match ``wanted``, once the consumer stored any."""
    loop = asyncio.get_running_loop()
    until = loop.time() + deadline_s
    async with grpc.aio.insecure_channel(world.addresses["registry"]) as channel:
        stub = registry_pb2_grpc.RegistryServiceStub(channel)
        while True:
            reply = await stub.ListAuditEvents(
                r.ListAuditEventsRequest(
                    portfolio_id=world.portfolio_id, page=types_pb2.PageRequest(page_size=100)
                ),
                metadata=bearer(world.a_session),
                timeout=10,
            )
            found = [e for e in reply.events if wanted(e)]
            if found or loop.time() > until:
                return found
            await asyncio.sleep(0.1)
