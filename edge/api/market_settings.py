"""Data-quality rule settings (per listing or portfolio) and per-portfolio ingestion schedules."""

from __future__ import annotations

import enum
from datetime import datetime
from typing import Annotated

import strawberry
from tradingassistant.marketdata.v1 import marketdata_pb2 as md

from edge.api.actors import Actor, actor_by_id
from edge.api.convert import EdgeInfo, time_or_none
from edge.api.errors import ExpectedError, FieldError, ValidationError, expected


@strawberry.enum(description="Where a setting's value in force comes from.")
class SettingSource(enum.Enum):
    DEFAULT = "DEFAULT"
    PORTFOLIO = "PORTFOLIO"
    LISTING = "LISTING"


@strawberry.type(description="One rule setting in force: its value, its default and its source.")
class EffectiveSetting:
    name: str = strawberry.field(description="enabled, severity, freeze, … or a parameter.")
    value: str
    default_value: str
    source: SettingSource | None
    source_id: str = strawberry.field(description="The portfolio or listing whose value won.")
    description: str

    @classmethod
    def from_pb(cls, value: md.EffectiveSetting) -> EffectiveSetting:
        source = md.SettingSource.Name(value.source).removeprefix("SETTING_SOURCE_")
        return cls(
            name=value.name,
            value=value.value,
            default_value=value.default_value,
            source=SettingSource.__members__.get(source),
            source_id=value.source_id,
            description=value.description,
        )


@strawberry.type(description="One data-quality rule as it runs: policy flags and parameters.")
class EffectiveRule:
    rule: str
    description: str
    policy: list[EffectiveSetting]
    parameters: list[EffectiveSetting]


@strawberry.type(description="One stored override: a setting's name and value.")
class RuleSetting:
    name: str
    value: str


@strawberry.type(description="What a scope stores for one rule; absent settings inherit.")
class RuleOverride:
    rule: str
    settings: list[RuleSetting]


@strawberry.type(description="A listing's or a portfolio's rule overrides, and the rules in force.")
class RuleSettings:
    listing_id: strawberry.ID | None
    portfolio_id: strawberry.ID | None
    version: int = strawberry.field(description="0 when nothing is stored yet.")
    changed_by: str = strawberry.field(description="The user id; see changedByActor for a name.")
    changed_at: datetime | None
    overrides: list[RuleOverride]
    effective: list[EffectiveRule]

    @strawberry.field(description="Who stored this version, by name; null for version 0.")
    async def changed_by_actor(self, info: EdgeInfo) -> Actor | None:
        return await actor_by_id(info, self.changed_by)

    @classmethod
    def from_pb(cls, value: md.RuleSettings) -> RuleSettings:
        scope = value.scope
        target = scope.WhichOneof("target")
        return cls(
            listing_id=strawberry.ID(scope.listing_id) if target == "listing_id" else None,
            portfolio_id=strawberry.ID(scope.portfolio_id) if target == "portfolio_id" else None,
            version=value.version,
            changed_by=value.changed_by,
            changed_at=time_or_none(value.changed_at),
            overrides=[
                RuleOverride(
                    rule=o.rule,
                    settings=[RuleSetting(name=k, value=v) for k, v in sorted(o.settings.items())],
                )
                for o in value.overrides
            ],
            effective=[
                EffectiveRule(
                    rule=r.rule,
                    description=r.description,
                    policy=[EffectiveSetting.from_pb(s) for s in r.policy],
                    parameters=[EffectiveSetting.from_pb(s) for s in r.parameters],
                )
                for r in value.effective
            ],
        )


@strawberry.type(description="What a portfolio wants refreshed on schedule.")
class IngestionSchedule:
    portfolio_id: strawberry.ID
    version: int = strawberry.field(description="0: never stored, the defaults are in force.")
    intraday_enabled: bool
    intraday_every_min: int = strawberry.field(description="5..240, a multiple of 5.")
    eod_enabled: bool
    fx_enabled: bool
    changed_by: str = strawberry.field(description="The user id; see changedByActor for a name.")
    changed_at: datetime | None

    @strawberry.field(description="Who stored this version, by name; null for version 0.")
    async def changed_by_actor(self, info: EdgeInfo) -> Actor | None:
        return await actor_by_id(info, self.changed_by)

    @classmethod
    def from_pb(cls, value: md.IngestionSchedule) -> IngestionSchedule:
        return cls(
            portfolio_id=strawberry.ID(value.portfolio_id),
            version=value.version,
            intraday_enabled=value.intraday_enabled,
            intraday_every_min=value.intraday_every_min,
            eod_enabled=value.eod_enabled,
            fx_enabled=value.fx_enabled,
            changed_by=value.changed_by,
            changed_at=time_or_none(value.changed_at),
        )


