"""Optimistic concurrency and archiving, the same for every versioned registry object."""

from __future__ import annotations

import dataclasses
from datetime import datetime
from typing import Any, TypeVar

from taplatform.errors import ConcurrencyError, FailedPreconditionError

T = TypeVar("T")


def check_version(kind: str, ident: str, current: int, given: int) -> None:
    """Refuse a write based on a stale read, naming the current version (ABORTED)."""
    if current != given:
        raise ConcurrencyError(
            f"version: {kind} {ident} is at version {current}, not {given}; re-read and retry",
            reason="STALE_VERSION",
            metadata={"current_version": str(current), "given_version": str(given)},
        )


def archive(entity: T, kind: str, ident: str, now: datetime) -> T:
    """The entity archived at ``now`` with its version bumped; archiving twice is refused."""
    fields: Any = entity
    if fields.archived:
        raise FailedPreconditionError(f"{kind} {ident} is already archived")
    archived: T = dataclasses.replace(
        fields, archived=True, version=fields.version + 1, updated_at=now
    )
    return archived
