"""Composition root of the registry service: the only place that wires its parts."""

from __future__ import annotations

from collections.abc import Awaitable, Callable
from datetime import timedelta
from functools import partial

from pydantic import ValidationError
from redis.asyncio import Redis
from tradingassistant.registry.v1 import registry_pb2_grpc

from services.registry.access import OwnerPortfolioAuthorizer
from services.registry.audit_consumer import AuditConsumer
from services.registry.first_run import ensure_bootstrap_admin
from services.registry.handlers.audit import AuditHandlers
from services.registry.handlers.identity import IdentityHandlers, SessionPolicy
from services.registry.handlers.names import NameHandlers
from services.registry.handlers.notifications import NotificationHandlers
from services.registry.handlers.portfolios import PortfolioHandlers
from services.registry.handlers.reference import ReferenceHandlers
from services.registry.handlers.service_accounts import ServiceAccountHandlers
from services.registry.handlers.sleeves import SleeveHandlers
from services.registry.handlers.tokens import TokenHandlers, TokenPolicy
from services.registry.notification_consumer import NotificationConsumer
from services.registry.passwords import Argon2Parameters, Passwords
from services.registry.server import RegistryServiceServicer
from services.registry.store import platform
from services.registry.uow import Database
from taplatform.auth.denials import OutboxDenialRecorder
from taplatform.auth.wiring import service_auth
from taplatform.catalog import SERVICES, service
from taplatform.clock import Clock, SystemClock
from taplatform.config import ConfigError, RegistrySettings, ServiceSettings, describe_error
from taplatform.db import service_engine
from taplatform.grpc.server import ServiceApp
from taplatform.idempotency import IdempotencyStore

_SERVICE = "/tradingassistant.registry.v1.RegistryService/"
# Callable without a token: first run, signing in, and resolving a token (other services).
PUBLIC_METHODS = frozenset(
    _SERVICE + name for name in ("GetSetupState", "CreateFirstAdmin", "SignIn", "AuthenticateToken")
)
# Answers the access question itself; the asking service audits its refusals.
EXEMPT_FROM_GATE = frozenset({_SERVICE + "AuthorizePortfolio"})


def registry_settings(settings: ServiceSettings) -> RegistrySettings:
    """The registry's settings: given ones, or the service's plus ``TA_`` registry keys."""
    if isinstance(settings, RegistrySettings):
        return settings
    try:
        return RegistrySettings(**settings.model_dump())
    except ValidationError as error:
        raise ConfigError(describe_error(error)) from None


def token_policy(config: RegistrySettings) -> TokenPolicy:
    """Lifetimes of sessions and API tokens from the registry's settings."""
    return TokenPolicy(
        session_idle_ttl=timedelta(seconds=config.session_idle_ttl_s),
        api_default_ttl=timedelta(days=config.api_token_default_ttl_days),
        api_max_ttl=timedelta(days=config.api_token_max_ttl_days),
    )


def bootstrap(settings: ServiceSettings, *, clock: Clock | None = None) -> ServiceApp:
    """Build the registry service from settings."""
    config = registry_settings(settings)
    spec = service("registry")
    engine = service_engine(spec, config)
    clock = clock or SystemClock()
    db = Database(
        engine, clock, IdempotencyStore(platform.idempotency_keys, timedelta(days=30), clock)
    )
    passwords = Passwords(
        Argon2Parameters(
            config.argon2_time_cost, config.argon2_memory_kib, config.argon2_parallelism
        )
    )
    identity = IdentityHandlers(
        db,
        passwords,
        SessionPolicy(
            idle_ttl=timedelta(seconds=config.session_idle_ttl_s),
            absolute_ttl=timedelta(seconds=config.session_absolute_ttl_s),
            max_failures=config.sign_in_max_failures,
            failure_window=timedelta(seconds=config.sign_in_failure_window_s),
        ),
    )
    policy = token_policy(config)
    tokens = TokenHandlers(db, policy)
    servicer = RegistryServiceServicer(
        identity=identity,
        tokens=tokens,
        audit=AuditHandlers(db),
        notifications=NotificationHandlers(db),
        service_accounts=ServiceAccountHandlers(db, policy),
        names=NameHandlers(db),
        portfolios=PortfolioHandlers(db),
        reference=ReferenceHandlers(db),
        sleeves=SleeveHandlers(db),
    )
    auth = service_auth(
        config,
        authenticator=tokens,
        authorizer=OwnerPortfolioAuthorizer(db),
        recorder=OutboxDenialRecorder(engine, platform.outbox, service=spec.name, clock=clock),
        public_methods=PUBLIC_METHODS,
        exempt_methods=EXEMPT_FROM_GATE,
    )
    redis = Redis.from_url(config.redis_url)
    consumer = AuditConsumer(
        engine,
        redis,
        [s.name for s in SERVICES],
        clock,
        group=config.audit_consumer_group,
        claim_idle_ms=int(config.audit_claim_idle_s * 1000),
    )
    notifier = NotificationConsumer(
        engine,
        redis,
        [s.name for s in SERVICES],
        clock,
        group=config.notification_consumer_group,
        claim_idle_ms=int(config.audit_claim_idle_s * 1000),
    )
    background: list[Callable[[], Awaitable[object]]] = [consumer.run, notifier.run]
    if config.bootstrap_admin_email and config.bootstrap_admin_password:
        background.append(
            partial(
                ensure_bootstrap_admin,
                identity,
                config.bootstrap_admin_email,
                config.bootstrap_admin_password.get_secret_value(),
            )
        )
    return ServiceApp(
        spec=spec,
        engine=engine,
        database_url=config.database_url,
        register=partial(registry_pb2_grpc.add_RegistryServiceServicer_to_server, servicer),
        interceptors=auth.interceptors,
        on_close=[*auth.on_close, redis.aclose],
        background=background,
    )