@strawberry.input
class RuleSettingInput:
    name: str
    value: str


@strawberry.input
class RuleOverrideInput:
    rule: str
    settings: list[RuleSettingInput]


@strawberry.input(description="Name exactly one of listingId and portfolioId.")
class UpdateRuleSettingsInput:
    listing_id: strawberry.ID | None = None
    portfolio_id: strawberry.ID | None = None
    expected_version: int = strawberry.field(description="The version you read (0: none).")
    rules: list[RuleOverrideInput] = strawberry.field(
        description="The whole new set of overrides; it replaces the stored one."
    )


@strawberry.input
class UpdateIngestionScheduleInput:
    portfolio_id: strawberry.ID
    expected_version: int
    intraday_enabled: bool
    intraday_every_min: int
    eod_enabled: bool
    fx_enabled: bool


RuleSettingsResult = Annotated[RuleSettings | ExpectedError, strawberry.union("RuleSettingsResult")]
IngestionScheduleResult = Annotated[
    IngestionSchedule | ExpectedError, strawberry.union("IngestionScheduleResult")
]


def _scope(listing_id: strawberry.ID | None, portfolio_id: strawberry.ID | None) -> md.RuleScope:
    if bool(listing_id) == bool(portfolio_id):
        raise ValueError("name exactly one of listingId and portfolioId")
    if listing_id:
        return md.RuleScope(listing_id=str(listing_id))
    return md.RuleScope(portfolio_id=str(portfolio_id))


def _scope_error() -> ValidationError:
    message = "name exactly one of listingId and portfolioId"
    return ValidationError(
        message=message, field_errors=[FieldError(field="scope", message=message)]
    )


@strawberry.type
class MarketSettingsQuery:
    @strawberry.field(description="The data-quality rules in force for a listing or a portfolio.")
    async def rule_settings(
        self,
        info: EdgeInfo,
        listing_id: strawberry.ID | None = None,
        portfolio_id: strawberry.ID | None = None,
    ) -> RuleSettingsResult:
        try:
            scope = _scope(listing_id, portfolio_id)
        except ValueError:
            return _scope_error()

        async def call() -> RuleSettings:
            request = md.GetRuleSettingsRequest(scope=scope)
            response = await info.context.marketdata.GetRuleSettings(request)
            return RuleSettings.from_pb(response.settings)

        return await expected(call)

    @strawberry.field(description="A portfolio's ingestion schedule (version 0: the defaults).")
    async def ingestion_schedule(
        self, info: EdgeInfo, portfolio_id: strawberry.ID
    ) -> IngestionScheduleResult:
        async def call() -> IngestionSchedule:
            request = md.GetIngestionScheduleRequest(portfolio_id=str(portfolio_id))
            response = await info.context.marketdata.GetIngestionSchedule(request)
            return IngestionSchedule.from_pb(response.schedule)

        return await expected(call)


@strawberry.type
class MarketSettingsMutation:
    @strawberry.mutation(description="Replace a listing's (admins) or portfolio's rule overrides.")
    async def update_rule_settings(
        self, info: EdgeInfo, input: UpdateRuleSettingsInput
    ) -> RuleSettingsResult:
        try:
            scope = _scope(input.listing_id, input.portfolio_id)
        except ValueError:
            return _scope_error()

        async def call() -> RuleSettings:
            request = md.UpdateRuleSettingsRequest(
                scope=scope,
                expected_version=input.expected_version,
                rules=[
                    md.RuleOverride(rule=r.rule, settings={s.name: s.value for s in r.settings})
                    for r in input.rules
                ],
            )
            response = await info.context.marketdata.UpdateRuleSettings(request)
            return RuleSettings.from_pb(response.settings)

        return await expected(call)

    @strawberry.mutation(description="Change a portfolio's ingestion schedule (audited).")
    async def update_ingestion_schedule(
        self, info: EdgeInfo, input: UpdateIngestionScheduleInput
    ) -> IngestionScheduleResult:
        async def call() -> IngestionSchedule:
            request = md.UpdateIngestionScheduleRequest(
                portfolio_id=str(input.portfolio_id),
                expected_version=input.expected_version,
                intraday_enabled=input.intraday_enabled,
                intraday_every_min=input.intraday_every_min,
                eod_enabled=input.eod_enabled,
                fx_enabled=input.fx_enabled,
            )
            response = await info.context.marketdata.UpdateIngestionSchedule(request)
            return IngestionSchedule.from_pb(response.schedule)

        return await expected(call)
