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

class Role(int, metaclass=_enum_type_wrapper.EnumTypeWrapper):
    __slots__ = ()
    ROLE_UNSPECIFIED: _ClassVar[Role]
    ROLE_ADMIN: _ClassVar[Role]
    ROLE_USER: _ClassVar[Role]
    ROLE_SERVICE: _ClassVar[Role]

class TokenKind(int, metaclass=_enum_type_wrapper.EnumTypeWrapper):
    __slots__ = ()
    TOKEN_KIND_UNSPECIFIED: _ClassVar[TokenKind]
    TOKEN_KIND_SESSION: _ClassVar[TokenKind]
    TOKEN_KIND_API: _ClassVar[TokenKind]

class AssetClass(int, metaclass=_enum_type_wrapper.EnumTypeWrapper):
    __slots__ = ()
    ASSET_CLASS_UNSPECIFIED: _ClassVar[AssetClass]
    ASSET_CLASS_EQUITY: _ClassVar[AssetClass]
    ASSET_CLASS_BOND: _ClassVar[AssetClass]
    ASSET_CLASS_FUND: _ClassVar[AssetClass]
    ASSET_CLASS_ETF: _ClassVar[AssetClass]
    ASSET_CLASS_CASH: _ClassVar[AssetClass]
    ASSET_CLASS_COMMODITY: _ClassVar[AssetClass]
    ASSET_CLASS_OTHER: _ClassVar[AssetClass]

class NotificationSeverity(int, metaclass=_enum_type_wrapper.EnumTypeWrapper):
    __slots__ = ()
    NOTIFICATION_SEVERITY_UNSPECIFIED: _ClassVar[NotificationSeverity]
    NOTIFICATION_SEVERITY_INFO: _ClassVar[NotificationSeverity]
    NOTIFICATION_SEVERITY_WARNING: _ClassVar[NotificationSeverity]
    NOTIFICATION_SEVERITY_CRITICAL: _ClassVar[NotificationSeverity]
ROLE_UNSPECIFIED: Role
ROLE_ADMIN: Role
ROLE_USER: Role
ROLE_SERVICE: Role
TOKEN_KIND_UNSPECIFIED: TokenKind
TOKEN_KIND_SESSION: TokenKind
TOKEN_KIND_API: TokenKind
ASSET_CLASS_UNSPECIFIED: AssetClass
ASSET_CLASS_EQUITY: AssetClass
ASSET_CLASS_BOND: AssetClass
ASSET_CLASS_FUND: AssetClass
ASSET_CLASS_ETF: AssetClass
ASSET_CLASS_CASH: AssetClass
ASSET_CLASS_COMMODITY: AssetClass
ASSET_CLASS_OTHER: AssetClass
NOTIFICATION_SEVERITY_UNSPECIFIED: NotificationSeverity
NOTIFICATION_SEVERITY_INFO: NotificationSeverity
NOTIFICATION_SEVERITY_WARNING: NotificationSeverity
NOTIFICATION_SEVERITY_CRITICAL: NotificationSeverity

class User(_message.Message):
    __slots__ = ("user_id", "email", "role", "created_at")
    USER_ID_FIELD_NUMBER: _ClassVar[int]
    EMAIL_FIELD_NUMBER: _ClassVar[int]
    ROLE_FIELD_NUMBER: _ClassVar[int]
    CREATED_AT_FIELD_NUMBER: _ClassVar[int]
    user_id: str
    email: str
    role: Role
    created_at: _timestamp_pb2.Timestamp
    def __init__(self, user_id: _Optional[str] = ..., email: _Optional[str] = ..., role: _Optional[_Union[Role, str]] = ..., created_at: _Optional[_Union[datetime.datetime, _timestamp_pb2.Timestamp, _Mapping]] = ...) -> None: ...

class Principal(_message.Message):
    __slots__ = ("user_id", "email", "role", "token_kind", "token_id")
    USER_ID_FIELD_NUMBER: _ClassVar[int]
    EMAIL_FIELD_NUMBER: _ClassVar[int]
    ROLE_FIELD_NUMBER: _ClassVar[int]
    TOKEN_KIND_FIELD_NUMBER: _ClassVar[int]
    TOKEN_ID_FIELD_NUMBER: _ClassVar[int]
    user_id: str
    email: str
    role: Role
    token_kind: TokenKind
    token_id: str
    def __init__(self, user_id: _Optional[str] = ..., email: _Optional[str] = ..., role: _Optional[_Union[Role, str]] = ..., token_kind: _Optional[_Union[TokenKind, str]] = ..., token_id: _Optional[str] = ...) -> None: ...

class GetSetupStateRequest(_message.Message):
    __slots__ = ()
    def __init__(self) -> None: ...

class GetSetupStateResponse(_message.Message):
    __slots__ = ("needs_first_admin",)
    NEEDS_FIRST_ADMIN_FIELD_NUMBER: _ClassVar[int]
    needs_first_admin: bool
    def __init__(self, needs_first_admin: _Optional[bool] = ...) -> None: ...

class CreateFirstAdminRequest(_message.Message):
    __slots__ = ("email", "password")
    EMAIL_FIELD_NUMBER: _ClassVar[int]
    PASSWORD_FIELD_NUMBER: _ClassVar[int]
    email: str
    password: str
    def __init__(self, email: _Optional[str] = ..., password: _Optional[str] = ...) -> None: ...

class CreateFirstAdminResponse(_message.Message):
    __slots__ = ("user",)
    USER_FIELD_NUMBER: _ClassVar[int]
    user: User
    def __init__(self, user: _Optional[_Union[User, _Mapping]] = ...) -> None: ...

class VerifyPasswordRequest(_message.Message):
    __slots__ = ("password",)
    PASSWORD_FIELD_NUMBER: _ClassVar[int]
    password: str
    def __init__(self, password: _Optional[str] = ...) -> None: ...

class VerifyPasswordResponse(_message.Message):
    __slots__ = ("verified",)
    VERIFIED_FIELD_NUMBER: _ClassVar[int]
    verified: bool
    def __init__(self, verified: _Optional[bool] = ...) -> None: ...

class SignInRequest(_message.Message):
    __slots__ = ("email", "password")
    EMAIL_FIELD_NUMBER: _ClassVar[int]
    PASSWORD_FIELD_NUMBER: _ClassVar[int]
    email: str
    password: str
    def __init__(self, email: _Optional[str] = ..., password: _Optional[str] = ...) -> None: ...

class SignInResponse(_message.Message):
    __slots__ = ("session_token", "idle_expires_at", "absolute_expires_at", "user")
    SESSION_TOKEN_FIELD_NUMBER: _ClassVar[int]
    IDLE_EXPIRES_AT_FIELD_NUMBER: _ClassVar[int]
    ABSOLUTE_EXPIRES_AT_FIELD_NUMBER: _ClassVar[int]
    USER_FIELD_NUMBER: _ClassVar[int]
    session_token: str
    idle_expires_at: _timestamp_pb2.Timestamp
    absolute_expires_at: _timestamp_pb2.Timestamp
    user: User
    def __init__(self, session_token: _Optional[str] = ..., idle_expires_at: _Optional[_Union[datetime.datetime, _timestamp_pb2.Timestamp, _Mapping]] = ..., absolute_expires_at: _Optional[_Union[datetime.datetime, _timestamp_pb2.Timestamp, _Mapping]] = ..., user: _Optional[_Union[User, _Mapping]] = ...) -> None: ...

