"""Who may act on a portfolio (its owner, or a service account), and the adapters the auth
interceptors call.

Admins get no access to other users' portfolios: an admin manages users, not
their money. A service account (the worker, the OMS's background work) acts on
every live portfolio; what it does is audited with its own user id. A missing
or archived portfolio is NOT_FOUND; someone else's is PERMISSION_DENIED; the
tenancy gate audits both as ``AccessDenied``.
"""

from __future__ import annotations

from sqlalchemy.ext.asyncio import AsyncConnection

from services.registry.domain.fields import parse_id
from services.registry.domain.portfolio import Portfolio
from services.registry.records import PORTFOLIO
from services.registry.repository import fetch
from services.registry.store import portfolios
from services.registry.uow import Database
from taplatform.auth.principal import Principal
from taplatform.errors import NotFoundError, PermissionDeniedError


async def owned_portfolio(
    connection: AsyncConnection,
    principal: Principal,
    portfolio_id: str,
    *,
    lock: bool = False,
    field: str = "portfolio_id",
) -> Portfolio:
    """The live portfolio if ``principal`` owns it (or is a service account); ``lock``
    serialises writes under it."""
    ident = parse_id(portfolio_id)
    found: Portfolio | None = None
    if ident is not None:
        found = await fetch(
            connection, portfolios, PORTFOLIO, portfolios.c.portfolio_id == ident, lock=lock
        )
    if found is None or found.archived:
        raise NotFoundError(f"{field}: no portfolio {portfolio_id}", metadata={field: portfolio_id})
    if found.owner_user_id != principal.user_id and not principal.is_service:
        raise PermissionDeniedError(
            f"{field}: portfolio {found.portfolio_id} belongs to another user",
            reason="NOT_PORTFOLIO_OWNER",
            metadata={"portfolio_id": found.portfolio_id},
        )
    return found


class OwnerPortfolioAuthorizer:
    """:class:`taplatform.auth.principal.PortfolioAuthorizer` over registry's own tables.

    It only answers; the tenancy gate that calls it logs and audits refusals.
    """

    def __init__(self, db: Database) -> None:
        self._db = db

    async def authorize(self, principal: Principal, bearer: str, portfolio_id: str) -> None:
        async with self._db.engine.connect() as connection:
            await owned_portfolio(connection, principal, portfolio_id)
