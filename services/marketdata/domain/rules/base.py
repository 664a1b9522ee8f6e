"""What every data-quality rule shares: severity, policy flags, the series it reads, its finding."""

from __future__ import annotations

import enum
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field
from datetime import datetime
from decimal import Decimal
from typing import Protocol

from services.marketdata.domain.calendars import TradingCalendar
from services.marketdata.domain.prices import ListingInfo, PriceKind, PricePoint
from services.marketdata.domain.units import FX_CONTEXT, EurRates

# How many offending points a finding names before it says "and N more".
MAX_EXAMPLES = 5


class Severity(enum.StrEnum):
    INFO = "info"
    WARNING = "warning"
    CRITICAL = "critical"


@dataclass(frozen=True)
class RulePolicy:
    """What happens when a rule fires, separate from what it checks.

    ``freeze``: freeze advice for every portfolio holding or targeting the
    listing. ``auto_resolve``: a later clean evaluation resolves the open alert
    (right for conditions that heal, such as staleness; wrong for a bad point
    already stored, such as a jump). ``auto_unfreeze``: resolving the alert
    lifts the freeze it caused; otherwise a person unfreezes, with a reason.
    """

    severity: Severity
    freeze: bool
    auto_resolve: bool
    auto_unfreeze: bool


@dataclass(frozen=True)
class Finding:
    """One rule's verdict on one listing: what is wrong, in words and in fields."""

    rule: str
    listing_id: str
    severity: Severity
    message: str
    details: Mapping[str, str] = field(default_factory=dict)


@dataclass(frozen=True)
class SeriesContext:
    """Everything a rule may read about one listing at ``as_of``.

    ``history`` holds stored points before this batch and ``new_points`` the
    batch itself, both sorted by ``observed_at``. ``fx_latest`` and
    ``fx_previous`` are the two newest ECB days; ``base_currencies`` those of
    the portfolios that hold or target the listing.
    """

    listing: ListingInfo
    calendar: TradingCalendar
    as_of: datetime
    history: Sequence[PricePoint] = ()
    new_points: Sequence[PricePoint] = ()
    fx_latest: EurRates | None = None
    fx_previous: EurRates | None = None
    base_currencies: tuple[str, ...] = ("GBP",)

    def points(self, kind: PriceKind) -> list[PricePoint]:
        """History then new points of ``kind``, in time order."""
        return [p for p in (*self.history, *self.new_points) if p.kind is kind]


class Rule(Protocol):
    """A pure check of one listing's series: ``evaluate`` returns a finding or None."""

    @property
    def name(self) -> str: ...

    @property
    def policy(self) -> RulePolicy: ...

    def parameters(self) -> dict[str, str]:
        """The rule's parameters as strings, for alerts and the UI."""
        ...

    def evaluate(self, context: SeriesContext) -> Finding | None:
        """The finding on ``context``, or None when the data passes."""
        ...


def major_value(point: PricePoint) -> Decimal:
    """The point's price in its currency's major unit (pence -> pounds)."""
    return FX_CONTEXT.multiply(point.price, point.scale)


def examples(items: Sequence[str]) -> str:
    """A short, stable list for messages: ``a, b, c and 4 more``."""
    shown = ", ".join(items[:MAX_EXAMPLES])
    rest = len(items) - MAX_EXAMPLES
    return f"{shown} and {rest} more" if rest > 0 else shown