class SignOutRequest(_message.Message):
    __slots__ = ()
    def __init__(self) -> None: ...

class SignOutResponse(_message.Message):
    __slots__ = ()
    def __init__(self) -> None: ...

class AuthenticateTokenRequest(_message.Message):
    __slots__ = ("token",)
    TOKEN_FIELD_NUMBER: _ClassVar[int]
    token: str
    def __init__(self, token: _Optional[str] = ...) -> None: ...

class AuthenticateTokenResponse(_message.Message):
    __slots__ = ("principal",)
    PRINCIPAL_FIELD_NUMBER: _ClassVar[int]
    principal: Principal
    def __init__(self, principal: _Optional[_Union[Principal, _Mapping]] = ...) -> None: ...

class GetCurrentUserRequest(_message.Message):
    __slots__ = ()
    def __init__(self) -> None: ...

class GetCurrentUserResponse(_message.Message):
    __slots__ = ("user",)
    USER_FIELD_NUMBER: _ClassVar[int]
    user: User
    def __init__(self, user: _Optional[_Union[User, _Mapping]] = ...) -> None: ...

class CreateUserRequest(_message.Message):
    __slots__ = ("email", "password", "role")
    EMAIL_FIELD_NUMBER: _ClassVar[int]
    PASSWORD_FIELD_NUMBER: _ClassVar[int]
    ROLE_FIELD_NUMBER: _ClassVar[int]
    email: str
    password: str
    role: Role
    def __init__(self, email: _Optional[str] = ..., password: _Optional[str] = ..., role: _Optional[_Union[Role, str]] = ...) -> None: ...

class CreateUserResponse(_message.Message):
    __slots__ = ("user",)
    USER_FIELD_NUMBER: _ClassVar[int]
    user: User
    def __init__(self, user: _Optional[_Union[User, _Mapping]] = ...) -> None: ...

class ListUsersRequest(_message.Message):
    __slots__ = ("page",)
    PAGE_FIELD_NUMBER: _ClassVar[int]
    page: _types_pb2.PageRequest
    def __init__(self, page: _Optional[_Union[_types_pb2.PageRequest, _Mapping]] = ...) -> None: ...

class ListUsersResponse(_message.Message):
    __slots__ = ("users", "page_info")
    USERS_FIELD_NUMBER: _ClassVar[int]
    PAGE_INFO_FIELD_NUMBER: _ClassVar[int]
    users: _containers.RepeatedCompositeFieldContainer[User]
    page_info: _types_pb2.PageInfo
    def __init__(self, users: _Optional[_Iterable[_Union[User, _Mapping]]] = ..., page_info: _Optional[_Union[_types_pb2.PageInfo, _Mapping]] = ...) -> None: ...

class ListUserNamesRequest(_message.Message):
    __slots__ = ("user_ids",)
    USER_IDS_FIELD_NUMBER: _ClassVar[int]
    user_ids: _containers.RepeatedScalarFieldContainer[str]
    def __init__(self, user_ids: _Optional[_Iterable[str]] = ...) -> None: ...

class UserName(_message.Message):
    __slots__ = ("user_id", "name", "role")
    USER_ID_FIELD_NUMBER: _ClassVar[int]
    NAME_FIELD_NUMBER: _ClassVar[int]
    ROLE_FIELD_NUMBER: _ClassVar[int]
    user_id: str
    name: str
    role: Role
    def __init__(self, user_id: _Optional[str] = ..., name: _Optional[str] = ..., role: _Optional[_Union[Role, str]] = ...) -> None: ...

class ListUserNamesResponse(_message.Message):
    __slots__ = ("names",)
    NAMES_FIELD_NUMBER: _ClassVar[int]
    names: _containers.RepeatedCompositeFieldContainer[UserName]
    def __init__(self, names: _Optional[_Iterable[_Union[UserName, _Mapping]]] = ...) -> None: ...

class ApiToken(_message.Message):
    __slots__ = ("token_id", "name", "created_at", "expires_at", "revoked_at", "last_used_at")
    TOKEN_ID_FIELD_NUMBER: _ClassVar[int]
    NAME_FIELD_NUMBER: _ClassVar[int]
    CREATED_AT_FIELD_NUMBER: _ClassVar[int]
    EXPIRES_AT_FIELD_NUMBER: _ClassVar[int]
    REVOKED_AT_FIELD_NUMBER: _ClassVar[int]
    LAST_USED_AT_FIELD_NUMBER: _ClassVar[int]
    token_id: str
    name: str
    created_at: _timestamp_pb2.Timestamp
    expires_at: _timestamp_pb2.Timestamp
    revoked_at: _timestamp_pb2.Timestamp
    last_used_at: _timestamp_pb2.Timestamp
    def __init__(self, token_id: _Optional[str] = ..., name: _Optional[str] = ..., created_at: _Optional[_Union[datetime.datetime, _timestamp_pb2.Timestamp, _Mapping]] = ..., expires_at: _Optional[_Union[datetime.datetime, _timestamp_pb2.Timestamp, _Mapping]] = ..., revoked_at: _Optional[_Union[datetime.datetime, _timestamp_pb2.Timestamp, _Mapping]] = ..., last_used_at: _Optional[_Union[datetime.datetime, _timestamp_pb2.Timestamp, _Mapping]] = ...) -> None: ...

class CreateApiTokenRequest(_message.Message):
    __slots__ = ("name", "expires_at")
    NAME_FIELD_NUMBER: _ClassVar[int]
    EXPIRES_AT_FIELD_NUMBER: _ClassVar[int]
    name: str
    expires_at: _timestamp_pb2.Timestamp
    def __init__(self, name: _Optional[str] = ..., expires_at: _Optional[_Union[datetime.datetime, _timestamp_pb2.Timestamp, _Mapping]] = ...) -> None: ...

class CreateApiTokenResponse(_message.Message):
    __slots__ = ("api_token", "token")
    API_TOKEN_FIELD_NUMBER: _ClassVar[int]
    TOKEN_FIELD_NUMBER: _ClassVar[int]
    api_token: ApiToken
    token: str
    def __init__(self, api_token: _Optional[_Union[ApiToken, _Mapping]] = ..., token: _Optional[str] = ...) -> None: ...

class ListApiTokensRequest(_message.Message):
    __slots__ = ()
    def __init__(self) -> None: ...

class ListApiTokensResponse(_message.Message):
    __slots__ = ("api_tokens",)
    API_TOKENS_FIELD_NUMBER: _ClassVar[int]
    api_tokens: _containers.RepeatedCompositeFieldContainer[ApiToken]
    def __init__(self, api_tokens: _Optional[_Iterable[_Union[ApiToken, _Mapping]]] = ...) -> None: ...

class RevokeApiTokenRequest(_message.Message):
    __slots__ = ("token_id",)
    TOKEN_ID_FIELD_NUMBER: _ClassVar[int]
    token_id: str
    def __init__(self, token_id: _Optional[str] = ...) -> None: ...

class RevokeApiTokenResponse(_message.Message):
    __slots__ = ("api_token",)
    API_TOKEN_FIELD_NUMBER: _ClassVar[int]
    api_token: ApiToken
    def __init__(self, api_token: _Optional[_Union[ApiToken, _Mapping]] = ...) -> None: ...

