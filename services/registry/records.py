"""Domain objects ⇄ table rows of the registry schema."""

from __future__ import annotations

import dataclasses
from collections.abc import Callable
from datetime import datetime
from typing import Any, TypeVar

from services.registry.domain.identity import ApiToken, Session, User, UserRole
from services.registry.domain.portfolio import FreezeReason, Portfolio
from services.registry.domain.reference import AssetClass, Instrument, Listing
from services.registry.domain.sleeves import Constituent, Sleeve

T = TypeVar("T")
# A result row (RowMapping) or any mapping of column name to value.
Row = Any


def _plain_fields(entity: object) -> dict[str, Any]:
    return {f.name: getattr(entity, f.name) for f in dataclasses.fields(entity)}  # type: ignore[arg-type]


def _build(cls: type[T], row: Row, **overrides: Any) -> T:
    names = [f.name for f in dataclasses.fields(cls)]  # type: ignore[arg-type]
    values = {name: row[name] for name in names if name not in overrides}
    return cls(**values, **overrides)


def portfolio_row(portfolio: Portfolio) -> dict[str, Any]:
    values = _plain_fields(portfolio)
    values["freeze_reasons"] = [
        {
            "source": r.source,
            "reference": r.reference,
            "detail": r.detail,
            "frozen_at": r.frozen_at.isoformat(),
        }
        for r in portfolio.freeze_reasons
    ]
    return values


def portfolio_from_row(row: Row) -> Portfolio:
    reasons = tuple(
        FreezeReason(
            source=r["source"],
            reference=r["reference"],
            detail=r["detail"],
            frozen_at=datetime.fromisoformat(r["frozen_at"]),
        )
        for r in row["freeze_reasons"]
    )
    return _build(Portfolio, row, freeze_reasons=reasons)


def instrument_row(instrument: Instrument) -> dict[str, Any]:
    values = _plain_fields(instrument)
    values["asset_class"] = instrument.asset_class.value
    return values


def instrument_from_row(row: Row) -> Instrument:
    return _build(Instrument, row, asset_class=AssetClass(row["asset_class"]))


def user_from_row(row: Row) -> User:
    return _build(User, row, role=UserRole(row["role"]))


@dataclasses.dataclass(frozen=True)
class Mapper:
    """How one domain type is written to and read from its table."""

    to_row: Callable[[Any], dict[str, Any]]
    from_row: Callable[[Row], Any]


def plain(cls: type[Any]) -> Mapper:
    """A mapper for a dataclass whose fields are its columns."""
    return Mapper(_plain_fields, lambda row: _build(cls, row))


PORTFOLIO = Mapper(portfolio_row, portfolio_from_row)
INSTRUMENT = Mapper(instrument_row, instrument_from_row)
LISTING = plain(Listing)
SLEEVE = plain(Sleeve)
CONSTITUENT = plain(Constituent)
SESSION = plain(Session)
USER = Mapper(_plain_fields, user_from_row)
API_TOKEN = plain(ApiToken)
