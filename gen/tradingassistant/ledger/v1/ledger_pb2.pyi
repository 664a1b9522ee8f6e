from tradingassistant.common.v1 import types_pb2 as _types_pb2
from google.protobuf.internal import containers as _containers
from google.protobuf import descriptor as _descriptor
from google.protobuf import message as _message
from collections.abc import Iterable as _Iterable, Mapping as _Mapping
from typing import ClassVar as _ClassVar, Optional as _Optional, Union as _Union

DESCRIPTOR: _descriptor.FileDescriptor

class SubmitBatchRequest(_message.Message):
    __slots__ = ("batch_id", "portfolio_id")
    BATCH_ID_FIELD_NUMBER: _ClassVar[int]
    PORTFOLIO_ID_FIELD_NUMBER: _ClassVar[int]
    batch_id: str
    portfolio_id: str
    def __init__(self, batch_id: _Optional[str] = ..., portfolio_id: _Optional[str] = ...) -> None: ...

class SubmitBatchResponse(_message.Message):
    __slots__ = ("batch_id",)
    BATCH_ID_FIELD_NUMBER: _ClassVar[int]
    batch_id: str
    def __init__(self, batch_id: _Optional[str] = ...) -> None: ...

class Holding(_message.Message):
    __slots__ = ("listing_id", "quantity", "average_cost")
    LISTING_ID_FIELD_NUMBER: _ClassVar[int]
    QUANTITY_FIELD_NUMBER: _ClassVar[int]
    AVERAGE_COST_FIELD_NUMBER: _ClassVar[int]
    listing_id: str
    quantity: _types_pb2.Decimal
    average_cost: _types_pb2.Money
    def __init__(self, listing_id: _Optional[str] = ..., quantity: _Optional[_Union[_types_pb2.Decimal, _Mapping]] = ..., average_cost: _Optional[_Union[_types_pb2.Money, _Mapping]] = ...) -> None: ...

class ListHoldingsRequest(_message.Message):
    __slots__ = ("portfolio_id",)
    PORTFOLIO_ID_FIELD_NUMBER: _ClassVar[int]
    portfolio_id: str
    def __init__(self, portfolio_id: _Optional[str] = ...) -> None: ...

class ListHoldingsResponse(_message.Message):
    __slots__ = ("holdings", "cash")
    HOLDINGS_FIELD_NUMBER: _ClassVar[int]
    CASH_FIELD_NUMBER: _ClassVar[int]
    holdings: _containers.RepeatedCompositeFieldContainer[Holding]
    cash: _containers.RepeatedCompositeFieldContainer[_types_pb2.Money]
    def __init__(self, holdings: _Optional[_Iterable[_Union[Holding, _Mapping]]] = ..., cash: _Optional[_Iterable[_Union[_types_pb2.Money, _Mapping]]] = ...) -> None: ...

class VerifyPortfolioRequest(_message.Message):
    __slots__ = ("portfolio_id",)
    PORTFOLIO_ID_FIELD_NUMBER: _ClassVar[int]
    portfolio_id: str
    def __init__(self, portfolio_id: _Optional[str] = ...) -> None: ...

class VerifyPortfolioResponse(_message.Message):
    __slots__ = ("consistent", "differences")
    CONSISTENT_FIELD_NUMBER: _ClassVar[int]
    DIFFERENCES_FIELD_NUMBER: _ClassVar[int]
    consistent: bool
    differences: _containers.RepeatedScalarFieldContainer[str]
    def __init__(self, consistent: _Optional[bool] = ..., differences: _Optional[_Iterable[str]] = ...) -> None: ...
