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

class PriceKind(int, metaclass=_enum_type_wrapper.EnumTypeWrapper):
    __slots__ = ()
    PRICE_KIND_UNSPECIFIED: _ClassVar[PriceKind]
    PRICE_KIND_INTRADAY: _ClassVar[PriceKind]
    PRICE_KIND_EOD: _ClassVar[PriceKind]

class TaskRunStatus(int, metaclass=_enum_type_wrapper.EnumTypeWrapper):
    __slots__ = ()
    TASK_RUN_STATUS_UNSPECIFIED: _ClassVar[TaskRunStatus]
    TASK_RUN_STATUS_RUNNING: _ClassVar[TaskRunStatus]
    TASK_RUN_STATUS_SUCCEEDED: _ClassVar[TaskRunStatus]
    TASK_RUN_STATUS_PARTIAL: _ClassVar[TaskRunStatus]
    TASK_RUN_STATUS_FAILED: _ClassVar[TaskRunStatus]

class AlertStatus(int, metaclass=_enum_type_wrapper.EnumTypeWrapper):
    __slots__ = ()
    ALERT_STATUS_UNSPECIFIED: _ClassVar[AlertStatus]
    ALERT_STATUS_OPEN: _ClassVar[AlertStatus]
    ALERT_STATUS_ACKNOWLEDGED: _ClassVar[AlertStatus]
    ALERT_STATUS_RESOLVED: _ClassVar[AlertStatus]

class Severity(int, metaclass=_enum_type_wrapper.EnumTypeWrapper):
    __slots__ = ()
    SEVERITY_UNSPECIFIED: _ClassVar[Severity]
    SEVERITY_INFO: _ClassVar[Severity]
    SEVERITY_WARNING: _ClassVar[Severity]
    SEVERITY_CRITICAL: _ClassVar[Severity]

class SettingSource(int, metaclass=_enum_type_wrapper.EnumTypeWrapper):
    __slots__ = ()
    SETTING_SOURCE_UNSPECIFIED: _ClassVar[SettingSource]
    SETTING_SOURCE_DEFAULT: _ClassVar[SettingSource]
    SETTING_SOURCE_PORTFOLIO: _ClassVar[SettingSource]
    SETTING_SOURCE_LISTING: _ClassVar[SettingSource]
PRICE_KIND_UNSPECIFIED: PriceKind
PRICE_KIND_INTRADAY: PriceKind
PRICE_KIND_EOD: PriceKind
TASK_RUN_STATUS_UNSPECIFIED: TaskRunStatus
TASK_RUN_STATUS_RUNNING: TaskRunStatus
TASK_RUN_STATUS_SUCCEEDED: TaskRunStatus
TASK_RUN_STATUS_PARTIAL: TaskRunStatus
TASK_RUN_STATUS_FAILED: TaskRunStatus
ALERT_STATUS_UNSPECIFIED: AlertStatus
ALERT_STATUS_OPEN: AlertStatus
ALERT_STATUS_ACKNOWLEDGED: AlertStatus
ALERT_STATUS_RESOLVED: AlertStatus
SEVERITY_UNSPECIFIED: Severity
SEVERITY_INFO: Severity
SEVERITY_WARNING: Severity
SEVERITY_CRITICAL: Severity
SETTING_SOURCE_UNSPECIFIED: SettingSource
SETTING_SOURCE_DEFAULT: SettingSource
SETTING_SOURCE_PORTFOLIO: SettingSource
SETTING_SOURCE_LISTING: SettingSource

class PricePoint(_message.Message):
    __slots__ = ("listing_id", "observed_at", "kind", "source", "price", "price_scale", "open", "high", "low", "volume")
    LISTING_ID_FIELD_NUMBER: _ClassVar[int]
    OBSERVED_AT_FIELD_NUMBER: _ClassVar[int]
    KIND_FIELD_NUMBER: _ClassVar[int]
    SOURCE_FIELD_NUMBER: _ClassVar[int]
    PRICE_FIELD_NUMBER: _ClassVar[int]
    PRICE_SCALE_FIELD_NUMBER: _ClassVar[int]
    OPEN_FIELD_NUMBER: _ClassVar[int]
    HIGH_FIELD_NUMBER: _ClassVar[int]
    LOW_FIELD_NUMBER: _ClassVar[int]
    VOLUME_FIELD_NUMBER: _ClassVar[int]
    listing_id: str
    observed_at: _timestamp_pb2.Timestamp
    kind: PriceKind
    source: str
    price: _types_pb2.Money
    price_scale: _types_pb2.Decimal
    open: _types_pb2.Decimal
    high: _types_pb2.Decimal
    low: _types_pb2.Decimal
    volume: _types_pb2.Decimal
    def __init__(self, listing_id: _Optional[str] = ..., observed_at: _Optional[_Union[datetime.datetime, _timestamp_pb2.Timestamp, _Mapping]] = ..., kind: _Optional[_Union[PriceKind, str]] = ..., source: _Optional[str] = ..., price: _Optional[_Union[_types_pb2.Money, _Mapping]] = ..., price_scale: _Optional[_Union[_types_pb2.Decimal, _Mapping]] = ..., open: _Optional[_Union[_types_pb2.Decimal, _Mapping]] = ..., high: _Optional[_Union[_types_pb2.Decimal, _Mapping]] = ..., low: _Optional[_Union[_types_pb2.Decimal, _Mapping]] = ..., volume: _Optional[_Union[_types_pb2.Decimal, _Mapping]] = ...) -> None: ...

