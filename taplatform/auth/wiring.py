"""What a service's ``bootstrap()`` adds for auth: the two interceptors, in order, and the gate.

Services other than the registry use :func:`registry_backed_auth`; the
registry answers the same questions from its own tables and passes its own
implementations to :func:`service_auth`.
"""

from __future__ import annotations

from collections.abc import Awaitable, Callable, Sequence
from dataclasses import dataclass, field

import grpc
from sqlalchemy import Table
from sqlalchemy.ext.asyncio import AsyncEngine

from taplatform.auth.denials import DenialRecorder, OutboxDenialRecorder
from taplatform.auth.interceptors import AuthInterceptor, PortfolioAccessInterceptor
from taplatform.auth.principal import Authenticator, PortfolioAuthorizer
from taplatform.auth.registry_auth import (
    RegistryAuthClient,
    RegistryAuthenticator,
    RegistryPortfolioAuthorizer,
)
from taplatform.auth.tenancy import PortfolioGate
from taplatform.config import ServiceSettings


@dataclass
class ServiceAuth:
    """Pass ``interceptors`` and ``on_close`` to ``ServiceApp``; give ``gate`` to handlers
    whose requests name a child object (a run, an order) rather than its portfolio."""

    interceptors: list[grpc.aio.ServerInterceptor]
    gate: PortfolioGate
    on_close: list[Callable[[], Awaitable[None]]] = field(default_factory=list)


def service_auth(
    settings: ServiceSettings,
    *,
    authenticator: Authenticator,
    authorizer: PortfolioAuthorizer,
    recorder: DenialRecorder | None,
    public_methods: frozenset[str] = frozenset(),
    exempt_methods: frozenset[str] = frozenset(),
    on_close: Sequence[Callable[[], Awaitable[None]]] = (),
) -> ServiceAuth:
    """Authentication first, then the tenancy gate (it needs the principal)."""
    authenticate = AuthInterceptor(
        authenticator,
        public_methods=public_methods,
        public_reflection=settings.grpc_reflection_public,
    )
    access = PortfolioAccessInterceptor(
        authorizer, recorder=recorder, exempt_methods=exempt_methods
    )
    return ServiceAuth([authenticate, access], access.gate, list(on_close))


def registry_backed_auth(
    settings: ServiceSettings, *, service: str, engine: AsyncEngine, outbox: Table
) -> ServiceAuth:
    """Auth for a service that asks the registry, auditing denials in its own outbox."""
    client = RegistryAuthClient(settings.registry_addr, timeout_s=settings.rpc_timeout_s)
    return service_auth(
        settings,
        authenticator=RegistryAuthenticator(
            client,
            ttl_s=settings.auth_cache_ttl_s,
            negative_ttl_s=settings.auth_negative_cache_ttl_s,
        ),
        authorizer=RegistryPortfolioAuthorizer(client, ttl_s=settings.auth_cache_ttl_s),
        recorder=OutboxDenialRecorder(engine, outbox, service=service),
        on_close=[client.close],
    )
