"""Instrument and listing use cases: shared reference data any signed-in user may add.

Changing or archiving one is left to whoever created it, or an admin, since
other users' portfolios may hold it.
"""

from __future__ import annotations

from decimal import Decimal
from typing import Any

from sqlalchemy import ColumnElement, func, select, true

from services.registry.domain.audit import audit_payload
from services.registry.domain.reference import (
    AssetClass,
    Instrument,
    Listing,
    ListingTerms,
    new_instrument,
    new_listing,
    update_instrument,
    update_listing,
)
from services.registry.domain.versioning import archive
from services.registry.handlers.idempotent import create_once
from services.registry.paging import Page
from services.registry.records import INSTRUMENT, LISTING
from services.registry.repository import add, fetch, fetch_page, require, save
from services.registry.store import constituents, instruments, listings
from services.registry.uow import Database, Tx
from taplatform.auth.principal import Principal
from taplatform.errors import AlreadyExistsError, FailedPreconditionError, PermissionDeniedError


def _may_change(principal: Principal, created_by: str, kind: str, ident: str) -> None:
    if not principal.is_admin and principal.user_id != created_by:
        raise PermissionDeniedError(
            f"{kind} {ident} was created by another user; only they or an admin may change it",
            reason="NOT_CREATOR",
        )