class TaskRun(_message.Message):
    __slots__ = ("task_run_id", "task", "trigger", "source", "status", "started_at", "finished_at", "fetched", "inserted", "updated", "unchanged", "rejected", "error_summary", "listing_ids", "request_id")
    TASK_RUN_ID_FIELD_NUMBER: _ClassVar[int]
    TASK_FIELD_NUMBER: _ClassVar[int]
    TRIGGER_FIELD_NUMBER: _ClassVar[int]
    SOURCE_FIELD_NUMBER: _ClassVar[int]
    STATUS_FIELD_NUMBER: _ClassVar[int]
    STARTED_AT_FIELD_NUMBER: _ClassVar[int]
    FINISHED_AT_FIELD_NUMBER: _ClassVar[int]
    FETCHED_FIELD_NUMBER: _ClassVar[int]
    INSERTED_FIELD_NUMBER: _ClassVar[int]
    UPDATED_FIELD_NUMBER: _ClassVar[int]
    UNCHANGED_FIELD_NUMBER: _ClassVar[int]
    REJECTED_FIELD_NUMBER: _ClassVar[int]
    ERROR_SUMMARY_FIELD_NUMBER: _ClassVar[int]
    LISTING_IDS_FIELD_NUMBER: _ClassVar[int]
    REQUEST_ID_FIELD_NUMBER: _ClassVar[int]
    task_run_id: str
    task: str
    trigger: str
    source: str
    status: TaskRunStatus
    started_at: _timestamp_pb2.Timestamp
    finished_at: _timestamp_pb2.Timestamp
    fetched: int
    inserted: int
    updated: int
    unchanged: int
    rejected: int
    error_summary: str
    listing_ids: _containers.RepeatedScalarFieldContainer[str]
    request_id: str
    def __init__(self, task_run_id: _Optional[str] = ..., task: _Optional[str] = ..., trigger: _Optional[str] = ..., source: _Optional[str] = ..., status: _Optional[_Union[TaskRunStatus, str]] = ..., started_at: _Optional[_Union[datetime.datetime, _timestamp_pb2.Timestamp, _Mapping]] = ..., finished_at: _Optional[_Union[datetime.datetime, _timestamp_pb2.Timestamp, _Mapping]] = ..., fetched: _Optional[int] = ..., inserted: _Optional[int] = ..., updated: _Optional[int] = ..., unchanged: _Optional[int] = ..., rejected: _Optional[int] = ..., error_summary: _Optional[str] = ..., listing_ids: _Optional[_Iterable[str]] = ..., request_id: _Optional[str] = ...) -> None: ...

class RefreshPricesRequest(_message.Message):
    __slots__ = ("request_id", "listing_ids", "kind", "trigger", "as_of")
    REQUEST_ID_FIELD_NUMBER: _ClassVar[int]
    LISTING_IDS_FIELD_NUMBER: _ClassVar[int]
    KIND_FIELD_NUMBER: _ClassVar[int]
    TRIGGER_FIELD_NUMBER: _ClassVar[int]
    AS_OF_FIELD_NUMBER: _ClassVar[int]
    request_id: str
    listing_ids: _containers.RepeatedScalarFieldContainer[str]
    kind: PriceKind
    trigger: str
    as_of: _timestamp_pb2.Timestamp
    def __init__(self, request_id: _Optional[str] = ..., listing_ids: _Optional[_Iterable[str]] = ..., kind: _Optional[_Union[PriceKind, str]] = ..., trigger: _Optional[str] = ..., as_of: _Optional[_Union[datetime.datetime, _timestamp_pb2.Timestamp, _Mapping]] = ...) -> None: ...

