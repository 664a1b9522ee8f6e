import datetime

from google.protobuf import timestamp_pb2 as _timestamp_pb2
from tradingassistant.common.v1 import types_pb2 as _types_pb2
from google.protobuf.internal import containers as _containers
from google.protobuf.internal import enum_type_wrapper as _enum_type_wrapper
from google.protobuf import descriptor as _descriptor
from google.protobuf import message as _message
from collections.abc import Iterable as _Iterable, Mapping as _Mapping
from typing import ClassVar as _ClassVar, Optional as _Optional, Union as _Union

DESCRIPTOR: _descriptor.FileDescriptor

class PolicyFormat(int, metaclass=_enum_type_wrapper.EnumTypeWrapper):
    __slots__ = ()
    POLICY_FORMAT_UNSPECIFIED: _ClassVar[PolicyFormat]
    POLICY_FORMAT_YAML: _ClassVar[PolicyFormat]
    POLICY_FORMAT_JSON: _ClassVar[PolicyFormat]

class PolicyVersionStatus(int, metaclass=_enum_type_wrapper.EnumTypeWrapper):
    __slots__ = ()
    POLICY_VERSION_STATUS_UNSPECIFIED: _ClassVar[PolicyVersionStatus]
    POLICY_VERSION_STATUS_DRAFT: _ClassVar[PolicyVersionStatus]
    POLICY_VERSION_STATUS_APPROVED: _ClassVar[PolicyVersionStatus]
    POLICY_VERSION_STATUS_SUPERSEDED: _ClassVar[PolicyVersionStatus]

class ChangeKind(int, metaclass=_enum_type_wrapper.EnumTypeWrapper):
    __slots__ = ()
    CHANGE_KIND_UNSPECIFIED: _ClassVar[ChangeKind]
    CHANGE_KIND_ADDED: _ClassVar[ChangeKind]
    CHANGE_KIND_REMOVED: _ClassVar[ChangeKind]
    CHANGE_KIND_CHANGED: _ClassVar[ChangeKind]

class RunStatus(int, metaclass=_enum_type_wrapper.EnumTypeWrapper):
    __slots__ = ()
    RUN_STATUS_UNSPECIFIED: _ClassVar[RunStatus]
    RUN_STATUS_ADVICE: _ClassVar[RunStatus]
    RUN_STATUS_BLOCKED: _ClassVar[RunStatus]

class RunTrigger(int, metaclass=_enum_type_wrapper.EnumTypeWrapper):
    __slots__ = ()
    RUN_TRIGGER_UNSPECIFIED: _ClassVar[RunTrigger]
    RUN_TRIGGER_ON_DEMAND: _ClassVar[RunTrigger]
    RUN_TRIGGER_SCHEDULED: _ClassVar[RunTrigger]

class RecommendationStatus(int, metaclass=_enum_type_wrapper.EnumTypeWrapper):
    __slots__ = ()
    RECOMMENDATION_STATUS_UNSPECIFIED: _ClassVar[RecommendationStatus]
    RECOMMENDATION_STATUS_PROPOSED: _ClassVar[RecommendationStatus]
    RECOMMENDATION_STATUS_APPROVED: _ClassVar[RecommendationStatus]
    RECOMMENDATION_STATUS_IGNORED: _ClassVar[RecommendationStatus]
    RECOMMENDATION_STATUS_EXECUTED: _ClassVar[RecommendationStatus]
    RECOMMENDATION_STATUS_BLOCKED: _ClassVar[RecommendationStatus]

class ScheduleOutcome(int, metaclass=_enum_type_wrapper.EnumTypeWrapper):
    __slots__ = ()
    SCHEDULE_OUTCOME_UNSPECIFIED: _ClassVar[ScheduleOutcome]
    SCHEDULE_OUTCOME_STARTED: _ClassVar[ScheduleOutcome]
    SCHEDULE_OUTCOME_ALREADY_RAN: _ClassVar[ScheduleOutcome]
    SCHEDULE_OUTCOME_NOT_DUE: _ClassVar[ScheduleOutcome]
    SCHEDULE_OUTCOME_NO_APPROVED_POLICY: _ClassVar[ScheduleOutcome]
    SCHEDULE_OUTCOME_FAILED: _ClassVar[ScheduleOutcome]

class OrderSide(int, metaclass=_enum_type_wrapper.EnumTypeWrapper):
    __slots__ = ()
    ORDER_SIDE_UNSPECIFIED: _ClassVar[OrderSide]
    ORDER_SIDE_BUY: _ClassVar[OrderSide]
    ORDER_SIDE_SELL: _ClassVar[OrderSide]

class PerformancePeriod(int, metaclass=_enum_type_wrapper.EnumTypeWrapper):
    __slots__ = ()
    PERFORMANCE_PERIOD_UNSPECIFIED: _ClassVar[PerformancePeriod]
    PERFORMANCE_PERIOD_ONE_MONTH: _ClassVar[PerformancePeriod]
    PERFORMANCE_PERIOD_THREE_MONTHS: _ClassVar[PerformancePeriod]
    PERFORMANCE_PERIOD_YEAR_TO_DATE: _ClassVar[PerformancePeriod]
    PERFORMANCE_PERIOD_ONE_YEAR: _ClassVar[PerformancePeriod]
    PERFORMANCE_PERIOD_SINCE_START: _ClassVar[PerformancePeriod]
