"""Stored rule settings and schedules on real PostgreSQL: versions, audit events, refusals that
change nothing, and the ingestion path judging prices by the stored settings."""

from __future__ import annotations

import uuid
from collections.abc import Iterator
from dataclasses import dataclass
from datetime import UTC, datetime
from typing import Any

import pytest
import sqlalchemy as sa

from services.marketdata.domain.rule_resolution import Source
from services.marketdata.domain.rule_settings import Scope
from services.marketdata.domain.rules import RuleBook
from services.marketdata.domain.schedule import IngestionSchedule
from services.marketdata.registry_port import PortfolioRef
from services.marketdata.rule_settings import RuleSettingsHandlers
from services.marketdata.schedules import ScheduleHandlers
from taplatform.auth.principal import Role, current_bearer, current_principal
from taplatform.auth.tenancy import PortfolioGate
from taplatform.auth.testing import FakePortfolioAuthorizer, make_principal
from taplatform.errors import ConcurrencyError, InvalidArgumentError, PermissionDeniedError
from tests.marketdata.conftest import Harness
from tests.marketdata.provider_server import Reply, data_reply
from tests.marketdata.test_ingestion import DATA, EOD, refresh

JUMP = b"Date,Close\n2025-03-10,95\n"  # +30 % on 73.1


@dataclass
class Settings:
    rules: RuleSettingsHandlers
    schedules: ScheduleHandlers
    owners: dict[str, str]


@pytest.fixture
def settings(harness: Harness) -> Settings:
    authorizer = FakePortfolioAuthorizer({})
    gate = PortfolioGate(authorizer)
    rules = RuleSettingsHandlers(
        harness.engine, harness.clock, harness.registry, harness.registry, gate, RuleBook()
    )
    return Settings(rules, ScheduleHandlers(harness.engine, harness.clock), authorizer.owners)


@pytest.fixture(autouse=True)
def signed_in() -> Iterator[None]:
    principal = current_principal.set(make_principal("u-1"))
    bearer = current_bearer.set("tok-u-1")
    yield
    current_principal.reset(principal)
    current_bearer.reset(bearer)


def act_as(user_id: str, role: Role = Role.USER) -> None:
    current_principal.set(make_principal(user_id, role=role))


async def rows(h: Harness, sql: str, **params: Any) -> list[Any]:
    async with h.engine.connect() as connection:
        return list(await connection.execute(sa.text(sql), params))


async def events(h: Harness, event_type: str, aggregate_id: str) -> list[Any]:
    return await rows(
        h,
        "SELECT aggregate_id, payload FROM marketdata.outbox "
        "WHERE event_type = :t AND aggregate_id = :a ORDER BY id",
        t=event_type,
        a=aggregate_id,
    )


async def test_each_change_is_a_new_version_with_who_when_and_an_event_with_before_and_after(
    harness: Harness, settings: Settings
) -> None:
    settings.owners["pf-1"] = "u-1"
    first = await settings.rules.update(
        Scope.PORTFOLIO, "pf-1", 0, {"jump": {"threshold": "0.3"}}, "u-1"
    )
    second = await settings.rules.update(
        Scope.PORTFOLIO, "pf-1", 1, {"jump": {"threshold": "0.25", "freeze": "false"}}, "u-1"
    )
    assert (first.stored.version, second.stored.version) == (1, 2)
    assert second.stored.changed_by == "u-1" and second.stored.changed_at == harness.clock.now()
    stored = await rows(
        harness,
        "SELECT version, rules, changed_by FROM marketdata.rule_settings_versions "
        "WHERE scope_id = 'pf-1' ORDER BY version",
    )
    assert [(r.version, r.rules, r.changed_by) for r in stored] == [
        (1, {"jump": {"threshold": "0.3"}}, "u-1"),
        (2, {"jump": {"threshold": "0.25", "freeze": "false"}}, "u-1"),
    ]
    changed = await events(harness, "RuleSettingsChanged", "portfolio:pf-1")
    assert [e.aggregate_id for e in changed] == ["portfolio:pf-1", "portfolio:pf-1"]
    assert changed[0].payload["before"] is None
    assert changed[1].payload["before"]["rules"] == {"jump": {"threshold": "0.3"}}
    assert changed[1].payload["after"]["version"] == 2
    assert changed[1].payload["portfolio_id"] == "pf-1"
    [jump] = [r for r in second.effective if r.rule == "jump"]
    threshold = next(s for s in jump.parameters if s.name == "threshold")
    assert (threshold.value, threshold.source) == ("0.25", Source.PORTFOLIO)


async def test_bad_input_and_a_stale_version_are_refused_and_change_nothing(
    harness: Harness, settings: Settings
) -> None:
    settings.owners["pf-2"] = "u-1"
    await settings.rules.update(Scope.PORTFOLIO, "pf-2", 0, {"jump": {"threshold": "0.3"}}, "u-1")
    with pytest.raises(InvalidArgumentError) as bad:
        await settings.rules.update(
            Scope.PORTFOLIO, "pf-2", 1, {"jump": {"threshold": "-1"}}, "u-1"
        )
    assert [v.field for v in bad.value.violations] == ["rules.jump.threshold"]
    with pytest.raises(ConcurrencyError) as stale:
        await settings.rules.update(Scope.PORTFOLIO, "pf-2", 0, {"stale": {}}, "u-1")
    assert stale.value.metadata == {"current_version": "1"}
    after = await settings.rules.get(Scope.PORTFOLIO, "pf-2")
    assert (after.stored.version, after.stored.overrides) == (1, {"jump": {"threshold": "0.3"}})
    assert len(await events(harness, "RuleSettingsChanged", "portfolio:pf-2")) == 1