class RefreshPricesResponse(_message.Message):
    __slots__ = ("task_run_id", "task_run")
    TASK_RUN_ID_FIELD_NUMBER: _ClassVar[int]
    TASK_RUN_FIELD_NUMBER: _ClassVar[int]
    task_run_id: str
    task_run: TaskRun
    def __init__(self, task_run_id: _Optional[str] = ..., task_run: _Optional[_Union[TaskRun, _Mapping]] = ...) -> None: ...

class RefreshFxRatesRequest(_message.Message):
    __slots__ = ("request_id", "history", "trigger")
    REQUEST_ID_FIELD_NUMBER: _ClassVar[int]
    HISTORY_FIELD_NUMBER: _ClassVar[int]
    TRIGGER_FIELD_NUMBER: _ClassVar[int]
    request_id: str
    history: bool
    trigger: str
    def __init__(self, request_id: _Optional[str] = ..., history: _Optional[bool] = ..., trigger: _Optional[str] = ...) -> None: ...

class RefreshFxRatesResponse(_message.Message):
    __slots__ = ("task_run",)
    TASK_RUN_FIELD_NUMBER: _ClassVar[int]
    task_run: TaskRun
    def __init__(self, task_run: _Optional[_Union[TaskRun, _Mapping]] = ...) -> None: ...

class GetLatestPricesRequest(_message.Message):
    __slots__ = ("listing_ids", "kind")
    LISTING_IDS_FIELD_NUMBER: _ClassVar[int]
    KIND_FIELD_NUMBER: _ClassVar[int]
    listing_ids: _containers.RepeatedScalarFieldContainer[str]
    kind: PriceKind
    def __init__(self, listing_ids: _Optional[_Iterable[str]] = ..., kind: _Optional[_Union[PriceKind, str]] = ...) -> None: ...

class GetLatestPricesResponse(_message.Message):
    __slots__ = ("prices",)
    PRICES_FIELD_NUMBER: _ClassVar[int]
    prices: _containers.RepeatedCompositeFieldContainer[PricePoint]
    def __init__(self, prices: _Optional[_Iterable[_Union[PricePoint, _Mapping]]] = ...) -> None: ...

class ListPricePointsRequest(_message.Message):
    __slots__ = ("listing_id", "kind", "start_time", "end_time", "limit")
    LISTING_ID_FIELD_NUMBER: _ClassVar[int]
    KIND_FIELD_NUMBER: _ClassVar[int]
    START_TIME_FIELD_NUMBER: _ClassVar[int]
    END_TIME_FIELD_NUMBER: _ClassVar[int]
    LIMIT_FIELD_NUMBER: _ClassVar[int]
    listing_id: str
    kind: PriceKind
    start_time: _timestamp_pb2.Timestamp
    end_time: _timestamp_pb2.Timestamp
    limit: int
    def __init__(self, listing_id: _Optional[str] = ..., kind: _Optional[_Union[PriceKind, str]] = ..., start_time: _Optional[_Union[datetime.datetime, _timestamp_pb2.Timestamp, _Mapping]] = ..., end_time: _Optional[_Union[datetime.datetime, _timestamp_pb2.Timestamp, _Mapping]] = ..., limit: _Optional[int] = ...) -> None: ...

class ListPricePointsResponse(_message.Message):
    __slots__ = ("points",)
    POINTS_FIELD_NUMBER: _ClassVar[int]
    points: _containers.RepeatedCompositeFieldContainer[PricePoint]
    def __init__(self, points: _Optional[_Iterable[_Union[PricePoint, _Mapping]]] = ...) -> None: ...

class FxRate(_message.Message):
    __slots__ = ("base_currency", "quote_currency", "rate", "as_of", "source")
    BASE_CURRENCY_FIELD_NUMBER: _ClassVar[int]
    QUOTE_CURRENCY_FIELD_NUMBER: _ClassVar[int]
    RATE_FIELD_NUMBER: _ClassVar[int]
    AS_OF_FIELD_NUMBER: _ClassVar[int]
    SOURCE_FIELD_NUMBER: _ClassVar[int]
    base_currency: str
    quote_currency: str
    rate: _types_pb2.Decimal
    as_of: str
    source: str
    def __init__(self, base_currency: _Optional[str] = ..., quote_currency: _Optional[str] = ..., rate: _Optional[_Union[_types_pb2.Decimal, _Mapping]] = ..., as_of: _Optional[str] = ..., source: _Optional[str] = ...) -> None: ...

class GetFxRatesRequest(_message.Message):
    __slots__ = ("as_of",)
    AS_OF_FIELD_NUMBER: _ClassVar[int]
    as_of: str
    def __init__(self, as_of: _Optional[str] = ...) -> None: ...

class GetFxRatesResponse(_message.Message):
    __slots__ = ("rates",)
    RATES_FIELD_NUMBER: _ClassVar[int]
    rates: _containers.RepeatedCompositeFieldContainer[FxRate]
    def __init__(self, rates: _Optional[_Iterable[_Union[FxRate, _Mapping]]] = ...) -> None: ...

