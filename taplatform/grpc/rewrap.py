"""Rebuild a gRPC method handler around a wrapped behaviour, whatever its call kind.

Server interceptors that act on every call (error mapping, RPC metrics) all
do the same dance: find which of the four behaviours the handler has, wrap
it, and rebuild a handler of the same kind with the same (de)serialisers.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

import grpc

# (behaviour, whether the response is a stream) -> the wrapped behaviour
Wrap = Callable[[Any, bool], Any]


def rewrap(handler: grpc.RpcMethodHandler, wrap: Wrap) -> grpc.RpcMethodHandler:
    """``handler`` with its behaviour replaced by ``wrap(behaviour, streams_response)``."""
    kinds = (
        (handler.unary_unary, grpc.unary_unary_rpc_method_handler, False),
        (handler.stream_unary, grpc.stream_unary_rpc_method_handler, False),
        (handler.unary_stream, grpc.unary_stream_rpc_method_handler, True),
        (handler.stream_stream, grpc.stream_stream_rpc_method_handler, True),
    )
    for behaviour, make, streams in kinds:
        if behaviour is not None:
            return make(
                wrap(behaviour, streams),
                request_deserializer=handler.request_deserializer,
                response_serializer=handler.response_serializer,
            )
    return handler
