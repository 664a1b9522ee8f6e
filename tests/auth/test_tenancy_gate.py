"""PortfolioAccessInterceptor on a real gRPC server: every named portfolio checked, denials kept."""

from __future__ import annotations

import logging

import grpc
import pytest
from tradingassistant.registry.v1 import registry_pb2 as r

from taplatform.auth.testing import RecordingDenialRecorder
from tests.auth.gated import BOB, GatedServer, gated_server, log_events, violations
from tests.auth.support import bearer, method

# --- tenancy ---------------------------------------------------------------------------


async def test_owner_reaches_the_handler_and_nothing_is_recorded(server: GatedServer) -> None:
    await server.call(
        "Get", r.GetPortfolioRequest(portfolio_id="p-alice"), r.GetPortfolioResponse, "alice-token"
    )
    assert [c[0] for c in server.seen.calls] == ["Get"]
    assert server.recorder.denials == []


async def test_another_users_portfolio_is_permission_denied_logged_and_recorded(
    server: GatedServer, caplog: pytest.LogCaptureFixture
) -> None:
    caplog.set_level(logging.INFO)
    error = await server.fails("Get", r.GetPortfolioRequest(portfolio_id="p-alice"), "bob-token")
    assert error.code() == grpc.StatusCode.PERMISSION_DENIED
    assert server.seen.calls == []
    (denial,) = server.recorder.denials
    assert (denial.actor_user_id, denial.portfolio_id, denial.method, denial.reason) == (
        "bob",
        "p-alice",
        method("Get"),
        "PERMISSION_DENIED",
    )
    assert denial.token_id == BOB.token_id
    (line,) = log_events(caplog, "auth.portfolio_denied")
    assert (line["user_id"], line["portfolio_id"]) == ("bob", "p-alice")


async def test_unknown_portfolio_is_not_found_and_recorded(server: GatedServer) -> None:
    error = await server.fails("Get", r.GetPortfolioRequest(portfolio_id="p-nobody"), "bob-token")
    assert error.code() == grpc.StatusCode.NOT_FOUND
    assert [(d.portfolio_id, d.reason) for d in server.recorder.denials] == [
        ("p-nobody", "NOT_FOUND")
    ]


@pytest.mark.parametrize(
    ("portfolio_id", "description"),
    [("", "required: the portfolio to act on"), ("p" * 129, "at most 128 characters")],
)
async def test_missing_or_oversized_portfolio_id_is_invalid_argument_naming_the_field(
    server: GatedServer, portfolio_id: str, description: str
) -> None:
    error = await server.fails("Get", r.GetPortfolioRequest(portfolio_id=portfolio_id), "bob-token")
    assert error.code() == grpc.StatusCode.INVALID_ARGUMENT
    assert violations(error) == [("portfolio_id", description)]
    assert server.seen.calls == [] and server.recorder.denials == []


async def test_every_id_of_a_repeated_field_is_checked(server: GatedServer) -> None:
    request = r.ListSleevesRequest(portfolio_ids=["p-alice", "p-bob", "p-alice-2", "p-alice"])
    with pytest.raises(grpc.aio.AioRpcError) as raised:
        await server.call("ListMany", request, r.ListSleevesResponse, "alice-token")
    assert raised.value.code() == grpc.StatusCode.PERMISSION_DENIED
    assert "p-bob" in (raised.value.details() or "")
    assert [d.portfolio_id for d in server.recorder.denials] == ["p-bob"]
    assert server.seen.calls == []
    mine = r.ListSleevesRequest(portfolio_ids=["p-alice", "p-alice-2"])
    reply = await server.call("ListMany", mine, r.ListSleevesResponse, "alice-token")
    assert [s.portfolio_id for s in reply.sleeves] == ["p-alice", "p-alice-2"]


async def test_empty_repeated_field_names_no_portfolio_and_passes(server: GatedServer) -> None:
    reply = await server.call(
        "ListMany", r.ListSleevesRequest(), r.ListSleevesResponse, "bob-token"
    )
    assert list(reply.sleeves) == []
    assert [c[0] for c in server.seen.calls] == ["ListMany"]


