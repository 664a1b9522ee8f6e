"""Identity through a real registry: first run, sign-in, sessions, API tokens and roles."""

from __future__ import annotations

import asyncio
from collections.abc import Awaitable
from datetime import timedelta
from typing import Any

import grpc
import pytest
from google.protobuf.timestamp_pb2 import Timestamp
from grpc_health.v1 import health_pb2, health_pb2_grpc
from tradingassistant.registry.v1 import registry_pb2 as pb

from tests.registry.harness import (
    PASSWORD,
    Caller,
    Registry,
    bearer,
    start_registry,
    stop_registry,
)
from tests.support import DatabaseFactory


async def refused(call: Awaitable[Any]) -> grpc.aio.AioRpcError:
    with pytest.raises(grpc.aio.AioRpcError) as caught:
        await call
    return caught.value


async def eventually(probe: Any, expected: Any, deadline_s: float = 10.0) -> Any:
    """Poll ``probe()`` until it returns ``expected`` (or the deadline passes); return the last."""
    loop = asyncio.get_running_loop()
    until = loop.time() + deadline_s
    while True:
        last = await probe()
        if last == expected or loop.time() > until:
            return last
        await asyncio.sleep(0.05)


# --- first run ---


async def test_first_run_creates_one_admin_even_when_four_race(fresh_registry: Registry) -> None:
    stub = fresh_registry.stub
    assert (await stub.GetSetupState(pb.GetSetupStateRequest())).needs_first_admin
    attempts = [
        stub.CreateFirstAdmin(pb.CreateFirstAdminRequest(email=f"a{i}@x.test", password=PASSWORD))
        for i in range(4)
    ]
    results = await asyncio.gather(*attempts, return_exceptions=True)
    created = [r for r in results if isinstance(r, pb.CreateFirstAdminResponse)]
    failed = [r for r in results if isinstance(r, grpc.aio.AioRpcError)]
    assert len(created) == 1 and created[0].user.role == pb.ROLE_ADMIN
    assert {r.code() for r in failed} == {grpc.StatusCode.FAILED_PRECONDITION}
    assert await fresh_registry.scalar("SELECT count(*) FROM registry.users") == 1
    assert not (await stub.GetSetupState(pb.GetSetupStateRequest())).needs_first_admin


async def test_bootstrap_admin_from_settings_is_created_once_across_restarts(
    new_database: DatabaseFactory, redis_url: str
) -> None:
    url = await new_database()
    settings = {
        "bootstrap_admin_email": "Root@Example.test",
        "bootstrap_admin_password": PASSWORD,
    }
    for _ in range(2):  # the second start finds a user and adds nobody
        registry = await start_registry(url, redis_url, **settings)
        try:
            count = await eventually(
                lambda r=registry: r.scalar("SELECT count(*) FROM registry.users"), 1
            )
            assert count == 1
            admin = await registry.sign_in("root@example.test")
            assert admin.user.role == pb.ROLE_ADMIN
        finally:
            await stop_registry(registry)
    rows = await _rows(url, redis_url)
    assert rows == [("root@example.test", "admin")]


async def _rows(url: str, redis_url: str) -> list[tuple[Any, ...]]:
    from sqlalchemy import text

    from taplatform.db import create_engine

    engine = create_engine(url, application_name="ta-tests", pool_size=1)
    try:
        async with engine.connect() as connection:
            result = await connection.execute(text("SELECT email, role FROM registry.users"))
            return [tuple(row) for row in result]
    finally:
        await engine.dispose()


# --- sign-in and sessions ---


async def test_sign_in_returns_a_prefixed_session_stored_only_as_a_hash(
    registry: Registry, alice: Caller
) -> None:
    assert alice.token.startswith("tas_") and len(alice.token) >= 4 + 43
    stored = await registry.rows("SELECT token_hash FROM registry.sessions")
    assert all(alice.token not in row.token_hash for row in stored)
    me = await alice("GetCurrentUser", pb.GetCurrentUserRequest())
    assert me.user.email == alice.user.email


