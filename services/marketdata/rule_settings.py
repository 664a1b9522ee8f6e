"""Use cases of the stored rule settings: read the effective rules of a listing or a portfolio,
and replace a scope's overrides under an optimistic version check, audited.

Who may do what: a portfolio's settings go through the tenancy gate (its
owner, or an admin). A listing's settings may be read by any signed-in user;
changing them is for admins only, because they apply to every portfolio, of
every user, that holds or targets the listing (and the registry does not
tell other services who created a listing).
"""

from __future__ import annotations

import uuid
from collections.abc import Mapping
from dataclasses import dataclass
from datetime import datetime

from sqlalchemy.ext.asyncio import AsyncConnection, AsyncEngine

from services.marketdata import events
from services.marketdata import settings_repository as repo
from services.marketdata.domain.rule_resolution import (
    EffectiveRule,
    by_scope_id,
    resolve_rules,
    rules_in_force,
)
from services.marketdata.domain.rule_settings import (
    Overrides,
    Scope,
    StoredRuleSettings,
    check_scope_id,
    parse_overrides,
)
from services.marketdata.domain.rules import Rule, RuleBook
from services.marketdata.registry_port import ListingDirectory, PortfolioDirectory
from taplatform.auth.principal import current_principal
from taplatform.auth.tenancy import PortfolioGate
from taplatform.clock import Clock
from taplatform.errors import ConcurrencyError, InvalidArgumentError, PermissionDeniedError
from taplatform.logging import get_logger

log = get_logger(__name__)
# Event ids derive from the version they record: a retried transaction writes no second event.
EVENT_NAMESPACE = uuid.UUID("5b0e3c3e-8f8a-4a55-9a51-3f0d7c1e2b61")


@dataclass(frozen=True)
class RuleSettingsView:
    """A scope's stored overrides (as a version) and the rules in force for it."""

    stored: StoredRuleSettings
    effective: tuple[EffectiveRule, ...]


async def rules_for_listing(
    connection: AsyncConnection, book: RuleBook, listing_id: str, portfolio_ids: list[str]
) -> tuple[Rule, ...]:
    """The rules an evaluation of ``listing_id`` runs, with the stored overrides applied."""
    listing, portfolios = await _layers(connection, listing_id, portfolio_ids)
    return rules_in_force(book.rules_for(listing_id), listing, portfolios)


async def _layers(
    connection: AsyncConnection, listing_id: str, portfolio_ids: list[str]
) -> tuple[tuple[str, Overrides] | None, list[tuple[str, Overrides]]]:
    own = await repo.latest_rule_settings(connection, Scope.LISTING, [listing_id])
    linked = await repo.latest_rule_settings(connection, Scope.PORTFOLIO, portfolio_ids)
    listing = (listing_id, own[listing_id].overrides) if listing_id in own else None
    portfolios = by_scope_id({k: v.overrides for k, v in linked.items()}, portfolio_ids)
    return listing, portfolios


