"""Protobuf ⇄ registry domain objects, and nothing else."""

from __future__ import annotations

import json
from datetime import UTC, datetime
from decimal import Decimal, InvalidOperation

from google.protobuf.timestamp_pb2 import Timestamp
from tradingassistant.common.v1 import types_pb2
from tradingassistant.registry.v1 import registry_pb2 as pb

from services.registry.domain.identity import ApiToken, User, UserRole
from services.registry.domain.names import UserName
from services.registry.domain.portfolio import Portfolio
from services.registry.domain.reference import AssetClass, Instrument, Listing
from services.registry.domain.sleeves import Constituent, Sleeve
from services.registry.handlers.audit import AuditEntry
from services.registry.paging import Page, page_request
from taplatform.auth.principal import Principal, Role, TokenKind
from taplatform.errors import InvalidArgumentError

MAX_DECIMAL_CHARS = 64

_ASSET_CLASSES = {
    pb.ASSET_CLASS_EQUITY: AssetClass.EQUITY,
    pb.ASSET_CLASS_BOND: AssetClass.BOND,
    pb.ASSET_CLASS_FUND: AssetClass.FUND,
    pb.ASSET_CLASS_ETF: AssetClass.ETF,
    pb.ASSET_CLASS_CASH: AssetClass.CASH,
    pb.ASSET_CLASS_COMMODITY: AssetClass.COMMODITY,
    pb.ASSET_CLASS_OTHER: AssetClass.OTHER,
}
_ASSET_CLASS_CODES = {value: key for key, value in _ASSET_CLASSES.items()}
_ROLE_CODES = {
    UserRole.ADMIN: pb.ROLE_ADMIN,
    UserRole.USER: pb.ROLE_USER,
    UserRole.SERVICE: pb.ROLE_SERVICE,
}
_PRINCIPAL_ROLE_CODES = {
    Role.ADMIN: pb.ROLE_ADMIN,
    Role.USER: pb.ROLE_USER,
    Role.SERVICE: pb.ROLE_SERVICE,
}


# --- inbound ---


def decimal_in(message: types_pb2.Decimal, field: str, *, required: bool) -> Decimal | None:
    """A Decimal from its string; empty is None (or refused when ``required``)."""
    text = message.value.strip()
    if not text:
        if required:
            raise InvalidArgumentError.for_field(field, "is required")
        return None
    if len(text) > MAX_DECIMAL_CHARS:
        raise InvalidArgumentError.for_field(field, "is too long for a decimal number")
    try:
        value = Decimal(text)
    except InvalidOperation:
        raise InvalidArgumentError.for_field(field, f"{text!r} is not a decimal number") from None
    if not value.is_finite():
        raise InvalidArgumentError.for_field(field, "must be a finite number")
    return value


def required_decimal(message: types_pb2.Decimal, field: str) -> Decimal:
    value = decimal_in(message, field, required=True)
    assert value is not None
    return value


def asset_class_in(code: int) -> AssetClass:
    found: AssetClass | None = _ASSET_CLASSES.get(code)  # type: ignore[call-overload]
    if found is None:
        raise InvalidArgumentError.for_field("asset_class", "is required (equity, bond, fund…)")
    return found


def role_in(code: int) -> UserRole:
    """A role for a new user; unset means an ordinary user."""
    if code == pb.ROLE_SERVICE:
        # A service account has no password; it is made by CreateServiceAccount.
        raise InvalidArgumentError.for_field(
            "role", "service accounts are created with CreateServiceAccount"
        )
    return UserRole.ADMIN if code == pb.ROLE_ADMIN else UserRole.USER


def timestamp_in(message: Timestamp) -> datetime:
    return message.ToDatetime(tzinfo=UTC)


def page_in(message: types_pb2.PageRequest) -> Page:
    return page_request(message.page_size, message.page_token)


# --- outbound ---


def timestamp_out(moment: datetime | None) -> Timestamp | None:
    if moment is None:
        return None
    stamp = Timestamp()
    stamp.FromDatetime(moment)
    return stamp


def decimal_out(value: Decimal | None) -> types_pb2.Decimal | None:
    return None if value is None else types_pb2.Decimal(value=format(value, "f"))


def page_info_out(token: str) -> types_pb2.PageInfo:
    return types_pb2.PageInfo(next_page_token=token)


def user_out(user: User) -> pb.User:
    return pb.User(
        user_id=user.user_id,
        email=user.email,
        role=_ROLE_CODES[user.role],
        created_at=timestamp_out(user.created_at),
    )


