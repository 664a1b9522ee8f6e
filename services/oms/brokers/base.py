"""The one broker interface: declared capabilities, order reports and the two kinds of failure."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime
from decimal import Decimal
from typing import Protocol

from services.oms.domain.model import OrderSide


@dataclass(frozen=True)
class BrokerCapabilities:
    """What an adapter can do; the OMS asks before it tries."""

    cancel: bool
    amend: bool
    partial_fills: bool
    # A real broker with real money: reachable only in live mode.
    live: bool
    # The user enters fills (the broker reports none).
    manual_fills: bool = False


@dataclass(frozen=True)
class BrokerOrder:
    """What we send. ``client_order_id`` is stable across retries: the broker
    reconciles by it, and "status by client id" finds an earlier submit."""

    client_order_id: str
    portfolio_id: str
    listing_id: str
    side: OrderSide
    quantity: Decimal
    limit_price: Decimal | None
    price_currency: str
    # Base-currency units per unit of price_currency (fees are in the base currency).
    base_per_quote: Decimal
    base_currency: str


@dataclass(frozen=True)
class BrokerFill:
    """A fill as the broker reports it; ``external_id`` is unique within the order."""

    external_id: str
    quantity: Decimal
    price: Decimal
    price_currency: str
    fees: Decimal
    fees_currency: str
    executed_at: datetime


@dataclass(frozen=True)
class BrokerReport:
    """The broker's view of an order: status ``accepted`` (working), ``filled``,
    ``partially_filled``, ``cancelled``, ``rejected`` or ``expired``, and every fill so far."""

    client_order_id: str
    broker_order_id: str
    status: str
    fills: tuple[BrokerFill, ...] = ()
    reason: str | None = None


class BrokerUnavailableError(Exception):
    """A transient failure (reset, timeout, 5xx): the call may or may not have arrived.
    The OMS dead-letters it and reconciles by client id before any resubmit."""


class BrokerRejectedError(Exception):
    """The broker refused the order; ``reason`` is its code."""

    def __init__(self, reason: str, message: str = "") -> None:
        super().__init__(message or reason)
        self.reason = reason


class BrokerAdapter(Protocol):
    name: str
    capabilities: BrokerCapabilities

    async def submit(self, order: BrokerOrder) -> BrokerReport:
        """Send a new order; raises BrokerRejectedError or BrokerUnavailableError."""
        ...

    async def status(self, client_order_id: str) -> BrokerReport | None:
        """The order the broker has under ``client_order_id``, or None if it has none."""
        ...

    async def cancel(self, client_order_id: str) -> BrokerReport:
        """Cancel what is left of the order."""
        ...

    async def amend(
        self, client_order_id: str, quantity: Decimal, limit_price: Decimal | None
    ) -> BrokerReport:
        """Change quantity or limit price (only where ``capabilities.amend``)."""
        ...

    async def healthy(self) -> bool:
        """Whether the broker answers now (live adapters fall back to dry-run when not)."""
        ...