class CreateServiceAccountRequest(_message.Message):
    __slots__ = ("name", "expires_at")
    NAME_FIELD_NUMBER: _ClassVar[int]
    EXPIRES_AT_FIELD_NUMBER: _ClassVar[int]
    name: str
    expires_at: _timestamp_pb2.Timestamp
    def __init__(self, name: _Optional[str] = ..., expires_at: _Optional[_Union[datetime.datetime, _timestamp_pb2.Timestamp, _Mapping]] = ...) -> None: ...

class CreateServiceAccountResponse(_message.Message):
    __slots__ = ("user", "api_token", "token")
    USER_FIELD_NUMBER: _ClassVar[int]
    API_TOKEN_FIELD_NUMBER: _ClassVar[int]
    TOKEN_FIELD_NUMBER: _ClassVar[int]
    user: User
    api_token: ApiToken
    token: str
    def __init__(self, user: _Optional[_Union[User, _Mapping]] = ..., api_token: _Optional[_Union[ApiToken, _Mapping]] = ..., token: _Optional[str] = ...) -> None: ...

class CreateServiceAccountTokenRequest(_message.Message):
    __slots__ = ("name", "expires_at", "revoke_others")
    NAME_FIELD_NUMBER: _ClassVar[int]
    EXPIRES_AT_FIELD_NUMBER: _ClassVar[int]
    REVOKE_OTHERS_FIELD_NUMBER: _ClassVar[int]
    name: str
    expires_at: _timestamp_pb2.Timestamp
    revoke_others: bool
    def __init__(self, name: _Optional[str] = ..., expires_at: _Optional[_Union[datetime.datetime, _timestamp_pb2.Timestamp, _Mapping]] = ..., revoke_others: _Optional[bool] = ...) -> None: ...

class CreateServiceAccountTokenResponse(_message.Message):
    __slots__ = ("api_token", "token", "revoked")
    API_TOKEN_FIELD_NUMBER: _ClassVar[int]
    TOKEN_FIELD_NUMBER: _ClassVar[int]
    REVOKED_FIELD_NUMBER: _ClassVar[int]
    api_token: ApiToken
    token: str
    revoked: int
    def __init__(self, api_token: _Optional[_Union[ApiToken, _Mapping]] = ..., token: _Optional[str] = ..., revoked: _Optional[int] = ...) -> None: ...

class AuthorizePortfolioRequest(_message.Message):
    __slots__ = ("portfolio_id",)
    PORTFOLIO_ID_FIELD_NUMBER: _ClassVar[int]
    portfolio_id: str
    def __init__(self, portfolio_id: _Optional[str] = ...) -> None: ...

class AuthorizePortfolioResponse(_message.Message):
    __slots__ = ("owner_user_id",)
    OWNER_USER_ID_FIELD_NUMBER: _ClassVar[int]
    owner_user_id: str
    def __init__(self, owner_user_id: _Optional[str] = ...) -> None: ...

class FreezeReason(_message.Message):
    __slots__ = ("source", "reference", "detail", "frozen_at")
    SOURCE_FIELD_NUMBER: _ClassVar[int]
    REFERENCE_FIELD_NUMBER: _ClassVar[int]
    DETAIL_FIELD_NUMBER: _ClassVar[int]
    FROZEN_AT_FIELD_NUMBER: _ClassVar[int]
    source: str
    reference: str
    detail: str
    frozen_at: _timestamp_pb2.Timestamp
    def __init__(self, source: _Optional[str] = ..., reference: _Optional[str] = ..., detail: _Optional[str] = ..., frozen_at: _Optional[_Union[datetime.datetime, _timestamp_pb2.Timestamp, _Mapping]] = ...) -> None: ...

class Portfolio(_message.Message):
    __slots__ = ("portfolio_id", "name", "base_currency", "owner_user_id", "version", "frozen", "freeze_reasons", "archived", "created_at", "updated_at")
    PORTFOLIO_ID_FIELD_NUMBER: _ClassVar[int]
    NAME_FIELD_NUMBER: _ClassVar[int]
    BASE_CURRENCY_FIELD_NUMBER: _ClassVar[int]
    OWNER_USER_ID_FIELD_NUMBER: _ClassVar[int]
    VERSION_FIELD_NUMBER: _ClassVar[int]
    FROZEN_FIELD_NUMBER: _ClassVar[int]
    FREEZE_REASONS_FIELD_NUMBER: _ClassVar[int]
    ARCHIVED_FIELD_NUMBER: _ClassVar[int]
    CREATED_AT_FIELD_NUMBER: _ClassVar[int]
    UPDATED_AT_FIELD_NUMBER: _ClassVar[int]
    portfolio_id: str
    name: str
    base_currency: str
    owner_user_id: str
    version: int
    frozen: bool
    freeze_reasons: _containers.RepeatedCompositeFieldContainer[FreezeReason]
    archived: bool
    created_at: _timestamp_pb2.Timestamp
    updated_at: _timestamp_pb2.Timestamp
    def __init__(self, portfolio_id: _Optional[str] = ..., name: _Optional[str] = ..., base_currency: _Optional[str] = ..., owner_user_id: _Optional[str] = ..., version: _Optional[int] = ..., frozen: _Optional[bool] = ..., freeze_reasons: _Optional[_Iterable[_Union[FreezeReason, _Mapping]]] = ..., archived: _Optional[bool] = ..., created_at: _Optional[_Union[datetime.datetime, _timestamp_pb2.Timestamp, _Mapping]] = ..., updated_at: _Optional[_Union[datetime.datetime, _timestamp_pb2.Timestamp, _Mapping]] = ...) -> None: ...

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
    __slots__ = ("page", "include_archived", "portfolio_ids")
    PAGE_FIELD_NUMBER: _ClassVar[int]
    INCLUDE_ARCHIVED_FIELD_NUMBER: _ClassVar[int]
    PORTFOLIO_IDS_FIELD_NUMBER: _ClassVar[int]
    page: _types_pb2.PageRequest
    include_archived: bool
    portfolio_ids: _containers.RepeatedScalarFieldContainer[str]
    def __init__(self, page: _Optional[_Union[_types_pb2.PageRequest, _Mapping]] = ..., include_archived: _Optional[bool] = ..., portfolio_ids: _Optional[_Iterable[str]] = ...) -> None: ...

class ListPortfoliosResponse(_message.Message):
    __slots__ = ("portfolios", "page_info")
    PORTFOLIOS_FIELD_NUMBER: _ClassVar[int]
    PAGE_INFO_FIELD_NUMBER: _ClassVar[int]
    portfolios: _containers.RepeatedCompositeFieldContainer[Portfolio]
    page_info: _types_pb2.PageInfo
    def __init__(self, portfolios: _Optional[_Iterable[_Union[Portfolio, _Mapping]]] = ..., page_info: _Optional[_Union[_types_pb2.PageInfo, _Mapping]] = ...) -> None: ...

class UpdatePortfolioRequest(_message.Message):
    __slots__ = ("portfolio_id", "version", "name", "base_currency")
    PORTFOLIO_ID_FIELD_NUMBER: _ClassVar[int]
    VERSION_FIELD_NUMBER: _ClassVar[int]
    NAME_FIELD_NUMBER: _ClassVar[int]
    BASE_CURRENCY_FIELD_NUMBER: _ClassVar[int]
    portfolio_id: str
    version: int
    name: str
    base_currency: str
    def __init__(self, portfolio_id: _Optional[str] = ..., version: _Optional[int] = ..., name: _Optional[str] = ..., base_currency: _Optional[str] = ...) -> None: ...

