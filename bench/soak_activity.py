"""User activity during the soak run: what a person does with the demo portfolio, over gRPC.

Once: the demo portfolio's ingestion schedule becomes intraday every 5 minutes
(so every accelerated tick fetches), orders outside market hours are queued
for the open instead of refused, and a policy for its three sleeves is
created and approved. Then each minute: an engine run, its recommendation
approved when it has advice, and its lines placed as orders on the paper
broker, as the admin (the API token ``up`` wrote to the credentials file).
"""

from __future__ import annotations

import uuid
from collections.abc import Awaitable, Callable
from typing import Any

import grpc
from tradingassistant.engine.v1 import engine_pb2 as epb
from tradingassistant.engine.v1 import engine_pb2_grpc
from tradingassistant.marketdata.v1 import marketdata_pb2 as md
from tradingassistant.marketdata.v1 import marketdata_pb2_grpc
from tradingassistant.oms.v1 import oms_pb2, oms_pb2_grpc
from tradingassistant.registry.v1 import registry_pb2 as reg
from tradingassistant.registry.v1 import registry_pb2_grpc

from taplatform.auth.bearer import bearer_metadata
from taplatform.cli.demo_data import DEMO_PORTFOLIO_NAME
from taplatform.config import ServiceAddresses
from taplatform.grpc.client import open_channel

TIMEOUT_S = 60.0
POLICY_YAML = """\
schema_version: 1
name: Demo 60/25/15 (soak)
sleeves:
  - name: Global equity
    target_weight_pct: 60
    drift_band: {abs_pct: 5, rel_pct: 25}
  - name: UK equity
    target_weight_pct: 25
    drift_band: {abs_pct: 5, rel_pct: 25}
  - name: UK gilts
    target_weight_pct: 15
    drift_band: {abs_pct: 5, rel_pct: 25}
cadence: {frequency: monthly, run_day: 1, contribution: 0}
friction:
  min_trade_value: 100
  max_orders_per_run: 4
  fees: {fixed: 1.50, bps: 10, minimum: 2}
  cash_buffer: 50
sells: when_outside_band
"""


class Activity:
    """The admin's calls; ``counts`` tallies what happened, ``errors`` the last failures."""

    def __init__(self, addresses: ServiceAddresses, token: str) -> None:
        self._channels = {
            name: open_channel(addresses.addr(name))
            for name in ("registry", "marketdata", "engine", "oms")
        }
        self.registry = registry_pb2_grpc.RegistryServiceStub(self._channels["registry"])
        self.marketdata = marketdata_pb2_grpc.MarketDataServiceStub(self._channels["marketdata"])
        self.engine = engine_pb2_grpc.EngineServiceStub(self._channels["engine"])
        self.oms = oms_pb2_grpc.OmsServiceStub(self._channels["oms"])
        self._metadata = bearer_metadata(token)
        self.portfolio_id = ""
        self.counts: dict[str, int] = {}
        self.errors: list[str] = []

    async def _call(self, method: Callable[..., Awaitable[Any]], request: Any) -> Any:
        return await method(request, metadata=self._metadata, timeout=TIMEOUT_S)

    def _count(self, what: str, n: int = 1) -> None:
        self.counts[what] = self.counts.get(what, 0) + n

    async def prepare(self) -> None:
        """Find the demo portfolio, fetch it every 5 minutes, give it an approved policy."""
        listed = await self._call(self.registry.ListPortfolios, reg.ListPortfoliosRequest())
        [portfolio] = [p for p in listed.portfolios if p.name == DEMO_PORTFOLIO_NAME]
        self.portfolio_id = portfolio.portfolio_id
        current = await self._call(
            self.marketdata.GetIngestionSchedule,
            md.GetIngestionScheduleRequest(portfolio_id=self.portfolio_id),
        )
        await self._call(
            self.marketdata.UpdateIngestionSchedule,
            md.UpdateIngestionScheduleRequest(
                portfolio_id=self.portfolio_id,
                expected_version=current.schedule.version,
                intraday_enabled=True,
                intraday_every_min=5,
                eod_enabled=True,
                fx_enabled=True,
            ),
        )
        await self._queue_outside_hours()
        created = await self._call(
            self.engine.CreatePolicyVersion,
            epb.CreatePolicyVersionRequest(portfolio_id=self.portfolio_id, document=POLICY_YAML),
        )
        version = created.policy_version
        await self._call(
            self.engine.ApprovePolicyVersion,
            epb.ApprovePolicyVersionRequest(
                portfolio_id=self.portfolio_id,
                policy_version_id=version.policy_version_id,
                policy_hash=version.policy_hash,
            ),
        )

    async def _queue_outside_hours(self) -> None:
        # Outside XLON hours (a soak at night) orders are queued for the open, not refused.
        state = await self._call(
            self.oms.GetTradingState, oms_pb2.GetTradingStateRequest(portfolio_id=self.portfolio_id)
        )
        limits = oms_pb2.GuardrailLimits()
        limits.CopyFrom(state.state.limits)
        limits.session_policy = oms_pb2.SESSION_POLICY_QUEUE
        limits.cooldown_rejects = 0
        await self._call(
            self.oms.UpdateGuardrailLimits,
            oms_pb2.UpdateGuardrailLimitsRequest(
                portfolio_id=self.portfolio_id, version=state.state.version, limits=limits
            ),
        )

    async def tick(self) -> None:
        """One engine run; approve and place its advice, if any. Failures are noted, not raised."""
        try:
            await self._run_and_place()
        except grpc.aio.AioRpcError as error:
            self._count(f"error:{error.code().name}")
            self.errors = [*self.errors[-9:], f"{error.code().name}: {error.details()}"]

    async def _run_and_place(self) -> None:
        started = await self._call(
            self.engine.StartRun,
            epb.StartRunRequest(request_id=str(uuid.uuid4()), portfolio_id=self.portfolio_id),
        )
        run = started.run
        self._count(f"run:{epb.RunStatus.Name(run.status).removeprefix('RUN_STATUS_').lower()}")
        if run.status != epb.RUN_STATUS_ADVICE or not run.line_count:
            return
        await self._call(
            self.engine.ApproveRecommendation,
            epb.ApproveRecommendationRequest(
                portfolio_id=self.portfolio_id,
                recommendation_id=run.run_id,
                recommendation_hash=run.recommendation_hash,
                note="soak run",
            ),
        )
        self._count("approved")
        placed = await self._call(
            self.oms.PlaceRecommendationOrders,
            oms_pb2.PlaceRecommendationOrdersRequest(
                portfolio_id=self.portfolio_id, recommendation_id=run.run_id
            ),
        )
        for line in placed.placements:
            self._count("order_placed" if line.order.order_id else f"denied:{line.denied_reason}")

    async def close(self) -> None:
        for channel in self._channels.values():
            await channel.close()