class ListFxRatesRequest(_message.Message):
    __slots__ = ("start_date", "end_date", "quote_currencies", "page_size", "page_token")
    START_DATE_FIELD_NUMBER: _ClassVar[int]
    END_DATE_FIELD_NUMBER: _ClassVar[int]
    QUOTE_CURRENCIES_FIELD_NUMBER: _ClassVar[int]
    PAGE_SIZE_FIELD_NUMBER: _ClassVar[int]
    PAGE_TOKEN_FIELD_NUMBER: _ClassVar[int]
    start_date: str
    end_date: str
    quote_currencies: _containers.RepeatedScalarFieldContainer[str]
    page_size: int
    page_token: str
    def __init__(self, start_date: _Optional[str] = ..., end_date: _Optional[str] = ..., quote_currencies: _Optional[_Iterable[str]] = ..., page_size: _Optional[int] = ..., page_token: _Optional[str] = ...) -> None: ...

class FxRatesDay(_message.Message):
    __slots__ = ("as_of", "rates")
    AS_OF_FIELD_NUMBER: _ClassVar[int]
    RATES_FIELD_NUMBER: _ClassVar[int]
    as_of: str
    rates: _containers.RepeatedCompositeFieldContainer[FxRate]
    def __init__(self, as_of: _Optional[str] = ..., rates: _Optional[_Iterable[_Union[FxRate, _Mapping]]] = ...) -> None: ...

class ListFxRatesResponse(_message.Message):
    __slots__ = ("days", "next_page_token")
    DAYS_FIELD_NUMBER: _ClassVar[int]
    NEXT_PAGE_TOKEN_FIELD_NUMBER: _ClassVar[int]
    days: _containers.RepeatedCompositeFieldContainer[FxRatesDay]
    next_page_token: str
    def __init__(self, days: _Optional[_Iterable[_Union[FxRatesDay, _Mapping]]] = ..., next_page_token: _Optional[str] = ...) -> None: ...

class ListDailyClosesRequest(_message.Message):
    __slots__ = ("listing_ids", "start_date", "end_date", "page_size", "page_token")
    LISTING_IDS_FIELD_NUMBER: _ClassVar[int]
    START_DATE_FIELD_NUMBER: _ClassVar[int]
    END_DATE_FIELD_NUMBER: _ClassVar[int]
    PAGE_SIZE_FIELD_NUMBER: _ClassVar[int]
    PAGE_TOKEN_FIELD_NUMBER: _ClassVar[int]
    listing_ids: _containers.RepeatedScalarFieldContainer[str]
    start_date: str
    end_date: str
    page_size: int
    page_token: str
    def __init__(self, listing_ids: _Optional[_Iterable[str]] = ..., start_date: _Optional[str] = ..., end_date: _Optional[str] = ..., page_size: _Optional[int] = ..., page_token: _Optional[str] = ...) -> None: ...

class DailyClose(_message.Message):
    __slots__ = ("listing_id", "date", "close", "source")
    LISTING_ID_FIELD_NUMBER: _ClassVar[int]
    DATE_FIELD_NUMBER: _ClassVar[int]
    CLOSE_FIELD_NUMBER: _ClassVar[int]
    SOURCE_FIELD_NUMBER: _ClassVar[int]
    listing_id: str
    date: str
    close: _types_pb2.Decimal
    source: str
    def __init__(self, listing_id: _Optional[str] = ..., date: _Optional[str] = ..., close: _Optional[_Union[_types_pb2.Decimal, _Mapping]] = ..., source: _Optional[str] = ...) -> None: ...

class ListDailyClosesResponse(_message.Message):
    __slots__ = ("closes", "next_page_token")
    CLOSES_FIELD_NUMBER: _ClassVar[int]
    NEXT_PAGE_TOKEN_FIELD_NUMBER: _ClassVar[int]
    closes: _containers.RepeatedCompositeFieldContainer[DailyClose]
    next_page_token: str
    def __init__(self, closes: _Optional[_Iterable[_Union[DailyClose, _Mapping]]] = ..., next_page_token: _Optional[str] = ...) -> None: ...

class CsvRowRejection(_message.Message):
    __slots__ = ("row", "field", "reason")
    ROW_FIELD_NUMBER: _ClassVar[int]
    FIELD_FIELD_NUMBER: _ClassVar[int]
    REASON_FIELD_NUMBER: _ClassVar[int]
    row: int
    field: str
    reason: str
    def __init__(self, row: _Optional[int] = ..., field: _Optional[str] = ..., reason: _Optional[str] = ...) -> None: ...