POLICY_FORMAT_UNSPECIFIED: PolicyFormat
POLICY_FORMAT_YAML: PolicyFormat
POLICY_FORMAT_JSON: PolicyFormat
POLICY_VERSION_STATUS_UNSPECIFIED: PolicyVersionStatus
POLICY_VERSION_STATUS_DRAFT: PolicyVersionStatus
POLICY_VERSION_STATUS_APPROVED: PolicyVersionStatus
POLICY_VERSION_STATUS_SUPERSEDED: PolicyVersionStatus
CHANGE_KIND_UNSPECIFIED: ChangeKind
CHANGE_KIND_ADDED: ChangeKind
CHANGE_KIND_REMOVED: ChangeKind
CHANGE_KIND_CHANGED: ChangeKind
RUN_STATUS_UNSPECIFIED: RunStatus
RUN_STATUS_ADVICE: RunStatus
RUN_STATUS_BLOCKED: RunStatus
RUN_TRIGGER_UNSPECIFIED: RunTrigger
RUN_TRIGGER_ON_DEMAND: RunTrigger
RUN_TRIGGER_SCHEDULED: RunTrigger
RECOMMENDATION_STATUS_UNSPECIFIED: RecommendationStatus
RECOMMENDATION_STATUS_PROPOSED: RecommendationStatus
RECOMMENDATION_STATUS_APPROVED: RecommendationStatus
RECOMMENDATION_STATUS_IGNORED: RecommendationStatus
RECOMMENDATION_STATUS_EXECUTED: RecommendationStatus
RECOMMENDATION_STATUS_BLOCKED: RecommendationStatus
SCHEDULE_OUTCOME_UNSPECIFIED: ScheduleOutcome
SCHEDULE_OUTCOME_STARTED: ScheduleOutcome
SCHEDULE_OUTCOME_ALREADY_RAN: ScheduleOutcome
SCHEDULE_OUTCOME_NOT_DUE: ScheduleOutcome
SCHEDULE_OUTCOME_NO_APPROVED_POLICY: ScheduleOutcome
SCHEDULE_OUTCOME_FAILED: ScheduleOutcome
ORDER_SIDE_UNSPECIFIED: OrderSide
ORDER_SIDE_BUY: OrderSide
ORDER_SIDE_SELL: OrderSide
PERFORMANCE_PERIOD_UNSPECIFIED: PerformancePeriod
PERFORMANCE_PERIOD_ONE_MONTH: PerformancePeriod
PERFORMANCE_PERIOD_THREE_MONTHS: PerformancePeriod
PERFORMANCE_PERIOD_YEAR_TO_DATE: PerformancePeriod
PERFORMANCE_PERIOD_ONE_YEAR: PerformancePeriod
PERFORMANCE_PERIOD_SINCE_START: PerformancePeriod

class PolicyVersion(_message.Message):
    __slots__ = ("policy_version_id", "portfolio_id", "version", "policy_hash", "name", "canonical_json", "source_text", "source_format", "created_at", "created_by", "status", "approved_at", "approved_by")
    POLICY_VERSION_ID_FIELD_NUMBER: _ClassVar[int]
    PORTFOLIO_ID_FIELD_NUMBER: _ClassVar[int]
    VERSION_FIELD_NUMBER: _ClassVar[int]
    POLICY_HASH_FIELD_NUMBER: _ClassVar[int]
    NAME_FIELD_NUMBER: _ClassVar[int]
    CANONICAL_JSON_FIELD_NUMBER: _ClassVar[int]
    SOURCE_TEXT_FIELD_NUMBER: _ClassVar[int]
    SOURCE_FORMAT_FIELD_NUMBER: _ClassVar[int]
    CREATED_AT_FIELD_NUMBER: _ClassVar[int]
    CREATED_BY_FIELD_NUMBER: _ClassVar[int]
    STATUS_FIELD_NUMBER: _ClassVar[int]
    APPROVED_AT_FIELD_NUMBER: _ClassVar[int]
    APPROVED_BY_FIELD_NUMBER: _ClassVar[int]
    policy_version_id: str
    portfolio_id: str
    version: int
    policy_hash: str
    name: str
    canonical_json: str
    source_text: str
    source_format: PolicyFormat
    created_at: _timestamp_pb2.Timestamp
    created_by: str
    status: PolicyVersionStatus
    approved_at: _timestamp_pb2.Timestamp
    approved_by: str
    def __init__(self, policy_version_id: _Optional[str] = ..., portfolio_id: _Optional[str] = ..., version: _Optional[int] = ..., policy_hash: _Optional[str] = ..., name: _Optional[str] = ..., canonical_json: _Optional[str] = ..., source_text: _Optional[str] = ..., source_format: _Optional[_Union[PolicyFormat, str]] = ..., created_at: _Optional[_Union[datetime.datetime, _timestamp_pb2.Timestamp, _Mapping]] = ..., created_by: _Optional[str] = ..., status: _Optional[_Union[PolicyVersionStatus, str]] = ..., approved_at: _Optional[_Union[datetime.datetime, _timestamp_pb2.Timestamp, _Mapping]] = ..., approved_by: _Optional[str] = ...) -> None: ...

class PolicyApproval(_message.Message):
    __slots__ = ("approval_id", "portfolio_id", "sequence", "policy_version_id", "policy_hash", "approved_at", "approved_by")
    APPROVAL_ID_FIELD_NUMBER: _ClassVar[int]
    PORTFOLIO_ID_FIELD_NUMBER: _ClassVar[int]
    SEQUENCE_FIELD_NUMBER: _ClassVar[int]
    POLICY_VERSION_ID_FIELD_NUMBER: _ClassVar[int]
    POLICY_HASH_FIELD_NUMBER: _ClassVar[int]
    APPROVED_AT_FIELD_NUMBER: _ClassVar[int]
    APPROVED_BY_FIELD_NUMBER: _ClassVar[int]
    approval_id: str
    portfolio_id: str
    sequence: int
    policy_version_id: str
    policy_hash: str
    approved_at: _timestamp_pb2.Timestamp
    approved_by: str
    def __init__(self, approval_id: _Optional[str] = ..., portfolio_id: _Optional[str] = ..., sequence: _Optional[int] = ..., policy_version_id: _Optional[str] = ..., policy_hash: _Optional[str] = ..., approved_at: _Optional[_Union[datetime.datetime, _timestamp_pb2.Timestamp, _Mapping]] = ..., approved_by: _Optional[str] = ...) -> None: ...

class GetPolicySchemaRequest(_message.Message):
    __slots__ = ()
    def __init__(self) -> None: ...

class GetPolicySchemaResponse(_message.Message):
    __slots__ = ("schema_json",)
    SCHEMA_JSON_FIELD_NUMBER: _ClassVar[int]
    schema_json: str
    def __init__(self, schema_json: _Optional[str] = ...) -> None: ...

class CreatePolicyVersionRequest(_message.Message):
    __slots__ = ("portfolio_id", "document", "format", "validate_only")
    PORTFOLIO_ID_FIELD_NUMBER: _ClassVar[int]
    DOCUMENT_FIELD_NUMBER: _ClassVar[int]
    FORMAT_FIELD_NUMBER: _ClassVar[int]
    VALIDATE_ONLY_FIELD_NUMBER: _ClassVar[int]
    portfolio_id: str
    document: str
    format: PolicyFormat
    validate_only: bool
    def __init__(self, portfolio_id: _Optional[str] = ..., document: _Optional[str] = ..., format: _Optional[_Union[PolicyFormat, str]] = ..., validate_only: _Optional[bool] = ...) -> None: ...

