"""Use cases of the engine: policy versions, runs and replay, recommendation reviews."""

from __future__ import annotations

import uuid
from collections.abc import Callable
from dataclasses import dataclass

from sqlalchemy.ext.asyncio import AsyncEngine

from services.engine.sources import Sources
from taplatform.auth.principal import current_principal
from taplatform.clock import Clock
from taplatform.errors import InvalidArgumentError, NotFoundError


@dataclass(frozen=True)
class EngineDeps:
    """What every handler needs: the database, the sources of run inputs, a clock, new ids."""

    engine: AsyncEngine
    sources: Sources
    clock: Clock
    new_id: Callable[[], uuid.UUID] = uuid.uuid4


def actor() -> str | None:
    """The user the current RPC acts for (None outside an RPC)."""
    principal = current_principal.get()
    return principal.user_id if principal else None


def parse_id(value: str, field: str, what: str) -> uuid.UUID:
    """A UUID from a request field; empty or malformed names the field."""
    if not value:
        raise InvalidArgumentError.for_field(field, "is required")
    try:
        return uuid.UUID(value)
    except ValueError:
        # An id that cannot exist is simply not found, like any unknown id.
        raise NotFoundError(f"{what} {value} not found") from None
