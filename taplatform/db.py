"""The async SQLAlchemy engine of one service, bound to that service's schema."""

from __future__ import annotations

import asyncio

import sqlalchemy.ext.asyncio
from opentelemetry.instrumentation.sqlalchemy import SQLAlchemyInstrumentor
from sqlalchemy import text
from sqlalchemy.ext.asyncio import AsyncEngine, async_sessionmaker

from taplatform.catalog import ServiceSpec
from taplatform.config import ServiceSettings, asyncpg_url
from taplatform.tracing import instrument_row_counts


def create_engine(
    database_url: str,
    *,
    application_name: str,
    pool_size: int = 5,
    role: str | None = None,
    echo: bool = False,
) -> AsyncEngine:
    """An asyncpg engine with a bounded pool, traced by OpenTelemetry.

    Tables are schema-qualified in their ``MetaData``, so no ``search_path``
    trickery is needed and a service can never read another's tables by
    accident of configuration. With ``role``, every connection acts as that
    role from its first statement (the ``role`` startup parameter), whatever
    the login user may do.
    """
    instrumentor = SQLAlchemyInstrumentor()
    # The instrumentor is a process-wide singleton that traces only the first engine
    # passed to instrument(engine=); instrumenting engine creation traces every one.
    if not instrumentor.is_instrumented_by_opentelemetry:
        instrumentor.instrument()
    server_settings = {"application_name": application_name}
    if role is not None:
        server_settings["role"] = role
    # Through the module, so the instrumented create_async_engine is the one called.
    engine = sqlalchemy.ext.asyncio.create_async_engine(
        asyncpg_url(database_url),
        pool_size=pool_size,
        max_overflow=pool_size,
        pool_pre_ping=True,
        echo=echo,
        connect_args={
            "server_settings": server_settings,
            "timeout": 5,
        },
    )
    instrument_row_counts()
    return engine


def session_factory(engine: AsyncEngine) -> async_sessionmaker:  # type: ignore[type-arg]
    return async_sessionmaker(engine, expire_on_commit=False)


async def ping(engine: AsyncEngine, timeout_s: float = 2.0) -> None:
    """Raise unless the database answers ``SELECT 1`` within ``timeout_s``."""
    async with asyncio.timeout(timeout_s), engine.connect() as connection:
        await connection.execute(text("SELECT 1"))


def service_engine(spec: ServiceSpec, settings: ServiceSettings) -> AsyncEngine:
    """The engine a service's handlers use: acting as the service's own role."""
    return create_engine(
        settings.database_url,
        application_name=f"ta-{spec.name}",
        pool_size=settings.db_pool_size,
        role=spec.db_role,
    )
