"""Settings of the marketdata service: a service's settings plus ``TA_MARKETDATA_*`` providers."""

from __future__ import annotations

from typing import Annotated, Literal

from pydantic import Field, ValidationError

from taplatform.config import ConfigError, ServiceSettings, describe_error


class MarketDataSettings(ServiceSettings):
    # Where scheduled and manual price refreshes fetch from: Stooq over HTTP,
    # or a folder of <TICKER>.csv files (the demo's sample data).
    marketdata_price_provider: Literal["stooq", "csv"] = "stooq"
    marketdata_csv_dir: str | None = None
    marketdata_stooq_url: str = "https://stooq.com"
    marketdata_ecb_url: str = "https://www.ecb.europa.eu"
    marketdata_http_timeout_s: Annotated[float, Field(gt=0, le=120)] = 10.0
    marketdata_http_attempts: Annotated[int, Field(ge=1, le=10)] = 3


def marketdata_settings(settings: ServiceSettings) -> MarketDataSettings:
    """The given settings if already complete, else the service's plus ``TA_MARKETDATA_*`` keys."""
    if isinstance(settings, MarketDataSettings):
        return settings
    try:
        config = MarketDataSettings(**settings.model_dump())
    except ValidationError as error:
        raise ConfigError(describe_error(error)) from None
    if config.marketdata_price_provider == "csv" and not config.marketdata_csv_dir:
        raise ConfigError("configuration error: TA_MARKETDATA_CSV_DIR: missing (provider csv)")
    return config