async def test_passwords_are_argon2id_hashes(registry: Registry, alice: Caller) -> None:
    stored = await registry.scalar(
        "SELECT password_hash FROM registry.users WHERE user_id = :id", id=alice.user.user_id
    )
    assert stored.startswith("$argon2id$") and PASSWORD not in stored


async def test_a_wrong_password_fails_and_is_audited_without_the_password(
    registry: Registry, alice: Caller
) -> None:
    for email in (alice.user.email, "nobody@example.test"):
        error = await refused(
            registry.stub.SignIn(pb.SignInRequest(email=email, password="wrong password!"))
        )
        assert error.code() == grpc.StatusCode.UNAUTHENTICATED
        assert "wrong email or password" in error.details()
    events = await registry.rows(
        "SELECT payload::text AS text, payload->>'actor_user_id' AS actor FROM registry.outbox "
        "WHERE event_type = 'SignInFailed' AND payload->>'email' IN (:a, 'nobody@example.test') "
        "ORDER BY id",
        a=alice.user.email,
    )
    assert [e.actor for e in events] == [alice.user.user_id, None]
    assert all("wrong password" not in e.text for e in events)


async def test_sign_out_revokes_the_session_on_the_server(registry: Registry) -> None:
    user = await registry.new_user()
    await user("SignOut", pb.SignOutRequest())
    error = await refused(user("GetCurrentUser", pb.GetCurrentUserRequest()))
    assert error.code() == grpc.StatusCode.UNAUTHENTICATED
    reply = await refused(
        registry.stub.AuthenticateToken(pb.AuthenticateTokenRequest(token=user.token))
    )
    assert reply.code() == grpc.StatusCode.UNAUTHENTICATED


async def test_sessions_expire_when_idle_and_absolutely(fresh_registry: Registry) -> None:
    registry = fresh_registry
    admin = await registry.ensure_admin()
    authenticate = registry.stub.AuthenticateToken
    # Used every 11 hours, the 12-hour idle expiry keeps sliding...
    for _ in range(3):
        registry.clock.advance(timedelta(hours=11))
        await authenticate(pb.AuthenticateTokenRequest(token=admin.token))
    # ...but 13 idle hours end it.
    registry.clock.advance(timedelta(hours=13))
    assert (await refused(admin("GetCurrentUser", pb.GetCurrentUserRequest()))).code() == (
        grpc.StatusCode.UNAUTHENTICATED
    )
    # A session used every 10 hours still ends after 7 days.
    again = await registry.sign_in(admin.user.email)
    for _ in range(16):
        registry.clock.advance(timedelta(hours=10))
        await authenticate(pb.AuthenticateTokenRequest(token=again.token))
    registry.clock.advance(timedelta(hours=10))
    error = await refused(authenticate(pb.AuthenticateTokenRequest(token=again.token)))
    assert error.code() == grpc.StatusCode.UNAUTHENTICATED


# --- authentication on every call ---


async def test_calls_without_a_valid_token_are_unauthenticated_but_health_serves(
    registry: Registry,
) -> None:
    stub = registry.stub
    for metadata in [(), bearer("tas_not-a-real-token"), bearer("garbage")]:
        error = await refused(stub.ListPortfolios(pb.ListPortfoliosRequest(), metadata=metadata))
        assert error.code() == grpc.StatusCode.UNAUTHENTICATED
    health = health_pb2_grpc.HealthStub(registry.channel)
    reply = await health.Check(health_pb2.HealthCheckRequest())
    assert reply.status == health_pb2.HealthCheckResponse.SERVING
    assert (await stub.GetSetupState(pb.GetSetupStateRequest())).needs_first_admin is False


# --- users and roles ---


