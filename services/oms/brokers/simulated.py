"""The dry-run brokers: ``paper`` fills against the latest validated price, ``manual``
turns orders into instructions the user carries out at their own broker."""

from __future__ import annotations

from dataclasses import dataclass
from decimal import Decimal

from services.oms.brokers.base import (
    BrokerCapabilities,
    BrokerFill,
    BrokerOrder,
    BrokerRejectedError,
    BrokerReport,
)
from services.oms.domain.paper import PaperConfig, simulate_fills
from services.oms.ports import PriceSource
from taplatform.clock import Clock


@dataclass
class _Booked:
    order: BrokerOrder
    report: BrokerReport


class PaperBroker:
    """Deterministic given ``config.seed``: the same order gets the same fills. It
    remembers orders by client id (for status and cancel) while the process lives."""

    name = "paper"
    capabilities = BrokerCapabilities(cancel=True, amend=False, partial_fills=True, live=False)

    def __init__(self, prices: PriceSource, clock: Clock, config: PaperConfig) -> None:
        self._prices = prices
        self._clock = clock
        self._config = config
        self._orders: dict[str, _Booked] = {}

    async def submit(self, order: BrokerOrder) -> BrokerReport:
        if (known := self._orders.get(order.client_order_id)) is not None:
            return known.report
        quote = await self._prices.latest(order.listing_id)
        if quote is None:
            raise BrokerRejectedError(
                "PRICE_UNAVAILABLE", f"no validated price for {order.listing_id}"
            )
        simulated = simulate_fills(
            order.client_order_id,
            order.side,
            order.quantity,
            quote.price,
            order.base_per_quote,
            order.limit_price,
            self._config,
            self._clock.now(),
        )
        fills = tuple(
            BrokerFill(
                external_id=str(f.sequence),
                quantity=f.quantity,
                price=f.price,
                price_currency=quote.currency,
                fees=f.fees,
                fees_currency=order.base_currency,
                executed_at=f.executed_at,
            )
            for f in simulated
        )
        filled = sum((f.quantity for f in fills), Decimal(0))
        status = (
            "filled" if filled == order.quantity else "partially_filled" if fills else "accepted"
        )
        report = BrokerReport(
            order.client_order_id, f"paper-{order.client_order_id}", status, fills
        )
        self._orders[order.client_order_id] = _Booked(order, report)
        return report

    async def status(self, client_order_id: str) -> BrokerReport | None:
        known = self._orders.get(client_order_id)
        return None if known is None else known.report

    async def cancel(self, client_order_id: str) -> BrokerReport:
        known = self._orders.get(client_order_id)
        if known is None:
            raise BrokerRejectedError("UNKNOWN_ORDER", f"paper has no order {client_order_id}")
        if known.report.status != "filled":
            known.report = BrokerReport(
                client_order_id, known.report.broker_order_id, "cancelled", known.report.fills
            )
        return known.report

    async def amend(
        self, client_order_id: str, quantity: Decimal, limit_price: Decimal | None
    ) -> BrokerReport:
        raise BrokerRejectedError("AMEND_NOT_SUPPORTED", "paper orders fill at once")

    async def healthy(self) -> bool:
        return True


class ManualBroker:
    """Orders are instructions: accepted at once, filled by what the user records."""

    name = "manual"
    capabilities = BrokerCapabilities(
        cancel=True, amend=True, partial_fills=True, live=False, manual_fills=True
    )

    async def submit(self, order: BrokerOrder) -> BrokerReport:
        return BrokerReport(order.client_order_id, f"manual-{order.client_order_id}", "accepted")

    async def status(self, client_order_id: str) -> BrokerReport | None:
        # The user is the broker: nothing to reconcile against.
        return None

    async def cancel(self, client_order_id: str) -> BrokerReport:
        return BrokerReport(client_order_id, f"manual-{client_order_id}", "cancelled")

    async def amend(
        self, client_order_id: str, quantity: Decimal, limit_price: Decimal | None
    ) -> BrokerReport:
        return BrokerReport(client_order_id, f"manual-{client_order_id}", "accepted")

    async def healthy(self) -> bool:
        return True
