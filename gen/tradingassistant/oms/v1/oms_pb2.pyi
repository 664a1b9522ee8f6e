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

class OrderSide(int, metaclass=_enum_type_wrapper.EnumTypeWrapper):
    __slots__ = ()
    ORDER_SIDE_UNSPECIFIED: _ClassVar[OrderSide]
    ORDER_SIDE_BUY: _ClassVar[OrderSide]
    ORDER_SIDE_SELL: _ClassVar[OrderSide]

class OrderState(int, metaclass=_enum_type_wrapper.EnumTypeWrapper):
    __slots__ = ()
    ORDER_STATE_UNSPECIFIED: _ClassVar[OrderState]
    ORDER_STATE_NEW: _ClassVar[OrderState]
    ORDER_STATE_PENDING_SUBMIT: _ClassVar[OrderState]
    ORDER_STATE_SUBMITTED: _ClassVar[OrderState]
    ORDER_STATE_PARTIALLY_FILLED: _ClassVar[OrderState]
    ORDER_STATE_FILLED: _ClassVar[OrderState]
    ORDER_STATE_CANCELLED: _ClassVar[OrderState]
    ORDER_STATE_REJECTED: _ClassVar[OrderState]
    ORDER_STATE_EXPIRED: _ClassVar[OrderState]

class CreateStatus(int, metaclass=_enum_type_wrapper.EnumTypeWrapper):
    __slots__ = ()
    CREATE_STATUS_UNSPECIFIED: _ClassVar[CreateStatus]
    CREATE_STATUS_CREATED: _ClassVar[CreateStatus]
    CREATE_STATUS_EXISTS: _ClassVar[CreateStatus]

class TradingMode(int, metaclass=_enum_type_wrapper.EnumTypeWrapper):
    __slots__ = ()
    TRADING_MODE_UNSPECIFIED: _ClassVar[TradingMode]
    TRADING_MODE_DRY_RUN: _ClassVar[TradingMode]
    TRADING_MODE_LIVE: _ClassVar[TradingMode]

class TradingStatus(int, metaclass=_enum_type_wrapper.EnumTypeWrapper):
    __slots__ = ()
    TRADING_STATUS_UNSPECIFIED: _ClassVar[TradingStatus]
    TRADING_STATUS_ACTIVE: _ClassVar[TradingStatus]
    TRADING_STATUS_REDUCING: _ClassVar[TradingStatus]
    TRADING_STATUS_HALTED: _ClassVar[TradingStatus]

class LossAction(int, metaclass=_enum_type_wrapper.EnumTypeWrapper):
    __slots__ = ()
    LOSS_ACTION_UNSPECIFIED: _ClassVar[LossAction]
    LOSS_ACTION_REDUCING: _ClassVar[LossAction]
    LOSS_ACTION_HALTED: _ClassVar[LossAction]

class SessionPolicy(int, metaclass=_enum_type_wrapper.EnumTypeWrapper):
    __slots__ = ()
    SESSION_POLICY_UNSPECIFIED: _ClassVar[SessionPolicy]
    SESSION_POLICY_REFUSE: _ClassVar[SessionPolicy]
    SESSION_POLICY_QUEUE: _ClassVar[SessionPolicy]

class DeadLetterStatus(int, metaclass=_enum_type_wrapper.EnumTypeWrapper):
    __slots__ = ()
    DEAD_LETTER_STATUS_UNSPECIFIED: _ClassVar[DeadLetterStatus]
    DEAD_LETTER_STATUS_RETRYING: _ClassVar[DeadLetterStatus]
    DEAD_LETTER_STATUS_DEAD: _ClassVar[DeadLetterStatus]
    DEAD_LETTER_STATUS_RESOLVED: _ClassVar[DeadLetterStatus]
    DEAD_LETTER_STATUS_ABANDONED: _ClassVar[DeadLetterStatus]
ORDER_SIDE_UNSPECIFIED: OrderSide
ORDER_SIDE_BUY: OrderSide
ORDER_SIDE_SELL: OrderSide
ORDER_STATE_UNSPECIFIED: OrderState
ORDER_STATE_NEW: OrderState
ORDER_STATE_PENDING_SUBMIT: OrderState
ORDER_STATE_SUBMITTED: OrderState
ORDER_STATE_PARTIALLY_FILLED: OrderState
ORDER_STATE_FILLED: OrderState
ORDER_STATE_CANCELLED: OrderState
ORDER_STATE_REJECTED: OrderState
ORDER_STATE_EXPIRED: OrderState
CREATE_STATUS_UNSPECIFIED: CreateStatus
CREATE_STATUS_CREATED: CreateStatus
CREATE_STATUS_EXISTS: CreateStatus
TRADING_MODE_UNSPECIFIED: TradingMode
TRADING_MODE_DRY_RUN: TradingMode
TRADING_MODE_LIVE: TradingMode
TRADING_STATUS_UNSPECIFIED: TradingStatus
TRADING_STATUS_ACTIVE: TradingStatus
TRADING_STATUS_REDUCING: TradingStatus
TRADING_STATUS_HALTED: TradingStatus
LOSS_ACTION_UNSPECIFIED: LossAction
LOSS_ACTION_REDUCING: LossAction
LOSS_ACTION_HALTED: LossAction
SESSION_POLICY_UNSPECIFIED: SessionPolicy
SESSION_POLICY_REFUSE: SessionPolicy
SESSION_POLICY_QUEUE: SessionPolicy
DEAD_LETTER_STATUS_UNSPECIFIED: DeadLetterStatus
DEAD_LETTER_STATUS_RETRYING: DeadLetterStatus
DEAD_LETTER_STATUS_DEAD: DeadLetterStatus
DEAD_LETTER_STATUS_RESOLVED: DeadLetterStatus
DEAD_LETTER_STATUS_ABANDONED: DeadLetterStatus

