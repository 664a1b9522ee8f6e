"""Service accounts: created by an admin, never signed in, acting on every user's portfolios."""

from __future__ import annotations

import uuid
from dataclasses import dataclass

import grpc
from tradingassistant.registry.v1 import registry_pb2 as pb

from taplatform.cli.service_account import ServiceAccountSettings, service_account_handlers
from tests.registry.harness import PASSWORD, Caller, Registry, bearer
from tests.registry.test_identity import refused
from tests.registry.universe import portfolio


@dataclass
class Service:
    """A service account and a caller acting with its API token."""

    user: pb.User
    caller: Caller
    name: str


async def new_service_account(registry: Registry) -> Service:
    admin = await registry.ensure_admin()
    name = f"worker-{uuid.uuid4().hex[:8]}"
    reply = await admin("CreateServiceAccount", pb.CreateServiceAccountRequest(name=name))
    return Service(reply.user, Caller(registry.stub, reply.token, reply.user), name)


async def outbox(registry: Registry, aggregate_id: str) -> list[tuple[str, str]]:
    rows = await registry.rows(
        "SELECT event_type, payload FROM registry.outbox WHERE aggregate_id = :a ORDER BY id",
        a=aggregate_id,
    )
    return [(r.event_type, r.payload["actor_user_id"]) for r in rows]


async def test_an_admin_creates_a_service_account_whose_token_is_a_service_principal(
    registry: Registry,
) -> None:
    service = await new_service_account(registry)
    admin = await registry.ensure_admin()
    assert service.user.role == pb.ROLE_SERVICE
    assert service.user.email == f"{service.name}@service.invalid"
    assert service.caller.token.startswith("tat_")
    who = await registry.stub.AuthenticateToken(
        pb.AuthenticateTokenRequest(token=service.caller.token)
    )
    assert (who.principal.user_id, who.principal.role) == (service.user.user_id, pb.ROLE_SERVICE)
    assert await outbox(registry, service.user.user_id) == [
        ("ServiceAccountCreated", admin.user.user_id)
    ]
    stored = await registry.scalar(
        "SELECT password_hash FROM registry.users WHERE user_id = :u", u=service.user.user_id
    )
    assert stored is None


async def test_a_service_account_cannot_sign_in_create_users_tokens_or_portfolios(
    registry: Registry,
) -> None:
    service = await new_service_account(registry)
    for password in ("", PASSWORD, service.caller.token):
        error = await refused(
            registry.stub.SignIn(pb.SignInRequest(email=service.user.email, password=password))
        )
        assert error.code() == grpc.StatusCode.UNAUTHENTICATED
    users_before = await registry.scalar("SELECT count(*) FROM registry.users")
    create_user = pb.CreateUserRequest(
        email=f"x-{uuid.uuid4().hex[:6]}@example.test", password=PASSWORD, role=pb.ROLE_USER
    )
    refusals = [
        await refused(service.caller("CreateUser", create_user)),
        await refused(service.caller("ListUsers", pb.ListUsersRequest())),
        await refused(service.caller("CreateApiToken", pb.CreateApiTokenRequest(name="more"))),
        await refused(
            service.caller("CreateServiceAccount", pb.CreateServiceAccountRequest(name="evil"))
        ),
        await refused(
            service.caller(
                "CreatePortfolio",
                pb.CreatePortfolioRequest(request_id="p1", name="Mine", base_currency="GBP"),
            )
        ),
    ]
    assert [e.code() for e in refusals] == [grpc.StatusCode.PERMISSION_DENIED] * 5
    assert await registry.scalar("SELECT count(*) FROM registry.users") == users_before
    tokens = await registry.scalar(
        "SELECT count(*) FROM registry.api_tokens WHERE user_id = :u", u=service.user.user_id
    )
    assert tokens == 1