class CreatePolicyVersionResponse(_message.Message):
    __slots__ = ("policy_version", "created")
    POLICY_VERSION_FIELD_NUMBER: _ClassVar[int]
    CREATED_FIELD_NUMBER: _ClassVar[int]
    policy_version: PolicyVersion
    created: bool
    def __init__(self, policy_version: _Optional[_Union[PolicyVersion, _Mapping]] = ..., created: _Optional[bool] = ...) -> None: ...

class ListPolicyVersionsRequest(_message.Message):
    __slots__ = ("portfolio_id",)
    PORTFOLIO_ID_FIELD_NUMBER: _ClassVar[int]
    portfolio_id: str
    def __init__(self, portfolio_id: _Optional[str] = ...) -> None: ...

class ListPolicyVersionsResponse(_message.Message):
    __slots__ = ("policy_versions", "approvals")
    POLICY_VERSIONS_FIELD_NUMBER: _ClassVar[int]
    APPROVALS_FIELD_NUMBER: _ClassVar[int]
    policy_versions: _containers.RepeatedCompositeFieldContainer[PolicyVersion]
    approvals: _containers.RepeatedCompositeFieldContainer[PolicyApproval]
    def __init__(self, policy_versions: _Optional[_Iterable[_Union[PolicyVersion, _Mapping]]] = ..., approvals: _Optional[_Iterable[_Union[PolicyApproval, _Mapping]]] = ...) -> None: ...

class GetPolicyVersionRequest(_message.Message):
    __slots__ = ("portfolio_id", "policy_version_id")
    PORTFOLIO_ID_FIELD_NUMBER: _ClassVar[int]
    POLICY_VERSION_ID_FIELD_NUMBER: _ClassVar[int]
    portfolio_id: str
    policy_version_id: str
    def __init__(self, portfolio_id: _Optional[str] = ..., policy_version_id: _Optional[str] = ...) -> None: ...

class GetPolicyVersionResponse(_message.Message):
    __slots__ = ("policy_version",)
    POLICY_VERSION_FIELD_NUMBER: _ClassVar[int]
    policy_version: PolicyVersion
    def __init__(self, policy_version: _Optional[_Union[PolicyVersion, _Mapping]] = ...) -> None: ...

class DiffPolicyVersionsRequest(_message.Message):
    __slots__ = ("portfolio_id", "from_policy_version_id", "to_policy_version_id")
    PORTFOLIO_ID_FIELD_NUMBER: _ClassVar[int]
    FROM_POLICY_VERSION_ID_FIELD_NUMBER: _ClassVar[int]
    TO_POLICY_VERSION_ID_FIELD_NUMBER: _ClassVar[int]
    portfolio_id: str
    from_policy_version_id: str
    to_policy_version_id: str
    def __init__(self, portfolio_id: _Optional[str] = ..., from_policy_version_id: _Optional[str] = ..., to_policy_version_id: _Optional[str] = ...) -> None: ...

class PolicyChange(_message.Message):
    __slots__ = ("path", "kind", "before_json", "after_json")
    PATH_FIELD_NUMBER: _ClassVar[int]
    KIND_FIELD_NUMBER: _ClassVar[int]
    BEFORE_JSON_FIELD_NUMBER: _ClassVar[int]
    AFTER_JSON_FIELD_NUMBER: _ClassVar[int]
    path: str
    kind: ChangeKind
    before_json: str
    after_json: str
    def __init__(self, path: _Optional[str] = ..., kind: _Optional[_Union[ChangeKind, str]] = ..., before_json: _Optional[str] = ..., after_json: _Optional[str] = ...) -> None: ...

class DiffPolicyVersionsResponse(_message.Message):
    __slots__ = ("from_policy_hash", "to_policy_hash", "changes")
    FROM_POLICY_HASH_FIELD_NUMBER: _ClassVar[int]
    TO_POLICY_HASH_FIELD_NUMBER: _ClassVar[int]
    CHANGES_FIELD_NUMBER: _ClassVar[int]
    from_policy_hash: str
    to_policy_hash: str
    changes: _containers.RepeatedCompositeFieldContainer[PolicyChange]
    def __init__(self, from_policy_hash: _Optional[str] = ..., to_policy_hash: _Optional[str] = ..., changes: _Optional[_Iterable[_Union[PolicyChange, _Mapping]]] = ...) -> None: ...

class ApprovePolicyVersionRequest(_message.Message):
    __slots__ = ("portfolio_id", "policy_version_id", "policy_hash")
    PORTFOLIO_ID_FIELD_NUMBER: _ClassVar[int]
    POLICY_VERSION_ID_FIELD_NUMBER: _ClassVar[int]
    POLICY_HASH_FIELD_NUMBER: _ClassVar[int]
    portfolio_id: str
    policy_version_id: str
    policy_hash: str
    def __init__(self, portfolio_id: _Optional[str] = ..., policy_version_id: _Optional[str] = ..., policy_hash: _Optional[str] = ...) -> None: ...

class ApprovePolicyVersionResponse(_message.Message):
    __slots__ = ("policy_version", "approval", "created")
    POLICY_VERSION_FIELD_NUMBER: _ClassVar[int]
    APPROVAL_FIELD_NUMBER: _ClassVar[int]
    CREATED_FIELD_NUMBER: _ClassVar[int]
    policy_version: PolicyVersion
    approval: PolicyApproval
    created: bool
    def __init__(self, policy_version: _Optional[_Union[PolicyVersion, _Mapping]] = ..., approval: _Optional[_Union[PolicyApproval, _Mapping]] = ..., created: _Optional[bool] = ...) -> None: ...

class BlockReason(_message.Message):
    __slots__ = ("code", "subject", "detail")
    CODE_FIELD_NUMBER: _ClassVar[int]
    SUBJECT_FIELD_NUMBER: _ClassVar[int]
    DETAIL_FIELD_NUMBER: _ClassVar[int]
    code: str
    subject: str
    detail: str
    def __init__(self, code: _Optional[str] = ..., subject: _Optional[str] = ..., detail: _Optional[str] = ...) -> None: ...

