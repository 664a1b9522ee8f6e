"""What the engine reads from the ledger: holdings and cash (snapshots), and every entry."""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Protocol

from services.engine.domain.performance_inputs import LedgerMove
from services.engine.domain.snapshot import CashBalance, Position


class LedgerSource(Protocol):
    async def holdings(self, portfolio_id: str) -> list[Position]:
        """Open holdings (non-zero quantity)."""
        ...

    async def cash(self, portfolio_id: str) -> list[CashBalance]:
        """Cash balances by currency."""
        ...

    async def entries(self, portfolio_id: str) -> list[LedgerMove]:
        """Every entry of the portfolio, in posting order."""
        ...


@dataclass
class FakeLedgerSource:
    """Holdings and cash in memory, by portfolio."""

    positions: dict[str, list[Position]] = field(default_factory=dict)
    balances: dict[str, list[CashBalance]] = field(default_factory=dict)
    moves: dict[str, list[LedgerMove]] = field(default_factory=dict)

    async def holdings(self, portfolio_id: str) -> list[Position]:
        return list(self.positions.get(portfolio_id, []))

    async def cash(self, portfolio_id: str) -> list[CashBalance]:
        return list(self.balances.get(portfolio_id, []))

    async def entries(self, portfolio_id: str) -> list[LedgerMove]:
        return sorted(self.moves.get(portfolio_id, []), key=lambda m: m.sequence)
