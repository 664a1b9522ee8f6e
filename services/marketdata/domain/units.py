"""Price units and currency conversion for market data: the shared ones of :mod:`taplatform.fx`.

The OMS converts order prices with the same code, so it lives in the shared library.
"""

from taplatform.fx import (
    FX_BASE,
    FX_CONTEXT,
    MINOR_UNITS,
    EurRates,
    MissingFxRateError,
    check_unit,
    expected_scale,
    major_currency,
    to_base_currency,
)

__all__ = [
    "FX_BASE",
    "FX_CONTEXT",
    "MINOR_UNITS",
    "EurRates",
    "MissingFxRateError",
    "check_unit",
    "expected_scale",
    "major_currency",
    "to_base_currency",
]
