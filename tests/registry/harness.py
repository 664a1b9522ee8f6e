"""A real registry gRPC server (port 0, real PostgreSQL and Redis) and a client that signs in."""

from __future__ import annotations

import uuid
from collections.abc import Sequence
from dataclasses import dataclass, field
from typing import Any

import grpc
from sqlalchemy import text
from sqlalchemy.ext.asyncio import AsyncEngine
from tradingassistant.registry.v1 import registry_pb2 as pb
from tradingassistant.registry.v1 import registry_pb2_grpc

from services.registry.bootstrap import bootstrap
from taplatform.config import RegistrySettings
from taplatform.db import create_engine
from taplatform.grpc.server import SERVING, ServiceHost
from taplatform.testing import FakeClock
from tests.support import wait_for_health

PASSWORD = "correct horse battery staple"


def cheap_settings(database_url: str, redis_url: str, **overrides: Any) -> RegistrySettings:
    """Registry settings with argon2 parameters cheap enough for tests (production: RFC 9106)."""
    values: dict[str, Any] = {
        "database_url": database_url,
        "redis_url": redis_url,
        "argon2_time_cost": 1,
        "argon2_memory_kib": 64,
        "argon2_parallelism": 1,
        "audit_claim_idle_s": 0.2,
        # Registries of other tests share the Redis database; a group of our own means
        # none of them takes (and stores elsewhere) the events this registry must see.
        "audit_consumer_group": f"audit-test-{uuid.uuid4().hex[:8]}",
        "notification_consumer_group": f"notifications-test-{uuid.uuid4().hex[:8]}",
    }
    return RegistrySettings(**(values | overrides))


def bearer(token: str) -> tuple[tuple[str, str], ...]:
    return (("authorization", f"Bearer {token}"),)


@dataclass
class Caller:
    """A signed-in user: calls go out with their session token."""

    stub: registry_pb2_grpc.RegistryServiceStub
    token: str
    user: pb.User

    async def __call__(self, method: str, request: Any) -> Any:
        return await getattr(self.stub, method)(request, metadata=bearer(self.token), timeout=10)


@dataclass
class Registry:
    host: ServiceHost
    settings: RegistrySettings
    channel: grpc.aio.Channel
    stub: registry_pb2_grpc.RegistryServiceStub
    clock: FakeClock
    db: AsyncEngine  # as the login (super)user: inspects and tampers like an operator
    database_url: str
    admin: Caller | None = None
    _users: list[Caller] = field(default_factory=list)

    @property
    def address(self) -> str:
        return f"127.0.0.1:{self.host.port}"

    async def sign_in(self, email: str, password: str = PASSWORD) -> Caller:
        reply = await self.stub.SignIn(pb.SignInRequest(email=email, password=password))
        return Caller(self.stub, reply.session_token, reply.user)

    async def ensure_admin(self) -> Caller:
        if self.admin is None:
            state = await self.stub.GetSetupState(pb.GetSetupStateRequest())
            email = f"admin-{uuid.uuid4().hex[:8]}@example.test"
            if state.needs_first_admin:
                await self.stub.CreateFirstAdmin(
                    pb.CreateFirstAdminRequest(email=email, password=PASSWORD)
                )
            self.admin = await self.sign_in(email)
        return self.admin

    async def new_user(self, role: int = pb.ROLE_USER) -> Caller:
        """A fresh user (made by the admin) with a session of their own."""
        admin = await self.ensure_admin()
        email = f"user-{uuid.uuid4().hex[:10]}@example.test"
        await admin("CreateUser", pb.CreateUserRequest(email=email, password=PASSWORD, role=role))
        return await self.sign_in(email)

    async def rows(self, sql: str, **params: Any) -> list[Any]:
        async with self.db.connect() as connection:
            return list((await connection.execute(text(sql), params)).all())

    async def scalar(self, sql: str, **params: Any) -> Any:
        async with self.db.connect() as connection:
            return await connection.scalar(text(sql), params)

    async def snapshot(self, tables: Sequence[str]) -> dict[str, list[Any]]:
        """Every row of ``tables`` (ordered), to show that a refused request changed nothing."""
        found = {}
        for table in tables:
            found[table] = await self.rows(f"SELECT * FROM registry.{table} ORDER BY 1")
        return found


async def start_registry(database_url: str, redis_url: str, **overrides: Any) -> Registry:
    clock = FakeClock()
    settings = cheap_settings(database_url, redis_url, **overrides)
    app = bootstrap(settings, clock=clock)
    host = ServiceHost(app, probe_interval_s=0.1, shutdown_grace_s=0)
    await host.start()
    address = f"127.0.0.1:{host.port}"
    assert await wait_for_health(address, SERVING) == SERVING
    channel = grpc.aio.insecure_channel(address)
    engine = create_engine(database_url, application_name="ta-tests", pool_size=2)
    stub = registry_pb2_grpc.RegistryServiceStub(channel)
    return Registry(host, settings, channel, stub, clock, engine, database_url)


async def stop_registry(registry: Registry) -> None:
    await registry.channel.close()
    await registry.host.stop()
    await registry.db.dispose()