class Order(_message.Message):
    __slots__ = ("order_id", "portfolio_id", "listing_id", "side", "quantity", "state", "order_key", "limit_price", "broker", "client_order_id", "broker_order_id", "filled_quantity", "recommendation_id", "line_id", "reason", "dead_lettered", "version", "created_at", "updated_at")
    ORDER_ID_FIELD_NUMBER: _ClassVar[int]
    PORTFOLIO_ID_FIELD_NUMBER: _ClassVar[int]
    LISTING_ID_FIELD_NUMBER: _ClassVar[int]
    SIDE_FIELD_NUMBER: _ClassVar[int]
    QUANTITY_FIELD_NUMBER: _ClassVar[int]
    STATE_FIELD_NUMBER: _ClassVar[int]
    ORDER_KEY_FIELD_NUMBER: _ClassVar[int]
    LIMIT_PRICE_FIELD_NUMBER: _ClassVar[int]
    BROKER_FIELD_NUMBER: _ClassVar[int]
    CLIENT_ORDER_ID_FIELD_NUMBER: _ClassVar[int]
    BROKER_ORDER_ID_FIELD_NUMBER: _ClassVar[int]
    FILLED_QUANTITY_FIELD_NUMBER: _ClassVar[int]
    RECOMMENDATION_ID_FIELD_NUMBER: _ClassVar[int]
    LINE_ID_FIELD_NUMBER: _ClassVar[int]
    REASON_FIELD_NUMBER: _ClassVar[int]
    DEAD_LETTERED_FIELD_NUMBER: _ClassVar[int]
    VERSION_FIELD_NUMBER: _ClassVar[int]
    CREATED_AT_FIELD_NUMBER: _ClassVar[int]
    UPDATED_AT_FIELD_NUMBER: _ClassVar[int]
    order_id: str
    portfolio_id: str
    listing_id: str
    side: OrderSide
    quantity: _types_pb2.Decimal
    state: OrderState
    order_key: str
    limit_price: _types_pb2.Money
    broker: str
    client_order_id: str
    broker_order_id: str
    filled_quantity: _types_pb2.Decimal
    recommendation_id: str
    line_id: str
    reason: str
    dead_lettered: bool
    version: int
    created_at: _timestamp_pb2.Timestamp
    updated_at: _timestamp_pb2.Timestamp
    def __init__(self, order_id: _Optional[str] = ..., portfolio_id: _Optional[str] = ..., listing_id: _Optional[str] = ..., side: _Optional[_Union[OrderSide, str]] = ..., quantity: _Optional[_Union[_types_pb2.Decimal, _Mapping]] = ..., state: _Optional[_Union[OrderState, str]] = ..., order_key: _Optional[str] = ..., limit_price: _Optional[_Union[_types_pb2.Money, _Mapping]] = ..., broker: _Optional[str] = ..., client_order_id: _Optional[str] = ..., broker_order_id: _Optional[str] = ..., filled_quantity: _Optional[_Union[_types_pb2.Decimal, _Mapping]] = ..., recommendation_id: _Optional[str] = ..., line_id: _Optional[str] = ..., reason: _Optional[str] = ..., dead_lettered: _Optional[bool] = ..., version: _Optional[int] = ..., created_at: _Optional[_Union[datetime.datetime, _timestamp_pb2.Timestamp, _Mapping]] = ..., updated_at: _Optional[_Union[datetime.datetime, _timestamp_pb2.Timestamp, _Mapping]] = ...) -> None: ...

