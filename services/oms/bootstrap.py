"""Composition root of the oms service: the only place that wires its parts."""

from __future__ import annotations

import random
from collections.abc import Awaitable, Callable
from dataclasses import dataclass, field
from functools import partial
from typing import Any

from sqlalchemy.ext.asyncio import AsyncEngine
from tradingassistant.oms.v1 import oms_pb2_grpc

from services.oms.adapters import (
    EngineRecommendations,
    GrpcLedger,
    LedgerValuation,
    MarketDataPrices,
    RegistryListings,
    RegistryPasswords,
)
from services.oms.brokers.base import BrokerAdapter
from services.oms.brokers.http import HttpBroker
from services.oms.brokers.simulated import ManualBroker, PaperBroker
from services.oms.domain.model import OrderState
from services.oms.domain.paper import PaperConfig
from services.oms.domain.retry import RetryPolicy
from services.oms.handlers import OmsDeps
from services.oms.server import OmsServiceServicer
from services.oms.sessions import ExchangeSessions
from services.oms.settings import OmsSettings, oms_settings
from services.oms.store import orders, platform
from taplatform.auth.wiring import ServiceAuth, registry_backed_auth
from taplatform.catalog import service
from taplatform.clock import Clock, SystemClock
from taplatform.config import ServiceSettings
from taplatform.db import service_engine
from taplatform.grpc.client import open_channel
from taplatform.grpc.server import ServiceApp
from taplatform.metrics import GaugeSpec, count_rows

ORDERS_BY_STATE = GaugeSpec("ta_oms_orders", "Orders by state.", ("state",))

Closer = Callable[[], Awaitable[None]]


@dataclass
class Wiring:
    deps: OmsDeps
    on_close: list[Closer] = field(default_factory=list)


def build_deps(
    settings: OmsSettings, engine: AsyncEngine, clock: Clock, **overrides: Any
) -> Wiring:
    """The handlers' dependencies from settings; ``overrides`` replace any port (tests)."""
    on_close: list[Closer] = []
    token = settings.oms_service_token.get_secret_value() if settings.oms_service_token else None
    timeout = settings.rpc_timeout_s
    channels = {
        name: open_channel(settings.addr(name))
        for name in ("registry", "marketdata", "ledger", "engine")
    }
    for channel in channels.values():
        on_close.append(channel.close)
    listings = RegistryListings(channels["registry"], timeout, token)
    prices = MarketDataPrices(channels["marketdata"], timeout, token)
    ports: dict[str, Any] = {
        "listings": listings,
        "prices": prices,
        "valuation": LedgerValuation(channels["ledger"], prices, listings, timeout, token),
        "passwords": RegistryPasswords(channels["registry"], timeout),
        "ledger": GrpcLedger(channels["ledger"], timeout, token),
        "sessions": ExchangeSessions(),
        "recommendations": EngineRecommendations(channels["engine"], timeout, token),
    }
    ports.update({k: v for k, v in overrides.items() if k != "brokers"})
    brokers: dict[str, BrokerAdapter] = overrides.get("brokers") or _brokers(
        settings, ports["prices"], clock, on_close
    )
    deps = OmsDeps(
        engine=engine,
        clock=clock,
        brokers=brokers,
        retry=RetryPolicy(
            settings.oms_retry_max_attempts,
            settings.oms_retry_base_delay_s,
            settings.oms_retry_max_delay_s,
        ),
        rng=random.Random(),
        **ports,
    )
    return Wiring(deps, on_close)


def _brokers(
    settings: OmsSettings, prices: Any, clock: Clock, on_close: list[Closer]
) -> dict[str, BrokerAdapter]:
    paper = PaperConfig(
        seed=settings.oms_paper_seed,
        slippage_bps=settings.oms_paper_slippage_bps,
        fee_fixed=settings.oms_paper_fee_fixed,
        fee_bps=settings.oms_paper_fee_bps,
        max_slices=settings.oms_paper_max_slices,
        partial_fill_ratio=settings.oms_paper_partial_fill_ratio,
    )
    brokers: dict[str, BrokerAdapter] = {
        "paper": PaperBroker(prices, clock, paper),
        "manual": ManualBroker(),
    }
    # The live adapter exists only when configured; a portfolio reaches it only
    # after the two-step switch (TradingState.broker is "live" only in live mode).
    if settings.oms_live_broker_url:
        live = HttpBroker(
            settings.oms_live_broker_url, timeout_s=settings.oms_live_broker_timeout_s
        )
        brokers["live"] = live
        on_close.append(live.close)
    return brokers


def bootstrap(
    settings: ServiceSettings,
    *,
    clock: Clock | None = None,
    auth: ServiceAuth | None = None,
    **overrides: Any,
) -> ServiceApp:
    """Build the oms service from settings; tests may pass a clock, auth and fakes of the ports."""
    spec = service("oms")
    config = oms_settings(settings)
    engine = service_engine(spec, config)
    wiring = build_deps(config, engine, clock or SystemClock(), **overrides)
    servicer = OmsServiceServicer(wiring.deps)
    # Every call authenticated, every portfolio it names checked against the registry.
    auth = auth or registry_backed_auth(
        config, service=spec.name, engine=engine, outbox=platform.outbox
    )
    return ServiceApp(
        spec=spec,
        engine=engine,
        database_url=config.database_url,
        register=partial(oms_pb2_grpc.add_OmsServiceServicer_to_server, servicer),
        interceptors=auth.interceptors,
        on_close=[*wiring.on_close, *auth.on_close],
        gauges=[
            count_rows(ORDERS_BY_STATE, engine, orders, zeros=[(s.value,) for s in OrderState])
        ],
    )
