"""Client channels to sibling services: traced, with deadlines and bounded retries.

Retries are done by gRPC's own retry policy (service config), only on
UNAVAILABLE and ABORTED, as DESIGN.md §3 requires; every call must pass a
deadline (``timeout=``), which :data:`DEFAULT_TIMEOUT_S` provides for callers
that have no better bound.

Calls made while serving an RPC carry that RPC's bearer token on
(``authorization`` metadata), so the next service sees the originating user,
not the calling service; a call that sets its own ``authorization`` keeps it.
"""

from __future__ import annotations

import json
from typing import Any

import grpc
from opentelemetry.instrumentation.grpc import aio_client_interceptors

from taplatform.auth.bearer import AUTHORIZATION, find_authorization
from taplatform.auth.principal import current_bearer

DEFAULT_TIMEOUT_S = 5.0

_SERVICE_CONFIG = json.dumps(
    {
        "methodConfig": [
            {
                "name": [{}],
                "retryPolicy": {
                    "maxAttempts": 4,
                    "initialBackoff": "0.1s",
                    "maxBackoff": "2s",
                    "backoffMultiplier": 2,
                    "retryableStatusCodes": ["UNAVAILABLE", "ABORTED"],
                },
            }
        ]
    }
)


def open_channel(addr: str) -> grpc.aio.Channel:
    """An insecure, traced channel to ``addr`` (host:port) with the retry policy."""
    channel: grpc.aio.Channel = grpc.aio.insecure_channel(
        addr,
        options=[
            ("grpc.service_config", _SERVICE_CONFIG),
            ("grpc.enable_retries", 1),
            # gRPC's default reconnect backoff grows to 120 s; a sibling that
            # starts late (or restarts) must be noticed within seconds.
            ("grpc.initial_reconnect_backoff_ms", 200),
            ("grpc.max_reconnect_backoff_ms", 5000),
        ],
        interceptors=[
            *aio_client_interceptors(),  # type: ignore[no-untyped-call]
            *bearer_forwarding_interceptors(),
        ],
    )
    return channel


def with_forwarded_bearer(details: grpc.aio.ClientCallDetails) -> grpc.aio.ClientCallDetails:
    """``details`` plus the current RPC's bearer token, unless none or the call has its own."""
    bearer = current_bearer.get()
    metadata = details.metadata
    if bearer is None or find_authorization(metadata) is not None:
        return details
    forwarded = grpc.aio.Metadata(*(metadata or ()), (AUTHORIZATION, f"Bearer {bearer}"))
    return details._replace(metadata=forwarded)


# grpc.aio files each interceptor under the first call kind it implements, so
# forwarding takes one instance per kind.
class _UnaryUnaryForwarding(grpc.aio.UnaryUnaryClientInterceptor):  # type: ignore[misc]
    async def intercept_unary_unary(self, continuation: Any, details: Any, request: Any) -> Any:
        return await continuation(with_forwarded_bearer(details), request)


class _UnaryStreamForwarding(grpc.aio.UnaryStreamClientInterceptor):  # type: ignore[misc]
    async def intercept_unary_stream(self, continuation: Any, details: Any, request: Any) -> Any:
        return await continuation(with_forwarded_bearer(details), request)


class _StreamUnaryForwarding(grpc.aio.StreamUnaryClientInterceptor):  # type: ignore[misc]
    async def intercept_stream_unary(self, continuation: Any, details: Any, requests: Any) -> Any:
        return await continuation(with_forwarded_bearer(details), requests)


class _StreamStreamForwarding(grpc.aio.StreamStreamClientInterceptor):  # type: ignore[misc]
    async def intercept_stream_stream(self, continuation: Any, details: Any, requests: Any) -> Any:
        return await continuation(with_forwarded_bearer(details), requests)


def bearer_forwarding_interceptors() -> list[Any]:
    """Client interceptors that forward the served RPC's bearer token on every call kind."""
    return [
        _UnaryUnaryForwarding(),
        _UnaryStreamForwarding(),
        _StreamUnaryForwarding(),
        _StreamStreamForwarding(),
    ]
