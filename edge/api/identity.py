"""Sign-in and out, the first admin, the current user, users and personal API tokens."""

from __future__ import annotations

from datetime import datetime
from typing import Annotated

import grpc
import strawberry
from tradingassistant.registry.v1 import registry_pb2

from edge.api.convert import ROLE_FROM_PB, ROLE_TO_PB, EdgeInfo, Role, time_or_none, timestamp
from edge.api.errors import ExpectedError, expected
from edge.rpc import ServiceCallError


@strawberry.type
class User:
    id: strawberry.ID
    email: str
    role: Role | None
    created_at: datetime | None

    @classmethod
    def from_pb(cls, user: registry_pb2.User) -> User:
        return cls(
            id=strawberry.ID(user.user_id),
            email=user.email,
            role=ROLE_FROM_PB.get(user.role),
            created_at=time_or_none(user.created_at),
        )


@strawberry.type(description="A personal API token; its secret is shown only when created.")
class ApiToken:
    id: strawberry.ID
    name: str
    created_at: datetime | None
    expires_at: datetime | None
    revoked_at: datetime | None
    last_used_at: datetime | None

    @classmethod
    def from_pb(cls, token: registry_pb2.ApiToken) -> ApiToken:
        return cls(
            id=strawberry.ID(token.token_id),
            name=token.name,
            created_at=time_or_none(token.created_at),
            expires_at=time_or_none(token.expires_at),
            revoked_at=time_or_none(token.revoked_at),
            last_used_at=time_or_none(token.last_used_at),
        )


@strawberry.type
class SetupState:
    needs_first_admin: bool = strawberry.field(
        description="True until the first admin exists; the web app then shows its first-run page."
    )


@strawberry.type(description="Signed in: the session cookie is set on this response.")
class SignedIn:
    user: User
    idle_expires_at: datetime | None
    absolute_expires_at: datetime | None


@strawberry.type
class SignedOut:
    ok: bool = True


@strawberry.type(description="A new API token and its secret, which is never shown again.")
class ApiTokenCreated:
    api_token: ApiToken
    secret: str = strawberry.field(
        description="Send as `Authorization: Bearer <secret>`; store it now."
    )


@strawberry.type
class ApiTokenList:
    items: list[ApiToken]


@strawberry.type
class UserList:
    items: list[User]


SignInResult = Annotated[SignedIn | ExpectedError, strawberry.union("SignInResult")]
SignOutResult = Annotated[SignedOut | ExpectedError, strawberry.union("SignOutResult")]
UserResult = Annotated[User | ExpectedError, strawberry.union("UserResult")]
UserListResult = Annotated[UserList | ExpectedError, strawberry.union("UserListResult")]
ApiTokenResult = Annotated[ApiToken | ExpectedError, strawberry.union("ApiTokenResult")]
ApiTokenListResult = Annotated[ApiTokenList | ExpectedError, strawberry.union("ApiTokenListResult")]
ApiTokenCreatedResult = Annotated[
    ApiTokenCreated | ExpectedError, strawberry.union("ApiTokenCreatedResult")
]


@strawberry.type
class IdentityQuery:
    @strawberry.field(description="Whether the first admin still has to be created.")
    async def setup_state(self, info: EdgeInfo) -> SetupState:
        response = await info.context.registry.GetSetupState(registry_pb2.GetSetupStateRequest())
        return SetupState(needs_first_admin=response.needs_first_admin)

    @strawberry.field(description="The signed-in user, or null when not signed in.")
    async def me(self, info: EdgeInfo) -> User | None:
        if info.context.registry.bearer is None:
            return None
        try:
            response = await info.context.registry.GetCurrentUser(
                registry_pb2.GetCurrentUserRequest()
            )
        except ServiceCallError as error:
            if error.code is grpc.StatusCode.UNAUTHENTICATED:
                return None
            raise
        return User.from_pb(response.user)

    @strawberry.field(description="Users (admins only).")
    async def users(self, info: EdgeInfo) -> UserListResult:
        async def call() -> UserList:
            response = await info.context.registry.ListUsers(registry_pb2.ListUsersRequest())
            return UserList(items=[User.from_pb(u) for u in response.users])

        return await expected(call)

    @strawberry.field(description="Your API tokens, newest first; secrets are never listed.")
    async def api_tokens(self, info: EdgeInfo) -> ApiTokenListResult:
        async def call() -> ApiTokenList:
            response = await info.context.registry.ListApiTokens(
                registry_pb2.ListApiTokensRequest()
            )
            return ApiTokenList(items=[ApiToken.from_pb(t) for t in response.api_tokens])

        return await expected(call)


