"""Policy versions: validate a document, store it, list, diff and approve (the engine audits)."""

from __future__ import annotations

import enum
from datetime import datetime
from typing import Annotated, Any

import strawberry
from tradingassistant.engine.v1 import engine_pb2

from edge.api.convert import EdgeInfo, time_or_none
from edge.api.engine_recommendations import enum_name
from edge.api.errors import ExpectedError, expected


@strawberry.enum(description="Draft: never approved; approved: runs use it; superseded: was.")
class PolicyVersionStatus(enum.Enum):
    DRAFT = "DRAFT"
    APPROVED = "APPROVED"
    SUPERSEDED = "SUPERSEDED"


@strawberry.enum(description="How a policy document is written (JSON is YAML too).")
class PolicyFormat(enum.Enum):
    YAML = "YAML"
    JSON = "JSON"


@strawberry.enum
class PolicyChangeKind(enum.Enum):
    ADDED = "ADDED"
    REMOVED = "REMOVED"
    CHANGED = "CHANGED"


def format_to_pb(value: PolicyFormat | None) -> Any:
    if value is None:
        return engine_pb2.POLICY_FORMAT_UNSPECIFIED
    return engine_pb2.PolicyFormat.Value(f"POLICY_FORMAT_{value.value}")


@strawberry.type(description="One immutable policy version, identified by its SHA-256.")
class PolicyVersion:
    id: strawberry.ID
    portfolio_id: strawberry.ID
    version: int = strawberry.field(description="1, 2, 3… per portfolio.")
    policy_hash: str = strawberry.field(description="SHA-256 of canonicalJson.")
    name: str
    canonical_json: str = strawberry.field(
        description="Defaults filled, lists sorted, compact sorted-key JSON."
    )
    source_text: str = strawberry.field(description="The document as written.")
    source_format: PolicyFormat | None
    created_at: datetime | None
    created_by: str
    status: PolicyVersionStatus | None
    approved_at: datetime | None = strawberry.field(description="Its newest approval, if any.")
    approved_by: str

    @classmethod
    def from_pb(cls, value: engine_pb2.PolicyVersion) -> PolicyVersion:
        status = enum_name(engine_pb2.PolicyVersionStatus, value.status, "POLICY_VERSION_STATUS_")
        fmt = enum_name(engine_pb2.PolicyFormat, value.source_format, "POLICY_FORMAT_")
        return cls(
            id=strawberry.ID(value.policy_version_id),
            portfolio_id=strawberry.ID(value.portfolio_id),
            version=value.version,
            policy_hash=value.policy_hash,
            name=value.name,
            canonical_json=value.canonical_json,
            source_text=value.source_text,
            source_format=PolicyFormat.__members__.get(fmt),
            created_at=time_or_none(value.created_at),
            created_by=value.created_by,
            status=PolicyVersionStatus.__members__.get(status),
            approved_at=time_or_none(value.approved_at),
            approved_by=value.approved_by,
        )


@strawberry.type(description="One approval; the highest sequence is in force.")
class PolicyApproval:
    id: strawberry.ID
    sequence: int
    policy_version_id: strawberry.ID
    policy_hash: str
    approved_at: datetime | None
    approved_by: str

    @classmethod
    def from_pb(cls, value: engine_pb2.PolicyApproval) -> PolicyApproval:
        return cls(
            id=strawberry.ID(value.approval_id),
            sequence=value.sequence,
            policy_version_id=strawberry.ID(value.policy_version_id),
            policy_hash=value.policy_hash,
            approved_at=time_or_none(value.approved_at),
            approved_by=value.approved_by,
        )


@strawberry.type
class PolicyVersionList:
    items: list[PolicyVersion] = strawberry.field(description="Newest first.")
    approvals: list[PolicyApproval] = strawberry.field(description="Newest first.")


@strawberry.type(description="A valid document's canonical form and hash; nothing was stored.")
class PolicyCheck:
    name: str
    policy_hash: str
    canonical_json: str


@strawberry.type(description="One changed field, e.g. sleeves[equities].target_weight_pct.")
class PolicyChange:
    path: str
    kind: PolicyChangeKind | None
    before_json: str | None = strawberry.field(description="Canonical JSON; null when absent.")
    after_json: str | None


@strawberry.type
class PolicyDiff:
    from_policy_hash: str
    to_policy_hash: str
    changes: list[PolicyChange]


@strawberry.type
class PolicyVersionCreated:
    policy_version: PolicyVersion
    created: bool = strawberry.field(description="False: an equal version existed already.")


@strawberry.type
class PolicyVersionApproved:
    policy_version: PolicyVersion
    approval: PolicyApproval
    created: bool = strawberry.field(description="False: it was the approved version already.")


@strawberry.input
class CreatePolicyVersionInput:
    portfolio_id: strawberry.ID
    document: str = strawberry.field(description="YAML or JSON, see docs/policy.md.")
    format: PolicyFormat | None = None


@strawberry.input
class ApprovePolicyVersionInput:
    portfolio_id: strawberry.ID
    policy_version_id: strawberry.ID
    policy_hash: str = strawberry.field(description="The hash you reviewed; a mismatch is refused.")


