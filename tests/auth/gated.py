"""A gated test server: the two auth interceptors over fake tokens and owners, and its client."""

from __future__ import annotations

from collections.abc import AsyncIterator
from contextlib import asynccontextmanager
from typing import Any

import grpc
import pytest
from google.rpc import error_details_pb2
from grpc_status import rpc_status
from tradingassistant.registry.v1 import registry_pb2 as r

from taplatform.auth.interceptors import AuthInterceptor, PortfolioAccessInterceptor
from taplatform.auth.principal import Role
from taplatform.auth.testing import (
    FakeAuthenticator,
    FakePortfolioAuthorizer,
    RecordingDenialRecorder,
    make_principal,
)
from tests.auth.support import Seen, bearer, method, serving, tenancy_handler

ALICE = make_principal("alice")
BOB = make_principal("bob")
ADMIN = make_principal("root", role=Role.ADMIN)
TOKENS = {"alice-token": ALICE, "bob-token": BOB, "root-token": ADMIN}
OWNERS = {"p-alice": "alice", "p-alice-2": "alice", "p-bob": "bob"}


class GatedServer:
    """A client of the gated server, with what its handlers saw and the denials it recorded."""

    def __init__(self, channel: grpc.aio.Channel, seen: Seen, recorder: RecordingDenialRecorder):
        self.channel, self.seen, self.recorder = channel, seen, recorder

    async def call(self, name: str, request: Any, response: Any, token: str | None = None) -> Any:
        rpc = self.channel.unary_unary(
            method(name),
            request_serializer=type(request).SerializeToString,
            response_deserializer=response.FromString,
        )
        return await rpc(request, metadata=bearer(token) if token else None, timeout=5)

    async def fails(
        self, name: str, request: Any, token: str | None = None
    ) -> grpc.aio.AioRpcError:
        with pytest.raises(grpc.aio.AioRpcError) as raised:
            await self.call(name, request, r.GetPortfolioResponse, token)
        return raised.value


@asynccontextmanager
async def gated_server(
    recorder: RecordingDenialRecorder, *, public_reflection: bool = False, exempt: str = ""
) -> AsyncIterator[GatedServer]:
    """``test.v1.Tenancy`` behind AuthInterceptor (``Setup`` public) and the tenancy gate."""
    seen = Seen()
    interceptors = [
        AuthInterceptor(
            FakeAuthenticator(TOKENS),
            public_methods=frozenset({method("Setup")}),
            public_reflection=public_reflection,
        ),
        PortfolioAccessInterceptor(
            FakePortfolioAuthorizer(OWNERS),
            recorder=recorder,
            exempt_methods=frozenset({method(exempt)} if exempt else ()),
        ),
    ]
    async with (
        serving(interceptors, [tenancy_handler(seen)]) as address,
        grpc.aio.insecure_channel(address) as channel,
    ):
        yield GatedServer(channel, seen, recorder)


def violations(error: grpc.aio.AioRpcError) -> list[tuple[str, str]]:
    """The (field, description) pairs of an error's BadRequest details."""
    status = rpc_status.from_call(error)  # type: ignore[arg-type]
    assert status is not None
    found = []
    for detail in status.details:
        if detail.Is(error_details_pb2.BadRequest.DESCRIPTOR):
            bad = error_details_pb2.BadRequest()
            detail.Unpack(bad)
            found += [(v.field, v.description) for v in bad.field_violations]
    return found


def log_events(caplog: pytest.LogCaptureFixture, event: str) -> list[dict[str, Any]]:
    """Structured log lines whose ``event`` is ``event``."""
    return [
        rec.msg
        for rec in caplog.records
        if isinstance(rec.msg, dict) and rec.msg.get("event") == event
    ]