class UpdatePortfolioResponse(_message.Message):
    __slots__ = ("portfolio",)
    PORTFOLIO_FIELD_NUMBER: _ClassVar[int]
    portfolio: Portfolio
    def __init__(self, portfolio: _Optional[_Union[Portfolio, _Mapping]] = ...) -> None: ...

class ArchivePortfolioRequest(_message.Message):
    __slots__ = ("portfolio_id", "version")
    PORTFOLIO_ID_FIELD_NUMBER: _ClassVar[int]
    VERSION_FIELD_NUMBER: _ClassVar[int]
    portfolio_id: str
    version: int
    def __init__(self, portfolio_id: _Optional[str] = ..., version: _Optional[int] = ...) -> None: ...

class ArchivePortfolioResponse(_message.Message):
    __slots__ = ("portfolio",)
    PORTFOLIO_FIELD_NUMBER: _ClassVar[int]
    portfolio: Portfolio
    def __init__(self, portfolio: _Optional[_Union[Portfolio, _Mapping]] = ...) -> None: ...

class FreezePortfolioRequest(_message.Message):
    __slots__ = ("portfolio_id", "reason")
    PORTFOLIO_ID_FIELD_NUMBER: _ClassVar[int]
    REASON_FIELD_NUMBER: _ClassVar[int]
    portfolio_id: str
    reason: FreezeReason
    def __init__(self, portfolio_id: _Optional[str] = ..., reason: _Optional[_Union[FreezeReason, _Mapping]] = ...) -> None: ...

class FreezePortfolioResponse(_message.Message):
    __slots__ = ("portfolio",)
    PORTFOLIO_FIELD_NUMBER: _ClassVar[int]
    portfolio: Portfolio
    def __init__(self, portfolio: _Optional[_Union[Portfolio, _Mapping]] = ...) -> None: ...

class UnfreezePortfolioRequest(_message.Message):
    __slots__ = ("portfolio_id", "reason", "references")
    PORTFOLIO_ID_FIELD_NUMBER: _ClassVar[int]
    REASON_FIELD_NUMBER: _ClassVar[int]
    REFERENCES_FIELD_NUMBER: _ClassVar[int]
    portfolio_id: str
    reason: str
    references: _containers.RepeatedScalarFieldContainer[str]
    def __init__(self, portfolio_id: _Optional[str] = ..., reason: _Optional[str] = ..., references: _Optional[_Iterable[str]] = ...) -> None: ...

class UnfreezePortfolioResponse(_message.Message):
    __slots__ = ("portfolio",)
    PORTFOLIO_FIELD_NUMBER: _ClassVar[int]
    portfolio: Portfolio
    def __init__(self, portfolio: _Optional[_Union[Portfolio, _Mapping]] = ...) -> None: ...

class Instrument(_message.Message):
    __slots__ = ("instrument_id", "isin", "name", "asset_class", "version", "archived")
    INSTRUMENT_ID_FIELD_NUMBER: _ClassVar[int]
    ISIN_FIELD_NUMBER: _ClassVar[int]
    NAME_FIELD_NUMBER: _ClassVar[int]
    ASSET_CLASS_FIELD_NUMBER: _ClassVar[int]
    VERSION_FIELD_NUMBER: _ClassVar[int]
    ARCHIVED_FIELD_NUMBER: _ClassVar[int]
    instrument_id: str
    isin: str
    name: str
    asset_class: AssetClass
    version: int
    archived: bool
    def __init__(self, instrument_id: _Optional[str] = ..., isin: _Optional[str] = ..., name: _Optional[str] = ..., asset_class: _Optional[_Union[AssetClass, str]] = ..., version: _Optional[int] = ..., archived: _Optional[bool] = ...) -> None: ...

class CreateInstrumentRequest(_message.Message):
    __slots__ = ("request_id", "isin", "name", "asset_class")
    REQUEST_ID_FIELD_NUMBER: _ClassVar[int]
    ISIN_FIELD_NUMBER: _ClassVar[int]
    NAME_FIELD_NUMBER: _ClassVar[int]
    ASSET_CLASS_FIELD_NUMBER: _ClassVar[int]
    request_id: str
    isin: str
    name: str
    asset_class: AssetClass
    def __init__(self, request_id: _Optional[str] = ..., isin: _Optional[str] = ..., name: _Optional[str] = ..., asset_class: _Optional[_Union[AssetClass, str]] = ...) -> None: ...

class CreateInstrumentResponse(_message.Message):
    __slots__ = ("instrument",)
    INSTRUMENT_FIELD_NUMBER: _ClassVar[int]
    instrument: Instrument
    def __init__(self, instrument: _Optional[_Union[Instrument, _Mapping]] = ...) -> None: ...

class GetInstrumentRequest(_message.Message):
    __slots__ = ("instrument_id",)
    INSTRUMENT_ID_FIELD_NUMBER: _ClassVar[int]
    instrument_id: str
    def __init__(self, instrument_id: _Optional[str] = ...) -> None: ...

class GetInstrumentResponse(_message.Message):
    __slots__ = ("instrument",)
    INSTRUMENT_FIELD_NUMBER: _ClassVar[int]
    instrument: Instrument
    def __init__(self, instrument: _Optional[_Union[Instrument, _Mapping]] = ...) -> None: ...

class ListInstrumentsRequest(_message.Message):
    __slots__ = ("page", "include_archived", "instrument_ids")
    PAGE_FIELD_NUMBER: _ClassVar[int]
    INCLUDE_ARCHIVED_FIELD_NUMBER: _ClassVar[int]
    INSTRUMENT_IDS_FIELD_NUMBER: _ClassVar[int]
    page: _types_pb2.PageRequest
    include_archived: bool
    instrument_ids: _containers.RepeatedScalarFieldContainer[str]
    def __init__(self, page: _Optional[_Union[_types_pb2.PageRequest, _Mapping]] = ..., include_archived: _Optional[bool] = ..., instrument_ids: _Optional[_Iterable[str]] = ...) -> None: ...

class ListInstrumentsResponse(_message.Message):
    __slots__ = ("instruments", "page_info")
    INSTRUMENTS_FIELD_NUMBER: _ClassVar[int]
    PAGE_INFO_FIELD_NUMBER: _ClassVar[int]
    instruments: _containers.RepeatedCompositeFieldContainer[Instrument]
    page_info: _types_pb2.PageInfo
    def __init__(self, instruments: _Optional[_Iterable[_Union[Instrument, _Mapping]]] = ..., page_info: _Optional[_Union[_types_pb2.PageInfo, _Mapping]] = ...) -> None: ...

class UpdateInstrumentRequest(_message.Message):
    __slots__ = ("instrument_id", "version", "name", "asset_class")
    INSTRUMENT_ID_FIELD_NUMBER: _ClassVar[int]
    VERSION_FIELD_NUMBER: _ClassVar[int]
    NAME_FIELD_NUMBER: _ClassVar[int]
    ASSET_CLASS_FIELD_NUMBER: _ClassVar[int]
    instrument_id: str
    version: int
    name: str
    asset_class: AssetClass
    def __init__(self, instrument_id: _Optional[str] = ..., version: _Optional[int] = ..., name: _Optional[str] = ..., asset_class: _Optional[_Union[AssetClass, str]] = ...) -> None: ...

class UpdateInstrumentResponse(_message.Message):
    __slots__ = ("instrument",)
    INSTRUMENT_FIELD_NUMBER: _ClassVar[int]
    instrument: Instrument
    def __init__(self, instrument: _Optional[_Union[Instrument, _Mapping]] = ...) -> None: ...

