"""Who may see which market-data event: listings in the subscriber's portfolios, kept current.

Market data is shared (a listing's prices are nobody's in particular), but a
subscriber only hears about listings in their own portfolios' universes. The
registry's constituent events on the same feed keep that set current while
the subscription lasts.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Iterable
from dataclasses import dataclass, field

from taplatform.events import Event

PRICE_EVENTS = frozenset({"PricesIngested"})
ALERT_EVENTS = frozenset({"AlertOpened", "AlertSeenAgain", "AlertAcknowledged", "AlertResolved"})


def listing_of(event: Event) -> str | None:
    """The listing a market-data event is about, or None for any other event."""
    if event.event_type in PRICE_EVENTS:
        return event.aggregate_id
    if event.event_type in ALERT_EVENTS:
        return str(event.payload.get("listing_id") or "") or None
    return None


@dataclass
class ListingAudience:
    """The listings a subscriber may hear about, per portfolio of theirs."""

    user_id: str
    portfolios: dict[str, set[str]] = field(default_factory=lambda: defaultdict(set))
    # The subscriber's own narrowing (one listing's page); None: all of theirs.
    only: frozenset[str] | None = None

    @classmethod
    def of(
        cls,
        user_id: str,
        portfolio_ids: Iterable[str],
        constituents: Iterable[tuple[str, str]],
        only: Iterable[str] | None = None,
    ) -> ListingAudience:
        """From the registry's answer: portfolios and (portfolio, listing) pairs."""
        audience = cls(user_id=user_id, only=frozenset(only) if only is not None else None)
        for portfolio_id in portfolio_ids:
            audience.portfolios[portfolio_id] = set()
        for portfolio_id, listing_id in constituents:
            audience.portfolios[portfolio_id].add(listing_id)
        return audience

    def listings(self) -> set[str]:
        return set().union(*self.portfolios.values()) if self.portfolios else set()

    def _learn(self, event: Event) -> None:
        portfolio_id = str(event.payload.get("portfolio_id") or "")
        actor = event.payload.get("actor_user_id")
        if event.event_type == "PortfolioCreated" and actor == self.user_id:
            self.portfolios[event.aggregate_id] = set()
        elif portfolio_id in self.portfolios:
            if event.event_type == "ConstituentAdded":
                self.portfolios[portfolio_id].add(event.aggregate_id)
            elif event.event_type == "ConstituentRemoved":
                self.portfolios[portfolio_id].discard(event.aggregate_id)

    def admits(self, event: Event) -> bool:
        """Whether ``event`` is market data the subscriber may see (and asked for)."""
        self._learn(event)
        listing_id = listing_of(event)
        if listing_id is None or listing_id not in self.listings():
            return False
        return self.only is None or listing_id in self.only