class Run(_message.Message):
    __slots__ = ("run_id", "portfolio_id", "status", "snapshot_hash", "policy_hash", "policy_version_id", "trigger", "request_id", "cadence_period", "as_of", "created_at", "actor_user_id", "recommendation_hash", "recommendation_status", "blocked_reasons", "line_count")
    RUN_ID_FIELD_NUMBER: _ClassVar[int]
    PORTFOLIO_ID_FIELD_NUMBER: _ClassVar[int]
    STATUS_FIELD_NUMBER: _ClassVar[int]
    SNAPSHOT_HASH_FIELD_NUMBER: _ClassVar[int]
    POLICY_HASH_FIELD_NUMBER: _ClassVar[int]
    POLICY_VERSION_ID_FIELD_NUMBER: _ClassVar[int]
    TRIGGER_FIELD_NUMBER: _ClassVar[int]
    REQUEST_ID_FIELD_NUMBER: _ClassVar[int]
    CADENCE_PERIOD_FIELD_NUMBER: _ClassVar[int]
    AS_OF_FIELD_NUMBER: _ClassVar[int]
    CREATED_AT_FIELD_NUMBER: _ClassVar[int]
    ACTOR_USER_ID_FIELD_NUMBER: _ClassVar[int]
    RECOMMENDATION_HASH_FIELD_NUMBER: _ClassVar[int]
    RECOMMENDATION_STATUS_FIELD_NUMBER: _ClassVar[int]
    BLOCKED_REASONS_FIELD_NUMBER: _ClassVar[int]
    LINE_COUNT_FIELD_NUMBER: _ClassVar[int]
    run_id: str
    portfolio_id: str
    status: RunStatus
    snapshot_hash: str
    policy_hash: str
    policy_version_id: str
    trigger: RunTrigger
    request_id: str
    cadence_period: str
    as_of: _timestamp_pb2.Timestamp
    created_at: _timestamp_pb2.Timestamp
    actor_user_id: str
    recommendation_hash: str
    recommendation_status: RecommendationStatus
    blocked_reasons: _containers.RepeatedCompositeFieldContainer[BlockReason]
    line_count: int
    def __init__(self, run_id: _Optional[str] = ..., portfolio_id: _Optional[str] = ..., status: _Optional[_Union[RunStatus, str]] = ..., snapshot_hash: _Optional[str] = ..., policy_hash: _Optional[str] = ..., policy_version_id: _Optional[str] = ..., trigger: _Optional[_Union[RunTrigger, str]] = ..., request_id: _Optional[str] = ..., cadence_period: _Optional[str] = ..., as_of: _Optional[_Union[datetime.datetime, _timestamp_pb2.Timestamp, _Mapping]] = ..., created_at: _Optional[_Union[datetime.datetime, _timestamp_pb2.Timestamp, _Mapping]] = ..., actor_user_id: _Optional[str] = ..., recommendation_hash: _Optional[str] = ..., recommendation_status: _Optional[_Union[RecommendationStatus, str]] = ..., blocked_reasons: _Optional[_Iterable[_Union[BlockReason, _Mapping]]] = ..., line_count: _Optional[int] = ...) -> None: ...

class StartRunRequest(_message.Message):
    __slots__ = ("request_id", "portfolio_id")
    REQUEST_ID_FIELD_NUMBER: _ClassVar[int]
    PORTFOLIO_ID_FIELD_NUMBER: _ClassVar[int]
    request_id: str
    portfolio_id: str
    def __init__(self, request_id: _Optional[str] = ..., portfolio_id: _Optional[str] = ...) -> None: ...

class StartRunResponse(_message.Message):
    __slots__ = ("run", "created")
    RUN_FIELD_NUMBER: _ClassVar[int]
    CREATED_FIELD_NUMBER: _ClassVar[int]
    run: Run
    created: bool
    def __init__(self, run: _Optional[_Union[Run, _Mapping]] = ..., created: _Optional[bool] = ...) -> None: ...

class RunDueSchedulesRequest(_message.Message):
    __slots__ = ()
    def __init__(self) -> None: ...

class ScheduledRun(_message.Message):
    __slots__ = ("portfolio_id", "cadence_period", "outcome", "run", "error")
    PORTFOLIO_ID_FIELD_NUMBER: _ClassVar[int]
    CADENCE_PERIOD_FIELD_NUMBER: _ClassVar[int]
    OUTCOME_FIELD_NUMBER: _ClassVar[int]
    RUN_FIELD_NUMBER: _ClassVar[int]
    ERROR_FIELD_NUMBER: _ClassVar[int]
    portfolio_id: str
    cadence_period: str
    outcome: ScheduleOutcome
    run: Run
    error: str
    def __init__(self, portfolio_id: _Optional[str] = ..., cadence_period: _Optional[str] = ..., outcome: _Optional[_Union[ScheduleOutcome, str]] = ..., run: _Optional[_Union[Run, _Mapping]] = ..., error: _Optional[str] = ...) -> None: ...

class RunDueSchedulesResponse(_message.Message):
    __slots__ = ("results",)
    RESULTS_FIELD_NUMBER: _ClassVar[int]
    results: _containers.RepeatedCompositeFieldContainer[ScheduledRun]
    def __init__(self, results: _Optional[_Iterable[_Union[ScheduledRun, _Mapping]]] = ...) -> None: ...

class GetRunRequest(_message.Message):
    __slots__ = ("portfolio_id", "run_id")
    PORTFOLIO_ID_FIELD_NUMBER: _ClassVar[int]
    RUN_ID_FIELD_NUMBER: _ClassVar[int]
    portfolio_id: str
    run_id: str
    def __init__(self, portfolio_id: _Optional[str] = ..., run_id: _Optional[str] = ...) -> None: ...

class GetRunResponse(_message.Message):
    __slots__ = ("run",)
    RUN_FIELD_NUMBER: _ClassVar[int]
    run: Run
    def __init__(self, run: _Optional[_Union[Run, _Mapping]] = ...) -> None: ...

class ListRunsRequest(_message.Message):
    __slots__ = ("portfolio_id", "page")
    PORTFOLIO_ID_FIELD_NUMBER: _ClassVar[int]
    PAGE_FIELD_NUMBER: _ClassVar[int]
    portfolio_id: str
    page: _types_pb2.PageRequest
    def __init__(self, portfolio_id: _Optional[str] = ..., page: _Optional[_Union[_types_pb2.PageRequest, _Mapping]] = ...) -> None: ...

class ListRunsResponse(_message.Message):
    __slots__ = ("runs", "page_info")
    RUNS_FIELD_NUMBER: _ClassVar[int]
    PAGE_INFO_FIELD_NUMBER: _ClassVar[int]
    runs: _containers.RepeatedCompositeFieldContainer[Run]
    page_info: _types_pb2.PageInfo
    def __init__(self, runs: _Optional[_Iterable[_Union[Run, _Mapping]]] = ..., page_info: _Optional[_Union[_types_pb2.PageInfo, _Mapping]] = ...) -> None: ...

