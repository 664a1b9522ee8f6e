"""Settings from the environment (``TA_`` prefix) that fail loudly on a missing or bad value.

Each process builds one settings object at start through :func:`load_settings`;
a missing or malformed ``TA_*`` value stops the process with one line that
names the key, before anything else happens.
"""

from __future__ import annotations

import sys
from typing import Annotated, Literal, TypeVar
from urllib.parse import urlsplit

from pydantic import (
    AfterValidator,
    AwareDatetime,
    Field,
    SecretStr,
    ValidationError,
    field_validator,
    model_validator,
)
from pydantic_settings import BaseSettings, SettingsConfigDict

from taplatform.catalog import EDGE_PORT, SERVICES

ENV_PREFIX = "TA_"


def _postgres_url(value: str) -> str:
    parts = urlsplit(value)
    if parts.scheme not in ("postgresql", "postgres", "postgresql+asyncpg"):
        raise ValueError("must be a postgresql:// URL")
    if not (parts.hostname or "host=" in parts.query):
        raise ValueError("must name a host (postgresql://user@host:port/db)")
    if not parts.path.strip("/"):
        raise ValueError("must name a database (postgresql://user@host:port/db)")
    return value


def _redis_url(value: str) -> str:
    parts = urlsplit(value)
    if parts.scheme not in ("redis", "rediss", "unix"):
        raise ValueError("must be a redis://, rediss:// or unix:// URL")
    if parts.scheme != "unix" and not parts.hostname:
        raise ValueError("must name a host (redis://host:port/0)")
    return value


def _host_port(value: str) -> str:
    host, sep, port = value.rpartition(":")
    if not sep or not host or not port.isdigit() or not 0 < int(port) < 65536:
        raise ValueError("must be host:port, e.g. 127.0.0.1:50051")
    return value


PostgresUrl = Annotated[str, AfterValidator(_postgres_url)]
RedisUrl = Annotated[str, AfterValidator(_redis_url)]
HostPort = Annotated[str, AfterValidator(_host_port)]
Port = Annotated[int, Field(ge=0, le=65535)]


class CommonSettings(BaseSettings):
    """Settings every process reads."""

    model_config = SettingsConfigDict(env_prefix=ENV_PREFIX, extra="ignore", frozen=True)

    log_level: Literal["DEBUG", "INFO", "WARNING", "ERROR"] = "INFO"
    log_format: Literal["json", "console"] = "json"


class ServiceAddresses(BaseSettings):
    """Where the gRPC services listen, for callers (``TA_<SERVICE>_ADDR``)."""

    model_config = SettingsConfigDict(env_prefix=ENV_PREFIX, extra="ignore", frozen=True)

    registry_addr: HostPort = f"127.0.0.1:{SERVICES[0].port}"
    marketdata_addr: HostPort = f"127.0.0.1:{SERVICES[1].port}"
    ledger_addr: HostPort = f"127.0.0.1:{SERVICES[2].port}"
    engine_addr: HostPort = f"127.0.0.1:{SERVICES[3].port}"
    oms_addr: HostPort = f"127.0.0.1:{SERVICES[4].port}"
    rpc_timeout_s: Annotated[float, Field(gt=0, le=300)] = 5.0

    def addr(self, service_name: str) -> str:
        value = getattr(self, f"{service_name}_addr")
        assert isinstance(value, str)
        return value


