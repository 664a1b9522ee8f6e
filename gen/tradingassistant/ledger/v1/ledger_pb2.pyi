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

class EntryKind(int, metaclass=_enum_type_wrapper.EnumTypeWrapper):
    __slots__ = ()
    ENTRY_KIND_UNSPECIFIED: _ClassVar[EntryKind]
    ENTRY_KIND_CONTRIBUTION: _ClassVar[EntryKind]
    ENTRY_KIND_WITHDRAWAL: _ClassVar[EntryKind]
    ENTRY_KIND_FEE: _ClassVar[EntryKind]
    ENTRY_KIND_INTEREST: _ClassVar[EntryKind]
    ENTRY_KIND_DIVIDEND: _ClassVar[EntryKind]
    ENTRY_KIND_BUY: _ClassVar[EntryKind]
    ENTRY_KIND_SELL: _ClassVar[EntryKind]
    ENTRY_KIND_STOCK_SPLIT: _ClassVar[EntryKind]
    ENTRY_KIND_REVERSAL: _ClassVar[EntryKind]

class SubmitStatus(int, metaclass=_enum_type_wrapper.EnumTypeWrapper):
    __slots__ = ()
    SUBMIT_STATUS_UNSPECIFIED: _ClassVar[SubmitStatus]
    SUBMIT_STATUS_CREATED: _ClassVar[SubmitStatus]
    SUBMIT_STATUS_EXISTS: _ClassVar[SubmitStatus]
ENTRY_KIND_UNSPECIFIED: EntryKind
ENTRY_KIND_CONTRIBUTION: EntryKind
ENTRY_KIND_WITHDRAWAL: EntryKind
ENTRY_KIND_FEE: EntryKind
ENTRY_KIND_INTEREST: EntryKind
ENTRY_KIND_DIVIDEND: EntryKind
ENTRY_KIND_BUY: EntryKind
ENTRY_KIND_SELL: EntryKind
ENTRY_KIND_STOCK_SPLIT: EntryKind
ENTRY_KIND_REVERSAL: EntryKind
SUBMIT_STATUS_UNSPECIFIED: SubmitStatus
SUBMIT_STATUS_CREATED: SubmitStatus
SUBMIT_STATUS_EXISTS: SubmitStatus