class ArchiveInstrumentRequest(_message.Message):
    __slots__ = ("instrument_id", "version")
    INSTRUMENT_ID_FIELD_NUMBER: _ClassVar[int]
    VERSION_FIELD_NUMBER: _ClassVar[int]
    instrument_id: str
    version: int
    def __init__(self, instrument_id: _Optional[str] = ..., version: _Optional[int] = ...) -> None: ...

class ArchiveInstrumentResponse(_message.Message):
    __slots__ = ("instrument",)
    INSTRUMENT_FIELD_NUMBER: _ClassVar[int]
    instrument: Instrument
    def __init__(self, instrument: _Optional[_Union[Instrument, _Mapping]] = ...) -> None: ...

class Listing(_message.Message):
    __slots__ = ("listing_id", "instrument_id", "venue_mic", "ticker", "quote_currency", "price_scale", "lot_size", "tick_size", "calendar", "version", "archived")
    LISTING_ID_FIELD_NUMBER: _ClassVar[int]
    INSTRUMENT_ID_FIELD_NUMBER: _ClassVar[int]
    VENUE_MIC_FIELD_NUMBER: _ClassVar[int]
    TICKER_FIELD_NUMBER: _ClassVar[int]
    QUOTE_CURRENCY_FIELD_NUMBER: _ClassVar[int]
    PRICE_SCALE_FIELD_NUMBER: _ClassVar[int]
    LOT_SIZE_FIELD_NUMBER: _ClassVar[int]
    TICK_SIZE_FIELD_NUMBER: _ClassVar[int]
    CALENDAR_FIELD_NUMBER: _ClassVar[int]
    VERSION_FIELD_NUMBER: _ClassVar[int]
    ARCHIVED_FIELD_NUMBER: _ClassVar[int]
    listing_id: str
    instrument_id: str
    venue_mic: str
    ticker: str
    quote_currency: str
    price_scale: _types_pb2.Decimal
    lot_size: _types_pb2.Decimal
    tick_size: _types_pb2.Decimal
    calendar: str
    version: int
    archived: bool
    def __init__(self, listing_id: _Optional[str] = ..., instrument_id: _Optional[str] = ..., venue_mic: _Optional[str] = ..., ticker: _Optional[str] = ..., quote_currency: _Optional[str] = ..., price_scale: _Optional[_Union[_types_pb2.Decimal, _Mapping]] = ..., lot_size: _Optional[_Union[_types_pb2.Decimal, _Mapping]] = ..., tick_size: _Optional[_Union[_types_pb2.Decimal, _Mapping]] = ..., calendar: _Optional[str] = ..., version: _Optional[int] = ..., archived: _Optional[bool] = ...) -> None: ...

class CreateListingRequest(_message.Message):
    __slots__ = ("request_id", "instrument_id", "venue_mic", "ticker", "quote_currency", "price_scale", "lot_size", "tick_size", "calendar")
    REQUEST_ID_FIELD_NUMBER: _ClassVar[int]
    INSTRUMENT_ID_FIELD_NUMBER: _ClassVar[int]
    VENUE_MIC_FIELD_NUMBER: _ClassVar[int]
    TICKER_FIELD_NUMBER: _ClassVar[int]
    QUOTE_CURRENCY_FIELD_NUMBER: _ClassVar[int]
    PRICE_SCALE_FIELD_NUMBER: _ClassVar[int]
    LOT_SIZE_FIELD_NUMBER: _ClassVar[int]
    TICK_SIZE_FIELD_NUMBER: _ClassVar[int]
    CALENDAR_FIELD_NUMBER: _ClassVar[int]
    request_id: str
    instrument_id: str
    venue_mic: str
    ticker: str
    quote_currency: str
    price_scale: _types_pb2.Decimal
    lot_size: _types_pb2.Decimal
    tick_size: _types_pb2.Decimal
    calendar: str
    def __init__(self, request_id: _Optional[str] = ..., instrument_id: _Optional[str] = ..., venue_mic: _Optional[str] = ..., ticker: _Optional[str] = ..., quote_currency: _Optional[str] = ..., price_scale: _Optional[_Union[_types_pb2.Decimal, _Mapping]] = ..., lot_size: _Optional[_Union[_types_pb2.Decimal, _Mapping]] = ..., tick_size: _Optional[_Union[_types_pb2.Decimal, _Mapping]] = ..., calendar: _Optional[str] = ...) -> None: ...

class CreateListingResponse(_message.Message):
    __slots__ = ("listing",)
    LISTING_FIELD_NUMBER: _ClassVar[int]
    listing: Listing
    def __init__(self, listing: _Optional[_Union[Listing, _Mapping]] = ...) -> None: ...

class GetListingRequest(_message.Message):
    __slots__ = ("listing_id",)
    LISTING_ID_FIELD_NUMBER: _ClassVar[int]
    listing_id: str
    def __init__(self, listing_id: _Optional[str] = ...) -> None: ...

class GetListingResponse(_message.Message):
    __slots__ = ("listing",)
    LISTING_FIELD_NUMBER: _ClassVar[int]
    listing: Listing
    def __init__(self, listing: _Optional[_Union[Listing, _Mapping]] = ...) -> None: ...

class ListListingsRequest(_message.Message):
    __slots__ = ("page", "include_archived", "listing_ids", "instrument_id")
    PAGE_FIELD_NUMBER: _ClassVar[int]
    INCLUDE_ARCHIVED_FIELD_NUMBER: _ClassVar[int]
    LISTING_IDS_FIELD_NUMBER: _ClassVar[int]
    INSTRUMENT_ID_FIELD_NUMBER: _ClassVar[int]
    page: _types_pb2.PageRequest
    include_archived: bool
    listing_ids: _containers.RepeatedScalarFieldContainer[str]
    instrument_id: str
    def __init__(self, page: _Optional[_Union[_types_pb2.PageRequest, _Mapping]] = ..., include_archived: _Optional[bool] = ..., listing_ids: _Optional[_Iterable[str]] = ..., instrument_id: _Optional[str] = ...) -> None: ...

class ListListingsResponse(_message.Message):
    __slots__ = ("listings", "page_info")
    LISTINGS_FIELD_NUMBER: _ClassVar[int]
    PAGE_INFO_FIELD_NUMBER: _ClassVar[int]
    listings: _containers.RepeatedCompositeFieldContainer[Listing]
    page_info: _types_pb2.PageInfo
    def __init__(self, listings: _Optional[_Iterable[_Union[Listing, _Mapping]]] = ..., page_info: _Optional[_Union[_types_pb2.PageInfo, _Mapping]] = ...) -> None: ...

class UpdateListingRequest(_message.Message):
    __slots__ = ("listing_id", "version", "ticker", "lot_size", "tick_size", "calendar")
    LISTING_ID_FIELD_NUMBER: _ClassVar[int]
    VERSION_FIELD_NUMBER: _ClassVar[int]
    TICKER_FIELD_NUMBER: _ClassVar[int]
    LOT_SIZE_FIELD_NUMBER: _ClassVar[int]
    TICK_SIZE_FIELD_NUMBER: _ClassVar[int]
    CALENDAR_FIELD_NUMBER: _ClassVar[int]
    listing_id: str
    version: int
    ticker: str
    lot_size: _types_pb2.Decimal
    tick_size: _types_pb2.Decimal
    calendar: str
    def __init__(self, listing_id: _Optional[str] = ..., version: _Optional[int] = ..., ticker: _Optional[str] = ..., lot_size: _Optional[_Union[_types_pb2.Decimal, _Mapping]] = ..., tick_size: _Optional[_Union[_types_pb2.Decimal, _Mapping]] = ..., calendar: _Optional[str] = ...) -> None: ...

