"""Wrap a gRPC method handler so checks run before its behaviour sees a request.

``before(context)`` runs once per call; ``each(request, context)`` runs on every
request message (once for unary requests, per message for streams, as the
handler reads them). Both run in the RPC's own task, so context variables
they set are visible to the handler. The wrapper keeps the handler's
streaming style (async generator or ``context.write``), which the error
mapping interceptor around it relies on.
"""

from __future__ import annotations

import inspect
from collections.abc import AsyncIterator, Awaitable, Callable
from typing import Any

import grpc

Before = Callable[[Any], Awaitable[None]]
Each = Callable[[Any, Any], Awaitable[None]]


async def _no_check(_: Any) -> None:
    return None


async def _no_request_check(_: Any, __: Any) -> None:
    return None


def guard_handler(
    handler: grpc.RpcMethodHandler, *, before: Before = _no_check, each: Each = _no_request_check
) -> grpc.RpcMethodHandler:
    """``handler`` with ``before`` awaited per call and ``each`` per request message."""
    deserialize, serialize = handler.request_deserializer, handler.response_serializer
    if handler.unary_unary:
        behaviour = _unary_in_unary_out(handler.unary_unary, before, each)
        return grpc.unary_unary_rpc_method_handler(behaviour, deserialize, serialize)
    if handler.unary_stream:
        behaviour = _unary_in_stream_out(handler.unary_stream, before, each)
        return grpc.unary_stream_rpc_method_handler(behaviour, deserialize, serialize)
    if handler.stream_unary:
        behaviour = _stream_in(handler.stream_unary, before, each, streaming_out=False)
        return grpc.stream_unary_rpc_method_handler(behaviour, deserialize, serialize)
    behaviour = _stream_in(handler.stream_stream, before, each, streaming_out=True)
    return grpc.stream_stream_rpc_method_handler(behaviour, deserialize, serialize)


async def _settle(result: Any) -> Any:
    # Behaviours may be coroutines, plain functions (the generated base
    # servicer's UNIMPLEMENTED stubs) or, for streams, sync iterables.
    return await result if inspect.isawaitable(result) else result


def _unary_in_unary_out(behaviour: Any, before: Before, each: Each) -> Any:
    async def wrapper(request: Any, context: Any) -> Any:
        await before(context)
        await each(request, context)
        return await _settle(behaviour(request, context))

    return wrapper


def _unary_in_stream_out(behaviour: Any, before: Before, each: Each) -> Any:
    if inspect.isasyncgenfunction(behaviour):

        async def generator(request: Any, context: Any) -> AsyncIterator[Any]:
            await before(context)
            await each(request, context)
            async for item in behaviour(request, context):
                yield item

        return generator

    async def writer(request: Any, context: Any) -> None:
        await before(context)
        await each(request, context)
        await _write_all(await _settle(behaviour(request, context)), context)

    return writer


def _stream_in(behaviour: Any, before: Before, each: Each, *, streaming_out: bool) -> Any:
    async def checked(requests: Any, context: Any) -> AsyncIterator[Any]:
        async for request in requests:
            await each(request, context)
            yield request

    if streaming_out and inspect.isasyncgenfunction(behaviour):

        async def generator(requests: Any, context: Any) -> AsyncIterator[Any]:
            await before(context)
            async for item in behaviour(checked(requests, context), context):
                yield item

        return generator

    async def wrapper(requests: Any, context: Any) -> Any:
        await before(context)
        result = await _settle(behaviour(checked(requests, context), context))
        if streaming_out:
            await _write_all(result, context)
            return None
        return result

    return wrapper


async def _write_all(result: Any, context: Any) -> None:
    if result is None:
        return
    if hasattr(result, "__aiter__"):
        async for item in result:
            await context.write(item)
        return
    for item in result:
        await context.write(item)