class Fill(_message.Message):
    __slots__ = ("fill_id", "order_id", "quantity", "price", "fees", "executed_at", "source", "ledger_entry_id", "booked")
    FILL_ID_FIELD_NUMBER: _ClassVar[int]
    ORDER_ID_FIELD_NUMBER: _ClassVar[int]
    QUANTITY_FIELD_NUMBER: _ClassVar[int]
    PRICE_FIELD_NUMBER: _ClassVar[int]
    FEES_FIELD_NUMBER: _ClassVar[int]
    EXECUTED_AT_FIELD_NUMBER: _ClassVar[int]
    SOURCE_FIELD_NUMBER: _ClassVar[int]
    LEDGER_ENTRY_ID_FIELD_NUMBER: _ClassVar[int]
    BOOKED_FIELD_NUMBER: _ClassVar[int]
    fill_id: str
    order_id: str
    quantity: _types_pb2.Decimal
    price: _types_pb2.Money
    fees: _types_pb2.Money
    executed_at: _timestamp_pb2.Timestamp
    source: str
    ledger_entry_id: str
    booked: bool
    def __init__(self, fill_id: _Optional[str] = ..., order_id: _Optional[str] = ..., quantity: _Optional[_Union[_types_pb2.Decimal, _Mapping]] = ..., price: _Optional[_Union[_types_pb2.Money, _Mapping]] = ..., fees: _Optional[_Union[_types_pb2.Money, _Mapping]] = ..., executed_at: _Optional[_Union[datetime.datetime, _timestamp_pb2.Timestamp, _Mapping]] = ..., source: _Optional[str] = ..., ledger_entry_id: _Optional[str] = ..., booked: _Optional[bool] = ...) -> None: ...

class OrderEvent(_message.Message):
    __slots__ = ("sequence", "event_type", "from_state", "to_state", "occurred_at", "actor_user_id", "detail_json")
    SEQUENCE_FIELD_NUMBER: _ClassVar[int]
    EVENT_TYPE_FIELD_NUMBER: _ClassVar[int]
    FROM_STATE_FIELD_NUMBER: _ClassVar[int]
    TO_STATE_FIELD_NUMBER: _ClassVar[int]
    OCCURRED_AT_FIELD_NUMBER: _ClassVar[int]
    ACTOR_USER_ID_FIELD_NUMBER: _ClassVar[int]
    DETAIL_JSON_FIELD_NUMBER: _ClassVar[int]
    sequence: int
    event_type: str
    from_state: OrderState
    to_state: OrderState
    occurred_at: _timestamp_pb2.Timestamp
    actor_user_id: str
    detail_json: str
    def __init__(self, sequence: _Optional[int] = ..., event_type: _Optional[str] = ..., from_state: _Optional[_Union[OrderState, str]] = ..., to_state: _Optional[_Union[OrderState, str]] = ..., occurred_at: _Optional[_Union[datetime.datetime, _timestamp_pb2.Timestamp, _Mapping]] = ..., actor_user_id: _Optional[str] = ..., detail_json: _Optional[str] = ...) -> None: ...

class CreateOrderRequest(_message.Message):
    __slots__ = ("order_key", "portfolio_id", "listing_id", "side", "quantity", "limit_price", "recommendation_id", "line_id")
    ORDER_KEY_FIELD_NUMBER: _ClassVar[int]
    PORTFOLIO_ID_FIELD_NUMBER: _ClassVar[int]
    LISTING_ID_FIELD_NUMBER: _ClassVar[int]
    SIDE_FIELD_NUMBER: _ClassVar[int]
    QUANTITY_FIELD_NUMBER: _ClassVar[int]
    LIMIT_PRICE_FIELD_NUMBER: _ClassVar[int]
    RECOMMENDATION_ID_FIELD_NUMBER: _ClassVar[int]
    LINE_ID_FIELD_NUMBER: _ClassVar[int]
    order_key: str
    portfolio_id: str
    listing_id: str
    side: OrderSide
    quantity: _types_pb2.Decimal
    limit_price: _types_pb2.Money
    recommendation_id: str
    line_id: str
    def __init__(self, order_key: _Optional[str] = ..., portfolio_id: _Optional[str] = ..., listing_id: _Optional[str] = ..., side: _Optional[_Union[OrderSide, str]] = ..., quantity: _Optional[_Union[_types_pb2.Decimal, _Mapping]] = ..., limit_price: _Optional[_Union[_types_pb2.Money, _Mapping]] = ..., recommendation_id: _Optional[str] = ..., line_id: _Optional[str] = ...) -> None: ...

class CreateOrderResponse(_message.Message):
    __slots__ = ("order", "status", "fills")
    ORDER_FIELD_NUMBER: _ClassVar[int]
    STATUS_FIELD_NUMBER: _ClassVar[int]
    FILLS_FIELD_NUMBER: _ClassVar[int]
    order: Order
    status: CreateStatus
    fills: _containers.RepeatedCompositeFieldContainer[Fill]
    def __init__(self, order: _Optional[_Union[Order, _Mapping]] = ..., status: _Optional[_Union[CreateStatus, str]] = ..., fills: _Optional[_Iterable[_Union[Fill, _Mapping]]] = ...) -> None: ...

class PlaceRecommendationOrdersRequest(_message.Message):
    __slots__ = ("portfolio_id", "recommendation_id")
    PORTFOLIO_ID_FIELD_NUMBER: _ClassVar[int]
    RECOMMENDATION_ID_FIELD_NUMBER: _ClassVar[int]
    portfolio_id: str
    recommendation_id: str
    def __init__(self, portfolio_id: _Optional[str] = ..., recommendation_id: _Optional[str] = ...) -> None: ...

