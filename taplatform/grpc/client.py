"""Client channels to sibling services: traced, with deadlines and bounded retries.

Retries are done by gRPC's own retry policy (service config), only on
UNAVAILABLE and ABORTED, as DESIGN.md §3 requires; every call must pass a
deadline (``timeout=``), which :data:`DEFAULT_TIMEOUT_S` provides for callers
that have no better bound.
"""

from __future__ import annotations

import json

import grpc
from opentelemetry.instrumentation.grpc import aio_client_interceptors

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
        interceptors=aio_client_interceptors(),  # type: ignore[no-untyped-call]
    )
    return channel
