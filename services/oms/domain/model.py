"""Orders and fills as immutable values: the OMS's vocabulary, free of any I/O."""

from __future__ import annotations

import enum
import uuid
from dataclasses import dataclass, replace
from datetime import datetime
from decimal import Decimal

from taplatform.fx import FX_CONTEXT, EurRates, MissingFxRateError, major_currency

# Ids derived from what they name (fills, ledger entries, events) live in this
# namespace, so a retried capture or transition can never mint a second id.
OMS_NAMESPACE = uuid.UUID("b6f0f3d2-7a41-4c55-8d7e-2f0d0c1a9e37")


class OrderSide(enum.Enum):
    BUY = "buy"
    SELL = "sell"


class OrderState(enum.Enum):
    NEW = "new"
    PENDING_SUBMIT = "pending_submit"
    SUBMITTED = "submitted"
    PARTIALLY_FILLED = "partially_filled"
    FILLED = "filled"
    CANCELLED = "cancelled"
    REJECTED = "rejected"
    EXPIRED = "expired"

    @property
    def is_terminal(self) -> bool:
        return self in TERMINAL_STATES

    @property
    def is_open(self) -> bool:
        """At the broker and still able to fill."""
        return self in (OrderState.SUBMITTED, OrderState.PARTIALLY_FILLED)


TERMINAL_STATES = frozenset(
    {OrderState.FILLED, OrderState.CANCELLED, OrderState.REJECTED, OrderState.EXPIRED}
)


@dataclass(frozen=True)
class Order:
    """One order of one portfolio; ``version`` counts its transitions and amendments."""

    order_id: uuid.UUID
    portfolio_id: str
    order_key: str
    listing_id: str
    side: OrderSide
    quantity: Decimal
    limit_price: Decimal | None
    price_currency: str
    # The portfolio's base currency and how many of its units one price unit is.
    base_currency: str
    base_per_quote: Decimal
    broker: str
    state: OrderState
    filled_quantity: Decimal
    created_at: datetime
    updated_at: datetime
    actor_user_id: str | None = None
    recommendation_id: str | None = None
    line_id: str | None = None
    broker_order_id: str | None = None
    reason: str | None = None
    version: int = 1

    @property
    def client_order_id(self) -> str:
        """What the broker knows the order by: stable, so a retry finds the first submit."""
        return f"ta-{self.order_id}"

    @property
    def remaining_quantity(self) -> Decimal:
        return self.quantity - self.filled_quantity

    def evolve(self, **changes: object) -> Order:
        """A copy with ``changes`` and the version bumped."""
        return replace(self, version=self.version + 1, **changes)  # type: ignore[arg-type]


@dataclass(frozen=True)
class Fill:
    """An execution of (part of) an order. Prices are in the listing's quote
    currency; fees in the portfolio's base currency."""

    fill_id: uuid.UUID
    order_id: uuid.UUID
    quantity: Decimal
    price: Decimal
    price_currency: str
    fees: Decimal
    fees_currency: str
    executed_at: datetime
    source: str
    # Base-currency units per unit of price_currency (GBX -> GBP is 0.01); None: 1.
    fx_rate: Decimal | None = None

    @property
    def ledger_entry_id(self) -> uuid.UUID:
        return ledger_entry_id(self.fill_id)


def decimal_text(value: Decimal) -> str:
    """Plain notation for audit and summaries: 10000, never 1E+4."""
    return format(value, "f")


# Price units quoted in a fraction of a currency: GBX (pence) of GBP.
def base_per_quote(
    quote_currency: str,
    price_scale: Decimal,
    base_currency: str,
    fx_rates: EurRates | None = None,
) -> Decimal | None:
    """Base-currency units per price unit: the scale (GBX = 0.01 GBP) times the FX cross
    rate through EUR; None when another currency has no rate in ``fx_rates``."""
    currency = major_currency(quote_currency)
    if currency == base_currency:
        return price_scale
    if fx_rates is None:
        return None
    try:
        return FX_CONTEXT.multiply(price_scale, fx_rates.cross(currency, base_currency))
    except MissingFxRateError:
        return None


def fill_id_for(order_id: uuid.UUID, source: str, external_id: str) -> uuid.UUID:
    """The fill's id from the id its source gave it: reporting a fill twice names one fill."""
    return uuid.uuid5(OMS_NAMESPACE, f"fill:{order_id}:{source}:{external_id}")


def ledger_entry_id(fill_id: uuid.UUID) -> uuid.UUID:
    """The ledger entry (and batch) id of a fill: a retried capture posts the same ids."""
    return uuid.uuid5(OMS_NAMESPACE, f"ledger-entry:{fill_id}")


def event_id_for(order_id: uuid.UUID | str, sequence: int) -> uuid.UUID:
    """Outbox event id of an aggregate's ``sequence``-th event."""
    return uuid.uuid5(OMS_NAMESPACE, f"event:{order_id}:{sequence}")
