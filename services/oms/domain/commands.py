"""Commands from requests, validated field by field (each violation names its field)."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime
from decimal import Decimal, InvalidOperation
from typing import Any

from services.oms.domain.model import OrderSide
from taplatform.errors import FieldViolation, InvalidArgumentError

MAX_KEY_LENGTH = 200


@dataclass(frozen=True)
class CreateOrder:
    order_key: str
    portfolio_id: str
    listing_id: str
    side: OrderSide
    quantity: Decimal
    limit_price: Decimal | None
    limit_currency: str | None
    recommendation_id: str | None
    line_id: str | None

    def canonical(self) -> dict[str, Any]:
        """The request as compared on a reused key (normalised decimals)."""
        return {
            "portfolio_id": self.portfolio_id,
            "listing_id": self.listing_id,
            "side": self.side.value,
            "quantity": self.quantity,
            "limit_price": self.limit_price,
            "limit_currency": self.limit_currency,
            "recommendation_id": self.recommendation_id,
            "line_id": self.line_id,
        }


@dataclass(frozen=True)
class ManualFill:
    fill_key: str
    quantity: Decimal
    price: Decimal
    price_currency: str
    fees: Decimal
    fees_currency: str
    executed_at: datetime


def parse_decimal(
    text: str,
    path: str,
    violations: list[FieldViolation],
    *,
    positive: bool = True,
    required: bool = True,
) -> Decimal | None:
    """A finite decimal (positive unless told otherwise), or a violation naming ``path``."""
    if not text:
        if required:
            violations.append(FieldViolation(path, "is required"))
        return None
    try:
        value = Decimal(text)
    except InvalidOperation:
        violations.append(FieldViolation(path, f"{text!r} is not a decimal number"))
        return None
    if not value.is_finite():
        violations.append(FieldViolation(path, "must be finite"))
        return None
    if positive and value <= 0:
        violations.append(FieldViolation(path, "must be positive"))
        return None
    if not positive and value < 0:
        violations.append(FieldViolation(path, "must not be negative"))
        return None
    return value


def _raise(violations: list[FieldViolation]) -> None:
    if violations:
        raise InvalidArgumentError.for_fields(violations)


def parse_create_order(
    *,
    order_key: str,
    portfolio_id: str,
    listing_id: str,
    side: OrderSide | None,
    quantity: str,
    limit_price: str,
    limit_currency: str,
    recommendation_id: str,
    line_id: str,
) -> CreateOrder:
    """Validate a create request; an order from a recommendation line is keyed by the line."""
    violations: list[FieldViolation] = []
    if not order_key.strip():
        violations.append(FieldViolation("order_key", "is required"))
    elif len(order_key) > MAX_KEY_LENGTH:
        violations.append(
            FieldViolation("order_key", f"must be at most {MAX_KEY_LENGTH} characters")
        )
    if not listing_id:
        violations.append(FieldViolation("listing_id", "is required"))
    if side is None:
        violations.append(FieldViolation("side", "must be ORDER_SIDE_BUY or ORDER_SIDE_SELL"))
    amount = parse_decimal(quantity, "quantity", violations)
    limit = parse_decimal(limit_price, "limit_price.amount", violations, required=False)
    if limit is not None and not limit_currency:
        violations.append(FieldViolation("limit_price.currency_code", "is required with an amount"))
    if bool(recommendation_id) != bool(line_id):
        missing = "line_id" if recommendation_id else "recommendation_id"
        violations.append(FieldViolation(missing, "recommendation_id and line_id go together"))
    elif line_id and order_key != line_id:
        violations.append(
            FieldViolation("order_key", "must equal line_id for a recommendation line")
        )
    _raise(violations)
    assert side is not None and amount is not None
    return CreateOrder(
        order_key=order_key,
        portfolio_id=portfolio_id,
        listing_id=listing_id,
        side=side,
        quantity=amount,
        limit_price=limit,
        limit_currency=limit_currency or None if limit is not None else None,
        recommendation_id=recommendation_id or None,
        line_id=line_id or None,
    )


def parse_manual_fill(
    *,
    fill_key: str,
    quantity: str,
    price: str,
    price_currency: str,
    fees: str,
    fees_currency: str,
    executed_at: datetime | None,
    now: datetime,
) -> ManualFill:
    """Validate a fill the user entered: what they got at their broker."""
    violations: list[FieldViolation] = []
    if not fill_key.strip():
        violations.append(FieldViolation("fill_key", "is required"))
    amount = parse_decimal(quantity, "quantity", violations)
    paid = parse_decimal(price, "price.amount", violations)
    if not price_currency:
        violations.append(FieldViolation("price.currency_code", "is required"))
    charged = parse_decimal(fees or "0", "fees.amount", violations, positive=False)
    if executed_at is None:
        violations.append(FieldViolation("executed_at", "is required"))
    elif executed_at > now:
        violations.append(FieldViolation("executed_at", "must not be in the future"))
    _raise(violations)
    assert (
        amount is not None and paid is not None and charged is not None and executed_at is not None
    )
    return ManualFill(fill_key, amount, paid, price_currency, charged, fees_currency, executed_at)