class UpdateListingResponse(_message.Message):
    __slots__ = ("listing",)
    LISTING_FIELD_NUMBER: _ClassVar[int]
    listing: Listing
    def __init__(self, listing: _Optional[_Union[Listing, _Mapping]] = ...) -> None: ...

class ArchiveListingRequest(_message.Message):
    __slots__ = ("listing_id", "version")
    LISTING_ID_FIELD_NUMBER: _ClassVar[int]
    VERSION_FIELD_NUMBER: _ClassVar[int]
    listing_id: str
    version: int
    def __init__(self, listing_id: _Optional[str] = ..., version: _Optional[int] = ...) -> None: ...

class ArchiveListingResponse(_message.Message):
    __slots__ = ("listing",)
    LISTING_FIELD_NUMBER: _ClassVar[int]
    listing: Listing
    def __init__(self, listing: _Optional[_Union[Listing, _Mapping]] = ...) -> None: ...

class Sleeve(_message.Message):
    __slots__ = ("sleeve_id", "portfolio_id", "name", "target_weight_pct", "drift_band_abs_pct", "drift_band_rel_pct", "version", "archived")
    SLEEVE_ID_FIELD_NUMBER: _ClassVar[int]
    PORTFOLIO_ID_FIELD_NUMBER: _ClassVar[int]
    NAME_FIELD_NUMBER: _ClassVar[int]
    TARGET_WEIGHT_PCT_FIELD_NUMBER: _ClassVar[int]
    DRIFT_BAND_ABS_PCT_FIELD_NUMBER: _ClassVar[int]
    DRIFT_BAND_REL_PCT_FIELD_NUMBER: _ClassVar[int]
    VERSION_FIELD_NUMBER: _ClassVar[int]
    ARCHIVED_FIELD_NUMBER: _ClassVar[int]
    sleeve_id: str
    portfolio_id: str
    name: str
    target_weight_pct: _types_pb2.Decimal
    drift_band_abs_pct: _types_pb2.Decimal
    drift_band_rel_pct: _types_pb2.Decimal
    version: int
    archived: bool
    def __init__(self, sleeve_id: _Optional[str] = ..., portfolio_id: _Optional[str] = ..., name: _Optional[str] = ..., target_weight_pct: _Optional[_Union[_types_pb2.Decimal, _Mapping]] = ..., drift_band_abs_pct: _Optional[_Union[_types_pb2.Decimal, _Mapping]] = ..., drift_band_rel_pct: _Optional[_Union[_types_pb2.Decimal, _Mapping]] = ..., version: _Optional[int] = ..., archived: _Optional[bool] = ...) -> None: ...

class CreateSleeveRequest(_message.Message):
    __slots__ = ("request_id", "portfolio_id", "name", "target_weight_pct", "drift_band_abs_pct", "drift_band_rel_pct")
    REQUEST_ID_FIELD_NUMBER: _ClassVar[int]
    PORTFOLIO_ID_FIELD_NUMBER: _ClassVar[int]
    NAME_FIELD_NUMBER: _ClassVar[int]
    TARGET_WEIGHT_PCT_FIELD_NUMBER: _ClassVar[int]
    DRIFT_BAND_ABS_PCT_FIELD_NUMBER: _ClassVar[int]
    DRIFT_BAND_REL_PCT_FIELD_NUMBER: _ClassVar[int]
    request_id: str
    portfolio_id: str
    name: str
    target_weight_pct: _types_pb2.Decimal
    drift_band_abs_pct: _types_pb2.Decimal
    drift_band_rel_pct: _types_pb2.Decimal
    def __init__(self, request_id: _Optional[str] = ..., portfolio_id: _Optional[str] = ..., name: _Optional[str] = ..., target_weight_pct: _Optional[_Union[_types_pb2.Decimal, _Mapping]] = ..., drift_band_abs_pct: _Optional[_Union[_types_pb2.Decimal, _Mapping]] = ..., drift_band_rel_pct: _Optional[_Union[_types_pb2.Decimal, _Mapping]] = ...) -> None: ...

class CreateSleeveResponse(_message.Message):
    __slots__ = ("sleeve",)
    SLEEVE_FIELD_NUMBER: _ClassVar[int]
    sleeve: Sleeve
    def __init__(self, sleeve: _Optional[_Union[Sleeve, _Mapping]] = ...) -> None: ...

class ListSleevesRequest(_message.Message):
    __slots__ = ("portfolio_ids", "include_archived")
    PORTFOLIO_IDS_FIELD_NUMBER: _ClassVar[int]
    INCLUDE_ARCHIVED_FIELD_NUMBER: _ClassVar[int]
    portfolio_ids: _containers.RepeatedScalarFieldContainer[str]
    include_archived: bool
    def __init__(self, portfolio_ids: _Optional[_Iterable[str]] = ..., include_archived: _Optional[bool] = ...) -> None: ...

class ListSleevesResponse(_message.Message):
    __slots__ = ("sleeves",)
    SLEEVES_FIELD_NUMBER: _ClassVar[int]
    sleeves: _containers.RepeatedCompositeFieldContainer[Sleeve]
    def __init__(self, sleeves: _Optional[_Iterable[_Union[Sleeve, _Mapping]]] = ...) -> None: ...

class UpdateSleeveRequest(_message.Message):
    __slots__ = ("portfolio_id", "sleeve_id", "version", "name", "target_weight_pct", "drift_band_abs_pct", "drift_band_rel_pct")
    PORTFOLIO_ID_FIELD_NUMBER: _ClassVar[int]
    SLEEVE_ID_FIELD_NUMBER: _ClassVar[int]
    VERSION_FIELD_NUMBER: _ClassVar[int]
    NAME_FIELD_NUMBER: _ClassVar[int]
    TARGET_WEIGHT_PCT_FIELD_NUMBER: _ClassVar[int]
    DRIFT_BAND_ABS_PCT_FIELD_NUMBER: _ClassVar[int]
    DRIFT_BAND_REL_PCT_FIELD_NUMBER: _ClassVar[int]
    portfolio_id: str
    sleeve_id: str
    version: int
    name: str
    target_weight_pct: _types_pb2.Decimal
    drift_band_abs_pct: _types_pb2.Decimal
    drift_band_rel_pct: _types_pb2.Decimal
    def __init__(self, portfolio_id: _Optional[str] = ..., sleeve_id: _Optional[str] = ..., version: _Optional[int] = ..., name: _Optional[str] = ..., target_weight_pct: _Optional[_Union[_types_pb2.Decimal, _Mapping]] = ..., drift_band_abs_pct: _Optional[_Union[_types_pb2.Decimal, _Mapping]] = ..., drift_band_rel_pct: _Optional[_Union[_types_pb2.Decimal, _Mapping]] = ...) -> None: ...

class UpdateSleeveResponse(_message.Message):
    __slots__ = ("sleeve",)
    SLEEVE_FIELD_NUMBER: _ClassVar[int]
    sleeve: Sleeve
    def __init__(self, sleeve: _Optional[_Union[Sleeve, _Mapping]] = ...) -> None: ...

