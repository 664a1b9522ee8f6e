"""Settings of the oms service: a service's settings plus ``TA_OMS_*`` broker and retry keys."""

from __future__ import annotations

from decimal import Decimal
from typing import Annotated

from pydantic import Field, SecretStr, ValidationError

from taplatform.config import ConfigError, ServiceSettings, describe_error


class OmsSettings(ServiceSettings):
    # Paper broker: the seed makes fills reproducible; slippage in basis points.
    oms_paper_seed: int = 0
    oms_paper_slippage_bps: Annotated[Decimal, Field(ge=0, le=1000)] = Decimal(5)
    oms_paper_fee_fixed: Annotated[Decimal, Field(ge=0)] = Decimal("1.50")
    oms_paper_fee_bps: Annotated[Decimal, Field(ge=0, le=1000)] = Decimal(0)
    oms_paper_max_slices: Annotated[int, Field(ge=1, le=20)] = 3
    oms_paper_partial_fill_ratio: Annotated[Decimal, Field(ge=0, le=1)] = Decimal(0)
    # The live broker; unset: no live adapter exists and no portfolio can go live.
    oms_live_broker_url: str | None = None
    oms_live_broker_timeout_s: Annotated[float, Field(gt=0, le=60)] = 5.0
    # Dead-letter retries: attempts in all (the first call included) and backoff bounds.
    oms_retry_max_attempts: Annotated[int, Field(ge=1, le=50)] = 5
    oms_retry_base_delay_s: Annotated[float, Field(gt=0, le=3600)] = 2.0
    oms_retry_max_delay_s: Annotated[float, Field(gt=0, le=86400)] = 300.0
    # A token background jobs present to the ledger and registry (no user is calling).
    oms_service_token: SecretStr | None = None


def oms_settings(settings: ServiceSettings) -> OmsSettings:
    """The given settings if already complete, else the service's plus ``TA_OMS_*`` keys."""
    if isinstance(settings, OmsSettings):
        return settings
    try:
        return OmsSettings(**settings.model_dump())
    except ValidationError as error:
        raise ConfigError(describe_error(error)) from None