class LinePlacement(_message.Message):
    __slots__ = ("line_id", "order", "status", "denied_reason", "denied_message")
    LINE_ID_FIELD_NUMBER: _ClassVar[int]
    ORDER_FIELD_NUMBER: _ClassVar[int]
    STATUS_FIELD_NUMBER: _ClassVar[int]
    DENIED_REASON_FIELD_NUMBER: _ClassVar[int]
    DENIED_MESSAGE_FIELD_NUMBER: _ClassVar[int]
    line_id: str
    order: Order
    status: CreateStatus
    denied_reason: str
    denied_message: str
    def __init__(self, line_id: _Optional[str] = ..., order: _Optional[_Union[Order, _Mapping]] = ..., status: _Optional[_Union[CreateStatus, str]] = ..., denied_reason: _Optional[str] = ..., denied_message: _Optional[str] = ...) -> None: ...

class PlaceRecommendationOrdersResponse(_message.Message):
    __slots__ = ("placements",)
    PLACEMENTS_FIELD_NUMBER: _ClassVar[int]
    placements: _containers.RepeatedCompositeFieldContainer[LinePlacement]
    def __init__(self, placements: _Optional[_Iterable[_Union[LinePlacement, _Mapping]]] = ...) -> None: ...

class GetOrderRequest(_message.Message):
    __slots__ = ("portfolio_id", "order_id")
    PORTFOLIO_ID_FIELD_NUMBER: _ClassVar[int]
    ORDER_ID_FIELD_NUMBER: _ClassVar[int]
    portfolio_id: str
    order_id: str
    def __init__(self, portfolio_id: _Optional[str] = ..., order_id: _Optional[str] = ...) -> None: ...

class GetOrderResponse(_message.Message):
    __slots__ = ("order", "fills", "events")
    ORDER_FIELD_NUMBER: _ClassVar[int]
    FILLS_FIELD_NUMBER: _ClassVar[int]
    EVENTS_FIELD_NUMBER: _ClassVar[int]
    order: Order
    fills: _containers.RepeatedCompositeFieldContainer[Fill]
    events: _containers.RepeatedCompositeFieldContainer[OrderEvent]
    def __init__(self, order: _Optional[_Union[Order, _Mapping]] = ..., fills: _Optional[_Iterable[_Union[Fill, _Mapping]]] = ..., events: _Optional[_Iterable[_Union[OrderEvent, _Mapping]]] = ...) -> None: ...

class ListOrdersRequest(_message.Message):
    __slots__ = ("portfolio_id", "page", "states")
    PORTFOLIO_ID_FIELD_NUMBER: _ClassVar[int]
    PAGE_FIELD_NUMBER: _ClassVar[int]
    STATES_FIELD_NUMBER: _ClassVar[int]
    portfolio_id: str
    page: _types_pb2.PageRequest
    states: _containers.RepeatedScalarFieldContainer[OrderState]
    def __init__(self, portfolio_id: _Optional[str] = ..., page: _Optional[_Union[_types_pb2.PageRequest, _Mapping]] = ..., states: _Optional[_Iterable[_Union[OrderState, str]]] = ...) -> None: ...

class ListOrdersResponse(_message.Message):
    __slots__ = ("orders", "page_info")
    ORDERS_FIELD_NUMBER: _ClassVar[int]
    PAGE_INFO_FIELD_NUMBER: _ClassVar[int]
    orders: _containers.RepeatedCompositeFieldContainer[Order]
    page_info: _types_pb2.PageInfo
    def __init__(self, orders: _Optional[_Iterable[_Union[Order, _Mapping]]] = ..., page_info: _Optional[_Union[_types_pb2.PageInfo, _Mapping]] = ...) -> None: ...

class CancelOrderRequest(_message.Message):
    __slots__ = ("portfolio_id", "order_id")
    PORTFOLIO_ID_FIELD_NUMBER: _ClassVar[int]
    ORDER_ID_FIELD_NUMBER: _ClassVar[int]
    portfolio_id: str
    order_id: str
    def __init__(self, portfolio_id: _Optional[str] = ..., order_id: _Optional[str] = ...) -> None: ...

class CancelOrderResponse(_message.Message):
    __slots__ = ("order",)
    ORDER_FIELD_NUMBER: _ClassVar[int]
    order: Order
    def __init__(self, order: _Optional[_Union[Order, _Mapping]] = ...) -> None: ...

