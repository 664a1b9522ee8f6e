"""Server interceptors: authenticate every call, and gate every portfolio-scoped request.

Order matters. :class:`taplatform.grpc.server.ServiceHost` puts the error
mapping interceptor outside ``ServiceApp.interceptors``, so the domain errors
raised here become proper statuses; list :class:`AuthInterceptor` before
:class:`PortfolioAccessInterceptor` so the gate sees the principal.
"""

from __future__ import annotations

from collections.abc import Awaitable, Callable
from typing import Any

import grpc
import structlog

from taplatform.auth.bearer import find_authorization, parse_bearer
from taplatform.auth.denials import DenialRecorder
from taplatform.auth.guard import guard_handler
from taplatform.auth.principal import (
    Authenticator,
    AuthUnavailableError,
    PortfolioAuthorizer,
    current_bearer,
    current_method,
    current_principal,
)
from taplatform.auth.tenancy import PortfolioGate, requested_portfolio_ids
from taplatform.errors import UnauthenticatedError
from taplatform.logging import get_logger

log = get_logger(__name__)

HEALTH_PREFIX = "/grpc.health.v1.Health/"
REFLECTION_PREFIXES = (
    "/grpc.reflection.v1alpha.ServerReflection/",
    "/grpc.reflection.v1.ServerReflection/",
)
UNAVAILABLE_MESSAGE = "authentication service unavailable; retry"

Continuation = Callable[[grpc.HandlerCallDetails], Awaitable[grpc.RpcMethodHandler]]


async def _abort_unavailable(context: Any, method: str, error: AuthUnavailableError) -> None:
    log.error("auth.unavailable", method=method, error=str(error))
    await context.abort(grpc.StatusCode.UNAVAILABLE, UNAVAILABLE_MESSAGE)


class AuthInterceptor(grpc.aio.ServerInterceptor):  # type: ignore[misc]
    """Resolves ``authorization: Bearer <token>`` to a principal, or answers UNAUTHENTICATED.

    Health is always public (probes carry no token); reflection is public only
    with ``public_reflection`` (local use), else it needs a token like any RPC.
    """

    def __init__(
        self,
        authenticator: Authenticator,
        *,
        public_methods: frozenset[str] = frozenset(),
        public_reflection: bool = False,
    ) -> None:
        self._authenticator = authenticator
        self._public_methods = public_methods
        self._public_reflection = public_reflection

    def is_public(self, method: str) -> bool:
        """Whether ``method`` (``/package.Service/Method``) is served without a token."""
        if method.startswith(HEALTH_PREFIX) or method in self._public_methods:
            return True
        return self._public_reflection and method.startswith(REFLECTION_PREFIXES)

    async def intercept_service(
        self, continuation: Continuation, handler_call_details: grpc.HandlerCallDetails
    ) -> grpc.RpcMethodHandler:
        handler = await continuation(handler_call_details)
        method = handler_call_details.method
        if handler is None or self.is_public(method):
            return handler
        header = find_authorization(handler_call_details.invocation_metadata)

        async def authenticate(context: Any) -> None:
            try:
                token = parse_bearer(header)
                principal = await self._authenticator.authenticate(token)
            except UnauthenticatedError as error:
                # Never the token: only what was wrong with it.
                log.warning("auth.unauthenticated", method=method, reason=error.reason)
                raise
            except AuthUnavailableError as error:
                await _abort_unavailable(context, method, error)
                raise  # abort() raised already; this keeps type checkers honest
            current_principal.set(principal)
            current_bearer.set(token)
            current_method.set(method)
            structlog.contextvars.bind_contextvars(user_id=principal.user_id)

        return guard_handler(handler, before=authenticate)


class PortfolioAccessInterceptor(grpc.aio.ServerInterceptor):  # type: ignore[misc]
    """Checks every portfolio a request names before the handler runs, even an UNIMPLEMENTED one.

    ``exempt_methods``: RPCs that answer the access question themselves (the
    registry's ``AuthorizePortfolio``), so a refusal is not audited twice.
    """

    def __init__(
        self,
        authorizer: PortfolioAuthorizer,
        *,
        recorder: DenialRecorder | None = None,
        exempt_methods: frozenset[str] = frozenset(),
    ) -> None:
        self.gate = PortfolioGate(authorizer, recorder)
        self._exempt = exempt_methods

    async def intercept_service(
        self, continuation: Continuation, handler_call_details: grpc.HandlerCallDetails
    ) -> grpc.RpcMethodHandler:
        handler = await continuation(handler_call_details)
        method = handler_call_details.method
        if handler is None or method in self._exempt:
            return handler

        async def check(request: Any, context: Any) -> None:
            portfolio_ids = requested_portfolio_ids(request)
            if not portfolio_ids:
                return
            try:
                await self.gate.check(portfolio_ids, method=method)
            except AuthUnavailableError as error:
                await _abort_unavailable(context, method, error)

        return guard_handler(handler, each=check)
