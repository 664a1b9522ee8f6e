"""Portfolios: a named, owned universe valued in one base currency, with advice freezes."""

from __future__ import annotations

from dataclasses import dataclass, replace
from datetime import datetime

from services.registry.domain.codes import parse_base_currency
from services.registry.domain.fields import clean_name
from taplatform.errors import FailedPreconditionError, InvalidArgumentError

FREEZE_SOURCES = ("dq_alert", "manual")
MAX_FREEZE_TEXT = 500


@dataclass(frozen=True)
class FreezeReason:
    """Why advice is frozen: ``source`` + ``reference`` identify it (an alert id, a note)."""

    source: str
    reference: str
    detail: str
    frozen_at: datetime


@dataclass(frozen=True)
class Portfolio:
    portfolio_id: str
    owner_user_id: str
    name: str
    base_currency: str
    version: int
    freeze_reasons: tuple[FreezeReason, ...]
    archived: bool
    created_at: datetime
    updated_at: datetime

    @property
    def frozen(self) -> bool:
        """Advice is frozen while any reason remains."""
        return bool(self.freeze_reasons)


def new_portfolio(
    portfolio_id: str, owner_user_id: str, name: str, base_currency: str, now: datetime
) -> Portfolio:
    """A new portfolio at version 1; the name is trimmed and the currency defaults to GBP."""
    return Portfolio(
        portfolio_id=portfolio_id,
        owner_user_id=owner_user_id,
        name=clean_name(name),
        base_currency=parse_base_currency(base_currency),
        version=1,
        freeze_reasons=(),
        archived=False,
        created_at=now,
        updated_at=now,
    )


def _bumped(portfolio: Portfolio, now: datetime, **changes: object) -> Portfolio:
    return replace(portfolio, version=portfolio.version + 1, updated_at=now, **changes)  # type: ignore[arg-type]


def _require_active(portfolio: Portfolio) -> None:
    if portfolio.archived:
        raise FailedPreconditionError(f"portfolio {portfolio.portfolio_id} is archived")


def update_portfolio(
    portfolio: Portfolio, name: str, base_currency: str, now: datetime
) -> Portfolio:
    """Replace the name and base currency (both validated as on create)."""
    _require_active(portfolio)
    return _bumped(
        portfolio, now, name=clean_name(name), base_currency=parse_base_currency(base_currency)
    )


def archive_portfolio(portfolio: Portfolio, now: datetime) -> Portfolio:
    """Archive: hidden from lists and refused by portfolio-scoped calls from now on."""
    _require_active(portfolio)
    return _bumped(portfolio, now, archived=True)


def _freeze_text(value: str, field: str, required: bool) -> str:
    text = value.strip()
    if required and not text:
        raise InvalidArgumentError.for_field(field, "is required")
    if len(text) > MAX_FREEZE_TEXT:
        raise InvalidArgumentError.for_field(field, f"must be at most {MAX_FREEZE_TEXT} characters")
    return text


def freeze_portfolio(
    portfolio: Portfolio, source: str, reference: str, detail: str, now: datetime
) -> Portfolio | None:
    """Add a freeze reason; None when the same source and reference already freeze it."""
    _require_active(portfolio)
    source = _freeze_text(source, "reason.source", True).lower()
    if source not in FREEZE_SOURCES:
        raise InvalidArgumentError.for_field(
            "reason.source", f"{source!r} is not one of {', '.join(FREEZE_SOURCES)}"
        )
    reference = _freeze_text(reference, "reason.reference", True)
    detail = _freeze_text(detail, "reason.detail", False)
    if any(r.source == source and r.reference == reference for r in portfolio.freeze_reasons):
        return None
    reason = FreezeReason(source, reference, detail, now)
    return _bumped(portfolio, now, freeze_reasons=(*portfolio.freeze_reasons, reason))


def unfreeze_portfolio(
    portfolio: Portfolio, why: str, references: list[str], now: datetime
) -> tuple[Portfolio, tuple[FreezeReason, ...]]:
    """Lift the reasons with ``references`` (all when empty); return the portfolio and them."""
    _require_active(portfolio)
    _freeze_text(why, "reason", True)
    wanted = {ref.strip() for ref in references if ref.strip()}
    lifted = tuple(r for r in portfolio.freeze_reasons if not wanted or r.reference in wanted)
    unknown = sorted(wanted - {r.reference for r in portfolio.freeze_reasons})
    if unknown:
        raise InvalidArgumentError.for_field(
            "references", f"no freeze with reference {', '.join(unknown)}"
        )
    kept = tuple(r for r in portfolio.freeze_reasons if r not in lifted)
    return _bumped(portfolio, now, freeze_reasons=kept), lifted