class Entry(_message.Message):
    __slots__ = ("entry_id", "kind", "amount", "listing_id", "quantity", "price", "fx_rate", "fees", "entry_date", "settlement_date", "split_ratio", "reverses_entry_id", "memo", "listing_amount", "cash_change", "batch_id", "sequence", "posted_at", "reversed_by_entry_id")
    ENTRY_ID_FIELD_NUMBER: _ClassVar[int]
    KIND_FIELD_NUMBER: _ClassVar[int]
    AMOUNT_FIELD_NUMBER: _ClassVar[int]
    LISTING_ID_FIELD_NUMBER: _ClassVar[int]
    QUANTITY_FIELD_NUMBER: _ClassVar[int]
    PRICE_FIELD_NUMBER: _ClassVar[int]
    FX_RATE_FIELD_NUMBER: _ClassVar[int]
    FEES_FIELD_NUMBER: _ClassVar[int]
    ENTRY_DATE_FIELD_NUMBER: _ClassVar[int]
    SETTLEMENT_DATE_FIELD_NUMBER: _ClassVar[int]
    SPLIT_RATIO_FIELD_NUMBER: _ClassVar[int]
    REVERSES_ENTRY_ID_FIELD_NUMBER: _ClassVar[int]
    MEMO_FIELD_NUMBER: _ClassVar[int]
    LISTING_AMOUNT_FIELD_NUMBER: _ClassVar[int]
    CASH_CHANGE_FIELD_NUMBER: _ClassVar[int]
    BATCH_ID_FIELD_NUMBER: _ClassVar[int]
    SEQUENCE_FIELD_NUMBER: _ClassVar[int]
    POSTED_AT_FIELD_NUMBER: _ClassVar[int]
    REVERSED_BY_ENTRY_ID_FIELD_NUMBER: _ClassVar[int]
    entry_id: str
    kind: EntryKind
    amount: _types_pb2.Money
    listing_id: str
    quantity: _types_pb2.Decimal
    price: _types_pb2.Money
    fx_rate: _types_pb2.Decimal
    fees: _types_pb2.Money
    entry_date: str
    settlement_date: str
    split_ratio: _types_pb2.Decimal
    reverses_entry_id: str
    memo: str
    listing_amount: _types_pb2.Money
    cash_change: _types_pb2.Money
    batch_id: str
    sequence: int
    posted_at: _timestamp_pb2.Timestamp
    reversed_by_entry_id: str
    def __init__(self, entry_id: _Optional[str] = ..., kind: _Optional[_Union[EntryKind, str]] = ..., amount: _Optional[_Union[_types_pb2.Money, _Mapping]] = ..., listing_id: _Optional[str] = ..., quantity: _Optional[_Union[_types_pb2.Decimal, _Mapping]] = ..., price: _Optional[_Union[_types_pb2.Money, _Mapping]] = ..., fx_rate: _Optional[_Union[_types_pb2.Decimal, _Mapping]] = ..., fees: _Optional[_Union[_types_pb2.Money, _Mapping]] = ..., entry_date: _Optional[str] = ..., settlement_date: _Optional[str] = ..., split_ratio: _Optional[_Union[_types_pb2.Decimal, _Mapping]] = ..., reverses_entry_id: _Optional[str] = ..., memo: _Optional[str] = ..., listing_amount: _Optional[_Union[_types_pb2.Money, _Mapping]] = ..., cash_change: _Optional[_Union[_types_pb2.Money, _Mapping]] = ..., batch_id: _Optional[str] = ..., sequence: _Optional[int] = ..., posted_at: _Optional[_Union[datetime.datetime, _timestamp_pb2.Timestamp, _Mapping]] = ..., reversed_by_entry_id: _Optional[str] = ...) -> None: ...

class Batch(_message.Message):
    __slots__ = ("batch_id", "portfolio_id", "sequence", "posted_at", "actor_user_id", "entries")
    BATCH_ID_FIELD_NUMBER: _ClassVar[int]
    PORTFOLIO_ID_FIELD_NUMBER: _ClassVar[int]
    SEQUENCE_FIELD_NUMBER: _ClassVar[int]
    POSTED_AT_FIELD_NUMBER: _ClassVar[int]
    ACTOR_USER_ID_FIELD_NUMBER: _ClassVar[int]
    ENTRIES_FIELD_NUMBER: _ClassVar[int]
    batch_id: str
    portfolio_id: str
    sequence: int
    posted_at: _timestamp_pb2.Timestamp
    actor_user_id: str
    entries: _containers.RepeatedCompositeFieldContainer[Entry]
    def __init__(self, batch_id: _Optional[str] = ..., portfolio_id: _Optional[str] = ..., sequence: _Optional[int] = ..., posted_at: _Optional[_Union[datetime.datetime, _timestamp_pb2.Timestamp, _Mapping]] = ..., actor_user_id: _Optional[str] = ..., entries: _Optional[_Iterable[_Union[Entry, _Mapping]]] = ...) -> None: ...

class SubmitBatchRequest(_message.Message):
    __slots__ = ("batch_id", "portfolio_id", "entries")
    BATCH_ID_FIELD_NUMBER: _ClassVar[int]
    PORTFOLIO_ID_FIELD_NUMBER: _ClassVar[int]
    ENTRIES_FIELD_NUMBER: _ClassVar[int]
    batch_id: str
    portfolio_id: str
    entries: _containers.RepeatedCompositeFieldContainer[Entry]
    def __init__(self, batch_id: _Optional[str] = ..., portfolio_id: _Optional[str] = ..., entries: _Optional[_Iterable[_Union[Entry, _Mapping]]] = ...) -> None: ...

