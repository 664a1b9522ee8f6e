"""Protobuf ⇄ GraphQL values: timestamps, decimals, money, enums and the resolver's context."""

from __future__ import annotations

import enum
from datetime import UTC, date, datetime
from decimal import Decimal

import strawberry
from google.protobuf.timestamp_pb2 import Timestamp
from strawberry.types import Info
from tradingassistant.common.v1 import types_pb2
from tradingassistant.registry.v1 import registry_pb2

from edge.context import EdgeContext

EdgeInfo = Info[EdgeContext, None]


def context(info: EdgeInfo) -> EdgeContext:
    return info.context


def time_or_none(value: Timestamp) -> datetime | None:
    """An unset protobuf Timestamp (zero) is "never", not 1970."""
    if value.seconds == 0 and value.nanos == 0:
        return None
    return value.ToDatetime(tzinfo=UTC)


def timestamp(value: datetime) -> Timestamp:
    stamp = Timestamp()
    stamp.FromDatetime(value)
    return stamp


def decimal_or_none(value: types_pb2.Decimal) -> Decimal | None:
    """Decimals travel as strings; an empty string means unset (optional fields)."""
    return Decimal(value.value) if value.value else None


def decimal_pb(value: Decimal | None) -> types_pb2.Decimal | None:
    # str() of a Decimal keeps every digit the user typed ("12.50" stays "12.50").
    return None if value is None else types_pb2.Decimal(value=str(value))


@strawberry.type(description="An exact amount in a currency (or a quote unit such as GBX).")
class Money:
    amount: Decimal
    currency: str


def money_or_none(value: types_pb2.Money) -> Money | None:
    """An unset Money (no amount) is absent, not zero."""
    amount = decimal_or_none(value.amount)
    return None if amount is None else Money(amount=amount, currency=value.currency_code)


def date_or_none(value: str) -> date | None:
    """Services send ISO dates as strings; empty means unset."""
    return date.fromisoformat(value) if value else None


@strawberry.enum(description="What a user may do: admins also manage users.")
class Role(enum.Enum):
    ADMIN = "admin"
    USER = "user"


ROLE_FROM_PB = {registry_pb2.ROLE_ADMIN: Role.ADMIN, registry_pb2.ROLE_USER: Role.USER}
ROLE_TO_PB = {role: pb for pb, role in ROLE_FROM_PB.items()}


@strawberry.enum(description="The kind of security an instrument is.")
class AssetClass(enum.Enum):
    EQUITY = "EQUITY"
    BOND = "BOND"
    FUND = "FUND"
    ETF = "ETF"
    CASH = "CASH"
    COMMODITY = "COMMODITY"
    OTHER = "OTHER"


def asset_class_from_pb(value: int) -> AssetClass | None:
    name = registry_pb2.AssetClass.Name(value).removeprefix("ASSET_CLASS_")
    return AssetClass.__members__.get(name)


_ASSET_CLASS_TO_PB: dict[AssetClass, registry_pb2.AssetClass] = {
    AssetClass.EQUITY: registry_pb2.ASSET_CLASS_EQUITY,
    AssetClass.BOND: registry_pb2.ASSET_CLASS_BOND,
    AssetClass.FUND: registry_pb2.ASSET_CLASS_FUND,
    AssetClass.ETF: registry_pb2.ASSET_CLASS_ETF,
    AssetClass.CASH: registry_pb2.ASSET_CLASS_CASH,
    AssetClass.COMMODITY: registry_pb2.ASSET_CLASS_COMMODITY,
    AssetClass.OTHER: registry_pb2.ASSET_CLASS_OTHER,
}


def asset_class_to_pb(value: AssetClass | None) -> registry_pb2.AssetClass:
    if value is None:
        return registry_pb2.ASSET_CLASS_UNSPECIFIED
    return _ASSET_CLASS_TO_PB[value]
