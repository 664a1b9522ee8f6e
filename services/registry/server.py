"""The RegistryService servicer: convert, call a handler, convert back.

Identity and audit RPCs live here; portfolio-universe RPCs come from
:class:`services.registry.server_universe.UniverseRpcs`.
"""

from __future__ import annotations

from typing import Any

from tradingassistant.registry.v1 import registry_pb2 as pb
from tradingassistant.registry.v1 import registry_pb2_grpc

from services.registry import convert as cv
from services.registry.handlers.audit import AuditHandlers
from services.registry.handlers.identity import IdentityHandlers
from services.registry.handlers.names import NameHandlers
from services.registry.handlers.notifications import NotificationHandlers
from services.registry.handlers.service_accounts import ServiceAccountHandlers
from services.registry.handlers.tokens import TokenHandlers
from services.registry.server_notifications import NotificationRpcs
from services.registry.server_universe import UniverseRpcs
from services.registry.uow import caller

Context = Any


class RegistryServiceServicer(
    UniverseRpcs, NotificationRpcs, registry_pb2_grpc.RegistryServiceServicer
):
    """Users, sessions, tokens, portfolios, listings, sleeves and the audit log."""

    def __init__(
        self,
        identity: IdentityHandlers,
        tokens: TokenHandlers,
        audit: AuditHandlers,
        notifications: NotificationHandlers,
        service_accounts: ServiceAccountHandlers,
        names: NameHandlers,
        **universe: Any,
    ) -> None:
        super().__init__(**universe)
        self._identity = identity
        self._tokens = tokens
        self._audit = audit
        self._notifications = notifications
        self._service_accounts = service_accounts
        self._names = names

    async def GetSetupState(self, request: pb.GetSetupStateRequest, context: Context) -> Any:
        return pb.GetSetupStateResponse(needs_first_admin=await self._identity.needs_first_admin())

    async def CreateFirstAdmin(self, request: pb.CreateFirstAdminRequest, context: Context) -> Any:
        user = await self._identity.create_first_admin(request.email, request.password)
        return pb.CreateFirstAdminResponse(user=cv.user_out(user))

    async def SignIn(self, request: pb.SignInRequest, context: Context) -> Any:
        signed = await self._identity.sign_in(request.email, request.password)
        return pb.SignInResponse(
            session_token=signed.token,
            idle_expires_at=cv.timestamp_out(signed.session.idle_expires_at),
            absolute_expires_at=cv.timestamp_out(signed.session.absolute_expires_at),
            user=cv.user_out(signed.user),
        )

    async def SignOut(self, request: pb.SignOutRequest, context: Context) -> Any:
        await self._identity.sign_out(caller())
        return pb.SignOutResponse()

    async def VerifyPassword(self, request: pb.VerifyPasswordRequest, context: Context) -> Any:
        verified = await self._identity.verify_password(caller(), request.password)
        return pb.VerifyPasswordResponse(verified=verified)

    async def AuthenticateToken(
        self, request: pb.AuthenticateTokenRequest, context: Context
    ) -> Any:
        principal = await self._tokens.authenticate(request.token)
        return pb.AuthenticateTokenResponse(principal=cv.principal_out(principal))

    async def GetCurrentUser(self, request: pb.GetCurrentUserRequest, context: Context) -> Any:
        user = await self._identity.get_user(caller().user_id)
        return pb.GetCurrentUserResponse(user=cv.user_out(user))

    async def CreateUser(self, request: pb.CreateUserRequest, context: Context) -> Any:
        user = await self._identity.create_user(
            caller(), request.email, request.password, cv.role_in(request.role)
        )
        return pb.CreateUserResponse(user=cv.user_out(user))

    async def ListUsers(self, request: pb.ListUsersRequest, context: Context) -> Any:
        found, token = await self._identity.list_users(caller(), cv.page_in(request.page))
        return pb.ListUsersResponse(
            users=[cv.user_out(u) for u in found], page_info=cv.page_info_out(token)
        )

    async def ListUserNames(self, request: pb.ListUserNamesRequest, context: Context) -> Any:
        found = await self._names.list_names(caller(), list(request.user_ids))
        return pb.ListUserNamesResponse(names=[cv.user_name_out(n) for n in found])

    async def CreateApiToken(self, request: pb.CreateApiTokenRequest, context: Context) -> Any:
        expires = cv.timestamp_in(request.expires_at) if request.HasField("expires_at") else None
        token, secret = await self._tokens.create_api_token(caller(), request.name, expires)
        return pb.CreateApiTokenResponse(api_token=cv.api_token_out(token), token=secret)

    async def ListApiTokens(self, request: pb.ListApiTokensRequest, context: Context) -> Any:
        found = await self._tokens.list_api_tokens(caller())
        return pb.ListApiTokensResponse(api_tokens=[cv.api_token_out(t) for t in found])

    async def RevokeApiToken(self, request: pb.RevokeApiTokenRequest, context: Context) -> Any:
        token = await self._tokens.revoke_api_token(caller(), request.token_id)
        return pb.RevokeApiTokenResponse(api_token=cv.api_token_out(token))

    async def CreateServiceAccount(
        self, request: pb.CreateServiceAccountRequest, context: Context
    ) -> Any:
        expires = cv.timestamp_in(request.expires_at) if request.HasField("expires_at") else None
        issued = await self._service_accounts.create(caller(), request.name, expires)
        return pb.CreateServiceAccountResponse(
            user=cv.user_out(issued.account),
            api_token=cv.api_token_out(issued.token),
            token=issued.secret,
        )

    async def CreateServiceAccountToken(
        self, request: pb.CreateServiceAccountTokenRequest, context: Context
    ) -> Any:
        expires = cv.timestamp_in(request.expires_at) if request.HasField("expires_at") else None
        issued = await self._service_accounts.issue_token(
            caller(), request.name, expires, revoke_others=request.revoke_others
        )
        return pb.CreateServiceAccountTokenResponse(
            api_token=cv.api_token_out(issued.token), token=issued.secret, revoked=issued.revoked
        )

    async def ListAuditEvents(self, request: pb.ListAuditEventsRequest, context: Context) -> Any:
        found, token = await self._audit.list_events(
            caller(), request.portfolio_id, cv.page_in(request.page)
        )
        return pb.ListAuditEventsResponse(
            events=[cv.audit_event_out(e) for e in found], page_info=cv.page_info_out(token)
        )
