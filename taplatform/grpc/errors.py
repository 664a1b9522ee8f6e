"""The one server interceptor that maps domain errors to gRPC status codes.

Expected failures (:class:`taplatform.errors.DomainError`) become their gRPC
code with ``google.rpc.Status`` details: ``BadRequest`` field violations for
INVALID_ARGUMENT and ``ErrorInfo`` (reason + metadata) for every code. Any
other exception is logged with its traceback and answered INTERNAL with a
fixed message, so no internals leak to the caller.
"""

from __future__ import annotations

import inspect
from collections.abc import AsyncIterator, Awaitable, Callable
from typing import Any

import grpc
from google.protobuf import any_pb2
from google.rpc import code_pb2, error_details_pb2, status_pb2
from grpc_status import rpc_status

from taplatform import errors
from taplatform.grpc.rewrap import rewrap
from taplatform.logging import get_logger

log = get_logger(__name__)

ERROR_DOMAIN = "tradingassistant"
INTERNAL_MESSAGE = "internal error; see the service log"

_CODES: list[tuple[type[errors.DomainError], int]] = [
    (errors.InvalidArgumentError, code_pb2.INVALID_ARGUMENT),
    (errors.NotFoundError, code_pb2.NOT_FOUND),
    (errors.AlreadyExistsError, code_pb2.ALREADY_EXISTS),
    (errors.FailedPreconditionError, code_pb2.FAILED_PRECONDITION),
    (errors.PermissionDeniedError, code_pb2.PERMISSION_DENIED),
    (errors.UnauthenticatedError, code_pb2.UNAUTHENTICATED),
    (errors.ResourceExhaustedError, code_pb2.RESOURCE_EXHAUSTED),
    (errors.ConcurrencyError, code_pb2.ABORTED),
]


def _pack(message: Any) -> any_pb2.Any:
    packed = any_pb2.Any()
    packed.Pack(message)
    return packed


def to_status(error: errors.DomainError) -> status_pb2.Status:
    """The ``google.rpc.Status`` for a domain error."""
    code = next((c for cls, c in _CODES if isinstance(error, cls)), code_pb2.FAILED_PRECONDITION)
    details = [
        _pack(
            error_details_pb2.ErrorInfo(
                reason=error.reason, domain=ERROR_DOMAIN, metadata=error.metadata
            )
        )
    ]
    if isinstance(error, errors.InvalidArgumentError) and error.violations:
        violations = [
            error_details_pb2.BadRequest.FieldViolation(field=v.field, description=v.description)
            for v in error.violations
        ]
        details.append(_pack(error_details_pb2.BadRequest(field_violations=violations)))
    return status_pb2.Status(code=code, message=error.message, details=details)


async def _abort(context: grpc.aio.ServicerContext[Any, Any], exc: Exception, method: str) -> None:
    if isinstance(exc, NotImplementedError):
        # The generated base servicer raises this for RPCs no issue has built yet.
        await context.abort(grpc.StatusCode.UNIMPLEMENTED, f"{method} is not implemented yet")
    if isinstance(exc, errors.DomainError):
        log.info("rpc.denied", method=method, reason=exc.reason, message=exc.message)
        await context.abort_with_status(rpc_status.to_status(to_status(exc)))
    log.error("rpc.failed", method=method, exc_info=exc)
    await context.abort(grpc.StatusCode.INTERNAL, INTERNAL_MESSAGE)


def _is_abort(exc: BaseException) -> bool:
    # context.abort() raises AbortError; it must pass through untouched.
    return isinstance(exc, grpc.aio.AbortError)


class ErrorMappingInterceptor(grpc.aio.ServerInterceptor):  # type: ignore[misc]
    """Wraps every handler so domain errors and crashes become proper statuses."""

    async def intercept_service(
        self,
        continuation: Callable[[grpc.HandlerCallDetails], Awaitable[grpc.RpcMethodHandler]],
        handler_call_details: grpc.HandlerCallDetails,
    ) -> grpc.RpcMethodHandler:
        handler = await continuation(handler_call_details)
        if handler is None:
            return handler
        method = handler_call_details.method
        return rewrap(
            handler,
            lambda behaviour, streams: (
                _wrap_stream(behaviour, method) if streams else _wrap_unary(behaviour, method)
            ),
        )


def _wrap_unary(behaviour: Any, method: str) -> Any:
    async def wrapper(request: Any, context: grpc.aio.ServicerContext[Any, Any]) -> Any:
        try:
            result = behaviour(request, context)
            return await result if inspect.isawaitable(result) else result
        except Exception as exc:
            if _is_abort(exc):
                raise
            await _abort(context, exc, method)

    return wrapper


def _wrap_stream(behaviour: Any, method: str) -> Any:
    # gRPC aio streams either as an async generator or as a coroutine that
    # calls context.write(); the wrapper must keep the handler's own style.
    if inspect.isasyncgenfunction(behaviour):

        async def generator(
            request: Any, context: grpc.aio.ServicerContext[Any, Any]
        ) -> AsyncIterator[Any]:
            try:
                async for item in behaviour(request, context):
                    yield item
            except Exception as exc:
                if _is_abort(exc):
                    raise
                await _abort(context, exc, method)

        return generator

    async def writer(request: Any, context: grpc.aio.ServicerContext[Any, Any]) -> None:
        try:
            result = behaviour(request, context)
            if inspect.isawaitable(result):
                await result
            elif result is not None:
                for item in result:
                    await context.write(item)
        except Exception as exc:
            if _is_abort(exc):
                raise
            await _abort(context, exc, method)

    return writer
