"""What marketdata needs from the registry, as ports, and an in-memory fake of them for tests.

Listing metadata (quote unit, scale, calendar), the portfolios that target a
listing (constituents) and the freeze come from the registry; the portfolios
that hold it come from the ledger. The real adapters are
:mod:`services.marketdata.registry_adapter` and :mod:`services.marketdata.ledger_adapter`.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from typing import Protocol

from services.marketdata.domain.prices import ListingInfo
from taplatform.errors import NotFoundError


@dataclass(frozen=True)
class PortfolioRef:
    portfolio_id: str
    base_currency: str


class ListingDirectory(Protocol):
    async def get_listings(self, listing_ids: Sequence[str]) -> list[ListingInfo]:
        """The listings in ``listing_ids`` order; NotFoundError naming any unknown one."""
        ...

    async def all_listings(self) -> list[ListingInfo]:
        """Every listing that is not archived."""
        ...

    async def monitored_listings(self) -> list[ListingInfo]:
        """Listings some portfolio monitors (what scheduled refreshes fetch)."""
        ...


class HolderDirectory(Protocol):
    async def holding(self, listing_id: str, portfolio_ids: Sequence[str]) -> set[str]:
        """Which of ``portfolio_ids`` hold ``listing_id`` (non-zero quantity, per the ledger)."""
        ...


class NoHolders(HolderDirectory):
    """No ledger to ask: only the portfolios that target a listing are linked to it."""

    async def holding(self, listing_id: str, portfolio_ids: Sequence[str]) -> set[str]:
        return set()


class PortfolioDirectory(Protocol):
    async def portfolios_for_listing(self, listing_id: str) -> list[PortfolioRef]:
        """Portfolios holding or targeting ``listing_id``, by id."""
        ...

    async def freeze(self, portfolio_id: str, alert_id: str, detail: str) -> None:
        """Freeze advice with the alert as reason (idempotent per alert)."""
        ...

    async def unfreeze(self, portfolio_id: str, alert_ids: Sequence[str], reason: str) -> None:
        """Lift the freeze reasons of ``alert_ids``."""
        ...


def missing_listings(wanted: Sequence[str], found: Iterable[str]) -> NotFoundError | None:
    """A NotFoundError naming each unknown listing id, or None when all were found."""
    unknown = [i for i in wanted if i not in set(found)]
    if not unknown:
        return None
    return NotFoundError(
        f"unknown listings: {', '.join(unknown)}", metadata={"listing_ids": ",".join(unknown)}
    )


@dataclass
class FakeRegistry:
    """Listings, portfolio links and freezes in memory: both ports at once."""

    listings: dict[str, ListingInfo] = field(default_factory=dict)
    # listing id -> portfolios holding or targeting it
    links: dict[str, list[PortfolioRef]] = field(default_factory=dict)
    monitored: set[str] = field(default_factory=set)
    # portfolio id -> alert ids freezing it
    frozen: dict[str, set[str]] = field(default_factory=dict)
    unfreeze_reasons: list[tuple[str, str, str]] = field(default_factory=list)

    async def get_listings(self, listing_ids: Sequence[str]) -> list[ListingInfo]:
        error = missing_listings(listing_ids, self.listings)
        if error:
            raise error
        return [self.listings[i] for i in listing_ids]

    async def all_listings(self) -> list[ListingInfo]:
        return [self.listings[i] for i in sorted(self.listings)]

    async def monitored_listings(self) -> list[ListingInfo]:
        return [self.listings[i] for i in sorted(self.monitored)]

    async def portfolios_for_listing(self, listing_id: str) -> list[PortfolioRef]:
        return sorted(self.links.get(listing_id, []), key=lambda p: p.portfolio_id)

    async def freeze(self, portfolio_id: str, alert_id: str, detail: str) -> None:
        self.frozen.setdefault(portfolio_id, set()).add(alert_id)

    async def unfreeze(self, portfolio_id: str, alert_ids: Sequence[str], reason: str) -> None:
        reasons = self.frozen.get(portfolio_id, set())
        for alert_id in alert_ids:
            reasons.discard(alert_id)
            self.unfreeze_reasons.append((portfolio_id, alert_id, reason))
        if not reasons:
            self.frozen.pop(portfolio_id, None)