class AmendOrderRequest(_message.Message):
    __slots__ = ("portfolio_id", "order_id", "version", "quantity", "limit_price")
    PORTFOLIO_ID_FIELD_NUMBER: _ClassVar[int]
    ORDER_ID_FIELD_NUMBER: _ClassVar[int]
    VERSION_FIELD_NUMBER: _ClassVar[int]
    QUANTITY_FIELD_NUMBER: _ClassVar[int]
    LIMIT_PRICE_FIELD_NUMBER: _ClassVar[int]
    portfolio_id: str
    order_id: str
    version: int
    quantity: _types_pb2.Decimal
    limit_price: _types_pb2.Money
    def __init__(self, portfolio_id: _Optional[str] = ..., order_id: _Optional[str] = ..., version: _Optional[int] = ..., quantity: _Optional[_Union[_types_pb2.Decimal, _Mapping]] = ..., limit_price: _Optional[_Union[_types_pb2.Money, _Mapping]] = ...) -> None: ...

class AmendOrderResponse(_message.Message):
    __slots__ = ("order",)
    ORDER_FIELD_NUMBER: _ClassVar[int]
    order: Order
    def __init__(self, order: _Optional[_Union[Order, _Mapping]] = ...) -> None: ...

class RecordManualFillRequest(_message.Message):
    __slots__ = ("portfolio_id", "order_id", "fill_key", "quantity", "price", "fees", "executed_at")
    PORTFOLIO_ID_FIELD_NUMBER: _ClassVar[int]
    ORDER_ID_FIELD_NUMBER: _ClassVar[int]
    FILL_KEY_FIELD_NUMBER: _ClassVar[int]
    QUANTITY_FIELD_NUMBER: _ClassVar[int]
    PRICE_FIELD_NUMBER: _ClassVar[int]
    FEES_FIELD_NUMBER: _ClassVar[int]
    EXECUTED_AT_FIELD_NUMBER: _ClassVar[int]
    portfolio_id: str
    order_id: str
    fill_key: str
    quantity: _types_pb2.Decimal
    price: _types_pb2.Money
    fees: _types_pb2.Money
    executed_at: _timestamp_pb2.Timestamp
    def __init__(self, portfolio_id: _Optional[str] = ..., order_id: _Optional[str] = ..., fill_key: _Optional[str] = ..., quantity: _Optional[_Union[_types_pb2.Decimal, _Mapping]] = ..., price: _Optional[_Union[_types_pb2.Money, _Mapping]] = ..., fees: _Optional[_Union[_types_pb2.Money, _Mapping]] = ..., executed_at: _Optional[_Union[datetime.datetime, _timestamp_pb2.Timestamp, _Mapping]] = ...) -> None: ...

class RecordManualFillResponse(_message.Message):
    __slots__ = ("order", "fill")
    ORDER_FIELD_NUMBER: _ClassVar[int]
    FILL_FIELD_NUMBER: _ClassVar[int]
    order: Order
    fill: Fill
    def __init__(self, order: _Optional[_Union[Order, _Mapping]] = ..., fill: _Optional[_Union[Fill, _Mapping]] = ...) -> None: ...

class GuardrailLimits(_message.Message):
    __slots__ = ("max_order_notional", "max_daily_loss", "loss_action", "session_policy", "cooldown_rejects", "cooldown_window_s", "cooldown_s")
    MAX_ORDER_NOTIONAL_FIELD_NUMBER: _ClassVar[int]
    MAX_DAILY_LOSS_FIELD_NUMBER: _ClassVar[int]
    LOSS_ACTION_FIELD_NUMBER: _ClassVar[int]
    SESSION_POLICY_FIELD_NUMBER: _ClassVar[int]
    COOLDOWN_REJECTS_FIELD_NUMBER: _ClassVar[int]
    COOLDOWN_WINDOW_S_FIELD_NUMBER: _ClassVar[int]
    COOLDOWN_S_FIELD_NUMBER: _ClassVar[int]
    max_order_notional: _types_pb2.Money
    max_daily_loss: _types_pb2.Money
    loss_action: LossAction
    session_policy: SessionPolicy
    cooldown_rejects: int
    cooldown_window_s: int
    cooldown_s: int
    def __init__(self, max_order_notional: _Optional[_Union[_types_pb2.Money, _Mapping]] = ..., max_daily_loss: _Optional[_Union[_types_pb2.Money, _Mapping]] = ..., loss_action: _Optional[_Union[LossAction, str]] = ..., session_policy: _Optional[_Union[SessionPolicy, str]] = ..., cooldown_rejects: _Optional[int] = ..., cooldown_window_s: _Optional[int] = ..., cooldown_s: _Optional[int] = ...) -> None: ...

