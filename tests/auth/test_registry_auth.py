"""Authentication and authorisation asked of a registry over gRPC: answers, caches, outages."""

from __future__ import annotations

from collections.abc import AsyncIterator

import grpc
import pytest
from tradingassistant.registry.v1 import registry_pb2 as r

from taplatform.auth.interceptors import AuthInterceptor, PortfolioAccessInterceptor
from taplatform.auth.principal import AuthUnavailableError
from taplatform.auth.registry_auth import (
    RegistryAuthClient,
    RegistryAuthenticator,
    RegistryPortfolioAuthorizer,
)
from taplatform.auth.testing import ManualTimer
from taplatform.errors import NotFoundError, PermissionDeniedError, UnauthenticatedError
from tests.auth.conftest import ALICE, BOB, FakeRegistry
from tests.auth.support import Seen, bearer, method, serving, tenancy_handler


@pytest.fixture
async def client(fake_registry: FakeRegistry) -> AsyncIterator[RegistryAuthClient]:
    client = RegistryAuthClient(fake_registry.addr, timeout_s=5)
    yield client
    await client.close()


async def test_valid_token_resolves_to_its_principal_and_is_cached_for_the_ttl(
    fake_registry: FakeRegistry, client: RegistryAuthClient
) -> None:
    timer = ManualTimer()
    authenticator = RegistryAuthenticator(client, ttl_s=10, timer=timer)
    assert await authenticator.authenticate("alice-token") == ALICE
    timer.advance(9)
    assert await authenticator.authenticate("alice-token") == ALICE
    assert fake_registry.servicer.calls["AuthenticateToken"] == 1
    timer.advance(2)
    assert await authenticator.authenticate("alice-token") == ALICE
    assert fake_registry.servicer.calls["AuthenticateToken"] == 2


async def test_refused_token_is_unauthenticated_and_refused_again_without_asking_briefly(
    fake_registry: FakeRegistry, client: RegistryAuthClient
) -> None:
    timer = ManualTimer()
    authenticator = RegistryAuthenticator(client, ttl_s=10, negative_ttl_s=2, timer=timer)
    for _ in range(3):
        with pytest.raises(UnauthenticatedError):
            await authenticator.authenticate("stolen-token")
    assert fake_registry.servicer.calls["AuthenticateToken"] == 1
    # The token becomes valid (say, it was just created): noticed after the negative TTL.
    fake_registry.servicer.authenticator.tokens["stolen-token"] = BOB
    timer.advance(2.5)
    assert await authenticator.authenticate("stolen-token") == BOB


async def test_zero_ttl_asks_the_registry_every_time(
    fake_registry: FakeRegistry, client: RegistryAuthClient
) -> None:
    authenticator = RegistryAuthenticator(client, ttl_s=0, negative_ttl_s=0)
    await authenticator.authenticate("alice-token")
    await authenticator.authenticate("alice-token")
    assert fake_registry.servicer.calls["AuthenticateToken"] == 2


async def test_unreachable_registry_is_unavailable_not_allowed(unreachable_addr: str) -> None:
    client = RegistryAuthClient(unreachable_addr, timeout_s=1)
    try:
        with pytest.raises(AuthUnavailableError):
            await RegistryAuthenticator(client).authenticate("alice-token")
        with pytest.raises(AuthUnavailableError):
            await RegistryPortfolioAuthorizer(client).authorize(ALICE, "alice-token", "p-alice")
    finally:
        await client.close()


async def test_owner_is_allowed_with_the_callers_own_token_and_the_answer_is_cached(
    fake_registry: FakeRegistry, client: RegistryAuthClient
) -> None:
    timer = ManualTimer()
    authorizer = RegistryPortfolioAuthorizer(client, ttl_s=10, timer=timer)
    await authorizer.authorize(ALICE, "alice-token", "p-alice")
    await authorizer.authorize(ALICE, "alice-token", "p-alice")
    assert fake_registry.servicer.calls["AuthorizePortfolio"] == 1
    # The registry judged the forwarded token: it knows who asked.
    assert fake_registry.servicer.authorizer.checks == {("alice", "p-alice"): 1}
    timer.advance(11)
    await authorizer.authorize(ALICE, "alice-token", "p-alice")
    assert fake_registry.servicer.calls["AuthorizePortfolio"] == 2


async def test_refusals_map_to_domain_errors_and_are_never_cached(
    fake_registry: FakeRegistry, client: RegistryAuthClient
) -> None:
    authorizer = RegistryPortfolioAuthorizer(client, ttl_s=10)
    for _ in range(2):
        with pytest.raises(PermissionDeniedError):
            await authorizer.authorize(BOB, "bob-token", "p-alice")
    with pytest.raises(NotFoundError):
        await authorizer.authorize(BOB, "bob-token", "p-nobody")
    with pytest.raises(UnauthenticatedError):
        await authorizer.authorize(BOB, "revoked-token", "p-alice")
    assert fake_registry.servicer.calls["AuthorizePortfolio"] == 4


async def test_gated_server_answers_unavailable_when_the_registry_is_down(
    unreachable_addr: str,
) -> None:
    client = RegistryAuthClient(unreachable_addr, timeout_s=1)
    interceptors = [
        AuthInterceptor(RegistryAuthenticator(client)),
        PortfolioAccessInterceptor(RegistryPortfolioAuthorizer(client)),
    ]
    seen = Seen()
    try:
        async with (
            serving(interceptors, [tenancy_handler(seen)]) as address,
            grpc.aio.insecure_channel(address) as channel,
        ):
            rpc = channel.unary_unary(
                method("Get"),
                request_serializer=r.GetPortfolioRequest.SerializeToString,
                response_deserializer=r.GetPortfolioResponse.FromString,
            )
            with pytest.raises(grpc.aio.AioRpcError) as raised:
                await rpc(
                    r.GetPortfolioRequest(portfolio_id="p-alice"),
                    metadata=bearer("alice-token"),
                    timeout=10,
                )
    finally:
        await client.close()
    assert raised.value.code() == grpc.StatusCode.UNAVAILABLE
    assert seen.calls == []


async def test_gated_server_unavailable_when_only_authorisation_cannot_be_answered(
    fake_registry: FakeRegistry, unreachable_addr: str
) -> None:
    good, down = (
        RegistryAuthClient(fake_registry.addr),
        RegistryAuthClient(unreachable_addr, timeout_s=1),
    )
    interceptors = [
        AuthInterceptor(RegistryAuthenticator(good)),
        PortfolioAccessInterceptor(RegistryPortfolioAuthorizer(down)),
    ]
    seen = Seen()
    try:
        async with (
            serving(interceptors, [tenancy_handler(seen)]) as address,
            grpc.aio.insecure_channel(address) as channel,
        ):
            rpc = channel.unary_unary(
                method("Get"),
                request_serializer=r.GetPortfolioRequest.SerializeToString,
                response_deserializer=r.GetPortfolioResponse.FromString,
            )
            with pytest.raises(grpc.aio.AioRpcError) as raised:
                await rpc(
                    r.GetPortfolioRequest(portfolio_id="p-alice"),
                    metadata=bearer("alice-token"),
                    timeout=10,
                )
    finally:
        await good.close()
        await down.close()
    assert raised.value.code() == grpc.StatusCode.UNAVAILABLE
    assert seen.calls == []
