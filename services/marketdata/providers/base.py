"""The one interface every price/FX source implements, its capabilities and typed errors."""

from __future__ import annotations

import enum
from dataclasses import dataclass, field
from datetime import date
from typing import Protocol

from services.marketdata.domain.csv_import import RowRejection
from services.marketdata.domain.prices import ListingInfo, PricePoint
from services.marketdata.domain.units import EurRates


class Capability(enum.StrEnum):
    EOD = "eod"
    INTRADAY = "intraday"
    FX = "fx"


class ProviderError(Exception):
    """A source could not answer; ``retryable`` says whether trying later may help."""

    retryable = False

    def __init__(self, provider: str, message: str) -> None:
        super().__init__(f"{provider}: {message}")
        self.provider = provider
        self.message = message


class ProviderNotFoundError(ProviderError):
    """The source does not know the symbol or has no data for the request."""


class RateLimitedError(ProviderError):
    """The source asked us to slow down (HTTP 429 or its own words for it)."""

    retryable = True

    def __init__(self, provider: str, message: str, retry_after_s: float | None = None) -> None:
        super().__init__(provider, message)
        self.retry_after_s = retry_after_s


class ProviderUnavailableError(ProviderError):
    """The source is down, timed out or answered with something unusable."""

    retryable = True


class UnsupportedCapabilityError(ProviderError):
    """The request needs a capability the source does not declare."""


@dataclass(frozen=True)
class PriceFetch:
    """Points a source returned for one listing, and rows of its answer we could not use."""

    points: list[PricePoint] = field(default_factory=list)
    rejected: list[RowRejection] = field(default_factory=list)


class Provider(Protocol):
    """A source of EOD bars, intraday quotes and/or FX rates, as ``capabilities`` declares."""

    @property
    def name(self) -> str: ...

    @property
    def capabilities(self) -> frozenset[Capability]: ...

    async def fetch_eod(self, listing: ListingInfo, start: date, end: date) -> PriceFetch:
        """EOD points of ``listing`` for sessions in ``[start, end]``."""
        ...

    async def fetch_intraday(self, listing: ListingInfo) -> PriceFetch:
        """The latest intraday quote(s) of ``listing``."""
        ...

    async def fetch_fx(self) -> list[EurRates]:
        """EUR reference rates, one :class:`EurRates` per day, oldest first."""
        ...


def unsupported(provider: str, capability: Capability) -> UnsupportedCapabilityError:
    return UnsupportedCapabilityError(provider, f"does not provide {capability.value} data")