class ServiceSettings(CommonSettings, ServiceAddresses):
    """A gRPC service process. ``grpc_port`` unset means the service's default port."""

    database_url: PostgresUrl
    redis_url: RedisUrl
    grpc_host: str = "0.0.0.0"
    grpc_port: Port | None = None
    db_pool_size: Annotated[int, Field(ge=1, le=100)] = 5
    health_probe_interval_s: Annotated[float, Field(gt=0, le=300)] = 2.0
    shutdown_grace_s: Annotated[float, Field(ge=0, le=300)] = 10.0
    # Off where a migrations Job owns schema changes (Kubernetes); on for `up`.
    migrate_on_start: bool = True
    # gRPC server reflection (what `grpcurl list` uses).
    grpc_reflection: bool = True
    # Reflection without a bearer token: local development only (`up`, compose, local overlay).
    grpc_reflection_public: bool = False
    # How long another service trusts the registry's "this token is valid" and
    # "may act on this portfolio" answers: revocation takes effect within this.
    auth_cache_ttl_s: Annotated[float, Field(ge=0, le=300)] = 10.0
    # How long a refused token is refused without asking the registry again.
    auth_negative_cache_ttl_s: Annotated[float, Field(ge=0, le=60)] = 2.0
    # Prometheus /metrics over HTTP; unset: the service's default port
    # (taplatform.metrics.metrics_port: 9465-9469), 0: no metrics server.
    metrics_port: Port | None = None
    metrics_host: str = "0.0.0.0"


class RegistrySettings(ServiceSettings):
    """The registry: identity settings on top of a service's."""

    # First start with no user: create this admin (ignored once any user exists).
    bootstrap_admin_email: str | None = None
    bootstrap_admin_password: SecretStr | None = None
    session_idle_ttl_s: Annotated[int, Field(ge=60, le=30 * 86400)] = 12 * 3600
    session_absolute_ttl_s: Annotated[int, Field(ge=60, le=90 * 86400)] = 7 * 86400
    # Failed sign-ins allowed per email within the window before it is refused.
    sign_in_max_failures: Annotated[int, Field(ge=1, le=100)] = 5
    sign_in_failure_window_s: Annotated[int, Field(ge=60, le=86400)] = 900
    api_token_default_ttl_days: Annotated[int, Field(ge=1, le=3650)] = 90
    api_token_max_ttl_days: Annotated[int, Field(ge=1, le=3650)] = 365
    # Argon2id cost; the defaults are RFC 9106's low-memory option. Tests lower them.
    argon2_time_cost: Annotated[int, Field(ge=1, le=20)] = 3
    argon2_memory_kib: Annotated[int, Field(ge=8, le=4 * 1024 * 1024)] = 65536
    argon2_parallelism: Annotated[int, Field(ge=1, le=64)] = 4
    # Audit consumer: pending messages idle this long are taken from a dead consumer.
    audit_claim_idle_s: Annotated[float, Field(gt=0, le=3600)] = 30.0
    # Redis consumer group of the audit consumer; one per deployment (tests use their own).
    audit_consumer_group: str = "audit"
    # Redis consumer group of the notification consumer (same rule as the audit group's).
    notification_consumer_group: str = "notifications"


class EdgeSettings(CommonSettings, ServiceAddresses):
    """The HTTP edge: GraphQL, the web app, health and metrics."""

    http_host: str = "0.0.0.0"
    http_port: Port = EDGE_PORT
    web_dist_dir: str | None = None
    # "dev" turns GraphQL introspection on (GraphiQL needs it); `up` sets it.
    env: Literal["dev", "prod"] = "prod"
    # The event streams behind the `notifications` subscription; unset: none delivered.
    redis_url: RedisUrl | None = None


# Fractional days are allowed so a soak run can keep rows for minutes
# (0.002 days is about 3 minutes); below 0.001 days (86.4 s) a period would be
# shorter than a retention run itself.
MIN_RETENTION_DAYS = 0.001
Days = Annotated[float, Field(ge=MIN_RETENTION_DAYS, le=3650)]


class RetentionSettings(BaseSettings):
    """How long finished rows are kept (``TA_RETENTION_*``); see taplatform/retention.py."""

    model_config = SettingsConfigDict(env_prefix=ENV_PREFIX, extra="ignore", frozen=True)

    # The daily retention cron (03:15 UTC); `tradingassistant retention run` works either way.
    retention_enabled: bool = True
    # Rows deleted per transaction: a backlog never holds one long lock.
    retention_batch_size: Annotated[int, Field(ge=1, le=100_000)] = 1000
    retention_intraday_days: Days = 30
    retention_alerts_days: Days = 90
    retention_task_runs_days: Days = 90
    retention_notifications_days: Days = 90
    retention_outbox_days: Days = 7
    retention_inbox_days: Days = 30
    # Days after an idempotency key expired.
    retention_idempotency_days: Days = 7
    # Redis event-stream entries, once every consumer group has acknowledged them.
    retention_streams_days: Days = 7