PolicyVersionResult = Annotated[
    PolicyVersion | ExpectedError, strawberry.union("PolicyVersionResult")
]
PolicyVersionListResult = Annotated[
    PolicyVersionList | ExpectedError, strawberry.union("PolicyVersionListResult")
]
PolicyCheckResult = Annotated[PolicyCheck | ExpectedError, strawberry.union("PolicyCheckResult")]
PolicyDiffResult = Annotated[PolicyDiff | ExpectedError, strawberry.union("PolicyDiffResult")]
PolicyVersionCreatedResult = Annotated[
    PolicyVersionCreated | ExpectedError, strawberry.union("PolicyVersionCreatedResult")
]
PolicyVersionApprovedResult = Annotated[
    PolicyVersionApproved | ExpectedError, strawberry.union("PolicyVersionApprovedResult")
]


def _change(value: engine_pb2.PolicyChange) -> PolicyChange:
    kind = enum_name(engine_pb2.ChangeKind, value.kind, "CHANGE_KIND_")
    return PolicyChange(
        path=value.path,
        kind=PolicyChangeKind.__members__.get(kind),
        before_json=value.before_json or None,
        after_json=value.after_json or None,
    )


@strawberry.type
class PolicyQuery:
    @strawberry.field(description="The JSON Schema policy documents are validated against.")
    async def policy_schema(self, info: EdgeInfo) -> str:
        response = await info.context.engine.GetPolicySchema(engine_pb2.GetPolicySchemaRequest())
        return str(response.schema_json)

    @strawberry.field(description="Validate a document without storing it; problems name paths.")
    async def validate_policy(
        self,
        info: EdgeInfo,
        portfolio_id: strawberry.ID,
        document: str,
        format: PolicyFormat | None = None,
    ) -> PolicyCheckResult:
        async def call() -> PolicyCheck:
            request = engine_pb2.CreatePolicyVersionRequest(
                portfolio_id=str(portfolio_id),
                document=document,
                format=format_to_pb(format),
                validate_only=True,
            )
            found = (await info.context.engine.CreatePolicyVersion(request)).policy_version
            return PolicyCheck(
                name=found.name, policy_hash=found.policy_hash, canonical_json=found.canonical_json
            )

        return await expected(call)

    @strawberry.field(description="A portfolio's policy versions and approvals, newest first.")
    async def policy_versions(
        self, info: EdgeInfo, portfolio_id: strawberry.ID
    ) -> PolicyVersionListResult:
        async def call() -> PolicyVersionList:
            request = engine_pb2.ListPolicyVersionsRequest(portfolio_id=str(portfolio_id))
            response = await info.context.engine.ListPolicyVersions(request)
            return PolicyVersionList(
                items=[PolicyVersion.from_pb(v) for v in response.policy_versions],
                approvals=[PolicyApproval.from_pb(a) for a in response.approvals],
            )

        return await expected(call)

    @strawberry.field(description="One version; without an id, the approved one.")
    async def policy_version(
        self, info: EdgeInfo, portfolio_id: strawberry.ID, id: strawberry.ID | None = None
    ) -> PolicyVersionResult:
        async def call() -> PolicyVersion:
            request = engine_pb2.GetPolicyVersionRequest(
                portfolio_id=str(portfolio_id), policy_version_id=str(id or "")
            )
            response = await info.context.engine.GetPolicyVersion(request)
            return PolicyVersion.from_pb(response.policy_version)

        return await expected(call)

    @strawberry.field(description="Field-by-field changes between two versions.")
    async def policy_diff(
        self,
        info: EdgeInfo,
        portfolio_id: strawberry.ID,
        from_id: strawberry.ID,
        to_id: strawberry.ID,
    ) -> PolicyDiffResult:
        async def call() -> PolicyDiff:
            request = engine_pb2.DiffPolicyVersionsRequest(
                portfolio_id=str(portfolio_id),
                from_policy_version_id=str(from_id),
                to_policy_version_id=str(to_id),
            )
            response = await info.context.engine.DiffPolicyVersions(request)
            return PolicyDiff(
                from_policy_hash=response.from_policy_hash,
                to_policy_hash=response.to_policy_hash,
                changes=[_change(c) for c in response.changes],
            )

        return await expected(call)


@strawberry.type
class PolicyMutation:
    @strawberry.mutation(description="Store a valid document as the next immutable version.")
    async def create_policy_version(
        self, info: EdgeInfo, input: CreatePolicyVersionInput
    ) -> PolicyVersionCreatedResult:
        async def call() -> PolicyVersionCreated:
            request = engine_pb2.CreatePolicyVersionRequest(
                portfolio_id=str(input.portfolio_id),
                document=input.document,
                format=format_to_pb(input.format),
            )
            response = await info.context.engine.CreatePolicyVersion(request)
            return PolicyVersionCreated(
                policy_version=PolicyVersion.from_pb(response.policy_version),
                created=response.created,
            )

        return await expected(call)

    @strawberry.mutation(description="Make a version the one runs use (audited).")
    async def approve_policy_version(
        self, info: EdgeInfo, input: ApprovePolicyVersionInput
    ) -> PolicyVersionApprovedResult:
        async def call() -> PolicyVersionApproved:
            request = engine_pb2.ApprovePolicyVersionRequest(
                portfolio_id=str(input.portfolio_id),
                policy_version_id=str(input.policy_version_id),
                policy_hash=input.policy_hash,
            )
            response = await info.context.engine.ApprovePolicyVersion(request)
            return PolicyVersionApproved(
                policy_version=PolicyVersion.from_pb(response.policy_version),
                approval=PolicyApproval.from_pb(response.approval),
                created=response.created,
            )

        return await expected(call)