class SubmitBatchResponse(_message.Message):
    __slots__ = ("batch", "status")
    BATCH_FIELD_NUMBER: _ClassVar[int]
    STATUS_FIELD_NUMBER: _ClassVar[int]
    batch: Batch
    status: SubmitStatus
    def __init__(self, batch: _Optional[_Union[Batch, _Mapping]] = ..., status: _Optional[_Union[SubmitStatus, str]] = ...) -> None: ...

class ListEntriesRequest(_message.Message):
    __slots__ = ("portfolio_id", "page", "kinds", "listing_id", "entry_date_from", "entry_date_to", "newest_first")
    PORTFOLIO_ID_FIELD_NUMBER: _ClassVar[int]
    PAGE_FIELD_NUMBER: _ClassVar[int]
    KINDS_FIELD_NUMBER: _ClassVar[int]
    LISTING_ID_FIELD_NUMBER: _ClassVar[int]
    ENTRY_DATE_FROM_FIELD_NUMBER: _ClassVar[int]
    ENTRY_DATE_TO_FIELD_NUMBER: _ClassVar[int]
    NEWEST_FIRST_FIELD_NUMBER: _ClassVar[int]
    portfolio_id: str
    page: _types_pb2.PageRequest
    kinds: _containers.RepeatedScalarFieldContainer[EntryKind]
    listing_id: str
    entry_date_from: str
    entry_date_to: str
    newest_first: bool
    def __init__(self, portfolio_id: _Optional[str] = ..., page: _Optional[_Union[_types_pb2.PageRequest, _Mapping]] = ..., kinds: _Optional[_Iterable[_Union[EntryKind, str]]] = ..., listing_id: _Optional[str] = ..., entry_date_from: _Optional[str] = ..., entry_date_to: _Optional[str] = ..., newest_first: _Optional[bool] = ...) -> None: ...

class ListEntriesResponse(_message.Message):
    __slots__ = ("entries", "page")
    ENTRIES_FIELD_NUMBER: _ClassVar[int]
    PAGE_FIELD_NUMBER: _ClassVar[int]
    entries: _containers.RepeatedCompositeFieldContainer[Entry]
    page: _types_pb2.PageInfo
    def __init__(self, entries: _Optional[_Iterable[_Union[Entry, _Mapping]]] = ..., page: _Optional[_Union[_types_pb2.PageInfo, _Mapping]] = ...) -> None: ...

class Holding(_message.Message):
    __slots__ = ("listing_id", "quantity", "average_cost", "cost_basis", "last_entry_id", "last_sequence")
    LISTING_ID_FIELD_NUMBER: _ClassVar[int]
    QUANTITY_FIELD_NUMBER: _ClassVar[int]
    AVERAGE_COST_FIELD_NUMBER: _ClassVar[int]
    COST_BASIS_FIELD_NUMBER: _ClassVar[int]
    LAST_ENTRY_ID_FIELD_NUMBER: _ClassVar[int]
    LAST_SEQUENCE_FIELD_NUMBER: _ClassVar[int]
    listing_id: str
    quantity: _types_pb2.Decimal
    average_cost: _types_pb2.Money
    cost_basis: _types_pb2.Money
    last_entry_id: str
    last_sequence: int
    def __init__(self, listing_id: _Optional[str] = ..., quantity: _Optional[_Union[_types_pb2.Decimal, _Mapping]] = ..., average_cost: _Optional[_Union[_types_pb2.Money, _Mapping]] = ..., cost_basis: _Optional[_Union[_types_pb2.Money, _Mapping]] = ..., last_entry_id: _Optional[str] = ..., last_sequence: _Optional[int] = ...) -> None: ...

class ListHoldingsRequest(_message.Message):
    __slots__ = ("portfolio_id", "include_closed")
    PORTFOLIO_ID_FIELD_NUMBER: _ClassVar[int]
    INCLUDE_CLOSED_FIELD_NUMBER: _ClassVar[int]
    portfolio_id: str
    include_closed: bool
    def __init__(self, portfolio_id: _Optional[str] = ..., include_closed: _Optional[bool] = ...) -> None: ...

