"""Sleeves and constituents: which listings a portfolio holds and the target of each sleeve."""

from __future__ import annotations

from decimal import Decimal
from typing import Annotated

import strawberry
from tradingassistant.registry.v1 import registry_pb2

from edge.api.convert import EdgeInfo, decimal_or_none, decimal_pb
from edge.api.errors import ExpectedError, expected
from edge.api.reference import Listing, request_id


@strawberry.type(description="A listing in a portfolio's universe, in at most one sleeve.")
class Constituent:
    portfolio_id: strawberry.ID
    listing_id: strawberry.ID
    sleeve_id: strawberry.ID | None
    monitored: bool
    version: int

    @strawberry.field
    async def listing(self, info: EdgeInfo) -> Listing | None:
        found = await info.context.loaders.listing.load(str(self.listing_id))
        return None if found is None else Listing.from_pb(found)

    @classmethod
    def from_pb(cls, value: registry_pb2.Constituent) -> Constituent:
        return cls(
            portfolio_id=strawberry.ID(value.portfolio_id),
            listing_id=strawberry.ID(value.listing_id),
            sleeve_id=strawberry.ID(value.sleeve_id) if value.sleeve_id else None,
            monitored=value.monitored,
            version=value.version,
        )


@strawberry.type(description="A slice of a portfolio with a target weight and a drift band.")
class Sleeve:
    id: strawberry.ID
    portfolio_id: strawberry.ID
    name: str
    target_weight_pct: Decimal | None
    drift_band_abs_pct: Decimal | None
    drift_band_rel_pct: Decimal | None
    version: int
    archived: bool

    @strawberry.field(description="The constituents assigned to this sleeve.")
    async def constituents(self, info: EdgeInfo) -> list[Constituent]:
        rows = await info.context.loaders.constituents.load(str(self.portfolio_id))
        return [Constituent.from_pb(row) for row in rows if row.sleeve_id == str(self.id)]

    @classmethod
    def from_pb(cls, value: registry_pb2.Sleeve) -> Sleeve:
        return cls(
            id=strawberry.ID(value.sleeve_id),
            portfolio_id=strawberry.ID(value.portfolio_id),
            name=value.name,
            target_weight_pct=decimal_or_none(value.target_weight_pct),
            drift_band_abs_pct=decimal_or_none(value.drift_band_abs_pct),
            drift_band_rel_pct=decimal_or_none(value.drift_band_rel_pct),
            version=value.version,
            archived=value.archived,
        )


@strawberry.type(description="Whether the sleeve targets of a portfolio sum to exactly 100%.")
class TargetCheck:
    portfolio_id: strawberry.ID
    sums_to_100: bool
    target_sum_pct: Decimal | None


@strawberry.type
class ConstituentRemoved:
    portfolio_id: strawberry.ID
    listing_id: strawberry.ID


@strawberry.input
class CreateSleeveInput:
    portfolio_id: strawberry.ID
    name: str
    target_weight_pct: Decimal
    drift_band_abs_pct: Decimal | None = None
    drift_band_rel_pct: Decimal | None = None
    request_id: str | None = None


@strawberry.input
class UpdateSleeveInput:
    portfolio_id: strawberry.ID
    id: strawberry.ID
    version: int
    name: str
    target_weight_pct: Decimal
    drift_band_abs_pct: Decimal | None = None
    drift_band_rel_pct: Decimal | None = None


@strawberry.input
class AddConstituentInput:
    portfolio_id: strawberry.ID
    listing_id: strawberry.ID
    sleeve_id: strawberry.ID | None = None
    monitored: bool = True


@strawberry.input
class UpdateConstituentInput:
    portfolio_id: strawberry.ID
    listing_id: strawberry.ID
    version: int
    sleeve_id: strawberry.ID | None = None
    monitored: bool = True


SleeveResult = Annotated[Sleeve | ExpectedError, strawberry.union("SleeveResult")]
ConstituentResult = Annotated[Constituent | ExpectedError, strawberry.union("ConstituentResult")]
ConstituentRemovedResult = Annotated[
    ConstituentRemoved | ExpectedError, strawberry.union("ConstituentRemovedResult")
]
TargetCheckResult = Annotated[TargetCheck | ExpectedError, strawberry.union("TargetCheckResult")]


