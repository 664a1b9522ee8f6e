"""Portfolios: the list, one portfolio with its sleeves and constituents, and their edits."""

from __future__ import annotations

from datetime import datetime
from typing import Annotated

import strawberry
from tradingassistant.registry.v1 import registry_pb2

from edge.api.convert import EdgeInfo, time_or_none
from edge.api.errors import ExpectedError, expected
from edge.api.reference import page_request, request_id
from edge.api.universe import Constituent, Sleeve, TargetCheckResult, check_targets


@strawberry.type(description="Why advice is frozen for a portfolio.")
class FreezeReason:
    source: str = strawberry.field(description='"dq_alert" or "manual".')
    reference: str
    detail: str
    frozen_at: datetime | None


@strawberry.type
class Portfolio:
    id: strawberry.ID
    name: str
    base_currency: str
    owner_user_id: strawberry.ID
    version: int
    frozen: bool
    freeze_reasons: list[FreezeReason]
    archived: bool
    created_at: datetime | None
    updated_at: datetime | None

    @strawberry.field(description="Sleeves, batched with the other portfolios on the page.")
    async def sleeves(self, info: EdgeInfo, include_archived: bool = False) -> list[Sleeve]:
        rows = await info.context.loaders.sleeves.load(str(self.id))
        return [Sleeve.from_pb(row) for row in rows if include_archived or not row.archived]

    @strawberry.field(description="Every listing in the portfolio's universe.")
    async def constituents(self, info: EdgeInfo) -> list[Constituent]:
        rows = await info.context.loaders.constituents.load(str(self.id))
        return [Constituent.from_pb(row) for row in rows]

    @strawberry.field(description="Whether the sleeve targets sum to 100% (one call each).")
    async def targets(self, info: EdgeInfo) -> TargetCheckResult:
        return await expected(lambda: check_targets(info, str(self.id)))

    @classmethod
    def from_pb(cls, value: registry_pb2.Portfolio) -> Portfolio:
        return cls(
            id=strawberry.ID(value.portfolio_id),
            name=value.name,
            base_currency=value.base_currency,
            owner_user_id=strawberry.ID(value.owner_user_id),
            version=value.version,
            frozen=value.frozen,
            freeze_reasons=[
                FreezeReason(
                    source=r.source,
                    reference=r.reference,
                    detail=r.detail,
                    frozen_at=time_or_none(r.frozen_at),
                )
                for r in value.freeze_reasons
            ],
            archived=value.archived,
            created_at=time_or_none(value.created_at),
            updated_at=time_or_none(value.updated_at),
        )


@strawberry.type
class PortfolioPage:
    items: list[Portfolio]
    next_page_token: str | None


@strawberry.input
class CreatePortfolioInput:
    name: str
    base_currency: str = "GBP"
    request_id: str | None = None


@strawberry.input
class UpdatePortfolioInput:
    id: strawberry.ID
    version: int
    name: str
    base_currency: str


PortfolioResult = Annotated[Portfolio | ExpectedError, strawberry.union("PortfolioResult")]
PortfolioPageResult = Annotated[
    PortfolioPage | ExpectedError, strawberry.union("PortfolioPageResult")
]


@strawberry.type
class PortfolioQuery:
    @strawberry.field(description="Your portfolios.")
    async def portfolios(
        self,
        info: EdgeInfo,
        first: int = 50,
        after: str | None = None,
        include_archived: bool = False,
    ) -> PortfolioPageResult:
        async def call() -> PortfolioPage:
            request = registry_pb2.ListPortfoliosRequest(
                page=page_request(first, after), include_archived=include_archived
            )
            response = await info.context.registry.ListPortfolios(request)
            return PortfolioPage(
                items=[Portfolio.from_pb(p) for p in response.portfolios],
                next_page_token=response.page_info.next_page_token or None,
            )

        return await expected(call)

    @strawberry.field
    async def portfolio(self, info: EdgeInfo, id: strawberry.ID) -> PortfolioResult:
        async def call() -> Portfolio:
            request = registry_pb2.GetPortfolioRequest(portfolio_id=str(id))
            response = await info.context.registry.GetPortfolio(request)
            return Portfolio.from_pb(response.portfolio)

        return await expected(call)


@strawberry.type
class PortfolioMutation:
    @strawberry.mutation
    async def create_portfolio(
        self, info: EdgeInfo, input: CreatePortfolioInput
    ) -> PortfolioResult:
        async def call() -> Portfolio:
            request = registry_pb2.CreatePortfolioRequest(
                request_id=request_id(input.request_id),
                name=input.name,
                base_currency=input.base_currency,
            )
            response = await info.context.registry.CreatePortfolio(request)
            return Portfolio.from_pb(response.portfolio)

        return await expected(call)

    @strawberry.mutation
    async def update_portfolio(
        self, info: EdgeInfo, input: UpdatePortfolioInput
    ) -> PortfolioResult:
        async def call() -> Portfolio:
            request = registry_pb2.UpdatePortfolioRequest(
                portfolio_id=str(input.id),
                version=input.version,
                name=input.name,
                base_currency=input.base_currency,
            )
            response = await info.context.registry.UpdatePortfolio(request)
            return Portfolio.from_pb(response.portfolio)

        return await expected(call)

    @strawberry.mutation
    async def archive_portfolio(
        self, info: EdgeInfo, id: strawberry.ID, version: int
    ) -> PortfolioResult:
        async def call() -> Portfolio:
            request = registry_pb2.ArchivePortfolioRequest(portfolio_id=str(id), version=version)
            response = await info.context.registry.ArchivePortfolio(request)
            return Portfolio.from_pb(response.portfolio)

        return await expected(call)
