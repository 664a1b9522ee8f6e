"""Readable actors: audit events carry their actor's name, and ListUserNames names "changed by"."""

from __future__ import annotations

import json
import uuid
from datetime import UTC, datetime

import grpc
import redis.asyncio as aioredis
from sqlalchemy import text
from tradingassistant.registry.v1 import registry_pb2 as pb

from services.registry.domain.identity import UserRole
from services.registry.domain.names import MAX_NAMED_IDS, UserName, may_see_name, user_name
from tests.registry.harness import Caller, Registry
from tests.registry.test_audit import audit_log, relay
from tests.registry.test_identity import eventually, refused
from tests.registry.test_service_accounts import new_service_account
from tests.registry.universe import portfolio

# --- the rules (no I/O) ---


def test_a_service_account_is_named_by_its_name_and_a_person_by_email() -> None:
    assert user_name("s", "worker@service.invalid", UserRole.SERVICE).name == "worker"
    assert user_name("a", "ann@example.test", UserRole.ADMIN).name == "ann@example.test"
    assert user_name("u", "bo@service.invalid.example", UserRole.USER).name == (
        "bo@service.invalid.example"
    )


def test_a_plain_user_may_see_their_own_admins_and_service_accounts_names_only() -> None:
    me, other = "u-1", "u-2"
    assert may_see_name(me, False, UserName(me, "me@example.test", UserRole.USER))
    assert may_see_name(me, False, UserName("a", "ann@example.test", UserRole.ADMIN))
    assert may_see_name(me, False, UserName("s", "worker", UserRole.SERVICE))
    assert not may_see_name(me, False, UserName(other, "bo@example.test", UserRole.USER))
    assert may_see_name(me, True, UserName(other, "bo@example.test", UserRole.USER))


# --- the audit log ---


async def _store_event_by(registry: Registry, portfolio_id: str, actor: str | None) -> str:
    """An event as another service might have stored it, by an actor the registry may not know."""
    event_type = f"Imported{uuid.uuid4().hex[:6]}"
    async with registry.db.begin() as connection:
        await connection.execute(
            text(
                "INSERT INTO registry.audit_events (event_id, service, event_type, aggregate_type,"
                " aggregate_id, portfolio_id, actor_user_id, occurred_at, recorded_at, payload)"
                " VALUES (:id, 'ledger', :type, 'portfolio', :pid, :pid, :actor, :at, :at,"
                " CAST(:payload AS jsonb))"
            ),
            {
                "id": uuid.uuid4(),
                "type": event_type,
                "pid": portfolio_id,
                "actor": actor,
                "at": datetime.now(UTC),
                "payload": json.dumps({}),
            },
        )
    return event_type


async def test_a_plain_owner_reads_who_acted_on_their_portfolio_by_name_whoever_it_was(
    registry: Registry, alice: Caller, redis_client: aioredis.Redis
) -> None:
    admin = await registry.ensure_admin()
    service = await new_service_account(registry)
    pid = (await portfolio(alice, "Alice ISA")).portfolio_id
    # The admin may not open it: the refusal is audited on Alice's log, with the admin as actor.
    denied = await refused(admin("GetPortfolio", pb.GetPortfolioRequest(portfolio_id=pid)))
    assert denied.code() == grpc.StatusCode.PERMISSION_DENIED
    await service.caller(
        "FreezePortfolio",
        pb.FreezePortfolioRequest(
            portfolio_id=pid, reason=pb.FreezeReason(source="dq_alert", reference="alert-1")
        ),
    )
    await relay(registry, redis_client)
    count = "SELECT count(*) FROM registry.audit_events WHERE portfolio_id = :pid"
    assert await eventually(lambda: registry.scalar(count, pid=pid), 3) == 3
    ghost = str(uuid.uuid4())
    deleted = await _store_event_by(registry, pid, ghost)
    nobody = await _store_event_by(registry, pid, None)

    seen = {
        e.event_type: (e.actor_user_id, e.actor_name, e.actor_role)
        for e in await audit_log(alice, pid)
    }

    assert seen == {
        "PortfolioCreated": (alice.user.user_id, alice.user.email, pb.ROLE_USER),
        "AccessDenied": (admin.user.user_id, admin.user.email, pb.ROLE_ADMIN),
        "PortfolioFrozen": (service.user.user_id, service.name, pb.ROLE_SERVICE),
        deleted: (ghost, "", pb.ROLE_UNSPECIFIED),
        nobody: ("", "", pb.ROLE_UNSPECIFIED),
    }


# --- ListUserNames ---


async def test_any_user_names_themselves_admins_and_service_accounts_but_not_other_users(
    registry: Registry, alice: Caller, bob: Caller
) -> None:
    admin = await registry.ensure_admin()
    service = await new_service_account(registry)
    asked = [
        alice.user.user_id,
        bob.user.user_id,
        admin.user.user_id,
        admin.user.user_id.upper(),
        service.user.user_id,
        str(uuid.uuid4()),
        "not-an-id",
    ]

    def named(reply: pb.ListUserNamesResponse) -> dict[str, tuple[str, int]]:
        return {n.user_id: (n.name, n.role) for n in reply.names}

    by_alice = named(await alice("ListUserNames", pb.ListUserNamesRequest(user_ids=asked)))
    by_admin = named(await admin("ListUserNames", pb.ListUserNamesRequest(user_ids=asked)))

    everyone = {
        alice.user.user_id: (alice.user.email, pb.ROLE_USER),
        admin.user.user_id: (admin.user.email, pb.ROLE_ADMIN),
        service.user.user_id: (service.name, pb.ROLE_SERVICE),
    }
    assert by_alice == everyone
    assert by_admin == everyone | {bob.user.user_id: (bob.user.email, pb.ROLE_USER)}
    # A service account is no admin: like any non-admin it sees no plain user's email.
    by_service = named(
        await service.caller("ListUserNames", pb.ListUserNamesRequest(user_ids=asked))
    )
    assert by_service == {k: v for k, v in everyone.items() if k != alice.user.user_id}


async def test_user_names_need_a_signed_in_caller_and_a_bounded_request(
    registry: Registry, alice: Caller
) -> None:
    anonymous = await refused(
        registry.stub.ListUserNames(pb.ListUserNamesRequest(user_ids=[alice.user.user_id]))
    )
    assert anonymous.code() == grpc.StatusCode.UNAUTHENTICATED
    too_many = [str(uuid.uuid4()) for _ in range(MAX_NAMED_IDS + 1)]
    refusal = await refused(alice("ListUserNames", pb.ListUserNamesRequest(user_ids=too_many)))
    assert refusal.code() == grpc.StatusCode.INVALID_ARGUMENT
    assert "user_ids" in (refusal.details() or "")
    empty = await alice("ListUserNames", pb.ListUserNamesRequest())
    assert list(empty.names) == []