async def test_only_admins_create_and_list_users(registry: Registry, alice: Caller) -> None:
    admin = await registry.ensure_admin()
    request = pb.CreateUserRequest(email="mallory@example.test", password=PASSWORD)
    assert (await refused(alice("CreateUser", request))).code() == grpc.StatusCode.PERMISSION_DENIED
    assert (await refused(alice("ListUsers", pb.ListUsersRequest()))).code() == (
        grpc.StatusCode.PERMISSION_DENIED
    )
    listed = await admin("ListUsers", pb.ListUsersRequest())
    assert alice.user.user_id in {u.user_id for u in listed.users}
    denials = await registry.rows(
        "SELECT payload->>'method' AS method FROM registry.outbox "
        "WHERE event_type = 'AccessDenied' AND payload->>'actor_user_id' = :id ORDER BY id",
        id=alice.user.user_id,
    )
    assert [d.method.rsplit("/", 1)[-1] for d in denials] == ["CreateUser", "ListUsers"]
    assert (
        await registry.scalar(
            "SELECT count(*) FROM registry.users WHERE email = 'mallory@example.test'"
        )
        == 0
    )


async def test_emails_are_unique_regardless_of_case(registry: Registry, alice: Caller) -> None:
    admin = await registry.ensure_admin()
    error = await refused(
        admin(
            "CreateUser",
            pb.CreateUserRequest(email=alice.user.email.upper(), password=PASSWORD),
        )
    )
    assert error.code() == grpc.StatusCode.ALREADY_EXISTS
    assert error.details().startswith("email:")


# --- API tokens ---


async def test_api_tokens_are_shown_once_authenticate_and_can_be_revoked(
    registry: Registry, alice: Caller
) -> None:
    created = await alice("CreateApiToken", pb.CreateApiTokenRequest(name="grpcurl"))
    secret = created.token
    assert secret.startswith("tat_")
    stored = await registry.rows("SELECT token_hash FROM registry.api_tokens")
    assert all(secret not in row.token_hash for row in stored)
    via_token = Caller(registry.stub, secret, alice.user)
    me = await via_token("GetCurrentUser", pb.GetCurrentUserRequest())
    assert me.user.user_id == alice.user.user_id
    resolved = await registry.stub.AuthenticateToken(pb.AuthenticateTokenRequest(token=secret))
    assert resolved.principal.token_kind == pb.TOKEN_KIND_API
    assert resolved.principal.token_id == created.api_token.token_id
    listed = await alice("ListApiTokens", pb.ListApiTokensRequest())
    [token] = [t for t in listed.api_tokens if t.token_id == created.api_token.token_id]
    assert token.HasField("last_used_at")
    await alice("RevokeApiToken", pb.RevokeApiTokenRequest(token_id=token.token_id))
    error = await refused(via_token("GetCurrentUser", pb.GetCurrentUserRequest()))
    assert error.code() == grpc.StatusCode.UNAUTHENTICATED


async def test_another_users_token_cannot_be_revoked(
    registry: Registry, alice: Caller, bob: Caller
) -> None:
    created = await alice("CreateApiToken", pb.CreateApiTokenRequest(name="ci"))
    error = await refused(
        bob("RevokeApiToken", pb.RevokeApiTokenRequest(token_id=created.api_token.token_id))
    )
    assert error.code() == grpc.StatusCode.NOT_FOUND
    assert (
        await registry.scalar(
            "SELECT revoked_at FROM registry.api_tokens WHERE token_id = :id",
            id=created.api_token.token_id,
        )
        is None
    )


async def test_api_tokens_expire(fresh_registry: Registry) -> None:
    registry = fresh_registry
    admin = await registry.ensure_admin()
    expires = Timestamp()
    expires.FromDatetime(registry.clock.now() + timedelta(hours=1))
    created = await admin(
        "CreateApiToken", pb.CreateApiTokenRequest(name="short", expires_at=expires)
    )
    check = pb.AuthenticateTokenRequest(token=created.token)
    await registry.stub.AuthenticateToken(check)
    registry.clock.advance(timedelta(hours=1))
    assert (await refused(registry.stub.AuthenticateToken(check))).code() == (
        grpc.StatusCode.UNAUTHENTICATED
    )


