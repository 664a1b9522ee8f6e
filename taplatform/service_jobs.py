"""What every service's ``jobs`` module shares: a channel to its service and the worker's token.

Jobs enqueued with :func:`enqueue_traced` carry the enqueuer's trace context.

The worker calls ``install(ctx, addr, token)`` / ``uninstall(ctx)`` of each jobs
module (see :mod:`taplatform.worker`); those are one call each to the helpers
here, so the channel, stub and token live in the arq ``ctx`` under the
service's name the same way for every service.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

import grpc
from arq.connections import ArqRedis
from arq.jobs import Job

from taplatform.auth.bearer import bearer_metadata
from taplatform.grpc.client import open_channel
from taplatform.tracing import JOB_TRACE_KWARG, inject_traceparent


def open_job_client(
    ctx: dict[str, Any],
    name: str,
    addr: str,
    stub_factory: Callable[[grpc.aio.Channel], Any],
    token: str | None,
) -> None:
    """Open ``ctx[name]`` (a stub to the service at ``addr``) acting with ``token``."""
    channel = open_channel(addr)
    ctx[f"{name}_channel"] = channel
    ctx[name] = stub_factory(channel)
    ctx[f"{name}_token"] = token


async def close_job_client(ctx: dict[str, Any], name: str) -> None:
    """Close what :func:`open_job_client` opened (nothing if it never ran)."""
    channel = ctx.pop(f"{name}_channel", None)
    if channel is not None:
        await channel.close()


def job_metadata(ctx: dict[str, Any], name: str) -> tuple[tuple[str, str], ...]:
    """The worker's token as call metadata, or none when the worker has no token."""
    token = ctx.get(f"{name}_token")
    return bearer_metadata(token) if token else ()


async def enqueue_traced(redis: ArqRedis, function: str, *args: Any, **kwargs: Any) -> Job | None:
    """Enqueue ``function`` carrying the current trace context, so its run continues this trace.

    The worker wraps every job with :func:`taplatform.tracing.traced_job`, which
    takes the context back out of the ``trace_headers`` keyword argument.
    """
    kwargs[JOB_TRACE_KWARG] = inject_traceparent()
    return await redis.enqueue_job(function, *args, **kwargs)