class ListHoldingsResponse(_message.Message):
    __slots__ = ("holdings",)
    HOLDINGS_FIELD_NUMBER: _ClassVar[int]
    holdings: _containers.RepeatedCompositeFieldContainer[Holding]
    def __init__(self, holdings: _Optional[_Iterable[_Union[Holding, _Mapping]]] = ...) -> None: ...

class CashBalance(_message.Message):
    __slots__ = ("balance", "last_entry_id", "last_sequence")
    BALANCE_FIELD_NUMBER: _ClassVar[int]
    LAST_ENTRY_ID_FIELD_NUMBER: _ClassVar[int]
    LAST_SEQUENCE_FIELD_NUMBER: _ClassVar[int]
    balance: _types_pb2.Money
    last_entry_id: str
    last_sequence: int
    def __init__(self, balance: _Optional[_Union[_types_pb2.Money, _Mapping]] = ..., last_entry_id: _Optional[str] = ..., last_sequence: _Optional[int] = ...) -> None: ...

class ListCashRequest(_message.Message):
    __slots__ = ("portfolio_id",)
    PORTFOLIO_ID_FIELD_NUMBER: _ClassVar[int]
    portfolio_id: str
    def __init__(self, portfolio_id: _Optional[str] = ...) -> None: ...

class ListCashResponse(_message.Message):
    __slots__ = ("balances",)
    BALANCES_FIELD_NUMBER: _ClassVar[int]
    balances: _containers.RepeatedCompositeFieldContainer[CashBalance]
    def __init__(self, balances: _Optional[_Iterable[_Union[CashBalance, _Mapping]]] = ...) -> None: ...

class LedgerAccount(_message.Message):
    __slots__ = ("portfolio_id", "base_currency", "allow_negative_cash", "allow_short", "entry_count", "batch_count", "version")
    PORTFOLIO_ID_FIELD_NUMBER: _ClassVar[int]
    BASE_CURRENCY_FIELD_NUMBER: _ClassVar[int]
    ALLOW_NEGATIVE_CASH_FIELD_NUMBER: _ClassVar[int]
    ALLOW_SHORT_FIELD_NUMBER: _ClassVar[int]
    ENTRY_COUNT_FIELD_NUMBER: _ClassVar[int]
    BATCH_COUNT_FIELD_NUMBER: _ClassVar[int]
    VERSION_FIELD_NUMBER: _ClassVar[int]
    portfolio_id: str
    base_currency: str
    allow_negative_cash: bool
    allow_short: bool
    entry_count: int
    batch_count: int
    version: int
    def __init__(self, portfolio_id: _Optional[str] = ..., base_currency: _Optional[str] = ..., allow_negative_cash: _Optional[bool] = ..., allow_short: _Optional[bool] = ..., entry_count: _Optional[int] = ..., batch_count: _Optional[int] = ..., version: _Optional[int] = ...) -> None: ...

class GetAccountRequest(_message.Message):
    __slots__ = ("portfolio_id",)
    PORTFOLIO_ID_FIELD_NUMBER: _ClassVar[int]
    portfolio_id: str
    def __init__(self, portfolio_id: _Optional[str] = ...) -> None: ...

class GetAccountResponse(_message.Message):
    __slots__ = ("account",)
    ACCOUNT_FIELD_NUMBER: _ClassVar[int]
    account: LedgerAccount
    def __init__(self, account: _Optional[_Union[LedgerAccount, _Mapping]] = ...) -> None: ...

