"""Engine calculation latency: 10 to 10,000 listings, and a batch of 10,000 small portfolios.

Pure calculation (snapshot + policy → canonical recommendation bytes), no I/O; then
StartRun end to end through gRPC with the real registry, marketdata, ledger and engine
(``bench/engine_e2e.py``; needs PostgreSQL and Redis, see bench/README.md).
Usage: .venv/bin/python bench/bench_engine.py [--quick] [--pure]
           [--sizes 10,100,1000,10000] [--setup auto|api|direct]
"""

from __future__ import annotations

import argparse
import asyncio
import statistics
import sys
import time
from datetime import UTC, datetime
from decimal import Decimal
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from services.engine.domain.calculate import calculate
from services.engine.domain.policy import Policy
from services.engine.domain.policy_rules import build_policy
from services.engine.domain.snapshot import (
    CashBalance,
    ConstituentRef,
    DqState,
    FxQuote,
    ListingRef,
    PortfolioState,
    Position,
    PriceQuote,
    RunInputSnapshot,
    SleeveRef,
)

AS_OF = datetime(2025, 7, 1, 9, tzinfo=UTC)
SLEEVES = [("equities", "50"), ("bonds", "30"), ("property", "10"), ("gold", "10")]
UNITS = [("GBP", Decimal(1)), ("GBX", Decimal("0.01")), ("USD", Decimal(1))]


def make_policy() -> Policy:
    return build_policy(
        {
            "schema_version": 1,
            "sleeves": [
                {"name": n, "target_weight_pct": t, "drift_band": {"abs_pct": "5", "rel_pct": "25"}}
                for n, t in SLEEVES
            ],
            "cadence": {"frequency": "monthly", "run_day": 1, "contribution": "1000"},
            "friction": {
                "min_trade_value": "100",
                "max_orders_per_run": 10,
                "fees": {"fixed": "1.50", "bps": "10", "minimum": "2"},
                "cash_buffer": "50",
            },
            "sells": "when_outside_band",
        }
    )


def make_snapshot(policy: Policy, n_listings: int, seed: int = 0) -> RunInputSnapshot:
    listings, constituents, holdings, prices = [], [], [], []
    for i in range(n_listings):
        lid = f"l{seed}-{i:05d}"
        ccy, scale = UNITS[i % 3]
        listings.append(ListingRef(lid, f"T{i}", ccy, scale, Decimal(1)))
        constituents.append(ConstituentRef(lid, f"s-{SLEEVES[i % len(SLEEVES)][0]}"))
        holdings.append(Position(lid, Decimal((i * 37 + seed) % 500)))
        price = Decimal(10 + (i * 13 + seed) % 300) + Decimal("0.25")
        prices.append(PriceQuote(lid, price, AS_OF, DqState.OK, ()))
    return RunInputSnapshot(
        as_of=AS_OF,
        policy_hash=policy.hash,
        portfolio=PortfolioState(f"p{seed}", "GBP", False, ()),
        sleeves=tuple(SleeveRef(f"s-{n}", n) for n, _ in SLEEVES),
        listings=tuple(listings),
        constituents=tuple(constituents),
        holdings=tuple(holdings),
        cash=(CashBalance("GBP", Decimal(5000 + seed % 1000)),),
        prices=tuple(prices),
        fx_rates=(
            FxQuote("EUR", "GBP", Decimal("0.85"), "2025-06-30"),
            FxQuote("EUR", "USD", Decimal("1.10"), "2025-06-30"),
        ),
    )


def time_one(policy: Policy, snapshot: RunInputSnapshot, rounds: int) -> list[float]:
    timings = []
    for _ in range(rounds):
        start = time.perf_counter()
        calculate(snapshot, policy).canonical_json()
        timings.append(time.perf_counter() - start)
    return timings


def _arguments() -> argparse.Namespace:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--quick", action="store_true", help="smaller batch; e2e for 10, 100")
    parser.add_argument("--pure", action="store_true", help="skip the end-to-end runs")
    parser.add_argument(
        "--sizes",
        type=lambda text: tuple(int(x) for x in text.split(",")),
        help="listing counts for the end-to-end runs (default 10,100,1000,10000)",
    )
    parser.add_argument(
        "--setup",
        choices=("auto", "api", "direct"),
        default="auto",
        help="e2e set-up of listings and prices: through the APIs, directly with COPY, "
        "or auto (direct above 1,000 listings)",
    )
    return parser.parse_args()


def main() -> None:
    arguments = _arguments()
    quick = arguments.quick
    policy = make_policy()
    print("engine: pure calculation (snapshot + policy → canonical recommendation bytes)")
    previous = None
    for n in (10, 100, 1_000, 10_000):
        snapshot = make_snapshot(policy, n)
        timings = time_one(policy, snapshot, 3 if n >= 10_000 else 10)
        best = min(timings)
        growth = "" if previous is None else f"  x{best / previous:.1f} for x10 listings"
        median = statistics.median(timings)
        print(
            f"  {n:>6} listings  best {best * 1e3:9.2f} ms  median {median * 1e3:9.2f} ms{growth}"
        )
        previous = best
    batch = 1_000 if quick else 10_000
    snapshots = [make_snapshot(policy, 20, seed) for seed in range(batch)]
    start = time.perf_counter()
    for snapshot in snapshots:
        calculate(snapshot, policy).canonical_json()
    elapsed = time.perf_counter() - start
    print(
        f"  batch of {batch} twenty-listing portfolios: {elapsed:.2f} s "
        f"({elapsed / batch * 1000:.2f} ms each, {batch / elapsed:.0f} portfolios/s)"
    )
    if not arguments.pure:
        from bench.engine_e2e import run_e2e

        sizes = arguments.sizes or ((10, 100) if quick else (10, 100, 1_000, 10_000))
        asyncio.run(run_e2e(sizes, arguments.setup))


if __name__ == "__main__":
    main()
