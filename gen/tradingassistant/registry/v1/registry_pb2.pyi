from tradingassistant.common.v1 import types_pb2 as _types_pb2
from google.protobuf.internal import containers as _containers
from google.protobuf import descriptor as _descriptor
from google.protobuf import message as _message
from collections.abc import Iterable as _Iterable, Mapping as _Mapping
from typing import ClassVar as _ClassVar, Optional as _Optional, Union as _Union

DESCRIPTOR: _descriptor.FileDescriptor

class Portfolio(_message.Message):
    __slots__ = ("portfolio_id", "name", "base_currency", "owner_user_id", "version")
    PORTFOLIO_ID_FIELD_NUMBER: _ClassVar[int]
    NAME_FIELD_NUMBER: _ClassVar[int]
    BASE_CURRENCY_FIELD_NUMBER: _ClassVar[int]
    OWNER_USER_ID_FIELD_NUMBER: _ClassVar[int]
    VERSION_FIELD_NUMBER: _ClassVar[int]
    portfolio_id: str
    name: str
    base_currency: str
    owner_user_id: str
    version: int
    def __init__(self, portfolio_id: _Optional[str] = ..., name: _Optional[str] = ..., base_currency: _Optional[str] = ..., owner_user_id: _Optional[str] = ..., version: _Optional[int] = ...) -> None: ...

class CreatePortfolioRequest(_message.Message):
    __slots__ = ("request_id", "name", "base_currency")
    REQUEST_ID_FIELD_NUMBER: _ClassVar[int]
    NAME_FIELD_NUMBER: _ClassVar[int]
    BASE_CURRENCY_FIELD_NUMBER: _ClassVar[int]
    request_id: str
    name: str
    base_currency: str
    def __init__(self, request_id: _Optional[str] = ..., name: _Optional[str] = ..., base_currency: _Optional[str] = ...) -> None: ...

class CreatePortfolioResponse(_message.Message):
    __slots__ = ("portfolio",)
    PORTFOLIO_FIELD_NUMBER: _ClassVar[int]
    portfolio: Portfolio
    def __init__(self, portfolio: _Optional[_Union[Portfolio, _Mapping]] = ...) -> None: ...

class GetPortfolioRequest(_message.Message):
    __slots__ = ("portfolio_id",)
    PORTFOLIO_ID_FIELD_NUMBER: _ClassVar[int]
    portfolio_id: str
    def __init__(self, portfolio_id: _Optional[str] = ...) -> None: ...

class GetPortfolioResponse(_message.Message):
    __slots__ = ("portfolio",)
    PORTFOLIO_FIELD_NUMBER: _ClassVar[int]
    portfolio: Portfolio
    def __init__(self, portfolio: _Optional[_Union[Portfolio, _Mapping]] = ...) -> None: ...

class ListPortfoliosRequest(_message.Message):
    __slots__ = ("page",)
    PAGE_FIELD_NUMBER: _ClassVar[int]
    page: _types_pb2.PageRequest
    def __init__(self, page: _Optional[_Union[_types_pb2.PageRequest, _Mapping]] = ...) -> None: ...

class ListPortfoliosResponse(_message.Message):
    __slots__ = ("portfolios", "page_info")
    PORTFOLIOS_FIELD_NUMBER: _ClassVar[int]
    PAGE_INFO_FIELD_NUMBER: _ClassVar[int]
    portfolios: _containers.RepeatedCompositeFieldContainer[Portfolio]
    page_info: _types_pb2.PageInfo
    def __init__(self, portfolios: _Optional[_Iterable[_Union[Portfolio, _Mapping]]] = ..., page_info: _Optional[_Union[_types_pb2.PageInfo, _Mapping]] = ...) -> None: ...