async def test_only_an_admin_creates_service_accounts_and_names_are_checked(
    registry: Registry, alice: Caller
) -> None:
    denied = await refused(
        alice("CreateServiceAccount", pb.CreateServiceAccountRequest(name="sneaky"))
    )
    assert denied.code() == grpc.StatusCode.PERMISSION_DENIED
    assert not await registry.scalar(
        "SELECT count(*) FROM registry.users WHERE email = 'sneaky@service.invalid'"
    )
    admin = await registry.ensure_admin()
    bad = await refused(
        admin("CreateServiceAccount", pb.CreateServiceAccountRequest(name="Has Spaces!"))
    )
    assert bad.code() == grpc.StatusCode.INVALID_ARGUMENT
    assert "name" in (bad.details() or "")
    service = await new_service_account(registry)
    again = await refused(
        admin("CreateServiceAccount", pb.CreateServiceAccountRequest(name=service.name))
    )
    assert again.code() == grpc.StatusCode.ALREADY_EXISTS
    via_create_user = await refused(
        admin(
            "CreateUser",
            pb.CreateUserRequest(email="svc@example.test", password=PASSWORD, role=pb.ROLE_SERVICE),
        )
    )
    assert via_create_user.code() == grpc.StatusCode.INVALID_ARGUMENT


async def test_a_service_account_acts_on_every_users_portfolio_and_is_audited_as_itself(
    registry: Registry, alice: Caller, bob: Caller
) -> None:
    service = await new_service_account(registry)
    mine = await portfolio(alice, "Alice ISA")
    theirs = await portfolio(bob, "Bob SIPP")
    gone = await portfolio(bob, "Bob closed")
    await bob(
        "ArchivePortfolio", pb.ArchivePortfolioRequest(portfolio_id=gone.portfolio_id, version=1)
    )
    listed = await service.caller("ListPortfolios", pb.ListPortfoliosRequest())
    ids = {p.portfolio_id for p in listed.portfolios}
    assert {mine.portfolio_id, theirs.portfolio_id} <= ids
    assert gone.portfolio_id not in ids
    await service.caller(
        "AuthorizePortfolio", pb.AuthorizePortfolioRequest(portfolio_id=theirs.portfolio_id)
    )
    frozen = await service.caller(
        "FreezePortfolio",
        pb.FreezePortfolioRequest(
            portfolio_id=theirs.portfolio_id,
            reason=pb.FreezeReason(source="dq_alert", reference="alert-1"),
        ),
    )
    assert frozen.portfolio.frozen
    events = await outbox(registry, theirs.portfolio_id)
    assert events[-1] == ("PortfolioFrozen", service.user.user_id)
    # Ordinary users are refused exactly as before.
    denied = await refused(
        alice("GetPortfolio", pb.GetPortfolioRequest(portfolio_id=theirs.portfolio_id))
    )
    assert denied.code() == grpc.StatusCode.PERMISSION_DENIED
    own = await alice("ListPortfolios", pb.ListPortfoliosRequest())
    assert {p.portfolio_id for p in own.portfolios} == {mine.portfolio_id}


async def test_rotating_a_service_token_with_revoke_others_retires_the_old_one(
    registry: Registry,
) -> None:
    service = await new_service_account(registry)
    admin = await registry.ensure_admin()
    rotated = await admin(
        "CreateServiceAccountToken",
        pb.CreateServiceAccountTokenRequest(name=service.name, revoke_others=True),
    )
    assert rotated.revoked == 1
    old = await refused(
        registry.stub.GetCurrentUser(
            pb.GetCurrentUserRequest(), metadata=bearer(service.caller.token)
        )
    )
    assert old.code() == grpc.StatusCode.UNAUTHENTICATED
    me = await registry.stub.GetCurrentUser(
        pb.GetCurrentUserRequest(), metadata=bearer(rotated.token)
    )
    assert me.user.user_id == service.user.user_id
    missing = await refused(
        admin("CreateServiceAccountToken", pb.CreateServiceAccountTokenRequest(name="nobody-here"))
    )
    assert missing.code() == grpc.StatusCode.NOT_FOUND


async def test_a_service_account_made_before_setup_leaves_the_first_run_screen_on(
    fresh_registry: Registry,
) -> None:
    settings = ServiceAccountSettings(database_url=fresh_registry.database_url)
    async with service_account_handlers(settings) as (accounts, _):
        issued = await accounts.create(None, "worker")
    assert issued.account.role.value == "service"
    state = await fresh_registry.stub.GetSetupState(pb.GetSetupStateRequest())
    assert state.needs_first_admin
    created = await fresh_registry.stub.CreateFirstAdmin(
        pb.CreateFirstAdminRequest(email="first@example.test", password=PASSWORD)
    )
    assert created.user.role == pb.ROLE_ADMIN
    state = await fresh_registry.stub.GetSetupState(pb.GetSetupStateRequest())
    assert not state.needs_first_admin
