"""Which portfolios hold a listing: what marketdata freezes when a listing's data goes bad."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from decimal import Decimal

from services.ledger import repository as repo
from services.ledger.handlers import LedgerDeps
from taplatform.auth.principal import current_principal
from taplatform.errors import InvalidArgumentError, PermissionDeniedError

MAX_LISTING_IDS = 500
MAX_LISTING_ID_CHARS = 128


@dataclass(frozen=True)
class Holder:
    portfolio_id: str
    listing_id: str
    quantity: Decimal


def _listing_ids(values: Sequence[str]) -> list[str]:
    if not values:
        raise InvalidArgumentError.for_field("listing_ids", "required: at least one listing")
    if len(values) > MAX_LISTING_IDS:
        raise InvalidArgumentError.for_field(
            "listing_ids", f"at most {MAX_LISTING_IDS} ids per request"
        )
    for i, value in enumerate(values):
        if not value or len(value) > MAX_LISTING_ID_CHARS:
            raise InvalidArgumentError.for_field(
                f"listing_ids[{i}]", f"must be 1..{MAX_LISTING_ID_CHARS} characters"
            )
    return list(dict.fromkeys(values))


async def list_holders(
    deps: LedgerDeps, listing_ids: Sequence[str], portfolio_ids: Sequence[str]
) -> list[Holder]:
    """Non-zero holdings of ``listing_ids``, by listing then portfolio.

    With ``portfolio_ids`` (each already passed the tenancy gate) only those
    portfolios; without, every portfolio, which only a service account may see.
    """
    wanted = _listing_ids(listing_ids)
    if not portfolio_ids:
        principal = current_principal.get()
        if principal is None or not principal.is_service:
            raise PermissionDeniedError(
                "only a service account lists the holders of every portfolio; "
                "name your portfolios in portfolio_ids",
                reason="SERVICE_ACCOUNT_REQUIRED",
            )
    async with deps.engine.connect() as connection:
        rows = await repo.holders(connection, wanted, list(portfolio_ids) or None)
    return [Holder(p, listing, quantity) for p, listing, quantity in rows]
