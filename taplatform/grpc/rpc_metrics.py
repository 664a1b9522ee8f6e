"""A gRPC aio server interceptor timing every call and recording its final status code.

What it records into is the caller's business (:class:`taplatform.metrics.ProcessMetrics`
passes its ``observe_rpc``); it sits outside the error-mapping interceptor, so
a domain error is counted under the code it became.
"""

from __future__ import annotations

import asyncio
import inspect
import time
from collections.abc import AsyncIterator, Awaitable, Callable
from typing import Any

import grpc

from taplatform.grpc.rewrap import rewrap

# (method, final code, duration in seconds)
Record = Callable[[str, grpc.StatusCode, float], None]


class RpcMetricsInterceptor(grpc.aio.ServerInterceptor):  # type: ignore[misc]
    """Times every call and records its final status code."""

    def __init__(self, record: Record) -> None:
        self._record = record

    async def intercept_service(
        self,
        continuation: Callable[[grpc.HandlerCallDetails], Awaitable[grpc.RpcMethodHandler]],
        handler_call_details: grpc.HandlerCallDetails,
    ) -> grpc.RpcMethodHandler:
        handler = await continuation(handler_call_details)
        if handler is None:
            return handler
        method = handler_call_details.method.lstrip("/")
        record = self._record
        return rewrap(handler, lambda behaviour, _streams: _timed(behaviour, method, record))


_CODES_BY_VALUE = {code.value[0]: code for code in grpc.StatusCode}


def _status(context: Any, error: BaseException | None) -> grpc.StatusCode:
    if isinstance(error, asyncio.CancelledError):
        return grpc.StatusCode.CANCELLED
    code = context.code()
    if isinstance(code, int) and not isinstance(code, grpc.StatusCode):
        code = _CODES_BY_VALUE.get(code)
    if code is None or code is grpc.StatusCode.OK:
        # No code set: success, or a crash that gRPC answers as UNKNOWN.
        return grpc.StatusCode.OK if error is None else grpc.StatusCode.UNKNOWN
    return code


def _timed(behaviour: Any, method: str, record: Record) -> Any:
    # gRPC aio streams either as an async generator or as a coroutine that
    # writes with context.write(); the wrapper keeps the handler's own style.
    if inspect.isasyncgenfunction(behaviour):

        async def generator(request: Any, context: Any) -> AsyncIterator[Any]:
            started, error = time.perf_counter(), None
            try:
                async for item in behaviour(request, context):
                    yield item
            except BaseException as exc:
                error = exc
                raise
            finally:
                record(method, _status(context, error), time.perf_counter() - started)

        return generator

    async def call(request: Any, context: Any) -> Any:
        started, error = time.perf_counter(), None
        try:
            result = behaviour(request, context)
            return await result if inspect.isawaitable(result) else result
        except BaseException as exc:
            error = exc
            raise
        finally:
            record(method, _status(context, error), time.perf_counter() - started)

    return call
