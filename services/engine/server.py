"""The EngineService servicer: convert, call a handler, convert back."""

from __future__ import annotations

from typing import Any

from tradingassistant.engine.v1 import engine_pb2 as pb
from tradingassistant.engine.v1 import engine_pb2_grpc

from services.engine import convert as cv
from services.engine.convert_performance import performance_to_pb
from services.engine.handlers import EngineDeps, policies, recommendations, run_reads, runs
from services.engine.handlers.performance import get_performance
from services.engine.handlers.schedules import run_due_schedules

# The servicer context; handlers never touch it (errors map in the interceptor).
Context = Any


class EngineServiceServicer(engine_pb2_grpc.EngineServiceServicer):
    """Deterministic, explainable rebalancing recommendations."""

    def __init__(self, deps: EngineDeps) -> None:
        self._deps = deps

    async def GetPolicySchema(self, request: pb.GetPolicySchemaRequest, context: Context) -> Any:
        return pb.GetPolicySchemaResponse(schema_json=policies.schema_json())

    async def CreatePolicyVersion(
        self, request: pb.CreatePolicyVersionRequest, context: Context
    ) -> Any:
        view, created = await policies.create_policy_version(
            self._deps,
            request.portfolio_id,
            request.document,
            cv.FORMAT_IN.get(request.format, "yaml"),
            request.validate_only,
        )
        return pb.CreatePolicyVersionResponse(
            policy_version=cv.policy_version_to_pb(view), created=created
        )

    async def ListPolicyVersions(
        self, request: pb.ListPolicyVersionsRequest, context: Context
    ) -> Any:
        views, approvals = await policies.list_policy_versions(self._deps, request.portfolio_id)
        return pb.ListPolicyVersionsResponse(
            policy_versions=[cv.policy_version_to_pb(v) for v in views],
            approvals=[cv.approval_to_pb(a) for a in approvals],
        )

    async def GetPolicyVersion(self, request: pb.GetPolicyVersionRequest, context: Context) -> Any:
        view = await policies.get_policy_version(
            self._deps, request.portfolio_id, request.policy_version_id
        )
        return pb.GetPolicyVersionResponse(policy_version=cv.policy_version_to_pb(view))

    async def DiffPolicyVersions(
        self, request: pb.DiffPolicyVersionsRequest, context: Context
    ) -> Any:
        before, after, changes = await policies.diff_policy_versions(
            self._deps,
            request.portfolio_id,
            request.from_policy_version_id,
            request.to_policy_version_id,
        )
        return pb.DiffPolicyVersionsResponse(
            from_policy_hash=before,
            to_policy_hash=after,
            changes=[cv.change_to_pb(c) for c in changes],
        )

    async def ApprovePolicyVersion(
        self, request: pb.ApprovePolicyVersionRequest, context: Context
    ) -> Any:
        view, approval, created = await policies.approve_policy_version(
            self._deps, request.portfolio_id, request.policy_version_id, request.policy_hash
        )
        return pb.ApprovePolicyVersionResponse(
            policy_version=cv.policy_version_to_pb(view),
            approval=cv.approval_to_pb(approval),
            created=created,
        )

    async def StartRun(self, request: pb.StartRunRequest, context: Context) -> Any:
        result = await runs.start_run(self._deps, request.portfolio_id, request.request_id)
        return pb.StartRunResponse(run=cv.run_to_pb(result.run), created=result.created)

    async def RunDueSchedules(self, request: pb.RunDueSchedulesRequest, context: Context) -> Any:
        results = await run_due_schedules(self._deps)
        return pb.RunDueSchedulesResponse(results=[cv.schedule_to_pb(r) for r in results])

    async def GetRun(self, request: pb.GetRunRequest, context: Context) -> Any:
        found = await runs.get_run(self._deps, request.portfolio_id, request.run_id)
        return pb.GetRunResponse(run=cv.run_to_pb(found))

    async def ListRuns(self, request: pb.ListRunsRequest, context: Context) -> Any:
        page = await run_reads.list_runs(
            self._deps, request.portfolio_id, request.page.page_size, request.page.page_token
        )
        return pb.ListRunsResponse(
            runs=[cv.run_to_pb(r) for r in page.runs],
            page_info={"next_page_token": page.next_page_token},
        )

    async def GetRunInput(self, request: pb.GetRunInputRequest, context: Context) -> Any:
        digest, text = await runs.get_run_input(self._deps, request.portfolio_id, request.run_id)
        return pb.GetRunInputResponse(snapshot_hash=digest, canonical_json=text)

    async def ReplayRun(self, request: pb.ReplayRunRequest, context: Context) -> Any:
        result = await run_reads.replay_run(self._deps, request.portfolio_id, request.run_id)
        return cv.replay_to_pb(result)

    async def GetRecommendation(
        self, request: pb.GetRecommendationRequest, context: Context
    ) -> Any:
        view = await recommendations.get_recommendation(
            self._deps, request.portfolio_id, request.recommendation_id
        )
        return pb.GetRecommendationResponse(recommendation=cv.recommendation_to_pb(view))

    async def ApproveRecommendation(
        self, request: pb.ApproveRecommendationRequest, context: Context
    ) -> Any:
        view = await recommendations.approve_recommendation(
            self._deps,
            request.portfolio_id,
            request.recommendation_id,
            request.recommendation_hash,
            request.note,
        )
        return pb.ApproveRecommendationResponse(recommendation=cv.recommendation_to_pb(view))

    async def IgnoreRecommendation(
        self, request: pb.IgnoreRecommendationRequest, context: Context
    ) -> Any:
        view = await recommendations.ignore_recommendation(
            self._deps, request.portfolio_id, request.recommendation_id, request.note
        )
        return pb.IgnoreRecommendationResponse(recommendation=cv.recommendation_to_pb(view))

    async def MarkRecommendationExecuted(
        self, request: pb.MarkRecommendationExecutedRequest, context: Context
    ) -> Any:
        view = await recommendations.mark_executed(
            self._deps, request.portfolio_id, request.recommendation_id, list(request.line_ids)
        )
        return pb.MarkRecommendationExecutedResponse(recommendation=cv.recommendation_to_pb(view))

    async def GetPerformance(self, request: pb.GetPerformanceRequest, context: Context) -> Any:
        report = await get_performance(self._deps, request.portfolio_id, request.as_of)
        return performance_to_pb(report)
