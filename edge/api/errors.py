"""Expected failures as GraphQL types, built from the gRPC status the service answered.

Every mutation (and every query that can be refused) returns a union of its
payload and :data:`ExpectedError`, so a client renders "name: must not be empty" next
to the field instead of parsing error strings. Codes that are not expected
(INTERNAL, UNAVAILABLE, UNIMPLEMENTED…) are re-raised and masked.
"""

from __future__ import annotations

from collections.abc import Awaitable, Callable
from typing import TypeVar

import grpc
import strawberry

from edge.rpc import ServiceCallError

T = TypeVar("T")


@strawberry.interface(description="An expected failure; `message` is for people.")
class Error:
    message: str


@strawberry.type(description="One bad input field and what is wrong with it.")
class FieldError:
    field: str = strawberry.field(description="The field path as the service named it.")
    message: str


@strawberry.type(description="The input was refused; `fieldErrors` name each bad field.")
class ValidationError(Error):
    field_errors: list[FieldError]


@strawberry.type(description="The object does not exist (or is not visible to you).")
class NotFound(Error):
    pass


@strawberry.type(description="You are signed in but may not do this.")
class PermissionDenied(Error):
    pass


@strawberry.type(description="Not signed in, or the session or token expired or was revoked.")
class Unauthenticated(Error):
    pass


@strawberry.type(description="The object changed since you read it; re-read and retry.")
class StaleVersion(Error):
    current_version: int | None = strawberry.field(
        description="The version now stored, when the service said."
    )


@strawberry.type(description="Something with this identity exists already.")
class AlreadyExists(Error):
    reason: str = strawberry.field(description="e.g. EXISTS_WITH_DIFFERENT_NAME")


@strawberry.type(description="The system is not in a state that allows this now.")
class FailedPrecondition(Error):
    reason: str
    field: str | None = strawberry.field(
        default=None, description="The input field the refusal is about, when the service said."
    )


@strawberry.type(description="A limit was hit (too many attempts, too large).")
class LimitExceeded(Error):
    reason: str


# Every result union is ``Annotated[Payload | ExpectedError, strawberry.union("XResult")]``.
ExpectedError = (
    ValidationError
    | NotFound
    | PermissionDenied
    | Unauthenticated
    | StaleVersion
    | AlreadyExists
    | FailedPrecondition
    | LimitExceeded
)


def _current_version(error: ServiceCallError) -> int | None:
    value = error.metadata.get("current_version", "")
    return int(value) if value.isdigit() else None


def typed_error(error: ServiceCallError) -> ExpectedError | None:
    """The GraphQL type for an expected failure, or None for one that must be masked."""
    code, message = error.code, error.message
    match code:
        case grpc.StatusCode.INVALID_ARGUMENT:
            fields = [FieldError(field=f.field, message=f.message) for f in error.field_errors]
            return ValidationError(message=message, field_errors=fields)
        case grpc.StatusCode.NOT_FOUND:
            return NotFound(message=message)
        case grpc.StatusCode.PERMISSION_DENIED:
            return PermissionDenied(message=message)
        case grpc.StatusCode.UNAUTHENTICATED:
            return Unauthenticated(message=message)
        case grpc.StatusCode.ABORTED:
            return StaleVersion(message=message, current_version=_current_version(error))
        case grpc.StatusCode.ALREADY_EXISTS:
            return AlreadyExists(message=message, reason=error.reason or "ALREADY_EXISTS")
        case grpc.StatusCode.FAILED_PRECONDITION:
            return FailedPrecondition(
                message=message, reason=error.reason, field=error.metadata.get("field") or None
            )
        case grpc.StatusCode.RESOURCE_EXHAUSTED:
            return LimitExceeded(message=message, reason=error.reason)
    return None


async def expected(call: Callable[[], Awaitable[T]]) -> T | ExpectedError:
    """Run ``call``; an expected failure becomes its GraphQL type, anything else propagates."""
    try:
        return await call()
    except ServiceCallError as error:
        typed = typed_error(error)
        if typed is None:
            raise
        return typed
