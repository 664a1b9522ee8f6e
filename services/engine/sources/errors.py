"""Failures of a source service, as the domain errors the engine's callers understand."""

from __future__ import annotations

import grpc

from taplatform.errors import (
    DomainError,
    FailedPreconditionError,
    NotFoundError,
    PermissionDeniedError,
    UnauthenticatedError,
)

CHUNK = 200


def source_error(source: str, error: grpc.aio.AioRpcError) -> DomainError:
    """NOT_FOUND, PERMISSION_DENIED and UNAUTHENTICATED pass on; anything else is
    ``<SOURCE>_UNAVAILABLE`` (nothing was stored: retrying the request is safe)."""
    code = error.code()
    details = error.details() or code.name
    if code == grpc.StatusCode.NOT_FOUND:
        return NotFoundError(f"{source}: {details}")
    if code == grpc.StatusCode.PERMISSION_DENIED:
        return PermissionDeniedError(f"{source}: {details}")
    if code == grpc.StatusCode.UNAUTHENTICATED:
        return UnauthenticatedError(f"{source}: {details}")
    return FailedPreconditionError(
        f"{source} did not answer ({code.name}); run again",
        reason=f"{source.upper()}_UNAVAILABLE",
    )


def chunks(values: list[str], size: int = CHUNK) -> list[list[str]]:
    """``values`` in request-sized pieces, in order."""
    return [values[i : i + size] for i in range(0, len(values), size)]