async def test_repeated_failed_sign_ins_throttle_the_email_until_the_window_passes(
    registry: Registry, alice: Caller
) -> None:
    wrong = pb.SignInRequest(email=alice.user.email, password="wrong password!")
    right = pb.SignInRequest(email=alice.user.email, password=PASSWORD)
    for _ in range(registry.settings.sign_in_max_failures):
        error = await refused(registry.stub.SignIn(wrong))
        assert error.code() == grpc.StatusCode.UNAUTHENTICATED
    # Now even the right password is refused, before any password check.
    error = await refused(registry.stub.SignIn(right))
    assert error.code() == grpc.StatusCode.RESOURCE_EXHAUSTED
    assert "too many failed sign-ins" in error.details()
    throttled = await registry.scalar(
        "SELECT count(*) FROM registry.outbox WHERE event_type = 'SignInThrottled' "
        "AND payload->>'email' = :e",
        e=alice.user.email,
    )
    assert throttled == 1
    registry.clock.advance(timedelta(seconds=registry.settings.sign_in_failure_window_s + 1))
    assert (await registry.stub.SignIn(right)).session_token.startswith("tas_")
    # A success clears the count: one more failure does not throttle again.
    assert (await refused(registry.stub.SignIn(wrong))).code() == grpc.StatusCode.UNAUTHENTICATED
    assert (await registry.stub.SignIn(right)).session_token


async def test_throttling_one_email_leaves_others_alone(registry: Registry, alice: Caller) -> None:
    wrong = pb.SignInRequest(email="mallory@example.test", password="wrong password!")
    for _ in range(registry.settings.sign_in_max_failures + 1):
        await refused(registry.stub.SignIn(wrong))
    ok = await registry.stub.SignIn(pb.SignInRequest(email=alice.user.email, password=PASSWORD))
    assert ok.session_token.startswith("tas_")


async def test_verify_password_checks_the_callers_own_password_without_a_new_session(
    registry: Registry, alice: Caller
) -> None:
    sessions_before = await registry.scalar("SELECT count(*) FROM registry.sessions")
    right = await alice("VerifyPassword", pb.VerifyPasswordRequest(password=PASSWORD))
    wrong = await alice("VerifyPassword", pb.VerifyPasswordRequest(password="not it, sorry"))
    empty = await alice("VerifyPassword", pb.VerifyPasswordRequest(password=""))
    assert (right.verified, wrong.verified, empty.verified) == (True, False, False)
    assert await registry.scalar("SELECT count(*) FROM registry.sessions") == sessions_before
    events = await registry.rows(
        "SELECT event_type, payload FROM registry.outbox"
        " WHERE event_type IN ('PasswordConfirmed', 'PasswordCheckFailed') ORDER BY id"
    )
    assert [e.event_type for e in events] == [
        "PasswordConfirmed",
        "PasswordCheckFailed",
        "PasswordCheckFailed",
    ]
    assert all("not it" not in str(e.payload) for e in events)
    unauthenticated = await refused(
        registry.stub.VerifyPassword(pb.VerifyPasswordRequest(password=PASSWORD))
    )
    assert unauthenticated.code() == grpc.StatusCode.UNAUTHENTICATED


async def test_wrong_passwords_at_verify_share_the_sign_in_throttle(
    registry: Registry, alice: Caller
) -> None:
    wrong = pb.VerifyPasswordRequest(password="wrong password!")
    for _ in range(registry.settings.sign_in_max_failures):
        assert not (await alice("VerifyPassword", wrong)).verified
    # A stolen session cannot keep guessing, and the account's sign-in is throttled too.
    error = await refused(alice("VerifyPassword", pb.VerifyPasswordRequest(password=PASSWORD)))
    assert error.code() == grpc.StatusCode.RESOURCE_EXHAUSTED
    signing_in = pb.SignInRequest(email=alice.user.email, password=PASSWORD)
    assert (await refused(registry.stub.SignIn(signing_in))).code() == (
        grpc.StatusCode.RESOURCE_EXHAUSTED
    )