def user_name_out(named: UserName) -> pb.UserName:
    return pb.UserName(user_id=named.user_id, name=named.name, role=_ROLE_CODES[named.role])


def principal_out(principal: Principal) -> pb.Principal:
    return pb.Principal(
        user_id=principal.user_id,
        email=principal.email,
        role=_PRINCIPAL_ROLE_CODES[principal.role],
        token_kind=pb.TOKEN_KIND_SESSION
        if principal.token_kind is TokenKind.SESSION
        else pb.TOKEN_KIND_API,
        token_id=principal.token_id,
    )


def api_token_out(token: ApiToken) -> pb.ApiToken:
    return pb.ApiToken(
        token_id=token.token_id,
        name=token.name,
        created_at=timestamp_out(token.created_at),
        expires_at=timestamp_out(token.expires_at),
        revoked_at=timestamp_out(token.revoked_at),
        last_used_at=timestamp_out(token.last_used_at),
    )


def portfolio_out(portfolio: Portfolio) -> pb.Portfolio:
    return pb.Portfolio(
        portfolio_id=portfolio.portfolio_id,
        name=portfolio.name,
        base_currency=portfolio.base_currency,
        owner_user_id=portfolio.owner_user_id,
        version=portfolio.version,
        frozen=portfolio.frozen,
        freeze_reasons=[
            pb.FreezeReason(
                source=r.source,
                reference=r.reference,
                detail=r.detail,
                frozen_at=timestamp_out(r.frozen_at),
            )
            for r in portfolio.freeze_reasons
        ],
        archived=portfolio.archived,
        created_at=timestamp_out(portfolio.created_at),
        updated_at=timestamp_out(portfolio.updated_at),
    )


def instrument_out(instrument: Instrument) -> pb.Instrument:
    return pb.Instrument(
        instrument_id=instrument.instrument_id,
        isin=instrument.isin,
        name=instrument.name,
        asset_class=_ASSET_CLASS_CODES[instrument.asset_class],
        version=instrument.version,
        archived=instrument.archived,
    )


def listing_out(listing: Listing) -> pb.Listing:
    return pb.Listing(
        listing_id=listing.listing_id,
        instrument_id=listing.instrument_id,
        venue_mic=listing.venue_mic,
        ticker=listing.ticker,
        quote_currency=listing.quote_currency,
        price_scale=decimal_out(listing.price_scale),
        lot_size=decimal_out(listing.lot_size),
        tick_size=decimal_out(listing.tick_size),
        calendar=listing.calendar,
        version=listing.version,
        archived=listing.archived,
    )


def sleeve_out(sleeve: Sleeve) -> pb.Sleeve:
    return pb.Sleeve(
        sleeve_id=sleeve.sleeve_id,
        portfolio_id=sleeve.portfolio_id,
        name=sleeve.name,
        target_weight_pct=decimal_out(sleeve.target_weight_pct),
        drift_band_abs_pct=decimal_out(sleeve.drift_band_abs_pct),
        drift_band_rel_pct=decimal_out(sleeve.drift_band_rel_pct),
        version=sleeve.version,
        archived=sleeve.archived,
    )


def constituent_out(constituent: Constituent) -> pb.Constituent:
    return pb.Constituent(
        portfolio_id=constituent.portfolio_id,
        listing_id=constituent.listing_id,
        sleeve_id=constituent.sleeve_id or "",
        monitored=constituent.monitored,
        version=constituent.version,
    )


def audit_event_out(entry: AuditEntry) -> pb.AuditEvent:
    return pb.AuditEvent(
        event_id=entry.event_id,
        event_type=entry.event_type,
        aggregate_type=entry.aggregate_type,
        aggregate_id=entry.aggregate_id,
        portfolio_id=entry.portfolio_id or "",
        actor_user_id=entry.actor_user_id or "",
        occurred_at=timestamp_out(entry.occurred_at),
        before_json=_json(entry.before),
        after_json=_json(entry.after),
        service=entry.service,
        actor_name=entry.actor.name if entry.actor else "",
        actor_role=_ROLE_CODES[entry.actor.role] if entry.actor else pb.ROLE_UNSPECIFIED,
    )


def _json(value: object) -> str:
    # Events from every service land here; sorted keys keep the text stable for clients.
    return "" if value is None else json.dumps(value, sort_keys=True, separators=(",", ":"))
