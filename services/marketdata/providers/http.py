"""HTTP for providers: ``httpx.AsyncClient`` with timeouts, a size cap and bounded retries.

Retries use tenacity: only :class:`RateLimitedError` and
:class:`ProviderUnavailableError` are retried, up to ``attempts`` tries with
exponential backoff (or the server's ``Retry-After``, capped), then the last
error is raised as is. A 404 is :class:`ProviderNotFoundError` and never retried.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass

import httpx
from tenacity import AsyncRetrying, RetryCallState, retry_if_exception, stop_after_attempt
from tenacity.wait import wait_exponential

from services.marketdata.providers.base import (
    ProviderError,
    ProviderNotFoundError,
    ProviderUnavailableError,
    RateLimitedError,
)

MAX_RESPONSE_BYTES = 20 * 1024 * 1024


@dataclass(frozen=True)
class RetryPolicy:
    attempts: int = 3
    initial_backoff_s: float = 0.5
    max_backoff_s: float = 8.0


def default_client(timeout_s: float = 10.0) -> httpx.AsyncClient:
    """The client providers share: explicit timeouts, a polite user agent."""
    return httpx.AsyncClient(
        timeout=httpx.Timeout(timeout_s, connect=min(5.0, timeout_s)),
        headers={"User-Agent": "tradingassistant-marketdata/0.1"},
        follow_redirects=True,
    )


class HttpFetcher:
    """GETs text for one provider, mapping HTTP failures to the provider error types."""

    def __init__(
        self,
        provider: str,
        client: httpx.AsyncClient,
        retry: RetryPolicy | None = None,
        max_bytes: int = MAX_RESPONSE_BYTES,
    ) -> None:
        self._provider = provider
        self._client = client
        self._retry = retry or RetryPolicy()
        self._max_bytes = max_bytes
        self._backoff = wait_exponential(
            multiplier=self._retry.initial_backoff_s, max=self._retry.max_backoff_s
        )

    def _wait(self, state: RetryCallState) -> float:
        error = state.outcome.exception() if state.outcome else None
        if isinstance(error, RateLimitedError) and error.retry_after_s is not None:
            return min(error.retry_after_s, self._retry.max_backoff_s)
        return float(self._backoff(state))

    async def get_text(self, url: str, params: Mapping[str, str] | None = None) -> str:
        """The body of a 2xx answer to ``GET url``, retried as the module doc says."""
        retrying = AsyncRetrying(
            stop=stop_after_attempt(self._retry.attempts),
            wait=self._wait,
            retry=retry_if_exception(lambda e: isinstance(e, ProviderError) and e.retryable),
            reraise=True,
        )
        async for attempt in retrying:
            with attempt:
                return await self._get_once(url, params)
        raise AssertionError("unreachable: tenacity reraises the last error")

    async def _get_once(self, url: str, params: Mapping[str, str] | None) -> str:
        name = self._provider
        try:
            async with self._client.stream("GET", url, params=params) as response:
                _check_status(name, response)
                body = bytearray()
                async for chunk in response.aiter_bytes():
                    body += chunk
                    if len(body) > self._max_bytes:
                        raise ProviderUnavailableError(
                            name, f"answer larger than {self._max_bytes // 1_048_576} MB"
                        )
                text = body.decode(response.encoding or "utf-8", errors="replace")
                content_type = response.headers.get("content-type", "")
        except httpx.TimeoutException as error:
            raise ProviderUnavailableError(name, f"timed out: {type(error).__name__}") from error
        except httpx.TransportError as error:
            raise ProviderUnavailableError(name, f"{type(error).__name__}: {error}") from error
        if not text.strip():
            raise ProviderUnavailableError(name, "empty answer")
        if "html" in content_type or text.lstrip()[:15].lower().startswith(("<!doctype", "<html")):
            raise ProviderUnavailableError(name, "answered with an HTML page, not data")
        return text


def _check_status(name: str, response: httpx.Response) -> None:
    status = response.status_code
    if status == 404:
        raise ProviderNotFoundError(name, f"{response.url} not found")
    if status == 429:
        raise RateLimitedError(name, "rate limited (HTTP 429)", _retry_after(response))
    if status >= 500:
        raise ProviderUnavailableError(name, f"HTTP {status}")
    if status >= 400:
        raise ProviderNotFoundError(name, f"HTTP {status} for {response.url}")


def _retry_after(response: httpx.Response) -> float | None:
    value = response.headers.get("retry-after", "")
    return float(value) if value.strip().isdigit() else None