class GetRunInputRequest(_message.Message):
    __slots__ = ("portfolio_id", "run_id")
    PORTFOLIO_ID_FIELD_NUMBER: _ClassVar[int]
    RUN_ID_FIELD_NUMBER: _ClassVar[int]
    portfolio_id: str
    run_id: str
    def __init__(self, portfolio_id: _Optional[str] = ..., run_id: _Optional[str] = ...) -> None: ...

class GetRunInputResponse(_message.Message):
    __slots__ = ("snapshot_hash", "canonical_json")
    SNAPSHOT_HASH_FIELD_NUMBER: _ClassVar[int]
    CANONICAL_JSON_FIELD_NUMBER: _ClassVar[int]
    snapshot_hash: str
    canonical_json: str
    def __init__(self, snapshot_hash: _Optional[str] = ..., canonical_json: _Optional[str] = ...) -> None: ...

class ReplayRunRequest(_message.Message):
    __slots__ = ("portfolio_id", "run_id")
    PORTFOLIO_ID_FIELD_NUMBER: _ClassVar[int]
    RUN_ID_FIELD_NUMBER: _ClassVar[int]
    portfolio_id: str
    run_id: str
    def __init__(self, portfolio_id: _Optional[str] = ..., run_id: _Optional[str] = ...) -> None: ...

class ReplayRunResponse(_message.Message):
    __slots__ = ("identical", "stored_recommendation_hash", "replayed_recommendation_hash", "snapshot_hash_verified", "policy_hash_verified", "snapshot_hash", "policy_hash", "first_difference_offset")
    IDENTICAL_FIELD_NUMBER: _ClassVar[int]
    STORED_RECOMMENDATION_HASH_FIELD_NUMBER: _ClassVar[int]
    REPLAYED_RECOMMENDATION_HASH_FIELD_NUMBER: _ClassVar[int]
    SNAPSHOT_HASH_VERIFIED_FIELD_NUMBER: _ClassVar[int]
    POLICY_HASH_VERIFIED_FIELD_NUMBER: _ClassVar[int]
    SNAPSHOT_HASH_FIELD_NUMBER: _ClassVar[int]
    POLICY_HASH_FIELD_NUMBER: _ClassVar[int]
    FIRST_DIFFERENCE_OFFSET_FIELD_NUMBER: _ClassVar[int]
    identical: bool
    stored_recommendation_hash: str
    replayed_recommendation_hash: str
    snapshot_hash_verified: bool
    policy_hash_verified: bool
    snapshot_hash: str
    policy_hash: str
    first_difference_offset: int
    def __init__(self, identical: _Optional[bool] = ..., stored_recommendation_hash: _Optional[str] = ..., replayed_recommendation_hash: _Optional[str] = ..., snapshot_hash_verified: _Optional[bool] = ..., policy_hash_verified: _Optional[bool] = ..., snapshot_hash: _Optional[str] = ..., policy_hash: _Optional[str] = ..., first_difference_offset: _Optional[int] = ...) -> None: ...

class OrderLine(_message.Message):
    __slots__ = ("line_id", "listing_id", "ticker", "side", "quantity", "est_price", "est_value", "est_fee", "sleeve", "purpose")
    LINE_ID_FIELD_NUMBER: _ClassVar[int]
    LISTING_ID_FIELD_NUMBER: _ClassVar[int]
    TICKER_FIELD_NUMBER: _ClassVar[int]
    SIDE_FIELD_NUMBER: _ClassVar[int]
    QUANTITY_FIELD_NUMBER: _ClassVar[int]
    EST_PRICE_FIELD_NUMBER: _ClassVar[int]
    EST_VALUE_FIELD_NUMBER: _ClassVar[int]
    EST_FEE_FIELD_NUMBER: _ClassVar[int]
    SLEEVE_FIELD_NUMBER: _ClassVar[int]
    PURPOSE_FIELD_NUMBER: _ClassVar[int]
    line_id: str
    listing_id: str
    ticker: str
    side: OrderSide
    quantity: _types_pb2.Decimal
    est_price: _types_pb2.Money
    est_value: _types_pb2.Money
    est_fee: _types_pb2.Money
    sleeve: str
    purpose: str
    def __init__(self, line_id: _Optional[str] = ..., listing_id: _Optional[str] = ..., ticker: _Optional[str] = ..., side: _Optional[_Union[OrderSide, str]] = ..., quantity: _Optional[_Union[_types_pb2.Decimal, _Mapping]] = ..., est_price: _Optional[_Union[_types_pb2.Money, _Mapping]] = ..., est_value: _Optional[_Union[_types_pb2.Money, _Mapping]] = ..., est_fee: _Optional[_Union[_types_pb2.Money, _Mapping]] = ..., sleeve: _Optional[str] = ..., purpose: _Optional[str] = ...) -> None: ...

class RuleFired(_message.Message):
    __slots__ = ("rule", "subject", "inputs", "outcome")
    class InputsEntry(_message.Message):
        __slots__ = ("key", "value")
        KEY_FIELD_NUMBER: _ClassVar[int]
        VALUE_FIELD_NUMBER: _ClassVar[int]
        key: str
        value: str
        def __init__(self, key: _Optional[str] = ..., value: _Optional[str] = ...) -> None: ...
    RULE_FIELD_NUMBER: _ClassVar[int]
    SUBJECT_FIELD_NUMBER: _ClassVar[int]
    INPUTS_FIELD_NUMBER: _ClassVar[int]
    OUTCOME_FIELD_NUMBER: _ClassVar[int]
    rule: str
    subject: str
    inputs: _containers.ScalarMap[str, str]
    outcome: str
    def __init__(self, rule: _Optional[str] = ..., subject: _Optional[str] = ..., inputs: _Optional[_Mapping[str, str]] = ..., outcome: _Optional[str] = ...) -> None: ...

