"""``tradingassistant up``: the whole stack on one machine, under one supervisor."""

from __future__ import annotations

import asyncio
import os
import signal
import sys
from collections.abc import Callable
from contextlib import ExitStack
from dataclasses import replace
from pathlib import Path
from types import FrameType

from taplatform.catalog import SERVICES
from taplatform.cli.demo_credentials import CREDENTIALS_FILE, EMAIL_ENV, PASSWORD_ENV
from taplatform.cli.embedded import EmbeddedPostgres, EmbeddedRedis, start_postgres, start_redis
from taplatform.cli.output import PrefixedOutput
from taplatform.cli.service_account import TOKEN_FILE
from taplatform.cli.startup import LATE, StackStartup
from taplatform.cli.status import edge_base_url
from taplatform.cli.supervisor import SUPERVISOR_NAME, ProcessSpec, Supervisor, describe_exit
from taplatform.config import EdgeSettings, PostgresUrl, RedisUrl, load_settings, redact_url

MIGRATE_NAME = "migrate"


class StackSettings(EdgeSettings):
    """What ``up`` reads: addresses, the edge's port, and servers (embedded when unset)."""

    database_url: PostgresUrl | None = None
    redis_url: RedisUrl | None = None


def command(*args: str) -> list[str]:
    return [sys.executable, "-m", "taplatform.cli.main", *args]


def stack_processes(settings: StackSettings, env: dict[str, str]) -> list[ProcessSpec]:
    """The five services (each on its ``TA_<NAME>_ADDR`` port), the edge and the worker."""
    specs = []
    for spec in SERVICES:
        port = settings.addr(spec.name).rpartition(":")[2]
        child_env = {**env, "TA_GRPC_PORT": port}
        if spec.name == "registry":
            # `up` creates the first admin itself (the demo seed), from these same values.
            for key in (EMAIL_ENV, PASSWORD_ENV):
                child_env.pop(key, None)
        specs.append(ProcessSpec(spec.name, command("serve", spec.name), child_env))
    edge_env = {**env, "TA_HTTP_PORT": str(settings.http_port)}
    specs.append(ProcessSpec("edge", command("serve", "edge"), edge_env))
    specs.append(ProcessSpec("worker", command("worker"), env))
    return specs


def child_environment(settings: StackSettings, database_url: str, redis_url: str) -> dict[str, str]:
    env = {**os.environ, "TA_DATABASE_URL": database_url, "TA_REDIS_URL": redis_url}
    env["PYTHONUNBUFFERED"] = "1"
    # `grpcurl list` works without a token on a local stack (services default to off).
    env.setdefault("TA_GRPC_REFLECTION_PUBLIC", "true")
    # A local stack is for development: GraphiQL needs introspection (the edge's default is prod).
    env.setdefault("TA_ENV", "dev")
    # Console logs read best behind the name prefixes, unless a format was chosen.
    chosen = "log_format" in settings.model_fields_set
    env["TA_LOG_FORMAT"] = settings.log_format if chosen else "console"
    return env


async def run_stack(
    settings: StackSettings,
    env: dict[str, str],
    out: PrefixedOutput,
    grace_s: float,
    credentials_path: Path,
) -> int:
    """Migrate, then run every process until a signal (0) or until one exits (1)."""
    migrate_spec = ProcessSpec(MIGRATE_NAME, command("migrate"), env)
    migrate = Supervisor([migrate_spec], out=out, grace_s=grace_s)
    code = await migrate.run_to_completion()
    if code is None:
        return 0
    if code != 0:
        migrate.say(f"{MIGRATE_NAME} {describe_exit(code)}; not starting the stack")
        return 1
    token = await _service_token(env, credentials_path.parent / TOKEN_FILE, migrate.say)
    specs = with_service_token(stack_processes(settings, env), token)
    first = [spec for spec in specs if spec.name not in LATE]
    late = {spec.name: spec for spec in specs if spec.name in LATE}
    supervisor = Supervisor(first, out=out, grace_s=grace_s)
    startup = StackStartup(supervisor, late, settings, edge_base_url(settings), credentials_path)
    return await supervisor.run(startup)