class TradingState(_message.Message):
    __slots__ = ("portfolio_id", "mode", "status", "kill_switch", "kill_switch_reason", "dry_run_broker", "limits", "unhealthy", "cooldown_until", "version")
    PORTFOLIO_ID_FIELD_NUMBER: _ClassVar[int]
    MODE_FIELD_NUMBER: _ClassVar[int]
    STATUS_FIELD_NUMBER: _ClassVar[int]
    KILL_SWITCH_FIELD_NUMBER: _ClassVar[int]
    KILL_SWITCH_REASON_FIELD_NUMBER: _ClassVar[int]
    DRY_RUN_BROKER_FIELD_NUMBER: _ClassVar[int]
    LIMITS_FIELD_NUMBER: _ClassVar[int]
    UNHEALTHY_FIELD_NUMBER: _ClassVar[int]
    COOLDOWN_UNTIL_FIELD_NUMBER: _ClassVar[int]
    VERSION_FIELD_NUMBER: _ClassVar[int]
    portfolio_id: str
    mode: TradingMode
    status: TradingStatus
    kill_switch: bool
    kill_switch_reason: str
    dry_run_broker: str
    limits: GuardrailLimits
    unhealthy: _containers.RepeatedScalarFieldContainer[str]
    cooldown_until: _timestamp_pb2.Timestamp
    version: int
    def __init__(self, portfolio_id: _Optional[str] = ..., mode: _Optional[_Union[TradingMode, str]] = ..., status: _Optional[_Union[TradingStatus, str]] = ..., kill_switch: _Optional[bool] = ..., kill_switch_reason: _Optional[str] = ..., dry_run_broker: _Optional[str] = ..., limits: _Optional[_Union[GuardrailLimits, _Mapping]] = ..., unhealthy: _Optional[_Iterable[str]] = ..., cooldown_until: _Optional[_Union[datetime.datetime, _timestamp_pb2.Timestamp, _Mapping]] = ..., version: _Optional[int] = ...) -> None: ...

class GetTradingStateRequest(_message.Message):
    __slots__ = ("portfolio_id",)
    PORTFOLIO_ID_FIELD_NUMBER: _ClassVar[int]
    portfolio_id: str
    def __init__(self, portfolio_id: _Optional[str] = ...) -> None: ...

class GetTradingStateResponse(_message.Message):
    __slots__ = ("state",)
    STATE_FIELD_NUMBER: _ClassVar[int]
    state: TradingState
    def __init__(self, state: _Optional[_Union[TradingState, _Mapping]] = ...) -> None: ...

class SetKillSwitchRequest(_message.Message):
    __slots__ = ("portfolio_id", "engaged", "reason")
    PORTFOLIO_ID_FIELD_NUMBER: _ClassVar[int]
    ENGAGED_FIELD_NUMBER: _ClassVar[int]
    REASON_FIELD_NUMBER: _ClassVar[int]
    portfolio_id: str
    engaged: bool
    reason: str
    def __init__(self, portfolio_id: _Optional[str] = ..., engaged: _Optional[bool] = ..., reason: _Optional[str] = ...) -> None: ...

class SetKillSwitchResponse(_message.Message):
    __slots__ = ("state",)
    STATE_FIELD_NUMBER: _ClassVar[int]
    state: TradingState
    def __init__(self, state: _Optional[_Union[TradingState, _Mapping]] = ...) -> None: ...

class UpdateGuardrailLimitsRequest(_message.Message):
    __slots__ = ("portfolio_id", "version", "limits")
    PORTFOLIO_ID_FIELD_NUMBER: _ClassVar[int]
    VERSION_FIELD_NUMBER: _ClassVar[int]
    LIMITS_FIELD_NUMBER: _ClassVar[int]
    portfolio_id: str
    version: int
    limits: GuardrailLimits
    def __init__(self, portfolio_id: _Optional[str] = ..., version: _Optional[int] = ..., limits: _Optional[_Union[GuardrailLimits, _Mapping]] = ...) -> None: ...

class UpdateGuardrailLimitsResponse(_message.Message):
    __slots__ = ("state",)
    STATE_FIELD_NUMBER: _ClassVar[int]
    state: TradingState
    def __init__(self, state: _Optional[_Union[TradingState, _Mapping]] = ...) -> None: ...

class SetDryRunBrokerRequest(_message.Message):
    __slots__ = ("portfolio_id", "broker")
    PORTFOLIO_ID_FIELD_NUMBER: _ClassVar[int]
    BROKER_FIELD_NUMBER: _ClassVar[int]
    portfolio_id: str
    broker: str
    def __init__(self, portfolio_id: _Optional[str] = ..., broker: _Optional[str] = ...) -> None: ...

class SetDryRunBrokerResponse(_message.Message):
    __slots__ = ("state",)
    STATE_FIELD_NUMBER: _ClassVar[int]
    state: TradingState
    def __init__(self, state: _Optional[_Union[TradingState, _Mapping]] = ...) -> None: ...

class RequestLiveModeRequest(_message.Message):
    __slots__ = ("portfolio_id", "password")
    PORTFOLIO_ID_FIELD_NUMBER: _ClassVar[int]
    PASSWORD_FIELD_NUMBER: _ClassVar[int]
    portfolio_id: str
    password: str
    def __init__(self, portfolio_id: _Optional[str] = ..., password: _Optional[str] = ...) -> None: ...