class ImportPricesCsvRequest(_message.Message):
    __slots__ = ("request_id", "content", "listing", "currency", "source", "confirm")
    REQUEST_ID_FIELD_NUMBER: _ClassVar[int]
    CONTENT_FIELD_NUMBER: _ClassVar[int]
    LISTING_FIELD_NUMBER: _ClassVar[int]
    CURRENCY_FIELD_NUMBER: _ClassVar[int]
    SOURCE_FIELD_NUMBER: _ClassVar[int]
    CONFIRM_FIELD_NUMBER: _ClassVar[int]
    request_id: str
    content: bytes
    listing: str
    currency: str
    source: str
    confirm: bool
    def __init__(self, request_id: _Optional[str] = ..., content: _Optional[bytes] = ..., listing: _Optional[str] = ..., currency: _Optional[str] = ..., source: _Optional[str] = ..., confirm: _Optional[bool] = ...) -> None: ...

class ImportPricesCsvResponse(_message.Message):
    __slots__ = ("rows", "accepted", "rejections", "preview", "task_run")
    ROWS_FIELD_NUMBER: _ClassVar[int]
    ACCEPTED_FIELD_NUMBER: _ClassVar[int]
    REJECTIONS_FIELD_NUMBER: _ClassVar[int]
    PREVIEW_FIELD_NUMBER: _ClassVar[int]
    TASK_RUN_FIELD_NUMBER: _ClassVar[int]
    rows: int
    accepted: int
    rejections: _containers.RepeatedCompositeFieldContainer[CsvRowRejection]
    preview: _containers.RepeatedCompositeFieldContainer[PricePoint]
    task_run: TaskRun
    def __init__(self, rows: _Optional[int] = ..., accepted: _Optional[int] = ..., rejections: _Optional[_Iterable[_Union[CsvRowRejection, _Mapping]]] = ..., preview: _Optional[_Iterable[_Union[PricePoint, _Mapping]]] = ..., task_run: _Optional[_Union[TaskRun, _Mapping]] = ...) -> None: ...

class ListTaskRunsRequest(_message.Message):
    __slots__ = ("limit", "task")
    LIMIT_FIELD_NUMBER: _ClassVar[int]
    TASK_FIELD_NUMBER: _ClassVar[int]
    limit: int
    task: str
    def __init__(self, limit: _Optional[int] = ..., task: _Optional[str] = ...) -> None: ...

class ListTaskRunsResponse(_message.Message):
    __slots__ = ("task_runs",)
    TASK_RUNS_FIELD_NUMBER: _ClassVar[int]
    task_runs: _containers.RepeatedCompositeFieldContainer[TaskRun]
    def __init__(self, task_runs: _Optional[_Iterable[_Union[TaskRun, _Mapping]]] = ...) -> None: ...