def with_service_token(specs: list[ProcessSpec], token: str | None) -> list[ProcessSpec]:
    """The worker and the OMS act with the service account's ``token`` (unless given one)."""
    keys = {"worker": "TA_WORKER_API_TOKEN", "oms": "TA_OMS_SERVICE_TOKEN"}
    if token is None:
        return specs
    chosen = []
    for spec in specs:
        key = keys.get(spec.name)
        if key is not None and not (spec.env or {}).get(key):
            spec = replace(spec, env={**(spec.env or {}), key: token})
        chosen.append(spec)
    return chosen


async def _service_token(
    env: dict[str, str], token_file: Path, say: Callable[[str], None]
) -> str | None:
    from taplatform.cli.service_account import ServiceAccountSettings, ensure_service_token

    try:
        settings = ServiceAccountSettings(database_url=env["TA_DATABASE_URL"])
        token = await ensure_service_token(settings, token_file)
    except Exception as error:  # the stack still runs, without background work
        say(f"no service account token ({type(error).__name__}: {error}); scheduled jobs are off")
        return None
    say(f"the worker and the OMS act as service account 'worker' (token in {token_file})")
    return token


def _interrupt(signum: int, frame: FrameType | None) -> None:
    raise KeyboardInterrupt


def _resolve_servers(
    settings: StackSettings, var_dir: Path, servers: ExitStack, say: Callable[[str], None]
) -> tuple[str, str]:
    """The database and Redis URLs: the configured ones, else embedded servers in ``var_dir``."""
    database_url, redis_url = settings.database_url, settings.redis_url
    if database_url is None:
        postgres = start_postgres(var_dir / "postgres")
        servers.callback(_stop, postgres, "embedded PostgreSQL stopped", say)
        database_url = postgres.url
        say(f"TA_DATABASE_URL unset: embedded PostgreSQL in {var_dir}/postgres")
    else:
        say(f"using PostgreSQL at {redact_url(database_url)}")
    if redis_url is None:
        redis = start_redis(var_dir / "redis")
        servers.callback(_stop, redis, "embedded Redis stopped", say)
        redis_url = redis.url
        say(f"TA_REDIS_URL unset: embedded Redis in {var_dir}/redis on {redis_url}")
    else:
        say(f"using Redis at {redact_url(redis_url)}")
    return database_url, redis_url


def _stop(server: EmbeddedPostgres | EmbeddedRedis, done: str, say: Callable[[str], None]) -> None:
    server.stop()
    say(done)


def run_up(var_dir: Path, grace_s: float) -> int:
    """Start embedded servers when no URL is configured, then run the stack; stop them after."""
    settings = load_settings(StackSettings)
    names = [SUPERVISOR_NAME, MIGRATE_NAME, *(s.name for s in SERVICES), "edge", "worker"]
    out = PrefixedOutput(sys.stdout, names)

    def say(text: str) -> None:
        out.line(SUPERVISOR_NAME, text)

    # Until the supervisor takes over, SIGTERM unwinds like Ctrl-C so embedded servers stop.
    previous = signal.signal(signal.SIGTERM, _interrupt)
    try:
        with ExitStack() as servers:
            try:
                database_url, redis_url = _resolve_servers(settings, var_dir, servers, say)
            except Exception as error:
                say(f"cannot start the embedded servers: {error!r}")
                return 1
            env = child_environment(settings, database_url, redis_url)
            credentials = var_dir / CREDENTIALS_FILE
            return asyncio.run(run_stack(settings, env, out, grace_s, credentials))
    except KeyboardInterrupt:
        say("interrupted")
        return 0
    finally:
        signal.signal(signal.SIGTERM, previous)