async def check_targets(info: EdgeInfo, portfolio_id: str) -> TargetCheck:
    request = registry_pb2.CheckTargetsRequest(portfolio_id=portfolio_id)
    response = await info.context.registry.CheckTargets(request)
    return TargetCheck(
        portfolio_id=strawberry.ID(portfolio_id),
        sums_to_100=response.sums_to_100,
        target_sum_pct=decimal_or_none(response.target_sum_pct),
    )


def _sleeve_decimals(request: object, value: CreateSleeveInput | UpdateSleeveInput) -> None:
    for name in ("target_weight_pct", "drift_band_abs_pct", "drift_band_rel_pct"):
        converted = decimal_pb(getattr(value, name))
        if converted is not None:
            getattr(request, name).CopyFrom(converted)


@strawberry.type
class UniverseQuery:
    @strawberry.field(description="Whether the portfolio's sleeve targets sum to 100%.")
    async def check_targets(self, info: EdgeInfo, portfolio_id: strawberry.ID) -> TargetCheckResult:
        return await expected(lambda: check_targets(info, str(portfolio_id)))


@strawberry.type
class UniverseMutation:
    @strawberry.mutation
    async def create_sleeve(self, info: EdgeInfo, input: CreateSleeveInput) -> SleeveResult:
        async def call() -> Sleeve:
            request = registry_pb2.CreateSleeveRequest(
                request_id=request_id(input.request_id),
                portfolio_id=str(input.portfolio_id),
                name=input.name,
            )
            _sleeve_decimals(request, input)
            response = await info.context.registry.CreateSleeve(request)
            return Sleeve.from_pb(response.sleeve)

        return await expected(call)

    @strawberry.mutation
    async def update_sleeve(self, info: EdgeInfo, input: UpdateSleeveInput) -> SleeveResult:
        async def call() -> Sleeve:
            request = registry_pb2.UpdateSleeveRequest(
                portfolio_id=str(input.portfolio_id),
                sleeve_id=str(input.id),
                version=input.version,
                name=input.name,
            )
            _sleeve_decimals(request, input)
            response = await info.context.registry.UpdateSleeve(request)
            return Sleeve.from_pb(response.sleeve)

        return await expected(call)

    @strawberry.mutation
    async def archive_sleeve(
        self, info: EdgeInfo, portfolio_id: strawberry.ID, id: strawberry.ID, version: int
    ) -> SleeveResult:
        async def call() -> Sleeve:
            request = registry_pb2.ArchiveSleeveRequest(
                portfolio_id=str(portfolio_id), sleeve_id=str(id), version=version
            )
            response = await info.context.registry.ArchiveSleeve(request)
            return Sleeve.from_pb(response.sleeve)

        return await expected(call)

    @strawberry.mutation(
        description="Put a listing into a portfolio's universe, maybe in a sleeve."
    )
    async def add_constituent(
        self, info: EdgeInfo, input: AddConstituentInput
    ) -> ConstituentResult:
        async def call() -> Constituent:
            request = registry_pb2.AddConstituentRequest(
                portfolio_id=str(input.portfolio_id),
                listing_id=str(input.listing_id),
                sleeve_id=str(input.sleeve_id or ""),
                monitored=input.monitored,
            )
            response = await info.context.registry.AddConstituent(request)
            return Constituent.from_pb(response.constituent)

        return await expected(call)

    @strawberry.mutation
    async def update_constituent(
        self, info: EdgeInfo, input: UpdateConstituentInput
    ) -> ConstituentResult:
        async def call() -> Constituent:
            request = registry_pb2.UpdateConstituentRequest(
                portfolio_id=str(input.portfolio_id),
                listing_id=str(input.listing_id),
                version=input.version,
                sleeve_id=str(input.sleeve_id or ""),
                monitored=input.monitored,
            )
            response = await info.context.registry.UpdateConstituent(request)
            return Constituent.from_pb(response.constituent)

        return await expected(call)

    @strawberry.mutation
    async def remove_constituent(
        self, info: EdgeInfo, portfolio_id: strawberry.ID, listing_id: strawberry.ID, version: int
    ) -> ConstituentRemovedResult:
        async def call() -> ConstituentRemoved:
            request = registry_pb2.RemoveConstituentRequest(
                portfolio_id=str(portfolio_id), listing_id=str(listing_id), version=version
            )
            await info.context.registry.RemoveConstituent(request)
            return ConstituentRemoved(portfolio_id=portfolio_id, listing_id=listing_id)

        return await expected(call)