class ReferenceHandlers:
    def __init__(self, db: Database) -> None:
        self._db = db

    # --- instruments ---

    async def create_instrument(
        self, principal: Principal, request_id: str | None, isin: str, name: str, asset: AssetClass
    ) -> Instrument:
        draft = new_instrument("", isin, name, asset, principal.user_id, self._db.clock.now())
        request = {"isin": draft.isin, "name": draft.name, "asset_class": asset.value}
        async with self._db.transaction() as tx:

            async def create() -> str:
                await self._isin_free(tx, draft.isin)
                item = new_instrument(
                    self._db.new_id(), draft.isin, draft.name, asset, principal.user_id, tx.now
                )
                await add(tx.connection, instruments, INSTRUMENT, item)
                await self._emit(tx, principal, "InstrumentCreated", None, item, item.instrument_id)
                return item.instrument_id

            return await create_once(
                tx,
                principal,
                "CreateInstrument",
                request_id,
                request,
                create,
                lambda ident: self._instrument(tx, ident),
            )

    async def get_instrument(self, instrument_id: str) -> Instrument:
        async with self._db.transaction() as tx:
            return await self._instrument(tx, instrument_id)

    async def list_instruments(
        self, page: Page, include_archived: bool, ids: list[str]
    ) -> tuple[list[Instrument], str]:
        c = instruments.c
        where: list[ColumnElement[bool]] = [true() if include_archived else c.archived.is_(False)]
        if ids:
            where.append(c.instrument_id.in_(ids))
        async with self._db.engine.connect() as connection:
            return await fetch_page(connection, instruments, INSTRUMENT, page, *where)

    async def update_instrument(
        self, principal: Principal, instrument_id: str, version: int, name: str, asset: AssetClass
    ) -> Instrument:
        async with self._db.transaction() as tx:
            before = await self._instrument(tx, instrument_id, lock=True, version=version)
            _may_change(principal, before.created_by_user_id, "instrument", instrument_id)
            after = update_instrument(before, name, asset, tx.now)
            await save(tx.connection, instruments, INSTRUMENT, after, ["instrument_id"])
            await self._emit(tx, principal, "InstrumentUpdated", before, after, instrument_id)
            return after

    async def archive_instrument(
        self, principal: Principal, instrument_id: str, version: int
    ) -> Instrument:
        async with self._db.transaction() as tx:
            before = await self._instrument(tx, instrument_id, lock=True, version=version)
            _may_change(principal, before.created_by_user_id, "instrument", instrument_id)
            live = await tx.connection.scalar(
                select(func.count()).where(
                    listings.c.instrument_id == instrument_id, listings.c.archived.is_(False)
                )
            )
            if live:
                raise FailedPreconditionError(
                    f"instrument {instrument_id} has {live} live listing(s); archive them first",
                    reason="HAS_LISTINGS",
                )
            after = archive(before, "instrument", instrument_id, tx.now)
            await save(tx.connection, instruments, INSTRUMENT, after, ["instrument_id"])
            await self._emit(tx, principal, "InstrumentArchived", before, after, instrument_id)
            return after

    async def _instrument(self, tx: Tx, ident: str, **options: Any) -> Instrument:
        found: Instrument = await require(
            tx.connection, instruments, INSTRUMENT, "instrument", "instrument_id", ident, **options
        )
        return found

    async def _isin_free(self, tx: Tx, isin: str) -> None:
        c = instruments.c
        taken = await tx.connection.scalar(
            select(c.instrument_id).where(c.isin == isin, c.archived.is_(False))
        )
        if taken is not None:
            raise AlreadyExistsError(
                f"isin: {isin} is already instrument {taken}",
                reason="INSTRUMENT_EXISTS",
                metadata={"instrument_id": str(taken)},
            )

    # --- listings ---

    async def create_listing(
        self,
        principal: Principal,
        request_id: str | None,
        instrument_id: str,
        venue_mic: str,
        quote_currency: str,
        price_scale: Decimal | None,
        terms: ListingTerms,
    ) -> Listing:
        now = self._db.clock.now()
        draft = new_listing(
            "", instrument_id, venue_mic, quote_currency, price_scale, terms, "", now
        )
        request = {
            "instrument_id": instrument_id,
            "venue_mic": draft.venue_mic,
            "ticker": draft.ticker,
            "quote_currency": draft.quote_currency,
            "price_scale": draft.price_scale,
            "lot_size": draft.lot_size,
            "tick_size": draft.tick_size,
            "calendar": draft.calendar,
        }
        async with self._db.transaction() as tx:

            async def create() -> str:
                instrument = await self._instrument(tx, instrument_id)
                if instrument.archived:
                    raise FailedPreconditionError(f"instrument_id: {instrument_id} is archived")
                await self._ticker_free(tx, draft.venue_mic, draft.ticker, None)
                item = new_listing(
                    self._db.new_id(),
                    instrument_id,
                    draft.venue_mic,
                    draft.quote_currency,
                    draft.price_scale,
                    terms,
                    principal.user_id,
                    tx.now,
                )
                await add(tx.connection, listings, LISTING, item)
                await self._emit(tx, principal, "ListingCreated", None, item, item.listing_id)
                return item.listing_id

            return await create_once(
                tx,
                principal,
                "CreateListing",
                request_id,
                request,
                create,
                lambda ident: self._listing(tx, ident),
            )

    async def get_listing(self, listing_id: str) -> Listing:
        async with self._db.transaction() as tx:
            return await self._listing(tx, listing_id)

    async def list_listings(
        self, page: Page, include_archived: bool, ids: list[str], instrument_id: str | None
    ) -> tuple[list[Listing], str]:
        c = listings.c
        where: list[ColumnElement[bool]] = [true() if include_archived else c.archived.is_(False)]
        if ids:
            where.append(c.listing_id.in_(ids))
        if instrument_id:
            where.append(c.instrument_id == instrument_id)
        async with self._db.engine.connect() as connection:
            return await fetch_page(connection, listings, LISTING, page, *where)

    async def update_listing(
        self, principal: Principal, listing_id: str, version: int, terms: ListingTerms
    ) -> Listing:
        async with self._db.transaction() as tx:
            before = await self._listing(tx, listing_id, lock=True, version=version)
            _may_change(principal, before.created_by_user_id, "listing", listing_id)
            after = update_listing(before, terms, tx.now)
            await self._ticker_free(tx, after.venue_mic, after.ticker, listing_id)
            await save(tx.connection, listings, LISTING, after, ["listing_id"])
            await self._emit(tx, principal, "ListingUpdated", before, after, listing_id)
            return after

    async def archive_listing(self, principal: Principal, listing_id: str, version: int) -> Listing:
        async with self._db.transaction() as tx:
            before = await self._listing(tx, listing_id, lock=True, version=version)
            _may_change(principal, before.created_by_user_id, "listing", listing_id)
            used = await tx.connection.scalar(
                select(func.count()).where(constituents.c.listing_id == listing_id)
            )
            if used:
                raise FailedPreconditionError(
                    f"listing {listing_id} is in {used} portfolio(s); remove it from them first",
                    reason="IN_USE",
                )
            after = archive(before, "listing", listing_id, tx.now)
            await save(tx.connection, listings, LISTING, after, ["listing_id"])
            await self._emit(tx, principal, "ListingArchived", before, after, listing_id)
            return after

    async def _listing(self, tx: Tx, ident: str, **options: Any) -> Listing:
        found: Listing = await require(
            tx.connection, listings, LISTING, "listing", "listing_id", ident, **options
        )
        return found

    async def _ticker_free(self, tx: Tx, mic: str, ticker: str, own_id: str | None) -> None:
        c = listings.c
        where: list[ColumnElement[bool]] = [
            c.venue_mic == mic,
            c.ticker == ticker,
            c.archived.is_(False),
        ]
        if own_id is not None:
            where.append(c.listing_id != own_id)
        taken = await fetch(tx.connection, listings, LISTING, *where)
        if taken is not None:
            raise AlreadyExistsError(
                f"ticker: {mic} already lists {ticker} (listing {taken.listing_id})",
                reason="LISTING_EXISTS",
                metadata={"listing_id": taken.listing_id},
            )

    @staticmethod
    async def _emit(
        tx: Tx, principal: Principal, event_type: str, before: Any, after: Any, ident: str
    ) -> None:
        kind = "instrument" if isinstance(after, Instrument) else "listing"
        await tx.emit(
            event_type, kind, ident, audit_payload(principal.user_id, None, before, after)
        )