class ArchiveSleeveRequest(_message.Message):
    __slots__ = ("portfolio_id", "sleeve_id", "version")
    PORTFOLIO_ID_FIELD_NUMBER: _ClassVar[int]
    SLEEVE_ID_FIELD_NUMBER: _ClassVar[int]
    VERSION_FIELD_NUMBER: _ClassVar[int]
    portfolio_id: str
    sleeve_id: str
    version: int
    def __init__(self, portfolio_id: _Optional[str] = ..., sleeve_id: _Optional[str] = ..., version: _Optional[int] = ...) -> None: ...

class ArchiveSleeveResponse(_message.Message):
    __slots__ = ("sleeve",)
    SLEEVE_FIELD_NUMBER: _ClassVar[int]
    sleeve: Sleeve
    def __init__(self, sleeve: _Optional[_Union[Sleeve, _Mapping]] = ...) -> None: ...

class Constituent(_message.Message):
    __slots__ = ("portfolio_id", "listing_id", "sleeve_id", "monitored", "version")
    PORTFOLIO_ID_FIELD_NUMBER: _ClassVar[int]
    LISTING_ID_FIELD_NUMBER: _ClassVar[int]
    SLEEVE_ID_FIELD_NUMBER: _ClassVar[int]
    MONITORED_FIELD_NUMBER: _ClassVar[int]
    VERSION_FIELD_NUMBER: _ClassVar[int]
    portfolio_id: str
    listing_id: str
    sleeve_id: str
    monitored: bool
    version: int
    def __init__(self, portfolio_id: _Optional[str] = ..., listing_id: _Optional[str] = ..., sleeve_id: _Optional[str] = ..., monitored: _Optional[bool] = ..., version: _Optional[int] = ...) -> None: ...

class AddConstituentRequest(_message.Message):
    __slots__ = ("portfolio_id", "listing_id", "sleeve_id", "monitored")
    PORTFOLIO_ID_FIELD_NUMBER: _ClassVar[int]
    LISTING_ID_FIELD_NUMBER: _ClassVar[int]
    SLEEVE_ID_FIELD_NUMBER: _ClassVar[int]
    MONITORED_FIELD_NUMBER: _ClassVar[int]
    portfolio_id: str
    listing_id: str
    sleeve_id: str
    monitored: bool
    def __init__(self, portfolio_id: _Optional[str] = ..., listing_id: _Optional[str] = ..., sleeve_id: _Optional[str] = ..., monitored: _Optional[bool] = ...) -> None: ...

class AddConstituentResponse(_message.Message):
    __slots__ = ("constituent",)
    CONSTITUENT_FIELD_NUMBER: _ClassVar[int]
    constituent: Constituent
    def __init__(self, constituent: _Optional[_Union[Constituent, _Mapping]] = ...) -> None: ...

class ListConstituentsRequest(_message.Message):
    __slots__ = ("portfolio_ids",)
    PORTFOLIO_IDS_FIELD_NUMBER: _ClassVar[int]
    portfolio_ids: _containers.RepeatedScalarFieldContainer[str]
    def __init__(self, portfolio_ids: _Optional[_Iterable[str]] = ...) -> None: ...

class ListConstituentsResponse(_message.Message):
    __slots__ = ("constituents",)
    CONSTITUENTS_FIELD_NUMBER: _ClassVar[int]
    constituents: _containers.RepeatedCompositeFieldContainer[Constituent]
    def __init__(self, constituents: _Optional[_Iterable[_Union[Constituent, _Mapping]]] = ...) -> None: ...

class UpdateConstituentRequest(_message.Message):
    __slots__ = ("portfolio_id", "listing_id", "version", "sleeve_id", "monitored")
    PORTFOLIO_ID_FIELD_NUMBER: _ClassVar[int]
    LISTING_ID_FIELD_NUMBER: _ClassVar[int]
    VERSION_FIELD_NUMBER: _ClassVar[int]
    SLEEVE_ID_FIELD_NUMBER: _ClassVar[int]
    MONITORED_FIELD_NUMBER: _ClassVar[int]
    portfolio_id: str
    listing_id: str
    version: int
    sleeve_id: str
    monitored: bool
    def __init__(self, portfolio_id: _Optional[str] = ..., listing_id: _Optional[str] = ..., version: _Optional[int] = ..., sleeve_id: _Optional[str] = ..., monitored: _Optional[bool] = ...) -> None: ...

class UpdateConstituentResponse(_message.Message):
    __slots__ = ("constituent",)
    CONSTITUENT_FIELD_NUMBER: _ClassVar[int]
    constituent: Constituent
    def __init__(self, constituent: _Optional[_Union[Constituent, _Mapping]] = ...) -> None: ...

class RemoveConstituentRequest(_message.Message):
    __slots__ = ("portfolio_id", "listing_id", "version")
    PORTFOLIO_ID_FIELD_NUMBER: _ClassVar[int]
    LISTING_ID_FIELD_NUMBER: _ClassVar[int]
    VERSION_FIELD_NUMBER: _ClassVar[int]
    portfolio_id: str
    listing_id: str
    version: int
    def __init__(self, portfolio_id: _Optional[str] = ..., listing_id: _Optional[str] = ..., version: _Optional[int] = ...) -> None: ...

class RemoveConstituentResponse(_message.Message):
    __slots__ = ()
    def __init__(self) -> None: ...

class CheckTargetsRequest(_message.Message):
    __slots__ = ("portfolio_id",)
    PORTFOLIO_ID_FIELD_NUMBER: _ClassVar[int]
    portfolio_id: str
    def __init__(self, portfolio_id: _Optional[str] = ...) -> None: ...

class CheckTargetsResponse(_message.Message):
    __slots__ = ("sums_to_100", "target_sum_pct")
    SUMS_TO_100_FIELD_NUMBER: _ClassVar[int]
    TARGET_SUM_PCT_FIELD_NUMBER: _ClassVar[int]
    sums_to_100: bool
    target_sum_pct: _types_pb2.Decimal
    def __init__(self, sums_to_100: _Optional[bool] = ..., target_sum_pct: _Optional[_Union[_types_pb2.Decimal, _Mapping]] = ...) -> None: ...

class AuditEvent(_message.Message):
    __slots__ = ("event_id", "event_type", "aggregate_type", "aggregate_id", "portfolio_id", "actor_user_id", "occurred_at", "before_json", "after_json", "service", "actor_name", "actor_role")
    EVENT_ID_FIELD_NUMBER: _ClassVar[int]
    EVENT_TYPE_FIELD_NUMBER: _ClassVar[int]
    AGGREGATE_TYPE_FIELD_NUMBER: _ClassVar[int]
    AGGREGATE_ID_FIELD_NUMBER: _ClassVar[int]
    PORTFOLIO_ID_FIELD_NUMBER: _ClassVar[int]
    ACTOR_USER_ID_FIELD_NUMBER: _ClassVar[int]
    OCCURRED_AT_FIELD_NUMBER: _ClassVar[int]
    BEFORE_JSON_FIELD_NUMBER: _ClassVar[int]
    AFTER_JSON_FIELD_NUMBER: _ClassVar[int]
    SERVICE_FIELD_NUMBER: _ClassVar[int]
    ACTOR_NAME_FIELD_NUMBER: _ClassVar[int]
    ACTOR_ROLE_FIELD_NUMBER: _ClassVar[int]
    event_id: str
    event_type: str
    aggregate_type: str
    aggregate_id: str
    portfolio_id: str
    actor_user_id: str
    occurred_at: _timestamp_pb2.Timestamp
    before_json: str
    after_json: str
    service: str
    actor_name: str
    actor_role: Role
    def __init__(self, event_id: _Optional[str] = ..., event_type: _Optional[str] = ..., aggregate_type: _Optional[str] = ..., aggregate_id: _Optional[str] = ..., portfolio_id: _Optional[str] = ..., actor_user_id: _Optional[str] = ..., occurred_at: _Optional[_Union[datetime.datetime, _timestamp_pb2.Timestamp, _Mapping]] = ..., before_json: _Optional[str] = ..., after_json: _Optional[str] = ..., service: _Optional[str] = ..., actor_name: _Optional[str] = ..., actor_role: _Optional[_Union[Role, str]] = ...) -> None: ...

