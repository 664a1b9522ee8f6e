"""Engine runs: start one, list and read them, replay, and approve or ignore a recommendation."""

from __future__ import annotations

import enum
from datetime import datetime
from typing import Annotated

import strawberry
from tradingassistant.engine.v1 import engine_pb2

from edge.api.convert import EdgeInfo, time_or_none
from edge.api.engine_recommendations import (
    BlockReason,
    Recommendation,
    RecommendationStatus,
    RunStatus,
    enum_name,
    recommendation_status,
    run_status,
)
from edge.api.errors import ExpectedError, expected
from edge.api.reference import page_request, request_id


@strawberry.enum
class RunTrigger(enum.Enum):
    ON_DEMAND = "ON_DEMAND"
    SCHEDULED = "SCHEDULED"


async def _recommendation(info: EdgeInfo, portfolio_id: str, id: str) -> Recommendation:
    request = engine_pb2.GetRecommendationRequest(portfolio_id=portfolio_id, recommendation_id=id)
    response = await info.context.engine.GetRecommendation(request)
    return Recommendation.from_pb(response.recommendation)


@strawberry.type(description="One engine run: its inputs' hash, the policy's, and the outcome.")
class Run:
    id: strawberry.ID
    portfolio_id: strawberry.ID
    status: RunStatus | None
    snapshot_hash: str = strawberry.field(description="SHA-256 of the canonical RunInputSnapshot.")
    policy_hash: str = strawberry.field(description="Empty when no policy was approved.")
    policy_version_id: strawberry.ID | None
    trigger: RunTrigger | None
    request_id: str
    cadence_period: str = strawberry.field(description="Scheduled runs: 2025-07 or 2025-Q3.")
    as_of: datetime | None
    created_at: datetime | None
    actor_user_id: str
    recommendation_hash: str
    recommendation_status: RecommendationStatus | None
    blocked_reasons: list[BlockReason]
    line_count: int

    @strawberry.field(description="The run's recommendation (one engine call).")
    async def recommendation(self, info: EdgeInfo) -> Recommendation:
        return await _recommendation(info, str(self.portfolio_id), str(self.id))

    @classmethod
    def from_pb(cls, value: engine_pb2.Run) -> Run:
        trigger = enum_name(engine_pb2.RunTrigger, value.trigger, "RUN_TRIGGER_")
        return cls(
            id=strawberry.ID(value.run_id),
            portfolio_id=strawberry.ID(value.portfolio_id),
            status=run_status(value.status),
            snapshot_hash=value.snapshot_hash,
            policy_hash=value.policy_hash,
            policy_version_id=strawberry.ID(value.policy_version_id)
            if value.policy_version_id
            else None,
            trigger=RunTrigger.__members__.get(trigger),
            request_id=value.request_id,
            cadence_period=value.cadence_period,
            as_of=time_or_none(value.as_of),
            created_at=time_or_none(value.created_at),
            actor_user_id=value.actor_user_id,
            recommendation_hash=value.recommendation_hash,
            recommendation_status=recommendation_status(value.recommendation_status),
            blocked_reasons=[BlockReason.from_pb(r) for r in value.blocked_reasons],
            line_count=value.line_count,
        )


@strawberry.type
class RunPage:
    items: list[Run] = strawberry.field(description="Newest first.")
    next_page_token: str | None


@strawberry.type
class RunStarted:
    run: Run
    created: bool = strawberry.field(description="False: requestId named an earlier run.")


@strawberry.type(description="A stored RunInputSnapshot, exactly as hashed.")
class RunInput:
    snapshot_hash: str
    canonical_json: str


@strawberry.type(description="The stored snapshot re-run with its policy, compared byte for byte.")
class RunReplay:
    identical: bool
    stored_recommendation_hash: str
    replayed_recommendation_hash: str
    snapshot_hash_verified: bool
    policy_hash_verified: bool
    snapshot_hash: str
    policy_hash: str
    first_difference_offset: int = strawberry.field(description="-1 when identical.")


@strawberry.input
class StartRunInput:
    portfolio_id: strawberry.ID
    request_id: str | None = strawberry.field(
        default=None, description="Client-generated: a retried start runs once."
    )


@strawberry.input
class ApproveRecommendationInput:
    portfolio_id: strawberry.ID
    recommendation_id: strawberry.ID
    recommendation_hash: str = strawberry.field(description="The hash you reviewed.")
    note: str = ""


@strawberry.input
class IgnoreRecommendationInput:
    portfolio_id: strawberry.ID
    recommendation_id: strawberry.ID
    note: str = ""


RunResult = Annotated[Run | ExpectedError, strawberry.union("RunResult")]
RunPageResult = Annotated[RunPage | ExpectedError, strawberry.union("RunPageResult")]
RunStartedResult = Annotated[RunStarted | ExpectedError, strawberry.union("RunStartedResult")]
RunInputResult = Annotated[RunInput | ExpectedError, strawberry.union("RunInputResult")]
RunReplayResult = Annotated[RunReplay | ExpectedError, strawberry.union("RunReplayResult")]
RecommendationResult = Annotated[
    Recommendation | ExpectedError, strawberry.union("RecommendationResult")
]