class RequestLiveModeResponse(_message.Message):
    __slots__ = ("confirmation_id", "risk_summary_json", "risk_summary_sha256", "expires_at")
    CONFIRMATION_ID_FIELD_NUMBER: _ClassVar[int]
    RISK_SUMMARY_JSON_FIELD_NUMBER: _ClassVar[int]
    RISK_SUMMARY_SHA256_FIELD_NUMBER: _ClassVar[int]
    EXPIRES_AT_FIELD_NUMBER: _ClassVar[int]
    confirmation_id: str
    risk_summary_json: str
    risk_summary_sha256: str
    expires_at: _timestamp_pb2.Timestamp
    def __init__(self, confirmation_id: _Optional[str] = ..., risk_summary_json: _Optional[str] = ..., risk_summary_sha256: _Optional[str] = ..., expires_at: _Optional[_Union[datetime.datetime, _timestamp_pb2.Timestamp, _Mapping]] = ...) -> None: ...

class ConfirmLiveModeRequest(_message.Message):
    __slots__ = ("portfolio_id", "confirmation_id", "risk_summary_sha256")
    PORTFOLIO_ID_FIELD_NUMBER: _ClassVar[int]
    CONFIRMATION_ID_FIELD_NUMBER: _ClassVar[int]
    RISK_SUMMARY_SHA256_FIELD_NUMBER: _ClassVar[int]
    portfolio_id: str
    confirmation_id: str
    risk_summary_sha256: str
    def __init__(self, portfolio_id: _Optional[str] = ..., confirmation_id: _Optional[str] = ..., risk_summary_sha256: _Optional[str] = ...) -> None: ...

class ConfirmLiveModeResponse(_message.Message):
    __slots__ = ("state",)
    STATE_FIELD_NUMBER: _ClassVar[int]
    state: TradingState
    def __init__(self, state: _Optional[_Union[TradingState, _Mapping]] = ...) -> None: ...

class SwitchToDryRunRequest(_message.Message):
    __slots__ = ("portfolio_id",)
    PORTFOLIO_ID_FIELD_NUMBER: _ClassVar[int]
    portfolio_id: str
    def __init__(self, portfolio_id: _Optional[str] = ...) -> None: ...

class SwitchToDryRunResponse(_message.Message):
    __slots__ = ("state",)
    STATE_FIELD_NUMBER: _ClassVar[int]
    state: TradingState
    def __init__(self, state: _Optional[_Union[TradingState, _Mapping]] = ...) -> None: ...

class DeadLetter(_message.Message):
    __slots__ = ("dead_letter_id", "portfolio_id", "order_id", "operation", "broker", "client_order_id", "status", "attempts", "max_attempts", "last_error", "next_attempt_at", "context_json", "created_at", "updated_at")
    DEAD_LETTER_ID_FIELD_NUMBER: _ClassVar[int]
    PORTFOLIO_ID_FIELD_NUMBER: _ClassVar[int]
    ORDER_ID_FIELD_NUMBER: _ClassVar[int]
    OPERATION_FIELD_NUMBER: _ClassVar[int]
    BROKER_FIELD_NUMBER: _ClassVar[int]
    CLIENT_ORDER_ID_FIELD_NUMBER: _ClassVar[int]
    STATUS_FIELD_NUMBER: _ClassVar[int]
    ATTEMPTS_FIELD_NUMBER: _ClassVar[int]
    MAX_ATTEMPTS_FIELD_NUMBER: _ClassVar[int]
    LAST_ERROR_FIELD_NUMBER: _ClassVar[int]
    NEXT_ATTEMPT_AT_FIELD_NUMBER: _ClassVar[int]
    CONTEXT_JSON_FIELD_NUMBER: _ClassVar[int]
    CREATED_AT_FIELD_NUMBER: _ClassVar[int]
    UPDATED_AT_FIELD_NUMBER: _ClassVar[int]
    dead_letter_id: str
    portfolio_id: str
    order_id: str
    operation: str
    broker: str
    client_order_id: str
    status: DeadLetterStatus
    attempts: int
    max_attempts: int
    last_error: str
    next_attempt_at: _timestamp_pb2.Timestamp
    context_json: str
    created_at: _timestamp_pb2.Timestamp
    updated_at: _timestamp_pb2.Timestamp
    def __init__(self, dead_letter_id: _Optional[str] = ..., portfolio_id: _Optional[str] = ..., order_id: _Optional[str] = ..., operation: _Optional[str] = ..., broker: _Optional[str] = ..., client_order_id: _Optional[str] = ..., status: _Optional[_Union[DeadLetterStatus, str]] = ..., attempts: _Optional[int] = ..., max_attempts: _Optional[int] = ..., last_error: _Optional[str] = ..., next_attempt_at: _Optional[_Union[datetime.datetime, _timestamp_pb2.Timestamp, _Mapping]] = ..., context_json: _Optional[str] = ..., created_at: _Optional[_Union[datetime.datetime, _timestamp_pb2.Timestamp, _Mapping]] = ..., updated_at: _Optional[_Union[datetime.datetime, _timestamp_pb2.Timestamp, _Mapping]] = ...) -> None: ...

