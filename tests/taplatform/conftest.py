"""Fixtures for the shared-library tests."""

from __future__ import annotations

from collections.abc import AsyncIterator, Iterator

import pytest
from opentelemetry.sdk.trace.export import SimpleSpanProcessor
from opentelemetry.sdk.trace.export.in_memory_span_exporter import InMemorySpanExporter
from sqlalchemy.ext.asyncio import AsyncEngine

from taplatform.db import create_engine
from taplatform.tracing import setup_tracing


@pytest.fixture
async def engine(migrated_database_url: str) -> AsyncIterator[AsyncEngine]:
    """An engine on the session's migrated database."""
    engine = create_engine(migrated_database_url, application_name="ta-tests", pool_size=4)
    yield engine
    await engine.dispose()


@pytest.fixture
def finished_spans() -> Iterator[InMemorySpanExporter]:
    """Spans of the process-wide tracer provider finished during the test."""
    exporter = InMemorySpanExporter()
    setup_tracing("taplatform-tests", extra_processor=SimpleSpanProcessor(exporter))
    yield exporter
    # The provider is process-wide; stop this test's processor from collecting further.
    exporter.shutdown()