class Alert(_message.Message):
    __slots__ = ("alert_id", "rule", "listing_id", "severity", "status", "message", "details", "freeze", "auto_unfreeze", "opened_at", "last_seen_at", "occurrences", "acknowledged_at", "acknowledged_by", "resolved_at", "resolved_by", "resolution_note", "frozen_portfolio_ids")
    class DetailsEntry(_message.Message):
        __slots__ = ("key", "value")
        KEY_FIELD_NUMBER: _ClassVar[int]
        VALUE_FIELD_NUMBER: _ClassVar[int]
        key: str
        value: str
        def __init__(self, key: _Optional[str] = ..., value: _Optional[str] = ...) -> None: ...
    ALERT_ID_FIELD_NUMBER: _ClassVar[int]
    RULE_FIELD_NUMBER: _ClassVar[int]
    LISTING_ID_FIELD_NUMBER: _ClassVar[int]
    SEVERITY_FIELD_NUMBER: _ClassVar[int]
    STATUS_FIELD_NUMBER: _ClassVar[int]
    MESSAGE_FIELD_NUMBER: _ClassVar[int]
    DETAILS_FIELD_NUMBER: _ClassVar[int]
    FREEZE_FIELD_NUMBER: _ClassVar[int]
    AUTO_UNFREEZE_FIELD_NUMBER: _ClassVar[int]
    OPENED_AT_FIELD_NUMBER: _ClassVar[int]
    LAST_SEEN_AT_FIELD_NUMBER: _ClassVar[int]
    OCCURRENCES_FIELD_NUMBER: _ClassVar[int]
    ACKNOWLEDGED_AT_FIELD_NUMBER: _ClassVar[int]
    ACKNOWLEDGED_BY_FIELD_NUMBER: _ClassVar[int]
    RESOLVED_AT_FIELD_NUMBER: _ClassVar[int]
    RESOLVED_BY_FIELD_NUMBER: _ClassVar[int]
    RESOLUTION_NOTE_FIELD_NUMBER: _ClassVar[int]
    FROZEN_PORTFOLIO_IDS_FIELD_NUMBER: _ClassVar[int]
    alert_id: str
    rule: str
    listing_id: str
    severity: Severity
    status: AlertStatus
    message: str
    details: _containers.ScalarMap[str, str]
    freeze: bool
    auto_unfreeze: bool
    opened_at: _timestamp_pb2.Timestamp
    last_seen_at: _timestamp_pb2.Timestamp
    occurrences: int
    acknowledged_at: _timestamp_pb2.Timestamp
    acknowledged_by: str
    resolved_at: _timestamp_pb2.Timestamp
    resolved_by: str
    resolution_note: str
    frozen_portfolio_ids: _containers.RepeatedScalarFieldContainer[str]
    def __init__(self, alert_id: _Optional[str] = ..., rule: _Optional[str] = ..., listing_id: _Optional[str] = ..., severity: _Optional[_Union[Severity, str]] = ..., status: _Optional[_Union[AlertStatus, str]] = ..., message: _Optional[str] = ..., details: _Optional[_Mapping[str, str]] = ..., freeze: _Optional[bool] = ..., auto_unfreeze: _Optional[bool] = ..., opened_at: _Optional[_Union[datetime.datetime, _timestamp_pb2.Timestamp, _Mapping]] = ..., last_seen_at: _Optional[_Union[datetime.datetime, _timestamp_pb2.Timestamp, _Mapping]] = ..., occurrences: _Optional[int] = ..., acknowledged_at: _Optional[_Union[datetime.datetime, _timestamp_pb2.Timestamp, _Mapping]] = ..., acknowledged_by: _Optional[str] = ..., resolved_at: _Optional[_Union[datetime.datetime, _timestamp_pb2.Timestamp, _Mapping]] = ..., resolved_by: _Optional[str] = ..., resolution_note: _Optional[str] = ..., frozen_portfolio_ids: _Optional[_Iterable[str]] = ...) -> None: ...

class ListAlertsRequest(_message.Message):
    __slots__ = ("listing_ids", "statuses", "limit")
    LISTING_IDS_FIELD_NUMBER: _ClassVar[int]
    STATUSES_FIELD_NUMBER: _ClassVar[int]
    LIMIT_FIELD_NUMBER: _ClassVar[int]
    listing_ids: _containers.RepeatedScalarFieldContainer[str]
    statuses: _containers.RepeatedScalarFieldContainer[AlertStatus]
    limit: int
    def __init__(self, listing_ids: _Optional[_Iterable[str]] = ..., statuses: _Optional[_Iterable[_Union[AlertStatus, str]]] = ..., limit: _Optional[int] = ...) -> None: ...

class ListAlertsResponse(_message.Message):
    __slots__ = ("alerts",)
    ALERTS_FIELD_NUMBER: _ClassVar[int]
    alerts: _containers.RepeatedCompositeFieldContainer[Alert]
    def __init__(self, alerts: _Optional[_Iterable[_Union[Alert, _Mapping]]] = ...) -> None: ...

class AcknowledgeAlertRequest(_message.Message):
    __slots__ = ("alert_id",)
    ALERT_ID_FIELD_NUMBER: _ClassVar[int]
    alert_id: str
    def __init__(self, alert_id: _Optional[str] = ...) -> None: ...

class AcknowledgeAlertResponse(_message.Message):
    __slots__ = ("alert",)
    ALERT_FIELD_NUMBER: _ClassVar[int]
    alert: Alert
    def __init__(self, alert: _Optional[_Union[Alert, _Mapping]] = ...) -> None: ...

class ResolveAlertRequest(_message.Message):
    __slots__ = ("alert_id", "note")
    ALERT_ID_FIELD_NUMBER: _ClassVar[int]
    NOTE_FIELD_NUMBER: _ClassVar[int]
    alert_id: str
    note: str
    def __init__(self, alert_id: _Optional[str] = ..., note: _Optional[str] = ...) -> None: ...

class ResolveAlertResponse(_message.Message):
    __slots__ = ("alert",)
    ALERT_FIELD_NUMBER: _ClassVar[int]
    alert: Alert
    def __init__(self, alert: _Optional[_Union[Alert, _Mapping]] = ...) -> None: ...

class RuleScope(_message.Message):
    __slots__ = ("listing_id", "portfolio_id")
    LISTING_ID_FIELD_NUMBER: _ClassVar[int]
    PORTFOLIO_ID_FIELD_NUMBER: _ClassVar[int]
    listing_id: str
    portfolio_id: str
    def __init__(self, listing_id: _Optional[str] = ..., portfolio_id: _Optional[str] = ...) -> None: ...