class DroppedLine(_message.Message):
    __slots__ = ("code", "listing_id", "side", "detail", "inputs")
    class InputsEntry(_message.Message):
        __slots__ = ("key", "value")
        KEY_FIELD_NUMBER: _ClassVar[int]
        VALUE_FIELD_NUMBER: _ClassVar[int]
        key: str
        value: str
        def __init__(self, key: _Optional[str] = ..., value: _Optional[str] = ...) -> None: ...
    CODE_FIELD_NUMBER: _ClassVar[int]
    LISTING_ID_FIELD_NUMBER: _ClassVar[int]
    SIDE_FIELD_NUMBER: _ClassVar[int]
    DETAIL_FIELD_NUMBER: _ClassVar[int]
    INPUTS_FIELD_NUMBER: _ClassVar[int]
    code: str
    listing_id: str
    side: OrderSide
    detail: str
    inputs: _containers.ScalarMap[str, str]
    def __init__(self, code: _Optional[str] = ..., listing_id: _Optional[str] = ..., side: _Optional[_Union[OrderSide, str]] = ..., detail: _Optional[str] = ..., inputs: _Optional[_Mapping[str, str]] = ...) -> None: ...

class ConstraintCheck(_message.Message):
    __slots__ = ("name", "passed", "detail")
    NAME_FIELD_NUMBER: _ClassVar[int]
    PASSED_FIELD_NUMBER: _ClassVar[int]
    DETAIL_FIELD_NUMBER: _ClassVar[int]
    name: str
    passed: bool
    detail: str
    def __init__(self, name: _Optional[str] = ..., passed: _Optional[bool] = ..., detail: _Optional[str] = ...) -> None: ...

class SleeveWeights(_message.Message):
    __slots__ = ("sleeve", "target_pct", "band_pp", "value_before", "value_after", "before_pct", "after_pct", "drift_before_pp", "drift_after_pp")
    SLEEVE_FIELD_NUMBER: _ClassVar[int]
    TARGET_PCT_FIELD_NUMBER: _ClassVar[int]
    BAND_PP_FIELD_NUMBER: _ClassVar[int]
    VALUE_BEFORE_FIELD_NUMBER: _ClassVar[int]
    VALUE_AFTER_FIELD_NUMBER: _ClassVar[int]
    BEFORE_PCT_FIELD_NUMBER: _ClassVar[int]
    AFTER_PCT_FIELD_NUMBER: _ClassVar[int]
    DRIFT_BEFORE_PP_FIELD_NUMBER: _ClassVar[int]
    DRIFT_AFTER_PP_FIELD_NUMBER: _ClassVar[int]
    sleeve: str
    target_pct: _types_pb2.Decimal
    band_pp: _types_pb2.Decimal
    value_before: _types_pb2.Money
    value_after: _types_pb2.Money
    before_pct: _types_pb2.Decimal
    after_pct: _types_pb2.Decimal
    drift_before_pp: _types_pb2.Decimal
    drift_after_pp: _types_pb2.Decimal
    def __init__(self, sleeve: _Optional[str] = ..., target_pct: _Optional[_Union[_types_pb2.Decimal, _Mapping]] = ..., band_pp: _Optional[_Union[_types_pb2.Decimal, _Mapping]] = ..., value_before: _Optional[_Union[_types_pb2.Money, _Mapping]] = ..., value_after: _Optional[_Union[_types_pb2.Money, _Mapping]] = ..., before_pct: _Optional[_Union[_types_pb2.Decimal, _Mapping]] = ..., after_pct: _Optional[_Union[_types_pb2.Decimal, _Mapping]] = ..., drift_before_pp: _Optional[_Union[_types_pb2.Decimal, _Mapping]] = ..., drift_after_pp: _Optional[_Union[_types_pb2.Decimal, _Mapping]] = ...) -> None: ...

class Totals(_message.Message):
    __slots__ = ("cash_before", "buys", "sells", "fees", "cash_after", "invested_before", "invested_after")
    CASH_BEFORE_FIELD_NUMBER: _ClassVar[int]
    BUYS_FIELD_NUMBER: _ClassVar[int]
    SELLS_FIELD_NUMBER: _ClassVar[int]
    FEES_FIELD_NUMBER: _ClassVar[int]
    CASH_AFTER_FIELD_NUMBER: _ClassVar[int]
    INVESTED_BEFORE_FIELD_NUMBER: _ClassVar[int]
    INVESTED_AFTER_FIELD_NUMBER: _ClassVar[int]
    cash_before: _types_pb2.Money
    buys: _types_pb2.Money
    sells: _types_pb2.Money
    fees: _types_pb2.Money
    cash_after: _types_pb2.Money
    invested_before: _types_pb2.Money
    invested_after: _types_pb2.Money
    def __init__(self, cash_before: _Optional[_Union[_types_pb2.Money, _Mapping]] = ..., buys: _Optional[_Union[_types_pb2.Money, _Mapping]] = ..., sells: _Optional[_Union[_types_pb2.Money, _Mapping]] = ..., fees: _Optional[_Union[_types_pb2.Money, _Mapping]] = ..., cash_after: _Optional[_Union[_types_pb2.Money, _Mapping]] = ..., invested_before: _Optional[_Union[_types_pb2.Money, _Mapping]] = ..., invested_after: _Optional[_Union[_types_pb2.Money, _Mapping]] = ...) -> None: ...

