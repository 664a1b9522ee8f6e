"""Domain errors: the one vocabulary of expected failures, mapped to gRPC codes in one place.

Raise these from handlers and domain code; :mod:`taplatform.grpc.errors`
turns them into a gRPC status with ``google.rpc`` details. Anything else that
escapes a handler is reported as INTERNAL with no internals in the message.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass


@dataclass(frozen=True)
class FieldViolation:
    """One bad field: ``field`` is a path such as ``entries[2].amount``."""

    field: str
    description: str


class DomainError(Exception):
    """Base of expected failures. ``reason`` is a stable UPPER_SNAKE code for clients."""

    reason: str = "DOMAIN_ERROR"

    def __init__(
        self,
        message: str,
        *,
        reason: str | None = None,
        metadata: Mapping[str, str] | None = None,
    ) -> None:
        super().__init__(message)
        self.message = message
        if reason is not None:
            self.reason = reason
        self.metadata: dict[str, str] = dict(metadata or {})


class InvalidArgumentError(DomainError):
    """The request is malformed; ``violations`` name each bad field."""

    reason = "INVALID_ARGUMENT"

    def __init__(
        self,
        message: str,
        violations: list[FieldViolation] | None = None,
        *,
        reason: str | None = None,
    ) -> None:
        super().__init__(message, reason=reason)
        self.violations = list(violations or [])

    @classmethod
    def for_field(cls, field_path: str, description: str) -> InvalidArgumentError:
        """A single-field violation whose message names the field."""
        return cls(f"{field_path}: {description}", [FieldViolation(field_path, description)])

    @classmethod
    def for_fields(cls, violations: list[FieldViolation]) -> InvalidArgumentError:
        """Every violation at once; the message names each field in turn."""
        message = "; ".join(f"{v.field}: {v.description}" for v in violations)
        return cls(message, violations)


class NotFoundError(DomainError):
    reason = "NOT_FOUND"


class AlreadyExistsError(DomainError):
    """An id is taken. For idempotent writes, ``reason`` says what differs, e.g.
    ``EXISTS_WITH_DIFFERENT_AMOUNT``."""

    reason = "ALREADY_EXISTS"


class FailedPreconditionError(DomainError):
    """The system is not in a state that allows this: frozen, halted, market closed."""

    reason = "FAILED_PRECONDITION"


class PermissionDeniedError(DomainError):
    reason = "PERMISSION_DENIED"


class UnauthenticatedError(DomainError):
    reason = "UNAUTHENTICATED"


class ResourceExhaustedError(DomainError):
    """A limit was hit: notional, daily loss, rate."""

    reason = "RESOURCE_EXHAUSTED"


class ConcurrencyError(DomainError):
    """A stale version or a lost race; the client may re-read and retry (ABORTED)."""

    reason = "ABORTED"