class UpdateAccountRequest(_message.Message):
    __slots__ = ("portfolio_id", "version", "allow_negative_cash", "allow_short")
    PORTFOLIO_ID_FIELD_NUMBER: _ClassVar[int]
    VERSION_FIELD_NUMBER: _ClassVar[int]
    ALLOW_NEGATIVE_CASH_FIELD_NUMBER: _ClassVar[int]
    ALLOW_SHORT_FIELD_NUMBER: _ClassVar[int]
    portfolio_id: str
    version: int
    allow_negative_cash: bool
    allow_short: bool
    def __init__(self, portfolio_id: _Optional[str] = ..., version: _Optional[int] = ..., allow_negative_cash: _Optional[bool] = ..., allow_short: _Optional[bool] = ...) -> None: ...

class UpdateAccountResponse(_message.Message):
    __slots__ = ("account",)
    ACCOUNT_FIELD_NUMBER: _ClassVar[int]
    account: LedgerAccount
    def __init__(self, account: _Optional[_Union[LedgerAccount, _Mapping]] = ...) -> None: ...

class VerifyPortfolioRequest(_message.Message):
    __slots__ = ("portfolio_id",)
    PORTFOLIO_ID_FIELD_NUMBER: _ClassVar[int]
    portfolio_id: str
    def __init__(self, portfolio_id: _Optional[str] = ...) -> None: ...

class Difference(_message.Message):
    __slots__ = ("subject", "field", "snapshot_value", "replay_value")
    SUBJECT_FIELD_NUMBER: _ClassVar[int]
    FIELD_FIELD_NUMBER: _ClassVar[int]
    SNAPSHOT_VALUE_FIELD_NUMBER: _ClassVar[int]
    REPLAY_VALUE_FIELD_NUMBER: _ClassVar[int]
    subject: str
    field: str
    snapshot_value: str
    replay_value: str
    def __init__(self, subject: _Optional[str] = ..., field: _Optional[str] = ..., snapshot_value: _Optional[str] = ..., replay_value: _Optional[str] = ...) -> None: ...

class VerifyPortfolioResponse(_message.Message):
    __slots__ = ("consistent", "differences", "entries_replayed")
    CONSISTENT_FIELD_NUMBER: _ClassVar[int]
    DIFFERENCES_FIELD_NUMBER: _ClassVar[int]
    ENTRIES_REPLAYED_FIELD_NUMBER: _ClassVar[int]
    consistent: bool
    differences: _containers.RepeatedCompositeFieldContainer[Difference]
    entries_replayed: int
    def __init__(self, consistent: _Optional[bool] = ..., differences: _Optional[_Iterable[_Union[Difference, _Mapping]]] = ..., entries_replayed: _Optional[int] = ...) -> None: ...

class ListHoldersRequest(_message.Message):
    __slots__ = ("listing_ids", "portfolio_ids")
    LISTING_IDS_FIELD_NUMBER: _ClassVar[int]
    PORTFOLIO_IDS_FIELD_NUMBER: _ClassVar[int]
    listing_ids: _containers.RepeatedScalarFieldContainer[str]
    portfolio_ids: _containers.RepeatedScalarFieldContainer[str]
    def __init__(self, listing_ids: _Optional[_Iterable[str]] = ..., portfolio_ids: _Optional[_Iterable[str]] = ...) -> None: ...

class Holder(_message.Message):
    __slots__ = ("portfolio_id", "listing_id", "quantity")
    PORTFOLIO_ID_FIELD_NUMBER: _ClassVar[int]
    LISTING_ID_FIELD_NUMBER: _ClassVar[int]
    QUANTITY_FIELD_NUMBER: _ClassVar[int]
    portfolio_id: str
    listing_id: str
    quantity: _types_pb2.Decimal
    def __init__(self, portfolio_id: _Optional[str] = ..., listing_id: _Optional[str] = ..., quantity: _Optional[_Union[_types_pb2.Decimal, _Mapping]] = ...) -> None: ...

class ListHoldersResponse(_message.Message):
    __slots__ = ("holders",)
    HOLDERS_FIELD_NUMBER: _ClassVar[int]
    holders: _containers.RepeatedCompositeFieldContainer[Holder]
    def __init__(self, holders: _Optional[_Iterable[_Union[Holder, _Mapping]]] = ...) -> None: ...
