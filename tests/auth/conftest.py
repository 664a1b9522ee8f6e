"""Servers for the auth tests: a gated test service, and a stand-in registry (its two auth
RPCs over in-memory tables), each on a real gRPC server."""

from __future__ import annotations

from collections.abc import AsyncIterator
from dataclasses import dataclass

import grpc
import pytest
from tradingassistant.registry.v1 import registry_pb2_grpc

from taplatform.auth.testing import (
    FakeRegistryAuthServicer,
    RecordingDenialRecorder,
    make_principal,
)
from tests.auth.gated import GatedServer, gated_server

ALICE = make_principal("alice")
BOB = make_principal("bob")


@dataclass
class FakeRegistry:
    addr: str
    servicer: FakeRegistryAuthServicer


@pytest.fixture
async def fake_registry() -> AsyncIterator[FakeRegistry]:
    """Tokens ``alice-token`` and ``bob-token``; portfolio ``p-alice`` owned by alice."""
    servicer = FakeRegistryAuthServicer(
        {"alice-token": ALICE, "bob-token": BOB}, {"p-alice": "alice"}
    )
    server = grpc.aio.server()
    registry_pb2_grpc.add_RegistryServiceServicer_to_server(servicer, server)
    port = server.add_insecure_port("127.0.0.1:0")
    await server.start()
    yield FakeRegistry(f"127.0.0.1:{port}", servicer)
    await server.stop(None)


@pytest.fixture
def recorder() -> RecordingDenialRecorder:
    return RecordingDenialRecorder()


@pytest.fixture
async def server(recorder: RecordingDenialRecorder) -> AsyncIterator[GatedServer]:
    """The gated test service; its denials go to ``recorder``."""
    async with gated_server(recorder) as started:
        yield started
