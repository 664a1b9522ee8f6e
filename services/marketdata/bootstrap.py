"""Composition root of the marketdata service: the only place that wires its parts."""

from __future__ import annotations

import uuid
from collections.abc import Callable
from dataclasses import dataclass
from functools import partial
from pathlib import Path

import httpx
from tradingassistant.marketdata.v1 import marketdata_pb2_grpc

from services.marketdata.domain.rules import RuleBook
from services.marketdata.handlers import AlertActions, MarketDataQueries
from services.marketdata.ingestion import PriceIngestion
from services.marketdata.ledger_adapter import LedgerHolders
from services.marketdata.providers.base import Provider
from services.marketdata.providers.csv_file import CsvFolderProvider
from services.marketdata.providers.ecb import EcbProvider
from services.marketdata.providers.http import HttpFetcher, RetryPolicy, default_client
from services.marketdata.providers.stooq import StooqProvider
from services.marketdata.registry_adapter import RegistryAdapter
from services.marketdata.registry_port import ListingDirectory, PortfolioDirectory
from services.marketdata.rule_settings import RuleSettingsHandlers
from services.marketdata.runs import TaskRunner
from services.marketdata.schedules import ScheduleHandlers, SchedulePlanner
from services.marketdata.server import MarketDataServiceServicer, SettingsHandlers
from services.marketdata.settings import MarketDataSettings, marketdata_settings
from services.marketdata.store import alerts, platform
from taplatform.auth.wiring import registry_backed_auth
from taplatform.catalog import service
from taplatform.clock import Clock, SystemClock
from taplatform.config import ServiceSettings
from taplatform.db import service_engine
from taplatform.grpc.client import open_channel
from taplatform.grpc.server import ServiceApp
from taplatform.metrics import GaugeSpec, count_rows

UNRESOLVED_ALERTS = GaugeSpec(
    "ta_dq_alerts_open",
    "Data-quality alerts not yet resolved (open or acknowledged), by rule and severity.",
    ("rule", "severity", "status"),
)


@dataclass
class Providers:
    prices: Provider
    fx: Provider
    fx_history: Provider
    client: httpx.AsyncClient


def build_providers(config: MarketDataSettings) -> Providers:
    """The configured price provider and the ECB, sharing one HTTP client."""
    client = default_client(config.marketdata_http_timeout_s)
    retry = RetryPolicy(attempts=config.marketdata_http_attempts)
    prices: Provider
    if config.marketdata_price_provider == "csv":
        prices = CsvFolderProvider(Path(config.marketdata_csv_dir or "."))
    else:
        prices = StooqProvider(HttpFetcher("stooq", client, retry), config.marketdata_stooq_url)
    ecb = HttpFetcher("ecb", client, retry)
    fx = EcbProvider(ecb, config.marketdata_ecb_url)
    fx_history = EcbProvider(ecb, config.marketdata_ecb_url, history=True)
    return Providers(prices, fx, fx_history, client)


def bootstrap(
    settings: ServiceSettings,
    *,
    clock: Clock | None = None,
    new_id: Callable[[], uuid.UUID] = uuid.uuid4,
    rule_book: RuleBook | None = None,
) -> ServiceApp:
    """Build the marketdata service from settings."""
    config = marketdata_settings(settings)
    spec = service("marketdata")
    engine = service_engine(spec, config)
    clock = clock or SystemClock()
    channel = open_channel(config.registry_addr)
    ledger_channel = open_channel(config.ledger_addr)
    holders = LedgerHolders(ledger_channel, config.rpc_timeout_s)
    registry = RegistryAdapter(channel, config.rpc_timeout_s, holders)
    listings: ListingDirectory = registry
    portfolios: PortfolioDirectory = registry
    providers = build_providers(config)
    book = rule_book or RuleBook()
    ingestion = PriceIngestion(engine, clock, new_id, portfolios, book)
    planner = SchedulePlanner(engine, portfolios)
    runner = TaskRunner(
        engine,
        clock,
        new_id,
        listings,
        ingestion,
        providers.prices,
        providers.fx,
        planner,
        providers.fx_history,
    )
    # Every call authenticated, every portfolio it names checked against the registry.
    auth = registry_backed_auth(settings, service=spec.name, engine=engine, outbox=platform.outbox)
    settings_handlers = SettingsHandlers(
        RuleSettingsHandlers(engine, clock, listings, portfolios, auth.gate, book),
        ScheduleHandlers(engine, clock),
    )
    servicer = MarketDataServiceServicer(
        runner,
        MarketDataQueries(engine),
        AlertActions(engine, clock, new_id, ingestion),
        settings_handlers,
    )

    async def close_clients() -> None:
        await providers.client.aclose()
        await channel.close()
        await ledger_channel.close()

    return ServiceApp(
        spec=spec,
        engine=engine,
        database_url=settings.database_url,
        register=partial(marketdata_pb2_grpc.add_MarketDataServiceServicer_to_server, servicer),
        interceptors=auth.interceptors,
        on_close=[*auth.on_close, close_clients],
        gauges=[count_rows(UNRESOLVED_ALERTS, engine, alerts, where=alerts.c.status != "resolved")],
    )
