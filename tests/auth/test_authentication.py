"""AuthInterceptor on a real gRPC server: tokens, public methods, Health and reflection."""

from __future__ import annotations

import logging

import grpc
import pytest
from grpc_health.v1 import health_pb2, health_pb2_grpc
from grpc_reflection.v1alpha import reflection_pb2, reflection_pb2_grpc
from tradingassistant.registry.v1 import registry_pb2 as r

from taplatform.auth.testing import RecordingDenialRecorder
from tests.auth.gated import ALICE, BOB, GatedServer, gated_server, log_events
from tests.auth.support import bearer, method

# --- authentication ------------------------------------------------------------------


async def test_call_without_a_token_is_unauthenticated_and_never_reaches_the_handler(
    server: GatedServer, caplog: pytest.LogCaptureFixture
) -> None:
    caplog.set_level(logging.INFO)
    error = await server.fails("Get", r.GetPortfolioRequest(portfolio_id="p-alice"))
    assert error.code() == grpc.StatusCode.UNAUTHENTICATED
    assert "Bearer" in (error.details() or "")
    assert server.seen.calls == []
    (line,) = log_events(caplog, "auth.unauthenticated")
    assert line["method"] == method("Get") and line["reason"] == "MISSING_BEARER_TOKEN"


async def test_unknown_token_is_unauthenticated_and_the_log_never_holds_the_token(
    server: GatedServer, caplog: pytest.LogCaptureFixture
) -> None:
    caplog.set_level(logging.INFO)
    secret = "not-a-real-token-4f1b2c"
    error = await server.fails("Get", r.GetPortfolioRequest(portfolio_id="p-alice"), secret)
    assert error.code() == grpc.StatusCode.UNAUTHENTICATED
    assert server.seen.calls == []
    assert [line["reason"] for line in log_events(caplog, "auth.unauthenticated")] == [
        "INVALID_TOKEN"
    ]
    assert secret not in caplog.text and secret not in (error.details() or "")


@pytest.mark.parametrize("header", ["alice-token", "Basic alice-token", "Bearer", "Bearer a b"])
async def test_malformed_authorization_header_is_unauthenticated(
    server: GatedServer, header: str
) -> None:
    rpc = server.channel.unary_unary(
        method("Get"),
        request_serializer=r.GetPortfolioRequest.SerializeToString,
        response_deserializer=r.GetPortfolioResponse.FromString,
    )
    with pytest.raises(grpc.aio.AioRpcError) as raised:
        await rpc(
            r.GetPortfolioRequest(portfolio_id="p-alice"), metadata=(("authorization", header),)
        )
    assert raised.value.code() == grpc.StatusCode.UNAUTHENTICATED
    assert server.seen.calls == []


async def test_valid_token_gives_the_handler_its_principal_and_bearer(server: GatedServer) -> None:
    reply = await server.call(
        "Get", r.GetPortfolioRequest(portfolio_id="p-alice"), r.GetPortfolioResponse, "alice-token"
    )
    assert reply.portfolio.portfolio_id == "p-alice"
    assert server.seen.calls == [("Get", ALICE, "alice-token")]


async def test_scheme_is_case_insensitive(server: GatedServer) -> None:
    rpc = server.channel.unary_unary(
        method("Setup"),
        request_serializer=r.GetSetupStateRequest.SerializeToString,
        response_deserializer=r.GetSetupStateResponse.FromString,
    )
    await server.call("ListMany", r.ListSleevesRequest(), r.ListSleevesResponse, "bob-token")
    reply = await rpc(r.GetSetupStateRequest(), metadata=(("authorization", "bearer bob-token"),))
    assert reply.needs_first_admin
    assert [c[1] for c in server.seen.calls] == [BOB, None]


async def test_public_method_is_served_without_a_token_and_without_a_principal(
    server: GatedServer,
) -> None:
    reply = await server.call("Setup", r.GetSetupStateRequest(), r.GetSetupStateResponse)
    assert reply.needs_first_admin
    assert server.seen.calls == [("Setup", None, None)]


async def test_health_answers_serving_without_a_token(server: GatedServer) -> None:
    reply = await health_pb2_grpc.HealthStub(server.channel).Check(
        health_pb2.HealthCheckRequest(), timeout=5
    )
    assert reply.status == health_pb2.HealthCheckResponse.SERVING


async def _list_services(channel: grpc.aio.Channel, token: str | None = None) -> list[str]:
    stub = reflection_pb2_grpc.ServerReflectionStub(channel)
    call = stub.ServerReflectionInfo(
        iter([reflection_pb2.ServerReflectionRequest(list_services="")]),
        metadata=bearer(token) if token else None,
        timeout=5,
    )
    names = []
    async for reply in call:
        names += [s.name for s in reply.list_services_response.service]
    return names


async def test_reflection_needs_a_token_unless_public(
    server: GatedServer, recorder: RecordingDenialRecorder
) -> None:
    with pytest.raises(grpc.aio.AioRpcError) as raised:
        await _list_services(server.channel)
    assert raised.value.code() == grpc.StatusCode.UNAUTHENTICATED
    assert "grpc.health.v1.Health" in await _list_services(server.channel, "alice-token")
    async with gated_server(recorder, public_reflection=True) as public:
        assert "grpc.health.v1.Health" in await _list_services(public.channel)