class WorkerSettings(CommonSettings, ServiceAddresses, RetentionSettings):
    """The arq worker: cron jobs, the outbox relay and retention."""

    database_url: PostgresUrl
    redis_url: RedisUrl
    outbox_batch_size: Annotated[int, Field(ge=1, le=10_000)] = 500
    # A registry API token the worker's scheduled service jobs act with.
    worker_api_token: str | None = None
    # Seconds between relay runs; must divide 60 (arq cron ticks on the second).
    outbox_relay_interval_s: Annotated[int, Field(ge=1, le=30)] = 1
    # Prometheus /metrics over HTTP; unset: 9464, 0: no metrics server.
    metrics_port: Port | None = None
    metrics_host: str = "0.0.0.0"
    # Testing knob (soak runs, demos): every service cron job and retention run
    # every N seconds instead of on their schedule; the outbox relay keeps its own.
    worker_cron_every_s: Annotated[int, Field(ge=1, le=3600)] | None = None
    # With the accelerated cadence only: the instant scheduled refreshes decide
    # what is due at (a time the markets are open), instead of each tick's own slot.
    worker_cron_as_of: AwareDatetime | None = None

    @field_validator("outbox_relay_interval_s")
    @classmethod
    def _divides_minute(cls, value: int) -> int:
        if 60 % value:
            raise ValueError("must divide 60 (1, 2, 3, 4, 5, 6, 10, 12, 15, 20 or 30)")
        return value

    @field_validator("worker_cron_every_s")
    @classmethod
    def _fits_the_clock(cls, value: int | None) -> int | None:
        # arq cron ticks on wall-clock seconds and minutes: N must tile a minute or an hour.
        if value is not None and (60 % value if value < 60 else value % 60 or 3600 % value):
            raise ValueError("must divide 60, or be a multiple of 60 that divides 3600")
        return value

    @model_validator(mode="after")
    def _as_of_needs_acceleration(self) -> WorkerSettings:
        if self.worker_cron_as_of is not None and self.worker_cron_every_s is None:
            raise ValueError("TA_WORKER_CRON_AS_OF needs TA_WORKER_CRON_EVERY_S")
        return self


class MigrateSettings(CommonSettings):
    """The one-shot migration command."""

    database_url: PostgresUrl


class ConfigError(SystemExit):
    """Raised when a setting is missing or malformed; exits the process with status 2."""

    def __init__(self, line: str) -> None:
        super().__init__(2)
        self.line = line

    def __str__(self) -> str:
        return self.line


S = TypeVar("S", bound=BaseSettings)


def describe_error(error: ValidationError) -> str:
    """One line naming every bad key, e.g. ``TA_DATABASE_URL: missing``."""
    problems = []
    for item in error.errors():
        key = ENV_PREFIX + "_".join(str(p) for p in item["loc"]).upper()
        message = "missing" if item["type"] == "missing" else item["msg"]
        problems.append(f"{key}: {message}")
    return "configuration error: " + "; ".join(problems)


def load_settings(cls: type[S]) -> S:
    """Build ``cls`` from the environment, or print one line naming the bad key and exit 2."""
    try:
        return cls()
    except ValidationError as error:
        line = describe_error(error)
        print(line, file=sys.stderr, flush=True)
        raise ConfigError(line) from None


def asyncpg_url(url: str) -> str:
    """The SQLAlchemy URL for ``url`` with the asyncpg driver."""
    scheme, sep, rest = url.partition("://")
    return f"postgresql+asyncpg{sep}{rest}" if scheme in ("postgresql", "postgres") else url


def redact_url(url: str) -> str:
    """``url`` with any password replaced, for logs."""
    parts = urlsplit(url)
    if parts.password is None:
        return url
    netloc = parts.netloc.replace(f":{parts.password}@", ":***@")
    return parts._replace(netloc=netloc).geturl()