class ListAuditEventsRequest(_message.Message):
    __slots__ = ("portfolio_id", "page")
    PORTFOLIO_ID_FIELD_NUMBER: _ClassVar[int]
    PAGE_FIELD_NUMBER: _ClassVar[int]
    portfolio_id: str
    page: _types_pb2.PageRequest
    def __init__(self, portfolio_id: _Optional[str] = ..., page: _Optional[_Union[_types_pb2.PageRequest, _Mapping]] = ...) -> None: ...

class ListAuditEventsResponse(_message.Message):
    __slots__ = ("events", "page_info")
    EVENTS_FIELD_NUMBER: _ClassVar[int]
    PAGE_INFO_FIELD_NUMBER: _ClassVar[int]
    events: _containers.RepeatedCompositeFieldContainer[AuditEvent]
    page_info: _types_pb2.PageInfo
    def __init__(self, events: _Optional[_Iterable[_Union[AuditEvent, _Mapping]]] = ..., page_info: _Optional[_Union[_types_pb2.PageInfo, _Mapping]] = ...) -> None: ...

class Notification(_message.Message):
    __slots__ = ("notification_id", "severity", "kind", "title", "body", "portfolio_id", "link", "source_event_id", "source_event_type", "source_service", "occurred_at", "created_at", "read_at")
    NOTIFICATION_ID_FIELD_NUMBER: _ClassVar[int]
    SEVERITY_FIELD_NUMBER: _ClassVar[int]
    KIND_FIELD_NUMBER: _ClassVar[int]
    TITLE_FIELD_NUMBER: _ClassVar[int]
    BODY_FIELD_NUMBER: _ClassVar[int]
    PORTFOLIO_ID_FIELD_NUMBER: _ClassVar[int]
    LINK_FIELD_NUMBER: _ClassVar[int]
    SOURCE_EVENT_ID_FIELD_NUMBER: _ClassVar[int]
    SOURCE_EVENT_TYPE_FIELD_NUMBER: _ClassVar[int]
    SOURCE_SERVICE_FIELD_NUMBER: _ClassVar[int]
    OCCURRED_AT_FIELD_NUMBER: _ClassVar[int]
    CREATED_AT_FIELD_NUMBER: _ClassVar[int]
    READ_AT_FIELD_NUMBER: _ClassVar[int]
    notification_id: str
    severity: NotificationSeverity
    kind: str
    title: str
    body: str
    portfolio_id: str
    link: str
    source_event_id: str
    source_event_type: str
    source_service: str
    occurred_at: _timestamp_pb2.Timestamp
    created_at: _timestamp_pb2.Timestamp
    read_at: _timestamp_pb2.Timestamp
    def __init__(self, notification_id: _Optional[str] = ..., severity: _Optional[_Union[NotificationSeverity, str]] = ..., kind: _Optional[str] = ..., title: _Optional[str] = ..., body: _Optional[str] = ..., portfolio_id: _Optional[str] = ..., link: _Optional[str] = ..., source_event_id: _Optional[str] = ..., source_event_type: _Optional[str] = ..., source_service: _Optional[str] = ..., occurred_at: _Optional[_Union[datetime.datetime, _timestamp_pb2.Timestamp, _Mapping]] = ..., created_at: _Optional[_Union[datetime.datetime, _timestamp_pb2.Timestamp, _Mapping]] = ..., read_at: _Optional[_Union[datetime.datetime, _timestamp_pb2.Timestamp, _Mapping]] = ...) -> None: ...

class ListNotificationsRequest(_message.Message):
    __slots__ = ("unread_only", "page")
    UNREAD_ONLY_FIELD_NUMBER: _ClassVar[int]
    PAGE_FIELD_NUMBER: _ClassVar[int]
    unread_only: bool
    page: _types_pb2.PageRequest
    def __init__(self, unread_only: _Optional[bool] = ..., page: _Optional[_Union[_types_pb2.PageRequest, _Mapping]] = ...) -> None: ...

class ListNotificationsResponse(_message.Message):
    __slots__ = ("notifications", "page_info")
    NOTIFICATIONS_FIELD_NUMBER: _ClassVar[int]
    PAGE_INFO_FIELD_NUMBER: _ClassVar[int]
    notifications: _containers.RepeatedCompositeFieldContainer[Notification]
    page_info: _types_pb2.PageInfo
    def __init__(self, notifications: _Optional[_Iterable[_Union[Notification, _Mapping]]] = ..., page_info: _Optional[_Union[_types_pb2.PageInfo, _Mapping]] = ...) -> None: ...

class GetNotificationRequest(_message.Message):
    __slots__ = ("notification_id",)
    NOTIFICATION_ID_FIELD_NUMBER: _ClassVar[int]
    notification_id: str
    def __init__(self, notification_id: _Optional[str] = ...) -> None: ...

class GetNotificationResponse(_message.Message):
    __slots__ = ("notification",)
    NOTIFICATION_FIELD_NUMBER: _ClassVar[int]
    notification: Notification
    def __init__(self, notification: _Optional[_Union[Notification, _Mapping]] = ...) -> None: ...

class MarkNotificationsReadRequest(_message.Message):
    __slots__ = ("notification_ids", "up_to")
    NOTIFICATION_IDS_FIELD_NUMBER: _ClassVar[int]
    UP_TO_FIELD_NUMBER: _ClassVar[int]
    notification_ids: _containers.RepeatedScalarFieldContainer[str]
    up_to: _timestamp_pb2.Timestamp
    def __init__(self, notification_ids: _Optional[_Iterable[str]] = ..., up_to: _Optional[_Union[datetime.datetime, _timestamp_pb2.Timestamp, _Mapping]] = ...) -> None: ...

class MarkNotificationsReadResponse(_message.Message):
    __slots__ = ("marked", "unread_count")
    MARKED_FIELD_NUMBER: _ClassVar[int]
    UNREAD_COUNT_FIELD_NUMBER: _ClassVar[int]
    marked: int
    unread_count: int
    def __init__(self, marked: _Optional[int] = ..., unread_count: _Optional[int] = ...) -> None: ...

class GetUnreadNotificationCountRequest(_message.Message):
    __slots__ = ()
    def __init__(self) -> None: ...

class GetUnreadNotificationCountResponse(_message.Message):
    __slots__ = ("unread_count", "unread_critical_count")
    UNREAD_COUNT_FIELD_NUMBER: _ClassVar[int]
    UNREAD_CRITICAL_COUNT_FIELD_NUMBER: _ClassVar[int]
    unread_count: int
    unread_critical_count: int
    def __init__(self, unread_count: _Optional[int] = ..., unread_critical_count: _Optional[int] = ...) -> None: ...
