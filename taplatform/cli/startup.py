"""The order ``up`` starts the stack in, so the demo is seeded before the worker needs its token.

1. registry, ledger, engine, oms and the edge;
2. once the registry serves: decide whether to seed the demo (a database with
   no users, or a valid token in the credentials file);
3. marketdata, for the demo with the ``csv`` provider over ``demo/prices``
   unless ``TA_MARKETDATA_PRICE_PROVIDER`` / ``TA_MARKETDATA_CSV_DIR`` are set;
4. once ``/readyz`` answers 200: seed;
5. the worker (it and the OMS act with the service account's token, which
   ``run_stack`` minted after migrating: see :mod:`taplatform.cli.service_account`);
6. print the URL, the admin's email and (once, when generated) the password.
"""

from __future__ import annotations

import asyncio
from collections.abc import Callable, Mapping
from dataclasses import replace
from datetime import UTC, datetime
from pathlib import Path

import grpc
import httpx
from grpc_health.v1 import health_pb2, health_pb2_grpc

from taplatform.catalog import service
from taplatform.cli.demo import (
    DemoOutcome,
    DemoPlan,
    describe,
    open_stubs,
    plan_demo,
    rpc_problem,
    run_demo,
)
from taplatform.cli.demo_credentials import read_credentials
from taplatform.cli.demo_data import DEMO_PRICES_DIR
from taplatform.cli.seed import Stubs
from taplatform.cli.supervisor import ProcessSpec, Supervisor
from taplatform.config import ServiceAddresses

POLL_S = 0.5
LATE = ("marketdata", "worker")


def demo_marketdata_env(env: Mapping[str, str], prices_dir: Path) -> dict[str, str]:
    """Marketdata's environment for the demo: sample prices, unless the user chose a provider."""
    chosen = dict(env)
    chosen.setdefault("TA_MARKETDATA_PRICE_PROVIDER", "csv")
    chosen.setdefault("TA_MARKETDATA_CSV_DIR", str(prices_dir))
    return chosen


async def wait_until_serving(address: str, service_name: str) -> None:
    """Poll gRPC health until ``service_name`` is SERVING (cancelled when ``up`` stops)."""
    async with grpc.aio.insecure_channel(address) as channel:
        stub = health_pb2_grpc.HealthStub(channel)
        while True:
            try:
                reply = await stub.Check(
                    health_pb2.HealthCheckRequest(service=service_name), timeout=2
                )
                if reply.status == health_pb2.HealthCheckResponse.SERVING:
                    return
            except grpc.aio.AioRpcError:
                pass
            await asyncio.sleep(POLL_S)


async def wait_until_ready(readyz_url: str) -> None:
    """Poll the edge's ``/readyz`` until it answers 200."""
    async with httpx.AsyncClient(timeout=2.0) as client:
        while True:
            try:
                if (await client.get(readyz_url)).status_code == 200:
                    return
            except httpx.HTTPError:
                pass
            await asyncio.sleep(POLL_S)


class StackStartup:
    """``on_started`` of the stack's supervisor: the late processes, the demo, the URL."""

    def __init__(
        self,
        supervisor: Supervisor,
        late: Mapping[str, ProcessSpec],
        addresses: ServiceAddresses,
        base_url: str,
        credentials_path: Path,
        prices_dir: Path = DEMO_PRICES_DIR,
    ) -> None:
        self._supervisor = supervisor
        self._late = late
        self._addresses = addresses
        self._base_url = base_url
        self._credentials_path = credentials_path
        self._prices_dir = prices_dir

    @property
    def say(self) -> Callable[[str], None]:
        return self._supervisor.say

    async def __call__(self) -> None:
        registry = service("registry")
        await wait_until_serving(self._addresses.addr("registry"), registry.full_name)
        marketdata, worker = self._late["marketdata"], self._late["worker"]
        env = dict(marketdata.env or {})
        async with open_stubs(self._addresses) as stubs:
            try:
                plan = await plan_demo(stubs.registry, self._credentials_path, env)
            except grpc.aio.AioRpcError as error:
                self.say(f"demo: cannot ask the registry ({rpc_problem(error)}); not seeding")
                plan = None
            if plan is not None and plan.seeds:
                marketdata = replace(marketdata, env=demo_marketdata_env(env, self._prices_dir))
            if not await self._supervisor.start(marketdata):
                return
            await wait_until_ready(self._base_url + "readyz")
            outcome = None
            if plan is None or not plan.seeds:
                self.say(f"demo seed skipped: {plan.reason if plan else 'registry unanswered'}")
            else:
                outcome = await self._seed(stubs, plan)
        if not await self._supervisor.start(worker):
            return
        self._announce(outcome)

    async def _seed(self, stubs: Stubs, plan: DemoPlan) -> DemoOutcome | None:
        self.say("seeding the demo portfolio (sample data)")
        today = datetime.now(UTC).date()
        env = dict(self._late["worker"].env or {})
        try:
            outcome = await run_demo(
                stubs, plan, self._credentials_path, env, self._prices_dir, today
            )
        except Exception as error:  # the stack still runs; say why there is no demo
            self.say(f"demo seed failed: {rpc_problem(error)}")
            return None
        self.say(describe(outcome.report))
        return outcome

    def _announce(self, outcome: DemoOutcome | None) -> None:
        self.say(f"Trading Assistant is ready: {self._base_url}")
        if outcome is None:
            return
        self.say(f"admin: {outcome.email}")
        if outcome.new_password is not None:
            self.say(
                f"password: {outcome.new_password}  (generated, shown only now; also in "
                f"{self._credentials_path}, mode 0600; change it in the web app)"
            )
        else:
            kept = read_credentials(self._credentials_path)
            if kept is not None and kept.password is not None:
                self.say(f"password: the generated one, in {self._credentials_path}")