class EffectiveSetting(_message.Message):
    __slots__ = ("name", "value", "default_value", "source", "source_id", "description")
    NAME_FIELD_NUMBER: _ClassVar[int]
    VALUE_FIELD_NUMBER: _ClassVar[int]
    DEFAULT_VALUE_FIELD_NUMBER: _ClassVar[int]
    SOURCE_FIELD_NUMBER: _ClassVar[int]
    SOURCE_ID_FIELD_NUMBER: _ClassVar[int]
    DESCRIPTION_FIELD_NUMBER: _ClassVar[int]
    name: str
    value: str
    default_value: str
    source: SettingSource
    source_id: str
    description: str
    def __init__(self, name: _Optional[str] = ..., value: _Optional[str] = ..., default_value: _Optional[str] = ..., source: _Optional[_Union[SettingSource, str]] = ..., source_id: _Optional[str] = ..., description: _Optional[str] = ...) -> None: ...

class EffectiveRule(_message.Message):
    __slots__ = ("rule", "description", "policy", "parameters")
    RULE_FIELD_NUMBER: _ClassVar[int]
    DESCRIPTION_FIELD_NUMBER: _ClassVar[int]
    POLICY_FIELD_NUMBER: _ClassVar[int]
    PARAMETERS_FIELD_NUMBER: _ClassVar[int]
    rule: str
    description: str
    policy: _containers.RepeatedCompositeFieldContainer[EffectiveSetting]
    parameters: _containers.RepeatedCompositeFieldContainer[EffectiveSetting]
    def __init__(self, rule: _Optional[str] = ..., description: _Optional[str] = ..., policy: _Optional[_Iterable[_Union[EffectiveSetting, _Mapping]]] = ..., parameters: _Optional[_Iterable[_Union[EffectiveSetting, _Mapping]]] = ...) -> None: ...

class RuleOverride(_message.Message):
    __slots__ = ("rule", "settings")
    class SettingsEntry(_message.Message):
        __slots__ = ("key", "value")
        KEY_FIELD_NUMBER: _ClassVar[int]
        VALUE_FIELD_NUMBER: _ClassVar[int]
        key: str
        value: str
        def __init__(self, key: _Optional[str] = ..., value: _Optional[str] = ...) -> None: ...
    RULE_FIELD_NUMBER: _ClassVar[int]
    SETTINGS_FIELD_NUMBER: _ClassVar[int]
    rule: str
    settings: _containers.ScalarMap[str, str]
    def __init__(self, rule: _Optional[str] = ..., settings: _Optional[_Mapping[str, str]] = ...) -> None: ...

class RuleSettings(_message.Message):
    __slots__ = ("scope", "version", "changed_by", "changed_at", "overrides", "effective")
    SCOPE_FIELD_NUMBER: _ClassVar[int]
    VERSION_FIELD_NUMBER: _ClassVar[int]
    CHANGED_BY_FIELD_NUMBER: _ClassVar[int]
    CHANGED_AT_FIELD_NUMBER: _ClassVar[int]
    OVERRIDES_FIELD_NUMBER: _ClassVar[int]
    EFFECTIVE_FIELD_NUMBER: _ClassVar[int]
    scope: RuleScope
    version: int
    changed_by: str
    changed_at: _timestamp_pb2.Timestamp
    overrides: _containers.RepeatedCompositeFieldContainer[RuleOverride]
    effective: _containers.RepeatedCompositeFieldContainer[EffectiveRule]
    def __init__(self, scope: _Optional[_Union[RuleScope, _Mapping]] = ..., version: _Optional[int] = ..., changed_by: _Optional[str] = ..., changed_at: _Optional[_Union[datetime.datetime, _timestamp_pb2.Timestamp, _Mapping]] = ..., overrides: _Optional[_Iterable[_Union[RuleOverride, _Mapping]]] = ..., effective: _Optional[_Iterable[_Union[EffectiveRule, _Mapping]]] = ...) -> None: ...

class GetRuleSettingsRequest(_message.Message):
    __slots__ = ("scope",)
    SCOPE_FIELD_NUMBER: _ClassVar[int]
    scope: RuleScope
    def __init__(self, scope: _Optional[_Union[RuleScope, _Mapping]] = ...) -> None: ...

class GetRuleSettingsResponse(_message.Message):
    __slots__ = ("settings",)
    SETTINGS_FIELD_NUMBER: _ClassVar[int]
    settings: RuleSettings
    def __init__(self, settings: _Optional[_Union[RuleSettings, _Mapping]] = ...) -> None: ...