async def test_empty_element_of_a_repeated_field_is_invalid_argument_with_its_index(
    server: GatedServer,
) -> None:
    request = r.ListSleevesRequest(portfolio_ids=["p-bob", ""])
    with pytest.raises(grpc.aio.AioRpcError) as raised:
        await server.call("ListMany", request, r.ListSleevesResponse, "bob-token")
    assert raised.value.code() == grpc.StatusCode.INVALID_ARGUMENT
    assert [f for f, _ in violations(raised.value)] == ["portfolio_ids[1]"]


async def test_rpc_not_built_yet_is_gated_before_it_answers_unimplemented(
    server: GatedServer,
) -> None:
    foreign = await server.fails(
        "NotBuilt", r.GetPortfolioRequest(portfolio_id="p-alice"), "bob-token"
    )
    own = await server.fails("NotBuilt", r.GetPortfolioRequest(portfolio_id="p-bob"), "bob-token")
    assert foreign.code() == grpc.StatusCode.PERMISSION_DENIED
    assert own.code() == grpc.StatusCode.UNIMPLEMENTED


async def test_denial_stands_when_it_cannot_be_recorded(caplog: pytest.LogCaptureFixture) -> None:
    caplog.set_level(logging.INFO)
    async with gated_server(RecordingDenialRecorder(broken=True)) as broken:
        error = await broken.fails(
            "Get", r.GetPortfolioRequest(portfolio_id="p-alice"), "bob-token"
        )
        assert error.code() == grpc.StatusCode.PERMISSION_DENIED
        assert broken.seen.calls == []
    (line,) = log_events(caplog, "auth.denial_not_recorded")
    assert line["portfolio_id"] == "p-alice" and "ConnectionError" in line["error"]


async def test_exempt_method_is_not_gated(recorder: RecordingDenialRecorder) -> None:
    async with gated_server(recorder, exempt="Get") as exempt:
        reply = await exempt.call(
            "Get",
            r.GetPortfolioRequest(portfolio_id="p-alice"),
            r.GetPortfolioResponse,
            "bob-token",
        )
        assert reply.portfolio.portfolio_id == "p-alice"
        assert recorder.denials == []


# --- streaming handlers ------------------------------------------------------------------


@pytest.mark.parametrize("name", ["Watch", "WriteWatch"])
async def test_server_streaming_rpc_is_gated_and_streams_for_the_owner(
    server: GatedServer, name: str
) -> None:
    rpc = server.channel.unary_stream(
        method(name),
        request_serializer=r.GetPortfolioRequest.SerializeToString,
        response_deserializer=r.Portfolio.FromString,
    )
    request = r.GetPortfolioRequest(portfolio_id="p-alice")
    items = [p async for p in rpc(request, metadata=bearer("alice-token"), timeout=5)]
    assert items and {p.portfolio_id for p in items} == {"p-alice"}
    with pytest.raises(grpc.aio.AioRpcError) as raised:
        _ = [p async for p in rpc(request, metadata=bearer("bob-token"), timeout=5)]
    assert raised.value.code() == grpc.StatusCode.PERMISSION_DENIED
    assert [c[0] for c in server.seen.calls] == [name]


async def test_client_streaming_rpc_checks_every_message(server: GatedServer) -> None:
    rpc = server.channel.stream_unary(
        method("Upload"),
        request_serializer=r.GetPortfolioRequest.SerializeToString,
        response_deserializer=r.ListSleevesResponse.FromString,
    )
    own = [r.GetPortfolioRequest(portfolio_id=p) for p in ("p-alice", "p-alice-2")]
    reply = await rpc(iter(own), metadata=bearer("alice-token"), timeout=5)
    assert [s.portfolio_id for s in reply.sleeves] == ["p-alice", "p-alice-2"]
    mixed = [r.GetPortfolioRequest(portfolio_id=p) for p in ("p-alice", "p-bob")]
    with pytest.raises(grpc.aio.AioRpcError) as raised:
        await rpc(iter(mixed), metadata=bearer("alice-token"), timeout=5)
    assert raised.value.code() == grpc.StatusCode.PERMISSION_DENIED
    assert [d.portfolio_id for d in server.recorder.denials] == ["p-bob"]