class Recommendation(_message.Message):
    __slots__ = ("recommendation_id", "run_id", "portfolio_id", "outcome", "status", "snapshot_hash", "policy_hash", "recommendation_hash", "base_currency", "lines", "rules", "dropped", "checks", "sleeves", "totals", "blocked_reasons", "rationale", "canonical_json", "decided_at", "decided_by", "decision_note", "executed_at", "executed_line_ids", "version")
    RECOMMENDATION_ID_FIELD_NUMBER: _ClassVar[int]
    RUN_ID_FIELD_NUMBER: _ClassVar[int]
    PORTFOLIO_ID_FIELD_NUMBER: _ClassVar[int]
    OUTCOME_FIELD_NUMBER: _ClassVar[int]
    STATUS_FIELD_NUMBER: _ClassVar[int]
    SNAPSHOT_HASH_FIELD_NUMBER: _ClassVar[int]
    POLICY_HASH_FIELD_NUMBER: _ClassVar[int]
    RECOMMENDATION_HASH_FIELD_NUMBER: _ClassVar[int]
    BASE_CURRENCY_FIELD_NUMBER: _ClassVar[int]
    LINES_FIELD_NUMBER: _ClassVar[int]
    RULES_FIELD_NUMBER: _ClassVar[int]
    DROPPED_FIELD_NUMBER: _ClassVar[int]
    CHECKS_FIELD_NUMBER: _ClassVar[int]
    SLEEVES_FIELD_NUMBER: _ClassVar[int]
    TOTALS_FIELD_NUMBER: _ClassVar[int]
    BLOCKED_REASONS_FIELD_NUMBER: _ClassVar[int]
    RATIONALE_FIELD_NUMBER: _ClassVar[int]
    CANONICAL_JSON_FIELD_NUMBER: _ClassVar[int]
    DECIDED_AT_FIELD_NUMBER: _ClassVar[int]
    DECIDED_BY_FIELD_NUMBER: _ClassVar[int]
    DECISION_NOTE_FIELD_NUMBER: _ClassVar[int]
    EXECUTED_AT_FIELD_NUMBER: _ClassVar[int]
    EXECUTED_LINE_IDS_FIELD_NUMBER: _ClassVar[int]
    VERSION_FIELD_NUMBER: _ClassVar[int]
    recommendation_id: str
    run_id: str
    portfolio_id: str
    outcome: RunStatus
    status: RecommendationStatus
    snapshot_hash: str
    policy_hash: str
    recommendation_hash: str
    base_currency: str
    lines: _containers.RepeatedCompositeFieldContainer[OrderLine]
    rules: _containers.RepeatedCompositeFieldContainer[RuleFired]
    dropped: _containers.RepeatedCompositeFieldContainer[DroppedLine]
    checks: _containers.RepeatedCompositeFieldContainer[ConstraintCheck]
    sleeves: _containers.RepeatedCompositeFieldContainer[SleeveWeights]
    totals: Totals
    blocked_reasons: _containers.RepeatedCompositeFieldContainer[BlockReason]
    rationale: _containers.RepeatedScalarFieldContainer[str]
    canonical_json: str
    decided_at: _timestamp_pb2.Timestamp
    decided_by: str
    decision_note: str
    executed_at: _timestamp_pb2.Timestamp
    executed_line_ids: _containers.RepeatedScalarFieldContainer[str]
    version: int
    def __init__(self, recommendation_id: _Optional[str] = ..., run_id: _Optional[str] = ..., portfolio_id: _Optional[str] = ..., outcome: _Optional[_Union[RunStatus, str]] = ..., status: _Optional[_Union[RecommendationStatus, str]] = ..., snapshot_hash: _Optional[str] = ..., policy_hash: _Optional[str] = ..., recommendation_hash: _Optional[str] = ..., base_currency: _Optional[str] = ..., lines: _Optional[_Iterable[_Union[OrderLine, _Mapping]]] = ..., rules: _Optional[_Iterable[_Union[RuleFired, _Mapping]]] = ..., dropped: _Optional[_Iterable[_Union[DroppedLine, _Mapping]]] = ..., checks: _Optional[_Iterable[_Union[ConstraintCheck, _Mapping]]] = ..., sleeves: _Optional[_Iterable[_Union[SleeveWeights, _Mapping]]] = ..., totals: _Optional[_Union[Totals, _Mapping]] = ..., blocked_reasons: _Optional[_Iterable[_Union[BlockReason, _Mapping]]] = ..., rationale: _Optional[_Iterable[str]] = ..., canonical_json: _Optional[str] = ..., decided_at: _Optional[_Union[datetime.datetime, _timestamp_pb2.Timestamp, _Mapping]] = ..., decided_by: _Optional[str] = ..., decision_note: _Optional[str] = ..., executed_at: _Optional[_Union[datetime.datetime, _timestamp_pb2.Timestamp, _Mapping]] = ..., executed_line_ids: _Optional[_Iterable[str]] = ..., version: _Optional[int] = ...) -> None: ...

class GetRecommendationRequest(_message.Message):
    __slots__ = ("portfolio_id", "recommendation_id")
    PORTFOLIO_ID_FIELD_NUMBER: _ClassVar[int]
    RECOMMENDATION_ID_FIELD_NUMBER: _ClassVar[int]
    portfolio_id: str
    recommendation_id: str
    def __init__(self, portfolio_id: _Optional[str] = ..., recommendation_id: _Optional[str] = ...) -> None: ...

class GetRecommendationResponse(_message.Message):
    __slots__ = ("recommendation",)
    RECOMMENDATION_FIELD_NUMBER: _ClassVar[int]
    recommendation: Recommendation
    def __init__(self, recommendation: _Optional[_Union[Recommendation, _Mapping]] = ...) -> None: ...

class ApproveRecommendationRequest(_message.Message):
    __slots__ = ("portfolio_id", "recommendation_id", "recommendation_hash", "note")
    PORTFOLIO_ID_FIELD_NUMBER: _ClassVar[int]
    RECOMMENDATION_ID_FIELD_NUMBER: _ClassVar[int]
    RECOMMENDATION_HASH_FIELD_NUMBER: _ClassVar[int]
    NOTE_FIELD_NUMBER: _ClassVar[int]
    portfolio_id: str
    recommendation_id: str
    recommendation_hash: str
    note: str
    def __init__(self, portfolio_id: _Optional[str] = ..., recommendation_id: _Optional[str] = ..., recommendation_hash: _Optional[str] = ..., note: _Optional[str] = ...) -> None: ...

class ApproveRecommendationResponse(_message.Message):
    __slots__ = ("recommendation",)
    RECOMMENDATION_FIELD_NUMBER: _ClassVar[int]
    recommendation: Recommendation
    def __init__(self, recommendation: _Optional[_Union[Recommendation, _Mapping]] = ...) -> None: ...

class IgnoreRecommendationRequest(_message.Message):
    __slots__ = ("portfolio_id", "recommendation_id", "note")
    PORTFOLIO_ID_FIELD_NUMBER: _ClassVar[int]
    RECOMMENDATION_ID_FIELD_NUMBER: _ClassVar[int]
    NOTE_FIELD_NUMBER: _ClassVar[int]
    portfolio_id: str
    recommendation_id: str
    note: str
    def __init__(self, portfolio_id: _Optional[str] = ..., recommendation_id: _Optional[str] = ..., note: _Optional[str] = ...) -> None: ...

class IgnoreRecommendationResponse(_message.Message):
    __slots__ = ("recommendation",)
    RECOMMENDATION_FIELD_NUMBER: _ClassVar[int]
    recommendation: Recommendation
    def __init__(self, recommendation: _Optional[_Union[Recommendation, _Mapping]] = ...) -> None: ...

