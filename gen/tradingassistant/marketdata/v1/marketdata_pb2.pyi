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
PRICE_KIND_UNSPECIFIED: PriceKind
PRICE_KIND_INTRADAY: PriceKind
PRICE_KIND_EOD: PriceKind

class PricePoint(_message.Message):
    __slots__ = ("listing_id", "observed_at", "kind", "source", "price")
    LISTING_ID_FIELD_NUMBER: _ClassVar[int]
    OBSERVED_AT_FIELD_NUMBER: _ClassVar[int]
    KIND_FIELD_NUMBER: _ClassVar[int]
    SOURCE_FIELD_NUMBER: _ClassVar[int]
    PRICE_FIELD_NUMBER: _ClassVar[int]
    listing_id: str
    observed_at: _timestamp_pb2.Timestamp
    kind: PriceKind
    source: str
    price: _types_pb2.Money
    def __init__(self, listing_id: _Optional[str] = ..., observed_at: _Optional[_Union[datetime.datetime, _timestamp_pb2.Timestamp, _Mapping]] = ..., kind: _Optional[_Union[PriceKind, str]] = ..., source: _Optional[str] = ..., price: _Optional[_Union[_types_pb2.Money, _Mapping]] = ...) -> None: ...

class RefreshPricesRequest(_message.Message):
    __slots__ = ("request_id", "listing_ids")
    REQUEST_ID_FIELD_NUMBER: _ClassVar[int]
    LISTING_IDS_FIELD_NUMBER: _ClassVar[int]
    request_id: str
    listing_ids: _containers.RepeatedScalarFieldContainer[str]
    def __init__(self, request_id: _Optional[str] = ..., listing_ids: _Optional[_Iterable[str]] = ...) -> None: ...

class RefreshPricesResponse(_message.Message):
    __slots__ = ("task_run_id",)
    TASK_RUN_ID_FIELD_NUMBER: _ClassVar[int]
    task_run_id: str
    def __init__(self, task_run_id: _Optional[str] = ...) -> None: ...

class GetLatestPricesRequest(_message.Message):
    __slots__ = ("listing_ids",)
    LISTING_IDS_FIELD_NUMBER: _ClassVar[int]
    listing_ids: _containers.RepeatedScalarFieldContainer[str]
    def __init__(self, listing_ids: _Optional[_Iterable[str]] = ...) -> None: ...

class GetLatestPricesResponse(_message.Message):
    __slots__ = ("prices",)
    PRICES_FIELD_NUMBER: _ClassVar[int]
    prices: _containers.RepeatedCompositeFieldContainer[PricePoint]
    def __init__(self, prices: _Optional[_Iterable[_Union[PricePoint, _Mapping]]] = ...) -> None: ...
