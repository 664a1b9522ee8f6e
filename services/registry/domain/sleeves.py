"""Sleeves (target weights with drift bands) and constituents (listings in a portfolio)."""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass, replace
from datetime import datetime
from decimal import Decimal

from services.registry.domain.fields import check_range, clean_name
from taplatform.errors import FailedPreconditionError

HUNDRED = Decimal(100)


@dataclass(frozen=True)
class SleeveTerms:
    """The editable part of a sleeve, validated together."""

    name: str
    target_weight_pct: Decimal
    drift_band_abs_pct: Decimal | None
    drift_band_rel_pct: Decimal | None

    @classmethod
    def parse(
        cls,
        name: str,
        target_weight_pct: Decimal,
        drift_band_abs_pct: Decimal | None,
        drift_band_rel_pct: Decimal | None,
    ) -> SleeveTerms:
        """Targets lie in [0, 100]; drift bands, when given, in [0, 100]."""
        zero = Decimal(0)
        return cls(
            name=clean_name(name),
            target_weight_pct=check_range(
                target_weight_pct, "target_weight_pct", minimum=zero, maximum=HUNDRED
            ),
            drift_band_abs_pct=None
            if drift_band_abs_pct is None
            else check_range(
                drift_band_abs_pct, "drift_band_abs_pct", minimum=zero, maximum=HUNDRED
            ),
            drift_band_rel_pct=None
            if drift_band_rel_pct is None
            else check_range(
                drift_band_rel_pct, "drift_band_rel_pct", minimum=zero, maximum=HUNDRED
            ),
        )


@dataclass(frozen=True)
class Sleeve:
    sleeve_id: str
    portfolio_id: str
    name: str
    target_weight_pct: Decimal
    drift_band_abs_pct: Decimal | None
    drift_band_rel_pct: Decimal | None
    version: int
    archived: bool
    created_at: datetime
    updated_at: datetime


def new_sleeve(sleeve_id: str, portfolio_id: str, terms: SleeveTerms, now: datetime) -> Sleeve:
    """A new sleeve at version 1."""
    return Sleeve(
        sleeve_id=sleeve_id,
        portfolio_id=portfolio_id,
        name=terms.name,
        target_weight_pct=terms.target_weight_pct,
        drift_band_abs_pct=terms.drift_band_abs_pct,
        drift_band_rel_pct=terms.drift_band_rel_pct,
        version=1,
        archived=False,
        created_at=now,
        updated_at=now,
    )


def update_sleeve(sleeve: Sleeve, terms: SleeveTerms, now: datetime) -> Sleeve:
    """Replace every editable field of the sleeve."""
    if sleeve.archived:
        raise FailedPreconditionError(f"sleeve {sleeve.sleeve_id} is archived")
    return replace(
        sleeve,
        name=terms.name,
        target_weight_pct=terms.target_weight_pct,
        drift_band_abs_pct=terms.drift_band_abs_pct,
        drift_band_rel_pct=terms.drift_band_rel_pct,
        version=sleeve.version + 1,
        updated_at=now,
    )


@dataclass(frozen=True)
class Constituent:
    """A listing in a portfolio's universe, in at most one sleeve (key: portfolio + listing)."""

    portfolio_id: str
    listing_id: str
    sleeve_id: str | None
    monitored: bool
    version: int
    created_at: datetime
    updated_at: datetime


def new_constituent(
    portfolio_id: str, listing_id: str, sleeve_id: str | None, monitored: bool, now: datetime
) -> Constituent:
    return Constituent(portfolio_id, listing_id, sleeve_id, monitored, 1, now, now)


def update_constituent(
    constituent: Constituent, sleeve_id: str | None, monitored: bool, now: datetime
) -> Constituent:
    """Move the listing to another sleeve (or none) and set its monitoring flag."""
    return replace(
        constituent,
        sleeve_id=sleeve_id,
        monitored=monitored,
        version=constituent.version + 1,
        updated_at=now,
    )


@dataclass(frozen=True)
class TargetCheck:
    sums_to_100: bool
    target_sum_pct: Decimal


def check_targets(targets: Iterable[Decimal]) -> TargetCheck:
    """Whether sleeve targets sum to exactly 100 (Decimal arithmetic, no tolerance)."""
    total = sum(targets, Decimal(0))
    return TargetCheck(sums_to_100=total == HUNDRED, target_sum_pct=total)
