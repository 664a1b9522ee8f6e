"""Currency, venue and calendar codes: what the registry accepts and how it normalises them."""

from __future__ import annotations

import re
from decimal import Decimal

from taplatform.errors import InvalidArgumentError

# Active ISO 4217 alphabetic codes (funds and precious metals included; XTS/XXX are not currencies).
_ISO_4217_CODES = """
    AED AFN ALL AMD ANG AOA ARS AUD AWG AZN BAM BBD BDT BGN BHD BIF BMD BND BOB BOV BRL BSD
    BTN BWP BYN BZD CAD CDF CHE CHF CHW CLF CLP CNY COP COU CRC CUC CUP CVE CZK DJF DKK DOP
    DZD EGP ERN ETB EUR FJD FKP GBP GEL GHS GIP GMD GNF GTQ GYD HKD HNL HTG HUF IDR ILS INR
    IQD IRR ISK JMD JOD JPY KES KGS KHR KMF KPW KRW KWD KYD KZT LAK LBP LKR LRD LSL LYD MAD
    MDL MGA MKD MMK MNT MOP MRU MUR MVR MWK MXN MXV MYR MZN NAD NGN NIO NOK NPR NZD OMR PAB
    PEN PGK PHP PKR PLN PYG QAR RON RSD RUB RWF SAR SBD SCR SDG SEK SGD SHP SLE SLL SOS SRD
    SSP STN SVC SYP SZL THB TJS TMT TND TOP TRY TTD TWD TZS UAH UGX USD USN UYI UYU UYW UZS
    VED VES VND VUV WST XAF XAG XAU XBA XBB XBC XBD XCD XCG XDR XOF XPD XPF XPT XSU XUA YER
    ZAR ZMW ZWG ZWL
"""
ISO_4217 = frozenset(_ISO_4217_CODES.split())

# Quote units that are a fraction of a currency's major unit: code -> (currency, scale).
MINOR_QUOTE_UNITS: dict[str, tuple[str, Decimal]] = {"GBX": ("GBP", Decimal("0.01"))}

# The currencies a portfolio may be valued in.
BASE_CURRENCIES = ("GBP", "VND")
DEFAULT_BASE_CURRENCY = "GBP"

_MIC = re.compile(r"[A-Z0-9]{4}")
_CALENDAR = re.compile(r"[A-Z0-9][A-Z0-9_-]{1,31}")


def parse_base_currency(value: str, field: str = "base_currency") -> str:
    """A portfolio's base currency: GBP when empty, else GBP or VND."""
    code = value.strip().upper() or DEFAULT_BASE_CURRENCY
    if code not in BASE_CURRENCIES:
        raise InvalidArgumentError.for_field(
            field, f"{code!r} is not supported; use one of {', '.join(BASE_CURRENCIES)}"
        )
    return code


def parse_quote_currency(value: str, field: str = "quote_currency") -> str:
    """An ISO 4217 code or a minor quote unit such as GBX (pence)."""
    code = value.strip().upper()
    if not code:
        raise InvalidArgumentError.for_field(field, "is required")
    if code not in ISO_4217 and code not in MINOR_QUOTE_UNITS:
        raise InvalidArgumentError.for_field(
            field, f"{code!r} is not an ISO 4217 currency code (or GBX for pence)"
        )
    return code


def price_scale_for(quote_currency: str) -> Decimal:
    """How much of the currency's major unit one quote unit is: GBX 0.01, otherwise 1."""
    minor = MINOR_QUOTE_UNITS.get(quote_currency)
    return minor[1] if minor else Decimal(1)


def parse_mic(value: str, field: str = "venue_mic") -> str:
    """An ISO 10383 market identifier code: four letters or digits, e.g. XLON."""
    mic = value.strip().upper()
    if not _MIC.fullmatch(mic):
        raise InvalidArgumentError.for_field(
            field, f"{mic!r} is not an ISO 10383 MIC (four letters or digits, e.g. XLON)"
        )
    return mic


def parse_calendar(value: str, field: str = "calendar") -> str:
    """An exchange-calendar code such as XLON or XSTC."""
    code = value.strip().upper()
    if not _CALENDAR.fullmatch(code):
        raise InvalidArgumentError.for_field(
            field, f"{code!r} is not a calendar code (2-32 letters, digits, '_' or '-')"
        )
    return code