@strawberry.type
class RunQuery:
    @strawberry.field(description="A portfolio's runs, newest first.")
    async def runs(
        self, info: EdgeInfo, portfolio_id: strawberry.ID, first: int = 50, after: str | None = None
    ) -> RunPageResult:
        async def call() -> RunPage:
            request = engine_pb2.ListRunsRequest(
                portfolio_id=str(portfolio_id), page=page_request(first, after)
            )
            response = await info.context.engine.ListRuns(request)
            return RunPage(
                items=[Run.from_pb(r) for r in response.runs],
                next_page_token=response.page_info.next_page_token or None,
            )

        return await expected(call)

    @strawberry.field
    async def run(
        self, info: EdgeInfo, portfolio_id: strawberry.ID, id: strawberry.ID
    ) -> RunResult:
        async def call() -> Run:
            request = engine_pb2.GetRunRequest(portfolio_id=str(portfolio_id), run_id=str(id))
            return Run.from_pb((await info.context.engine.GetRun(request)).run)

        return await expected(call)

    @strawberry.field(description="A recommendation; its id is its run's id.")
    async def recommendation(
        self, info: EdgeInfo, portfolio_id: strawberry.ID, id: strawberry.ID
    ) -> RecommendationResult:
        return await expected(lambda: _recommendation(info, str(portfolio_id), str(id)))

    @strawberry.field(description="The RunInputSnapshot a run read, as its canonical JSON.")
    async def run_input(
        self, info: EdgeInfo, portfolio_id: strawberry.ID, run_id: strawberry.ID
    ) -> RunInputResult:
        async def call() -> RunInput:
            request = engine_pb2.GetRunInputRequest(
                portfolio_id=str(portfolio_id), run_id=str(run_id)
            )
            response = await info.context.engine.GetRunInput(request)
            return RunInput(
                snapshot_hash=response.snapshot_hash, canonical_json=response.canonical_json
            )

        return await expected(call)

    @strawberry.field(description="Re-run the stored snapshot and prove the output is identical.")
    async def run_replay(
        self, info: EdgeInfo, portfolio_id: strawberry.ID, run_id: strawberry.ID
    ) -> RunReplayResult:
        async def call() -> RunReplay:
            request = engine_pb2.ReplayRunRequest(
                portfolio_id=str(portfolio_id), run_id=str(run_id)
            )
            r = await info.context.engine.ReplayRun(request)
            return RunReplay(
                identical=r.identical,
                stored_recommendation_hash=r.stored_recommendation_hash,
                replayed_recommendation_hash=r.replayed_recommendation_hash,
                snapshot_hash_verified=r.snapshot_hash_verified,
                policy_hash_verified=r.policy_hash_verified,
                snapshot_hash=r.snapshot_hash,
                policy_hash=r.policy_hash,
                first_difference_offset=r.first_difference_offset,
            )

        return await expected(call)


@strawberry.type
class RunMutation:
    @strawberry.mutation(description="Run the engine now; a BLOCKED run says why.")
    async def start_run(self, info: EdgeInfo, input: StartRunInput) -> RunStartedResult:
        async def call() -> RunStarted:
            request = engine_pb2.StartRunRequest(
                portfolio_id=str(input.portfolio_id), request_id=request_id(input.request_id)
            )
            response = await info.context.engine.StartRun(request)
            return RunStarted(run=Run.from_pb(response.run), created=response.created)

        return await expected(call)

    @strawberry.mutation(description="proposed → approved (audited); needs the reviewed hash.")
    async def approve_recommendation(
        self, info: EdgeInfo, input: ApproveRecommendationInput
    ) -> RecommendationResult:
        async def call() -> Recommendation:
            request = engine_pb2.ApproveRecommendationRequest(
                portfolio_id=str(input.portfolio_id),
                recommendation_id=str(input.recommendation_id),
                recommendation_hash=input.recommendation_hash,
                note=input.note,
            )
            response = await info.context.engine.ApproveRecommendation(request)
            return Recommendation.from_pb(response.recommendation)

        return await expected(call)

    @strawberry.mutation(description="proposed → ignored (audited).")
    async def ignore_recommendation(
        self, info: EdgeInfo, input: IgnoreRecommendationInput
    ) -> RecommendationResult:
        async def call() -> Recommendation:
            request = engine_pb2.IgnoreRecommendationRequest(
                portfolio_id=str(input.portfolio_id),
                recommendation_id=str(input.recommendation_id),
                note=input.note,
            )
            response = await info.context.engine.IgnoreRecommendation(request)
            return Recommendation.from_pb(response.recommendation)

        return await expected(call)