class RuleSettingsHandlers:
    """Read and change stored rule settings."""

    def __init__(
        self,
        engine: AsyncEngine,
        clock: Clock,
        listings: ListingDirectory,
        portfolios: PortfolioDirectory,
        gate: PortfolioGate,
        book: RuleBook,
    ) -> None:
        self._engine = engine
        self._clock = clock
        self._listings = listings
        self._portfolios = portfolios
        self._gate = gate
        self._book = book

    async def _authorize(self, scope: Scope, scope_id: str, change: bool) -> None:
        if scope is Scope.PORTFOLIO:
            await self._gate.check([scope_id])
            return
        await self._listings.get_listings([scope_id])  # NOT_FOUND for an unknown listing
        principal = current_principal.get()
        if change and (principal is None or not principal.is_admin):
            log.warning("rule_settings.denied", listing_id=scope_id)
            raise PermissionDeniedError(
                "only an admin may change a listing's rule settings; "
                "change your portfolio's settings instead",
                reason="ADMIN_REQUIRED",
            )

    async def _view(self, stored: StoredRuleSettings) -> RuleSettingsView:
        if stored.scope is Scope.PORTFOLIO:
            portfolios = [(stored.scope_id, stored.overrides)] if stored.overrides else []
            effective = resolve_rules(self._book.rules, None, portfolios)
            return RuleSettingsView(stored, effective)
        linked = await self._portfolios.portfolios_for_listing(stored.scope_id)
        async with self._engine.connect() as connection:
            listing, portfolios = await _layers(
                connection, stored.scope_id, [p.portfolio_id for p in linked]
            )
        rules = self._book.rules_for(stored.scope_id)
        return RuleSettingsView(stored, resolve_rules(rules, listing, portfolios))

    async def get(self, scope: Scope, scope_id: str) -> RuleSettingsView:
        """The scope's stored overrides and its effective rules."""
        scope_id = check_scope_id(scope_id, f"scope.{scope.value}_id")
        await self._authorize(scope, scope_id, change=False)
        async with self._engine.connect() as connection:
            stored = await repo.rule_settings_of(connection, scope, scope_id)
        return await self._view(stored)

    async def update(
        self,
        scope: Scope,
        scope_id: str,
        expected_version: int,
        raw: Mapping[str, Mapping[str, str]],
        actor: str,
    ) -> RuleSettingsView:
        """Replace the scope's overrides with ``raw`` if it is still at ``expected_version``.

        Bad input is refused before anything is read for writing; a stale
        version is ABORTED with the current one in the metadata. Replaying the
        change that made the current version returns it unchanged.
        """
        scope_id = check_scope_id(scope_id, f"scope.{scope.value}_id")
        await self._authorize(scope, scope_id, change=True)
        if expected_version < 0:
            raise InvalidArgumentError.for_field("expected_version", "must be >= 0")
        overrides = parse_overrides(raw)
        now = self._clock.now()
        async with self._engine.begin() as connection:
            current = await repo.rule_settings_of(connection, scope, scope_id)
            if _is_replay(current, expected_version, overrides, actor):
                return await self._view(current)
            _check_version(current.version, expected_version, f"{scope.value} {scope_id}")
            after = StoredRuleSettings(scope, scope_id, current.version + 1, overrides, actor, now)
            if not await repo.insert_rule_settings(connection, after):
                raise _stale(f"{scope.value} {scope_id}", None)
            await self._record(connection, current, after, actor, now)
        return await self._view(after)

    async def _record(
        self,
        connection: AsyncConnection,
        before: StoredRuleSettings,
        after: StoredRuleSettings,
        actor: str,
        now: datetime,
    ) -> None:
        aggregate = f"{after.scope.value}:{after.scope_id}"
        event_id = uuid.uuid5(EVENT_NAMESPACE, f"rule_settings:{aggregate}:{after.version}")
        await events.record(
            connection,
            lambda: event_id,
            now,
            "RuleSettingsChanged",
            ("rule_settings", aggregate),
            actor,
            before.to_audit() if before.version else None,
            after.to_audit(),
            portfolio_id=after.scope_id if after.scope is Scope.PORTFOLIO else None,
            listing_id=after.scope_id if after.scope is Scope.LISTING else None,
            version=after.version,
        )


def _is_replay(
    current: StoredRuleSettings, expected: int, overrides: Overrides, actor: str
) -> bool:
    return (
        current.version == expected + 1
        and current.changed_by == actor
        and {k: dict(v) for k, v in current.overrides.items()} == overrides
    )


def _check_version(current: int, expected: int, what: str) -> None:
    if current != expected:
        raise _stale(what, current, expected)


def _stale(what: str, current: int | None, expected: int | None = None) -> ConcurrencyError:
    if current is None:
        return ConcurrencyError(f"{what} changed while saving; read it again")
    return ConcurrencyError(
        f"{what} is at version {current}, not {expected}; read it again",
        reason="STALE_VERSION",
        metadata={"current_version": str(current)},
    )
