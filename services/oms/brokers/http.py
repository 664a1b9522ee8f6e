"""A live broker over HTTP/JSON: the shape real broker adapters take (the VN adapter comes later).

The broker keys orders by our ``client_order_id``: ``GET /orders/{id}``
answers whether an earlier submit arrived, which is what makes a resubmit
after a timeout safe. Resets, timeouts and 5xx answers are
:class:`BrokerUnavailableError` (the call may or may not have arrived).
"""

from __future__ import annotations

from datetime import datetime
from decimal import Decimal
from typing import Any

import httpx

from services.oms.brokers.base import (
    BrokerCapabilities,
    BrokerFill,
    BrokerOrder,
    BrokerRejectedError,
    BrokerReport,
    BrokerUnavailableError,
)


def _report(body: dict[str, Any]) -> BrokerReport:
    fills = tuple(
        BrokerFill(
            external_id=str(f["fill_id"]),
            quantity=Decimal(f["quantity"]),
            price=Decimal(f["price"]),
            price_currency=f["currency"],
            fees=Decimal(f["fees"]),
            fees_currency=f["fees_currency"],
            executed_at=datetime.fromisoformat(f["executed_at"]),
        )
        for f in body.get("fills", [])
    )
    return BrokerReport(
        client_order_id=body["client_order_id"],
        broker_order_id=str(body.get("broker_order_id", "")),
        status=body["status"],
        fills=fills,
        reason=body.get("reason"),
    )


class HttpBroker:
    """A live broker at ``base_url``; ``timeout_s`` bounds each call."""

    name = "live"
    capabilities = BrokerCapabilities(cancel=True, amend=True, partial_fills=True, live=True)

    def __init__(
        self,
        base_url: str,
        *,
        timeout_s: float = 5.0,
        transport: httpx.AsyncBaseTransport | None = None,
    ) -> None:
        self._client = httpx.AsyncClient(base_url=base_url, timeout=timeout_s, transport=transport)
        self._probe_timeout_s = max(2.0, timeout_s)

    async def close(self) -> None:
        await self._client.aclose()

    async def _call(
        self, method: str, path: str, body: dict[str, Any] | None = None
    ) -> httpx.Response:
        try:
            response = await self._client.request(method, path, json=body)
        except httpx.TransportError as error:  # connect/read/write errors, resets and timeouts
            raise BrokerUnavailableError(f"{method} {path}: {type(error).__name__}") from error
        if response.status_code >= 500:
            raise BrokerUnavailableError(f"{method} {path}: HTTP {response.status_code}")
        return response

    def _answer(self, response: httpx.Response) -> BrokerReport:
        if response.status_code in (400, 422):
            raise BrokerRejectedError(response.json().get("reason", "BROKER_REJECTED"))
        if response.status_code >= 300:
            raise BrokerRejectedError(f"HTTP_{response.status_code}")
        return _report(response.json())

    async def submit(self, order: BrokerOrder) -> BrokerReport:
        body = {
            "client_order_id": order.client_order_id,
            "listing_id": order.listing_id,
            "side": order.side.value,
            "quantity": str(order.quantity),
            "limit_price": None if order.limit_price is None else str(order.limit_price),
            "currency": order.price_currency,
        }
        response = await self._call("POST", "/orders", body)
        # 409: the broker already has this client id; its answer is that order.
        if response.status_code == 409:
            return _report(response.json())
        return self._answer(response)

    async def status(self, client_order_id: str) -> BrokerReport | None:
        response = await self._call("GET", f"/orders/{client_order_id}")
        if response.status_code == 404:
            return None
        return self._answer(response)

    async def cancel(self, client_order_id: str) -> BrokerReport:
        return self._answer(await self._call("POST", f"/orders/{client_order_id}/cancel"))

    async def amend(
        self, client_order_id: str, quantity: Decimal, limit_price: Decimal | None
    ) -> BrokerReport:
        body = {
            "quantity": str(quantity),
            "limit_price": None if limit_price is None else str(limit_price),
        }
        return self._answer(await self._call("POST", f"/orders/{client_order_id}/amend", body))

    async def healthy(self) -> bool:
        """Two probes with a generous timeout: a busy broker is slow, not down."""
        for _ in range(2):
            try:
                response = await self._client.get("/health", timeout=self._probe_timeout_s)
            except httpx.TransportError:
                continue
            if response.status_code == 200:
                return True
        return False
