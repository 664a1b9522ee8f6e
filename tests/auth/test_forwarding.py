"""Service-to-service calls carry the originating user: A serves alice and calls B as alice."""

from __future__ import annotations

from collections.abc import AsyncIterator
from typing import Any

import grpc
import pytest
from tradingassistant.registry.v1 import registry_pb2 as r

from taplatform.auth.interceptors import AuthInterceptor, PortfolioAccessInterceptor
from taplatform.auth.testing import (
    FakeAuthenticator,
    FakePortfolioAuthorizer,
    RecordingDenialRecorder,
)
from taplatform.grpc.client import open_channel
from tests.auth.conftest import ALICE, BOB
from tests.auth.support import Seen, bearer, method, serving, tenancy_handler

TOKENS = {"alice-token": ALICE, "bob-token": BOB}
RELAY = "test.v1.Relay"


def relay_handler(b_addr: str) -> grpc.GenericRpcHandler:
    """A's one RPC: ask B for the portfolio; "as-bob:<id>" asks with an explicit token."""

    async def relay(request: r.GetPortfolioRequest, context: Any) -> r.GetPortfolioResponse:
        explicit, _, portfolio_id = request.portfolio_id.rpartition(":")
        async with open_channel(b_addr) as channel:
            call = channel.unary_unary(
                method("Get"),
                request_serializer=r.GetPortfolioRequest.SerializeToString,
                response_deserializer=r.GetPortfolioResponse.FromString,
            )
            metadata = bearer("bob-token") if explicit == "as-bob" else None
            reply: r.GetPortfolioResponse = await call(
                r.GetPortfolioRequest(portfolio_id=portfolio_id), metadata=metadata, timeout=5
            )
            return reply

    handler = grpc.unary_unary_rpc_method_handler(
        relay, r.GetPortfolioRequest.FromString, r.GetPortfolioResponse.SerializeToString
    )
    return grpc.method_handlers_generic_handler(RELAY, {"Get": handler})


class Chain:
    def __init__(
        self, a: grpc.aio.Channel, b_addr: str, b_seen: Seen, b_denials: RecordingDenialRecorder
    ) -> None:
        self.a, self.b_addr, self.b_seen, self.b_denials = a, b_addr, b_seen, b_denials

    async def via_a(self, portfolio_id: str, token: str) -> r.GetPortfolioResponse:
        call = self.a.unary_unary(
            f"/{RELAY}/Get",
            request_serializer=r.GetPortfolioRequest.SerializeToString,
            response_deserializer=r.GetPortfolioResponse.FromString,
        )
        reply: r.GetPortfolioResponse = await call(
            r.GetPortfolioRequest(portfolio_id=portfolio_id), metadata=bearer(token), timeout=10
        )
        return reply


@pytest.fixture
async def chain() -> AsyncIterator[Chain]:
    b_seen, b_denials = Seen(), RecordingDenialRecorder()
    owners = {"p-alice": "alice", "p-bob": "bob"}
    b_interceptors = [
        AuthInterceptor(FakeAuthenticator(TOKENS)),
        PortfolioAccessInterceptor(FakePortfolioAuthorizer(owners), recorder=b_denials),
    ]
    a_interceptors = [AuthInterceptor(FakeAuthenticator(TOKENS))]
    async with (
        serving(b_interceptors, [tenancy_handler(b_seen)]) as b_addr,
        serving(a_interceptors, [relay_handler(b_addr)]) as a_addr,
        grpc.aio.insecure_channel(a_addr) as a,
    ):
        yield Chain(a, b_addr, b_seen, b_denials)


async def test_b_sees_the_user_who_called_a(chain: Chain) -> None:
    reply = await chain.via_a("p-alice", "alice-token")
    assert reply.portfolio.portfolio_id == "p-alice"
    assert chain.b_seen.calls == [("Get", ALICE, "alice-token")]


async def test_b_judges_the_forwarded_user_not_the_calling_service(chain: Chain) -> None:
    with pytest.raises(grpc.aio.AioRpcError):
        await chain.via_a("p-bob", "alice-token")
    assert chain.b_seen.calls == []
    assert [(d.actor_user_id, d.portfolio_id) for d in chain.b_denials.denials] == [
        ("alice", "p-bob")
    ]


async def test_a_call_that_sets_its_own_token_keeps_it(chain: Chain) -> None:
    await chain.via_a("as-bob:p-bob", "alice-token")
    assert chain.b_seen.calls == [("Get", BOB, "bob-token")]


async def test_outside_any_rpc_nothing_is_forwarded(chain: Chain) -> None:
    async with open_channel(chain.b_addr) as channel:
        call = channel.unary_unary(
            method("Get"),
            request_serializer=r.GetPortfolioRequest.SerializeToString,
            response_deserializer=r.GetPortfolioResponse.FromString,
        )
        with pytest.raises(grpc.aio.AioRpcError) as raised:
            await call(r.GetPortfolioRequest(portfolio_id="p-alice"), timeout=5)
    assert raised.value.code() == grpc.StatusCode.UNAUTHENTICATED
