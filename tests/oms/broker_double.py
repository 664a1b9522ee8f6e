"""A local HTTP broker double for the live adapter: real sockets, real HTTP/1.1, and faults.

It speaks the JSON API of :class:`services.oms.brokers.http.HttpBroker`
(``POST /orders``, ``GET /orders/{client_order_id}``, cancel, amend, health).
On a seeded share of calls it misbehaves: resets the connection before
handling the request, handles it and then resets (the client cannot tell it
arrived), or handles it and then never answers (a client timeout). It counts
what a real broker would care about: orders per client id and duplicate submits.
"""

from __future__ import annotations

import asyncio
import json
import random
import socket
import struct
from dataclasses import dataclass, field
from datetime import UTC, datetime
from decimal import Decimal
from typing import Any

FAULTS = ("reset_before", "reset_after", "hang_after")


@dataclass
class BrokerDouble:
    fault_ratio: float = 0.0
    seed: int = 7
    hang_s: float = 5.0
    # Fills per order: the first half at once, the rest with the same answer (two fills).
    price: Decimal = Decimal("101.25")
    healthy: bool = True
    orders: dict[str, dict[str, Any]] = field(default_factory=dict)
    calls: int = 0
    faults: dict[str, int] = field(default_factory=lambda: dict.fromkeys(FAULTS, 0))
    submits: dict[str, int] = field(default_factory=dict)
    duplicate_submits: int = 0
    port: int = 0
    # "rejected" or "expired": how the broker answers new orders instead of filling them.
    outcome: str | None = None
    # Faults for the next calls, in order (None: behave); the seeded draw after that.
    scripted: list[str | None] = field(default_factory=list)

    def __post_init__(self) -> None:
        self._rng = random.Random(self.seed)
        self._server: asyncio.AbstractServer | None = None

    @property
    def url(self) -> str:
        return f"http://127.0.0.1:{self.port}"

    async def __aenter__(self) -> BrokerDouble:
        self._server = await asyncio.start_server(self._serve, "127.0.0.1", 0)
        self.port = self._server.sockets[0].getsockname()[1]
        return self

    async def __aexit__(self, *exc: object) -> None:
        assert self._server is not None
        self._server.close()
        await self._server.wait_closed()

    def _fault(self) -> str | None:
        if self.scripted:
            return self.scripted.pop(0)
        if self._rng.random() >= self.fault_ratio:
            return None
        return self._rng.choice(FAULTS)

    async def _serve(self, reader: asyncio.StreamReader, writer: asyncio.StreamWriter) -> None:
        try:
            while True:
                request = await _read_request(reader)
                if request is None:
                    return
                method, path, body = request
                if path != "/health":
                    self.calls += 1
                fault = None if path == "/health" else self._fault()
                if fault is not None:
                    self.faults[fault] += 1
                if fault == "reset_before":
                    return _reset(writer)
                status, answer = self._handle(method, path, body)
                if fault == "reset_after":
                    return _reset(writer)
                if fault == "hang_after":
                    await asyncio.sleep(self.hang_s)
                    return _reset(writer)
                payload = json.dumps(answer).encode()
                writer.write(
                    f"HTTP/1.1 {status} X\r\nContent-Type: application/json\r\n"
                    f"Content-Length: {len(payload)}\r\n\r\n".encode()
                    + payload
                )
                await writer.drain()
        except (ConnectionError, asyncio.IncompleteReadError):
            return
        finally:
            if not writer.is_closing():
                writer.close()

    def _handle(self, method: str, path: str, body: dict[str, Any]) -> tuple[int, dict[str, Any]]:
        parts = path.strip("/").split("/")
        if path == "/health":
            return (200, {"ok": True}) if self.healthy else (503, {"ok": False})
        if method == "POST" and parts == ["orders"]:
            return self._submit(body)
        if len(parts) >= 2 and parts[0] == "orders":
            order = self.orders.get(parts[1])
            if order is None:
                return 404, {"reason": "UNKNOWN_ORDER"}
            if method == "POST" and parts[2:] == ["cancel"] and order["status"] != "filled":
                order["status"] = "cancelled"
            return 200, order
        return 404, {"reason": "NO_ROUTE"}

    def _submit(self, body: dict[str, Any]) -> tuple[int, dict[str, Any]]:
        client_id = body["client_order_id"]
        self.submits[client_id] = self.submits.get(client_id, 0) + 1
        if client_id in self.orders:
            self.duplicate_submits += 1
            return 409, self.orders[client_id]
        if self.outcome == "rejected":
            return 422, {"reason": "INSUFFICIENT_BUYING_POWER"}
        if self.outcome == "expired":
            order = {"client_order_id": client_id, "broker_order_id": "E1", "status": "expired"}
            self.orders[client_id] = {**order, "fills": []}
            return 201, self.orders[client_id]
        quantity = Decimal(body["quantity"])
        first = (quantity / 2).quantize(Decimal(1)) or quantity
        at = datetime(2026, 1, 5, 10, 0, tzinfo=UTC).isoformat()
        fills = [
            {
                "fill_id": f"{client_id}-{n}",
                "quantity": str(q),
                "price": str(self.price),
                "currency": body["currency"],
                "fees": "1.00",
                "fees_currency": "GBP",
                "executed_at": at,
            }
            for n, q in enumerate([first, quantity - first], start=1)
            if q > 0
        ]
        order = {
            "client_order_id": client_id,
            "broker_order_id": f"B{len(self.orders) + 1}",
            "status": "filled",
            "fills": fills,
        }
        self.orders[client_id] = order
        return 201, order


async def _read_request(reader: asyncio.StreamReader) -> tuple[str, str, dict[str, Any]] | None:
    try:
        head = await reader.readuntil(b"\r\n\r\n")
    except (asyncio.IncompleteReadError, ConnectionError):
        return None
    lines = head.decode().split("\r\n")
    method, path, _ = lines[0].split(" ", 2)
    headers = {
        k.lower(): v.strip() for k, _, v in (line.partition(":") for line in lines[1:] if line)
    }
    length = int(headers.get("content-length", "0"))
    raw = await reader.readexactly(length) if length else b""
    return method, path, json.loads(raw) if raw else {}


def _reset(writer: asyncio.StreamWriter) -> None:
    """Close with RST rather than FIN: what a crashed proxy or broker looks like."""
    sock = writer.get_extra_info("socket")
    if sock is not None:
        sock.setsockopt(socket.SOL_SOCKET, socket.SO_LINGER, struct.pack("ii", 1, 0))
    writer.transport.abort()