async def test_replaying_the_change_that_made_the_current_version_returns_it(
    harness: Harness, settings: Settings
) -> None:
    settings.owners["pf-3"] = "u-1"
    change = {"missing": {"lookback_sessions": "40"}}
    first = await settings.rules.update(Scope.PORTFOLIO, "pf-3", 0, change, "u-1")
    again = await settings.rules.update(Scope.PORTFOLIO, "pf-3", 0, change, "u-1")
    assert again.stored == first.stored
    assert len(await events(harness, "RuleSettingsChanged", "portfolio:pf-3")) == 1


async def test_a_listing_is_read_by_anyone_but_changed_only_by_an_admin(
    harness: Harness, settings: Settings
) -> None:
    listing = harness.add_listing()
    with pytest.raises(PermissionDeniedError) as refused:
        await settings.rules.update(Scope.LISTING, listing.listing_id, 0, {}, "u-1")
    assert refused.value.reason == "ADMIN_REQUIRED"
    act_as("admin-1", Role.ADMIN)
    await settings.rules.update(
        Scope.LISTING, listing.listing_id, 0, {"jump": {"threshold": "0.5"}}, "admin-1"
    )
    act_as("u-2")
    view = await settings.rules.get(Scope.LISTING, listing.listing_id)
    assert view.stored.overrides == {"jump": {"threshold": "0.5"}}


async def test_another_users_portfolio_is_refused(harness: Harness, settings: Settings) -> None:
    settings.owners["pf-theirs"] = "u-9"
    with pytest.raises(PermissionDeniedError):
        await settings.rules.get(Scope.PORTFOLIO, "pf-theirs")
    with pytest.raises(PermissionDeniedError):
        await settings.rules.update(Scope.PORTFOLIO, "pf-theirs", 0, {}, "u-1")
    assert (
        await rows(
            harness, "SELECT 1 FROM marketdata.rule_settings_versions WHERE scope_id = 'pf-theirs'"
        )
        == []
    )


async def test_a_raised_jump_threshold_means_no_jump_alert_on_the_same_data(
    harness: Harness, settings: Settings
) -> None:
    plain, tuned, held = (harness.add_listing(t) for t in ("VOD", "BP", "SHEL"))
    harness.registry.links[held.listing_id] = [PortfolioRef("pf-relaxed", "GBP")]
    settings.owners["pf-relaxed"] = "u-1"
    await settings.rules.update(
        Scope.PORTFOLIO, "pf-relaxed", 0, {"jump": {"threshold": "0.5"}}, "u-1"
    )
    act_as("admin-1", Role.ADMIN)
    await settings.rules.update(
        Scope.LISTING, tuned.listing_id, 0, {"jump": {"threshold": "0.5"}}, "admin-1"
    )
    ids = [plain.listing_id, tuned.listing_id, held.listing_id]
    harness.server.script(EOD, data_reply(DATA))
    await refresh(harness, *ids)
    harness.server.script(EOD, Reply(200, JUMP, "text/csv"))
    harness.clock.set(datetime(2025, 3, 10, 20, 0, tzinfo=UTC))
    await refresh(harness, *ids)
    alerts = await harness.queries.alerts(ids, [], 10)
    assert [(v.alert.listing_id, v.alert.rule) for v in alerts] == [(plain.listing_id, "jump")]


async def test_a_disabled_rule_raises_nothing(harness: Harness, settings: Settings) -> None:
    listing = harness.add_listing()
    act_as("admin-1", Role.ADMIN)
    await settings.rules.update(
        Scope.LISTING, listing.listing_id, 0, {"jump": {"enabled": "false"}}, "admin-1"
    )
    harness.server.script(EOD, data_reply(DATA))
    await refresh(harness, listing.listing_id)
    harness.server.script(EOD, Reply(200, JUMP, "text/csv"))
    harness.clock.set(datetime(2025, 3, 10, 20, 0, tzinfo=UTC))
    await refresh(harness, listing.listing_id)
    assert await harness.queries.alerts([listing.listing_id], [], 10) == []


async def test_schedules_are_versioned_audited_and_refused_when_stale_or_bad(
    harness: Harness, settings: Settings
) -> None:
    portfolio_id = f"pf-{uuid.uuid4().hex[:6]}"
    default = await settings.schedules.get(portfolio_id)
    assert (default.version, default.schedule) == (0, IngestionSchedule())
    hourly = IngestionSchedule(intraday_every_min=60, fx_enabled=False)
    saved = await settings.schedules.update(portfolio_id, 0, hourly, "u-1")
    assert (saved.version, saved.schedule, saved.changed_by) == (1, hourly, "u-1")
    with pytest.raises(InvalidArgumentError) as bad:
        await settings.schedules.update(portfolio_id, 1, IngestionSchedule(True, 3), "u-1")
    assert [v.field for v in bad.value.violations] == ["intraday_every_min"]
    with pytest.raises(ConcurrencyError):
        await settings.schedules.update(portfolio_id, 0, IngestionSchedule(), "u-1")
    assert (await settings.schedules.get(portfolio_id)).schedule == hourly
    [event] = await events(harness, "IngestionScheduleChanged", portfolio_id)
    assert event.payload["after"]["intraday_every_min"] == 60
    assert event.payload["before"] is None and event.payload["portfolio_id"] == portfolio_id
