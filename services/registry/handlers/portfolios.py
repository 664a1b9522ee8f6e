"""Portfolio use cases: create, read, list, update, archive, freeze and unfreeze."""

from __future__ import annotations

from sqlalchemy import true

from services.registry.access import owned_portfolio
from services.registry.domain.audit import audit_payload
from services.registry.domain.portfolio import (
    Portfolio,
    archive_portfolio,
    freeze_portfolio,
    new_portfolio,
    unfreeze_portfolio,
    update_portfolio,
)
from services.registry.domain.versioning import check_version
from services.registry.handlers.idempotent import create_once
from services.registry.paging import Page
from services.registry.records import PORTFOLIO
from services.registry.repository import add, fetch_page, require, save
from services.registry.store import portfolios
from services.registry.uow import Database, Tx
from taplatform.auth.principal import Principal
from taplatform.errors import PermissionDeniedError


class PortfolioHandlers:
    def __init__(self, db: Database) -> None:
        self._db = db

    async def create(
        self, principal: Principal, request_id: str | None, name: str, base_currency: str
    ) -> Portfolio:
        """A new portfolio owned by the caller (idempotent on ``request_id``)."""
        if principal.is_service:
            async with self._db.transaction():
                # Inside a transaction so the refusal is audited; a service account owns nothing.
                raise PermissionDeniedError(
                    "a service account cannot own portfolios", reason="SERVICE_ACCOUNT_OWNS_NOTHING"
                )
        draft = new_portfolio("", principal.user_id, name, base_currency, self._db.clock.now())
        request = {"name": draft.name, "base_currency": draft.base_currency}
        async with self._db.transaction() as tx:

            async def create() -> str:
                portfolio = new_portfolio(
                    self._db.new_id(), principal.user_id, draft.name, draft.base_currency, tx.now
                )
                await add(tx.connection, portfolios, PORTFOLIO, portfolio)
                await self._emit(tx, principal, "PortfolioCreated", None, portfolio)
                return portfolio.portfolio_id

            async def load(ident: str) -> Portfolio:
                found: Portfolio = await require(
                    tx.connection, portfolios, PORTFOLIO, "portfolio", "portfolio_id", ident
                )
                return found

            return await create_once(
                tx, principal, "CreatePortfolio", request_id, request, create, load
            )

    async def get(self, principal: Principal, portfolio_id: str) -> Portfolio:
        async with self._db.transaction() as tx:
            return await owned_portfolio(tx.connection, principal, portfolio_id)

    async def list_portfolios(
        self, principal: Principal, page: Page, include_archived: bool, portfolio_ids: list[str]
    ) -> tuple[list[Portfolio], str]:
        """The caller's portfolios (a service account's: everyone's) in creation order;
        ``portfolio_ids`` narrows to those."""
        c = portfolios.c
        where = [
            true() if principal.is_service else c.owner_user_id == principal.user_id,
            true() if include_archived else c.archived.is_(False),
        ]
        if portfolio_ids:
            where.append(c.portfolio_id.in_(portfolio_ids))
        async with self._db.engine.connect() as connection:
            return await fetch_page(connection, portfolios, PORTFOLIO, page, *where)

    async def update(
        self, principal: Principal, portfolio_id: str, version: int, name: str, base_currency: str
    ) -> Portfolio:
        async with self._db.transaction() as tx:
            before = await self._locked(tx, principal, portfolio_id, version)
            after = update_portfolio(before, name, base_currency, tx.now)
            return await self._store(tx, principal, "PortfolioUpdated", before, after)

    async def archive(self, principal: Principal, portfolio_id: str, version: int) -> Portfolio:
        async with self._db.transaction() as tx:
            before = await self._locked(tx, principal, portfolio_id, version)
            after = archive_portfolio(before, tx.now)
            return await self._store(tx, principal, "PortfolioArchived", before, after)

    async def freeze(
        self, principal: Principal, portfolio_id: str, source: str, reference: str, detail: str
    ) -> Portfolio:
        """Freeze advice for a reason; the same source + reference again changes nothing."""
        async with self._db.transaction() as tx:
            before = await self._locked(tx, principal, portfolio_id, None)
            after = freeze_portfolio(before, source, reference, detail, tx.now)
            if after is None:
                return before
            return await self._store(tx, principal, "PortfolioFrozen", before, after)

    async def unfreeze(
        self, principal: Principal, portfolio_id: str, why: str, references: list[str]
    ) -> Portfolio:
        async with self._db.transaction() as tx:
            before = await self._locked(tx, principal, portfolio_id, None)
            after, lifted = unfreeze_portfolio(before, why, references, tx.now)
            if not lifted:
                return before
            return await self._store(
                tx, principal, "PortfolioUnfrozen", before, after, reason=why.strip()
            )

    async def authorize(self, principal: Principal, portfolio_id: str) -> Portfolio:
        """The portfolio if the caller may act on it (other services ask this)."""
        return await self.get(principal, portfolio_id)

    async def _locked(
        self, tx: Tx, principal: Principal, portfolio_id: str, version: int | None
    ) -> Portfolio:
        portfolio = await owned_portfolio(tx.connection, principal, portfolio_id, lock=True)
        if version is not None:
            check_version("portfolio", portfolio.portfolio_id, portfolio.version, version)
        return portfolio

    async def _store(
        self,
        tx: Tx,
        principal: Principal,
        event_type: str,
        before: Portfolio,
        after: Portfolio,
        **extra: object,
    ) -> Portfolio:
        await save(tx.connection, portfolios, PORTFOLIO, after, ["portfolio_id"])
        await self._emit(tx, principal, event_type, before, after, **extra)
        return after

    @staticmethod
    async def _emit(
        tx: Tx,
        principal: Principal,
        event_type: str,
        before: Portfolio | None,
        after: Portfolio,
        **extra: object,
    ) -> None:
        payload = audit_payload(principal.user_id, after.portfolio_id, before, after, **extra)
        await tx.emit(event_type, "portfolio", after.portfolio_id, payload)
