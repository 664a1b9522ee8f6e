"""Sleeve and constituent use cases, and the targets check; all scoped to one owned portfolio.

Every write locks the portfolio row first, so writes within one portfolio
(sleeve names, sleeve membership) are serialised and checks cannot race.
"""

from __future__ import annotations

from typing import Any

from sqlalchemy import func, select, true

from services.registry.access import owned_portfolio
from services.registry.domain.audit import audit_payload
from services.registry.domain.reference import Listing
from services.registry.domain.sleeves import (
    Constituent,
    Sleeve,
    SleeveTerms,
    TargetCheck,
    check_targets,
    new_constituent,
    new_sleeve,
    update_constituent,
    update_sleeve,
)
from services.registry.domain.versioning import archive, check_version
from services.registry.handlers.idempotent import create_once
from services.registry.records import CONSTITUENT, LISTING, SLEEVE
from services.registry.repository import add, fetch, fetch_all, require, save
from services.registry.store import constituents, listings, sleeves
from services.registry.uow import Database, Tx
from taplatform.auth.principal import Principal
from taplatform.errors import AlreadyExistsError, FailedPreconditionError, NotFoundError


class SleeveHandlers:
    def __init__(self, db: Database) -> None:
        self._db = db

    async def create_sleeve(
        self, principal: Principal, request_id: str | None, portfolio_id: str, terms: SleeveTerms
    ) -> Sleeve:
        request = {"portfolio_id": portfolio_id, **_terms_request(terms)}
        async with self._db.transaction() as tx:
            await owned_portfolio(tx.connection, principal, portfolio_id, lock=True)

            async def create() -> str:
                await self._name_free(tx, portfolio_id, terms.name, None)
                sleeve = new_sleeve(self._db.new_id(), portfolio_id, terms, tx.now)
                await add(tx.connection, sleeves, SLEEVE, sleeve)
                await _emit(
                    tx, principal, "SleeveCreated", portfolio_id, None, sleeve, sleeve.sleeve_id
                )
                return sleeve.sleeve_id

            return await create_once(
                tx,
                principal,
                "CreateSleeve",
                request_id,
                request,
                create,
                lambda ident: self._sleeve(tx, portfolio_id, ident),
            )

    async def list_sleeves(
        self, principal: Principal, portfolio_ids: list[str], include_archived: bool
    ) -> list[Sleeve]:
        """Sleeves of several owned portfolios at once, each portfolio's in creation order."""
        async with self._db.transaction() as tx:
            for ident in portfolio_ids:
                await owned_portfolio(tx.connection, principal, ident, field="portfolio_ids")
            c = sleeves.c
            archived = true() if include_archived else c.archived.is_(False)
            return await fetch_all(
                tx.connection, sleeves, SLEEVE, c.portfolio_id.in_(portfolio_ids), archived
            )

    async def update_sleeve(
        self,
        principal: Principal,
        portfolio_id: str,
        sleeve_id: str,
        version: int,
        terms: SleeveTerms,
    ) -> Sleeve:
        async with self._db.transaction() as tx:
            await owned_portfolio(tx.connection, principal, portfolio_id, lock=True)
            before = await self._sleeve(tx, portfolio_id, sleeve_id, version=version)
            after = update_sleeve(before, terms, tx.now)
            await self._name_free(tx, portfolio_id, after.name, sleeve_id)
            await save(tx.connection, sleeves, SLEEVE, after, ["sleeve_id"])
            await _emit(tx, principal, "SleeveUpdated", portfolio_id, before, after, sleeve_id)
            return after

    async def archive_sleeve(
        self, principal: Principal, portfolio_id: str, sleeve_id: str, version: int
    ) -> Sleeve:
        async with self._db.transaction() as tx:
            await owned_portfolio(tx.connection, principal, portfolio_id, lock=True)
            before = await self._sleeve(tx, portfolio_id, sleeve_id, version=version)
            members = await tx.connection.scalar(
                select(func.count()).where(constituents.c.sleeve_id == sleeve_id)
            )
            if members:
                raise FailedPreconditionError(
                    f"sleeve {sleeve_id} still holds {members} listing(s); move them first",
                    reason="SLEEVE_NOT_EMPTY",
                )
            after = archive(before, "sleeve", sleeve_id, tx.now)
            await save(tx.connection, sleeves, SLEEVE, after, ["sleeve_id"])
            await _emit(tx, principal, "SleeveArchived", portfolio_id, before, after, sleeve_id)
            return after

    async def check_targets(self, principal: Principal, portfolio_id: str) -> TargetCheck:
        """Whether the live sleeves' targets sum to exactly 100%."""
        async with self._db.transaction() as tx:
            await owned_portfolio(tx.connection, principal, portfolio_id)
            rows = await tx.connection.execute(
                select(sleeves.c.target_weight_pct).where(
                    sleeves.c.portfolio_id == portfolio_id, sleeves.c.archived.is_(False)
                )
            )
            return check_targets(row.target_weight_pct for row in rows)

    # --- constituents ---

    async def add_constituent(
        self,
        principal: Principal,
        portfolio_id: str,
        listing_id: str,
        sleeve_id: str | None,
        monitored: bool,
    ) -> Constituent:
        """Put a listing in the portfolio; the same again returns it, a different one is refused."""
        async with self._db.transaction() as tx:
            await owned_portfolio(tx.connection, principal, portfolio_id, lock=True)
            existing = await self._constituent(tx, portfolio_id, listing_id, missing_ok=True)
            if existing is not None:
                if (existing.sleeve_id, existing.monitored) == (sleeve_id, monitored):
                    return existing
                raise AlreadyExistsError(
                    f"listing_id: listing {listing_id} is already in this portfolio"
                    + (f" (sleeve {existing.sleeve_id})" if existing.sleeve_id else ""),
                    reason="CONSTITUENT_EXISTS",
                    metadata={"sleeve_id": existing.sleeve_id or ""},
                )
            await self._live_listing(tx, listing_id)
            if sleeve_id is not None:
                await self._live_sleeve(tx, portfolio_id, sleeve_id)
            item = new_constituent(portfolio_id, listing_id, sleeve_id, monitored, tx.now)
            await add(tx.connection, constituents, CONSTITUENT, item)
            await _emit(tx, principal, "ConstituentAdded", portfolio_id, None, item, listing_id)
            return item

    async def list_constituents(
        self, principal: Principal, portfolio_ids: list[str]
    ) -> list[Constituent]:
        async with self._db.transaction() as tx:
            for ident in portfolio_ids:
                await owned_portfolio(tx.connection, principal, ident, field="portfolio_ids")
            return await fetch_all(
                tx.connection,
                constituents,
                CONSTITUENT,
                constituents.c.portfolio_id.in_(portfolio_ids),
            )

    async def update_constituent(
        self,
        principal: Principal,
        portfolio_id: str,
        listing_id: str,
        version: int,
        sleeve_id: str | None,
        monitored: bool,
    ) -> Constituent:
        async with self._db.transaction() as tx:
            await owned_portfolio(tx.connection, principal, portfolio_id, lock=True)
            before = await self._constituent(tx, portfolio_id, listing_id)
            assert before is not None
            check_version("constituent", listing_id, before.version, version)
            if sleeve_id is not None:
                await self._live_sleeve(tx, portfolio_id, sleeve_id)
            after = update_constituent(before, sleeve_id, monitored, tx.now)
            await save(
                tx.connection, constituents, CONSTITUENT, after, ["portfolio_id", "listing_id"]
            )
            await _emit(
                tx, principal, "ConstituentUpdated", portfolio_id, before, after, listing_id
            )
            return after

    async def remove_constituent(
        self, principal: Principal, portfolio_id: str, listing_id: str, version: int
    ) -> None:
        async with self._db.transaction() as tx:
            await owned_portfolio(tx.connection, principal, portfolio_id, lock=True)
            before = await self._constituent(tx, portfolio_id, listing_id)
            assert before is not None
            check_version("constituent", listing_id, before.version, version)
            await tx.connection.execute(
                constituents.delete().where(
                    constituents.c.portfolio_id == portfolio_id,
                    constituents.c.listing_id == listing_id,
                )
            )
            await _emit(tx, principal, "ConstituentRemoved", portfolio_id, before, None, listing_id)

    # --- lookups ---

    async def _sleeve(self, tx: Tx, portfolio_id: str, sleeve_id: str, **options: Any) -> Sleeve:
        found: Sleeve = await require(
            tx.connection, sleeves, SLEEVE, "sleeve", "sleeve_id", sleeve_id, lock=True, **options
        )
        if found.portfolio_id != portfolio_id:
            # Another portfolio's sleeve is reported like a missing one: ids do not leak.
            raise NotFoundError(f"sleeve_id: no sleeve {sleeve_id} in portfolio {portfolio_id}")
        return found

    async def _live_sleeve(self, tx: Tx, portfolio_id: str, sleeve_id: str) -> None:
        sleeve = await self._sleeve(tx, portfolio_id, sleeve_id)
        if sleeve.archived:
            raise FailedPreconditionError(f"sleeve_id: sleeve {sleeve_id} is archived")

    async def _live_listing(self, tx: Tx, listing_id: str) -> Listing:
        listing: Listing = await require(
            tx.connection, listings, LISTING, "listing", "listing_id", listing_id
        )
        if listing.archived:
            raise FailedPreconditionError(f"listing_id: listing {listing_id} is archived")
        return listing

    async def _constituent(
        self, tx: Tx, portfolio_id: str, listing_id: str, missing_ok: bool = False
    ) -> Constituent | None:
        c = constituents.c
        found: Constituent | None = await fetch(
            tx.connection,
            constituents,
            CONSTITUENT,
            c.portfolio_id == portfolio_id,
            c.listing_id == listing_id,
            lock=True,
        )
        if found is None and not missing_ok:
            raise NotFoundError(
                f"listing_id: listing {listing_id} is not in portfolio {portfolio_id}"
            )
        return found

    async def _name_free(self, tx: Tx, portfolio_id: str, name: str, own_id: str | None) -> None:
        c = sleeves.c
        where = [
            c.portfolio_id == portfolio_id,
            func.lower(c.name) == name.lower(),
            c.archived.is_(False),
        ]
        if own_id is not None:
            where.append(c.sleeve_id != own_id)
        taken = await tx.connection.scalar(select(c.sleeve_id).where(*where))
        if taken is not None:
            raise AlreadyExistsError(
                f"name: this portfolio already has a sleeve named {name!r}",
                reason="SLEEVE_NAME_TAKEN",
                metadata={"sleeve_id": str(taken)},
            )


def _terms_request(terms: SleeveTerms) -> dict[str, Any]:
    return {
        "name": terms.name,
        "target_weight_pct": terms.target_weight_pct,
        "drift_band_abs_pct": terms.drift_band_abs_pct,
        "drift_band_rel_pct": terms.drift_band_rel_pct,
    }


async def _emit(
    tx: Tx,
    principal: Principal,
    event_type: str,
    portfolio_id: str,
    before: Any,
    after: Any,
    ident: str,
) -> None:
    kind = "sleeve" if isinstance(after or before, Sleeve) else "constituent"
    payload = audit_payload(principal.user_id, portfolio_id, before, after)
    await tx.emit(event_type, kind, ident, payload)