class MarkRecommendationExecutedRequest(_message.Message):
    __slots__ = ("portfolio_id", "recommendation_id", "line_ids")
    PORTFOLIO_ID_FIELD_NUMBER: _ClassVar[int]
    RECOMMENDATION_ID_FIELD_NUMBER: _ClassVar[int]
    LINE_IDS_FIELD_NUMBER: _ClassVar[int]
    portfolio_id: str
    recommendation_id: str
    line_ids: _containers.RepeatedScalarFieldContainer[str]
    def __init__(self, portfolio_id: _Optional[str] = ..., recommendation_id: _Optional[str] = ..., line_ids: _Optional[_Iterable[str]] = ...) -> None: ...

class MarkRecommendationExecutedResponse(_message.Message):
    __slots__ = ("recommendation",)
    RECOMMENDATION_FIELD_NUMBER: _ClassVar[int]
    recommendation: Recommendation
    def __init__(self, recommendation: _Optional[_Union[Recommendation, _Mapping]] = ...) -> None: ...

class GetPerformanceRequest(_message.Message):
    __slots__ = ("portfolio_id", "as_of")
    PORTFOLIO_ID_FIELD_NUMBER: _ClassVar[int]
    AS_OF_FIELD_NUMBER: _ClassVar[int]
    portfolio_id: str
    as_of: str
    def __init__(self, portfolio_id: _Optional[str] = ..., as_of: _Optional[str] = ...) -> None: ...

class ValuationPoint(_message.Message):
    __slots__ = ("date", "value", "net_contributions")
    DATE_FIELD_NUMBER: _ClassVar[int]
    VALUE_FIELD_NUMBER: _ClassVar[int]
    NET_CONTRIBUTIONS_FIELD_NUMBER: _ClassVar[int]
    date: str
    value: _types_pb2.Money
    net_contributions: _types_pb2.Money
    def __init__(self, date: _Optional[str] = ..., value: _Optional[_Union[_types_pb2.Money, _Mapping]] = ..., net_contributions: _Optional[_Union[_types_pb2.Money, _Mapping]] = ...) -> None: ...

class PeriodReturn(_message.Message):
    __slots__ = ("period", "start_date", "end_date", "available", "start_value", "end_value", "net_flows", "twr_pct", "mwr_pct", "mwr_annualised", "note")
    PERIOD_FIELD_NUMBER: _ClassVar[int]
    START_DATE_FIELD_NUMBER: _ClassVar[int]
    END_DATE_FIELD_NUMBER: _ClassVar[int]
    AVAILABLE_FIELD_NUMBER: _ClassVar[int]
    START_VALUE_FIELD_NUMBER: _ClassVar[int]
    END_VALUE_FIELD_NUMBER: _ClassVar[int]
    NET_FLOWS_FIELD_NUMBER: _ClassVar[int]
    TWR_PCT_FIELD_NUMBER: _ClassVar[int]
    MWR_PCT_FIELD_NUMBER: _ClassVar[int]
    MWR_ANNUALISED_FIELD_NUMBER: _ClassVar[int]
    NOTE_FIELD_NUMBER: _ClassVar[int]
    period: PerformancePeriod
    start_date: str
    end_date: str
    available: bool
    start_value: _types_pb2.Money
    end_value: _types_pb2.Money
    net_flows: _types_pb2.Money
    twr_pct: _types_pb2.Decimal
    mwr_pct: _types_pb2.Decimal
    mwr_annualised: bool
    note: str
    def __init__(self, period: _Optional[_Union[PerformancePeriod, str]] = ..., start_date: _Optional[str] = ..., end_date: _Optional[str] = ..., available: _Optional[bool] = ..., start_value: _Optional[_Union[_types_pb2.Money, _Mapping]] = ..., end_value: _Optional[_Union[_types_pb2.Money, _Mapping]] = ..., net_flows: _Optional[_Union[_types_pb2.Money, _Mapping]] = ..., twr_pct: _Optional[_Union[_types_pb2.Decimal, _Mapping]] = ..., mwr_pct: _Optional[_Union[_types_pb2.Decimal, _Mapping]] = ..., mwr_annualised: _Optional[bool] = ..., note: _Optional[str] = ...) -> None: ...

class SleeveWeightSeries(_message.Message):
    __slots__ = ("sleeve", "target_pct", "band_pp", "weight_pct")
    SLEEVE_FIELD_NUMBER: _ClassVar[int]
    TARGET_PCT_FIELD_NUMBER: _ClassVar[int]
    BAND_PP_FIELD_NUMBER: _ClassVar[int]
    WEIGHT_PCT_FIELD_NUMBER: _ClassVar[int]
    sleeve: str
    target_pct: _types_pb2.Decimal
    band_pp: _types_pb2.Decimal
    weight_pct: _containers.RepeatedCompositeFieldContainer[_types_pb2.Decimal]
    def __init__(self, sleeve: _Optional[str] = ..., target_pct: _Optional[_Union[_types_pb2.Decimal, _Mapping]] = ..., band_pp: _Optional[_Union[_types_pb2.Decimal, _Mapping]] = ..., weight_pct: _Optional[_Iterable[_Union[_types_pb2.Decimal, _Mapping]]] = ...) -> None: ...

class GetPerformanceResponse(_message.Message):
    __slots__ = ("base_currency", "as_of", "first_entry_date", "points", "periods", "sleeves", "notes")
    BASE_CURRENCY_FIELD_NUMBER: _ClassVar[int]
    AS_OF_FIELD_NUMBER: _ClassVar[int]
    FIRST_ENTRY_DATE_FIELD_NUMBER: _ClassVar[int]
    POINTS_FIELD_NUMBER: _ClassVar[int]
    PERIODS_FIELD_NUMBER: _ClassVar[int]
    SLEEVES_FIELD_NUMBER: _ClassVar[int]
    NOTES_FIELD_NUMBER: _ClassVar[int]
    base_currency: str
    as_of: str
    first_entry_date: str
    points: _containers.RepeatedCompositeFieldContainer[ValuationPoint]
    periods: _containers.RepeatedCompositeFieldContainer[PeriodReturn]
    sleeves: _containers.RepeatedCompositeFieldContainer[SleeveWeightSeries]
    notes: _containers.RepeatedScalarFieldContainer[str]
    def __init__(self, base_currency: _Optional[str] = ..., as_of: _Optional[str] = ..., first_entry_date: _Optional[str] = ..., points: _Optional[_Iterable[_Union[ValuationPoint, _Mapping]]] = ..., periods: _Optional[_Iterable[_Union[PeriodReturn, _Mapping]]] = ..., sleeves: _Optional[_Iterable[_Union[SleeveWeightSeries, _Mapping]]] = ..., notes: _Optional[_Iterable[str]] = ...) -> None: ...
