"""What a run reads from the registry: the portfolio, its freeze, sleeves, universe, listings."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, field
from typing import Protocol

from services.engine.domain.snapshot import ConstituentRef, ListingRef, PortfolioState, SleeveRef
from taplatform.errors import NotFoundError


class RegistrySource(Protocol):
    async def portfolio(self, portfolio_id: str) -> PortfolioState:
        """The portfolio's base currency and freeze state; NotFoundError if unknown."""
        ...

    async def sleeves(self, portfolio_id: str) -> list[SleeveRef]:
        """The portfolio's sleeves that are not archived."""
        ...

    async def constituents(self, portfolio_id: str) -> list[ConstituentRef]:
        """The portfolio's universe: each listing with its sleeve ("" for none)."""
        ...

    async def listings(self, listing_ids: Sequence[str]) -> list[ListingRef]:
        """The listings (archived ones too: a holding may outlive its listing)."""
        ...

    async def portfolio_ids(self) -> list[str]:
        """The caller's portfolios that are not archived, by id."""
        ...


@dataclass
class FakeRegistrySource:
    """The registry's answers in memory."""

    portfolios: dict[str, PortfolioState] = field(default_factory=dict)
    sleeve_refs: dict[str, list[SleeveRef]] = field(default_factory=dict)
    universe: dict[str, list[ConstituentRef]] = field(default_factory=dict)
    listing_refs: dict[str, ListingRef] = field(default_factory=dict)
    calls: int = 0

    async def portfolio(self, portfolio_id: str) -> PortfolioState:
        self.calls += 1
        if portfolio_id not in self.portfolios:
            raise NotFoundError(f"portfolio {portfolio_id} not found")
        return self.portfolios[portfolio_id]

    async def sleeves(self, portfolio_id: str) -> list[SleeveRef]:
        return list(self.sleeve_refs.get(portfolio_id, []))

    async def constituents(self, portfolio_id: str) -> list[ConstituentRef]:
        return list(self.universe.get(portfolio_id, []))

    async def listings(self, listing_ids: Sequence[str]) -> list[ListingRef]:
        return [self.listing_refs[i] for i in listing_ids if i in self.listing_refs]

    async def portfolio_ids(self) -> list[str]:
        return sorted(self.portfolios)