class UpdateRuleSettingsRequest(_message.Message):
    __slots__ = ("scope", "expected_version", "rules")
    SCOPE_FIELD_NUMBER: _ClassVar[int]
    EXPECTED_VERSION_FIELD_NUMBER: _ClassVar[int]
    RULES_FIELD_NUMBER: _ClassVar[int]
    scope: RuleScope
    expected_version: int
    rules: _containers.RepeatedCompositeFieldContainer[RuleOverride]
    def __init__(self, scope: _Optional[_Union[RuleScope, _Mapping]] = ..., expected_version: _Optional[int] = ..., rules: _Optional[_Iterable[_Union[RuleOverride, _Mapping]]] = ...) -> None: ...

class UpdateRuleSettingsResponse(_message.Message):
    __slots__ = ("settings",)
    SETTINGS_FIELD_NUMBER: _ClassVar[int]
    settings: RuleSettings
    def __init__(self, settings: _Optional[_Union[RuleSettings, _Mapping]] = ...) -> None: ...

class IngestionSchedule(_message.Message):
    __slots__ = ("portfolio_id", "version", "intraday_enabled", "intraday_every_min", "eod_enabled", "fx_enabled", "changed_by", "changed_at")
    PORTFOLIO_ID_FIELD_NUMBER: _ClassVar[int]
    VERSION_FIELD_NUMBER: _ClassVar[int]
    INTRADAY_ENABLED_FIELD_NUMBER: _ClassVar[int]
    INTRADAY_EVERY_MIN_FIELD_NUMBER: _ClassVar[int]
    EOD_ENABLED_FIELD_NUMBER: _ClassVar[int]
    FX_ENABLED_FIELD_NUMBER: _ClassVar[int]
    CHANGED_BY_FIELD_NUMBER: _ClassVar[int]
    CHANGED_AT_FIELD_NUMBER: _ClassVar[int]
    portfolio_id: str
    version: int
    intraday_enabled: bool
    intraday_every_min: int
    eod_enabled: bool
    fx_enabled: bool
    changed_by: str
    changed_at: _timestamp_pb2.Timestamp
    def __init__(self, portfolio_id: _Optional[str] = ..., version: _Optional[int] = ..., intraday_enabled: _Optional[bool] = ..., intraday_every_min: _Optional[int] = ..., eod_enabled: _Optional[bool] = ..., fx_enabled: _Optional[bool] = ..., changed_by: _Optional[str] = ..., changed_at: _Optional[_Union[datetime.datetime, _timestamp_pb2.Timestamp, _Mapping]] = ...) -> None: ...

class GetIngestionScheduleRequest(_message.Message):
    __slots__ = ("portfolio_id",)
    PORTFOLIO_ID_FIELD_NUMBER: _ClassVar[int]
    portfolio_id: str
    def __init__(self, portfolio_id: _Optional[str] = ...) -> None: ...

class GetIngestionScheduleResponse(_message.Message):
    __slots__ = ("schedule",)
    SCHEDULE_FIELD_NUMBER: _ClassVar[int]
    schedule: IngestionSchedule
    def __init__(self, schedule: _Optional[_Union[IngestionSchedule, _Mapping]] = ...) -> None: ...

class UpdateIngestionScheduleRequest(_message.Message):
    __slots__ = ("portfolio_id", "expected_version", "intraday_enabled", "intraday_every_min", "eod_enabled", "fx_enabled")
    PORTFOLIO_ID_FIELD_NUMBER: _ClassVar[int]
    EXPECTED_VERSION_FIELD_NUMBER: _ClassVar[int]
    INTRADAY_ENABLED_FIELD_NUMBER: _ClassVar[int]
    INTRADAY_EVERY_MIN_FIELD_NUMBER: _ClassVar[int]
    EOD_ENABLED_FIELD_NUMBER: _ClassVar[int]
    FX_ENABLED_FIELD_NUMBER: _ClassVar[int]
    portfolio_id: str
    expected_version: int
    intraday_enabled: bool
    intraday_every_min: int
    eod_enabled: bool
    fx_enabled: bool
    def __init__(self, portfolio_id: _Optional[str] = ..., expected_version: _Optional[int] = ..., intraday_enabled: _Optional[bool] = ..., intraday_every_min: _Optional[int] = ..., eod_enabled: _Optional[bool] = ..., fx_enabled: _Optional[bool] = ...) -> None: ...

class UpdateIngestionScheduleResponse(_message.Message):
    __slots__ = ("schedule",)
    SCHEDULE_FIELD_NUMBER: _ClassVar[int]
    schedule: IngestionSchedule
    def __init__(self, schedule: _Optional[_Union[IngestionSchedule, _Mapping]] = ...) -> None: ...