class ListDeadLettersRequest(_message.Message):
    __slots__ = ("portfolio_id", "statuses")
    PORTFOLIO_ID_FIELD_NUMBER: _ClassVar[int]
    STATUSES_FIELD_NUMBER: _ClassVar[int]
    portfolio_id: str
    statuses: _containers.RepeatedScalarFieldContainer[DeadLetterStatus]
    def __init__(self, portfolio_id: _Optional[str] = ..., statuses: _Optional[_Iterable[_Union[DeadLetterStatus, str]]] = ...) -> None: ...

class ListDeadLettersResponse(_message.Message):
    __slots__ = ("dead_letters",)
    DEAD_LETTERS_FIELD_NUMBER: _ClassVar[int]
    dead_letters: _containers.RepeatedCompositeFieldContainer[DeadLetter]
    def __init__(self, dead_letters: _Optional[_Iterable[_Union[DeadLetter, _Mapping]]] = ...) -> None: ...

class GetDeadLetterRequest(_message.Message):
    __slots__ = ("portfolio_id", "dead_letter_id")
    PORTFOLIO_ID_FIELD_NUMBER: _ClassVar[int]
    DEAD_LETTER_ID_FIELD_NUMBER: _ClassVar[int]
    portfolio_id: str
    dead_letter_id: str
    def __init__(self, portfolio_id: _Optional[str] = ..., dead_letter_id: _Optional[str] = ...) -> None: ...

class GetDeadLetterResponse(_message.Message):
    __slots__ = ("dead_letter",)
    DEAD_LETTER_FIELD_NUMBER: _ClassVar[int]
    dead_letter: DeadLetter
    def __init__(self, dead_letter: _Optional[_Union[DeadLetter, _Mapping]] = ...) -> None: ...

class ReplayDeadLetterRequest(_message.Message):
    __slots__ = ("portfolio_id", "dead_letter_id")
    PORTFOLIO_ID_FIELD_NUMBER: _ClassVar[int]
    DEAD_LETTER_ID_FIELD_NUMBER: _ClassVar[int]
    portfolio_id: str
    dead_letter_id: str
    def __init__(self, portfolio_id: _Optional[str] = ..., dead_letter_id: _Optional[str] = ...) -> None: ...

class ReplayDeadLetterResponse(_message.Message):
    __slots__ = ("dead_letter", "order")
    DEAD_LETTER_FIELD_NUMBER: _ClassVar[int]
    ORDER_FIELD_NUMBER: _ClassVar[int]
    dead_letter: DeadLetter
    order: Order
    def __init__(self, dead_letter: _Optional[_Union[DeadLetter, _Mapping]] = ..., order: _Optional[_Union[Order, _Mapping]] = ...) -> None: ...

class AbandonDeadLetterRequest(_message.Message):
    __slots__ = ("portfolio_id", "dead_letter_id", "reason")
    PORTFOLIO_ID_FIELD_NUMBER: _ClassVar[int]
    DEAD_LETTER_ID_FIELD_NUMBER: _ClassVar[int]
    REASON_FIELD_NUMBER: _ClassVar[int]
    portfolio_id: str
    dead_letter_id: str
    reason: str
    def __init__(self, portfolio_id: _Optional[str] = ..., dead_letter_id: _Optional[str] = ..., reason: _Optional[str] = ...) -> None: ...

class AbandonDeadLetterResponse(_message.Message):
    __slots__ = ("dead_letter", "order")
    DEAD_LETTER_FIELD_NUMBER: _ClassVar[int]
    ORDER_FIELD_NUMBER: _ClassVar[int]
    dead_letter: DeadLetter
    order: Order
    def __init__(self, dead_letter: _Optional[_Union[DeadLetter, _Mapping]] = ..., order: _Optional[_Union[Order, _Mapping]] = ...) -> None: ...

class RunDueWorkRequest(_message.Message):
    __slots__ = ("max_dead_letters",)
    MAX_DEAD_LETTERS_FIELD_NUMBER: _ClassVar[int]
    max_dead_letters: int
    def __init__(self, max_dead_letters: _Optional[int] = ...) -> None: ...

class RunDueWorkResponse(_message.Message):
    __slots__ = ("dead_letters_attempted", "fills_booked", "fell_back", "queued_released")
    DEAD_LETTERS_ATTEMPTED_FIELD_NUMBER: _ClassVar[int]
    FILLS_BOOKED_FIELD_NUMBER: _ClassVar[int]
    FELL_BACK_FIELD_NUMBER: _ClassVar[int]
    QUEUED_RELEASED_FIELD_NUMBER: _ClassVar[int]
    dead_letters_attempted: int
    fills_booked: int
    fell_back: _containers.RepeatedScalarFieldContainer[str]
    queued_released: int
    def __init__(self, dead_letters_attempted: _Optional[int] = ..., fills_booked: _Optional[int] = ..., fell_back: _Optional[_Iterable[str]] = ..., queued_released: _Optional[int] = ...) -> None: ...