@strawberry.type
class IdentityMutation:
    @strawberry.mutation(description="Create the first admin; refused once any user exists.")
    async def create_first_admin(self, info: EdgeInfo, email: str, password: str) -> UserResult:
        async def call() -> User:
            request = registry_pb2.CreateFirstAdminRequest(email=email, password=password)
            response = await info.context.registry.CreateFirstAdmin(request)
            return User.from_pb(response.user)

        return await expected(call)

    @strawberry.mutation(description="Sign in; sets the HttpOnly session cookie.")
    async def sign_in(self, info: EdgeInfo, email: str, password: str) -> SignInResult:
        context = info.context

        async def call() -> SignedIn:
            request = registry_pb2.SignInRequest(email=email, password=password)
            response = await context.registry.SignIn(request)
            absolute = time_or_none(response.absolute_expires_at)
            if context.cookies is not None:
                context.cookies.set_session(response.session_token, absolute)
            context.act_as(response.session_token)
            return SignedIn(
                user=User.from_pb(response.user),
                idle_expires_at=time_or_none(response.idle_expires_at),
                absolute_expires_at=absolute,
            )

        return await expected(call)

    @strawberry.mutation(description="End this session server-side and clear its cookie.")
    async def sign_out(self, info: EdgeInfo) -> SignOutResult:
        context = info.context
        if context.registry.bearer is not None:
            try:
                await context.registry.SignOut(registry_pb2.SignOutRequest())
            except ServiceCallError as error:
                # An expired or revoked session is already signed out.
                if error.code is not grpc.StatusCode.UNAUTHENTICATED:
                    raise
        if context.cookies is not None:
            context.cookies.clear_session()
        context.act_as(None)
        return SignedOut()

    @strawberry.mutation(description="Create a user (admins only).")
    async def create_user(
        self, info: EdgeInfo, email: str, password: str, role: Role = Role.USER
    ) -> UserResult:
        async def call() -> User:
            request = registry_pb2.CreateUserRequest(
                email=email, password=password, role=ROLE_TO_PB[role]
            )
            response = await info.context.registry.CreateUser(request)
            return User.from_pb(response.user)

        return await expected(call)

    @strawberry.mutation(description="Create a personal API token; the secret is shown once.")
    async def create_api_token(
        self, info: EdgeInfo, name: str, expires_at: datetime | None = None
    ) -> ApiTokenCreatedResult:
        async def call() -> ApiTokenCreated:
            request = registry_pb2.CreateApiTokenRequest(name=name)
            if expires_at is not None:
                request.expires_at.CopyFrom(timestamp(expires_at))
            response = await info.context.registry.CreateApiToken(request)
            return ApiTokenCreated(
                api_token=ApiToken.from_pb(response.api_token), secret=response.token
            )

        return await expected(call)

    @strawberry.mutation(description="Revoke an API token; calls with it fail from now on.")
    async def revoke_api_token(self, info: EdgeInfo, id: strawberry.ID) -> ApiTokenResult:
        async def call() -> ApiToken:
            request = registry_pb2.RevokeApiTokenRequest(token_id=str(id))
            response = await info.context.registry.RevokeApiToken(request)
            return ApiToken.from_pb(response.api_token)

        return await expected(call)
