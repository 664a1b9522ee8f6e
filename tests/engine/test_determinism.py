"""Determinism: the same snapshot and policy give byte-identical output in any process."""

from __future__ import annotations

import os
import subprocess
import sys
from decimal import Decimal, localcontext
from pathlib import Path

from services.engine.domain.calculate import calculate
from services.engine.domain.policy import Policy
from services.engine.domain.policy_rules import load_policy
from services.engine.domain.snapshot import RunInputSnapshot
from services.engine.domain.snapshot_codec import snapshot_from_json
from tests.engine.builders import friction, listing, policy, snapshot

ROOT = Path(__file__).resolve().parents[2]
CHILD = """
import sys
from services.engine.domain.calculate import calculate
from services.engine.domain.policy_rules import load_policy
from services.engine.domain.snapshot_codec import snapshot_from_json
snap = snapshot_from_json(open(sys.argv[1], encoding="utf-8").read())
pol = load_policy(open(sys.argv[2], encoding="utf-8").read(), "json")
sys.stdout.write(calculate(snap, pol).canonical_json())
"""


def busy_case() -> tuple[Policy, RunInputSnapshot]:
    """Six sleeves, thirty listings in three currencies, a wave, a tilt and a wind-down."""
    names = ["alpha", "beta", "gamma", "delta", "epsilon", "zeta"]
    sleeves = [
        {"name": n, "target_weight_pct": t, "drift_band": {"abs_pct": "3", "rel_pct": "25"}}
        for n, t in zip(names, ["30", "20", "15", "15", "10", "10"], strict=True)
    ]
    pol = policy(
        sleeves=sleeves,
        friction=friction(
            min_trade="25", max_orders=8, fixed="1.50", bps="10", minimum="2", buffer="75"
        ),
        reserve={"amount": "2500"},
        wave_triggers=[
            {
                "sleeve": "beta",
                "reference_listing_id": "beta-0",
                "trailing_days": 365,
                "levels": [
                    {"drawdown_pct": "10", "release_pct": "40"},
                    {"drawdown_pct": "25", "release_pct": "60"},
                ],
                "rearm_at_drawdown_pct": "3",
            }
        ],
        sunsets=[
            {
                "id": "tilt",
                "kind": "tilt",
                "expires_on": "2025-12-31",
                "adjustments": [
                    {"sleeve": "alpha", "delta_pct": "5"},
                    {"sleeve": "zeta", "delta_pct": "-5"},
                ],
            },
            {
                "id": "exit",
                "kind": "wind_down",
                "expires_on": "2025-10-01",
                "listing_id": "gamma-2",
            },
        ],
    )
    listings, members, holdings, prices = [], {}, {}, {}
    for i, name in enumerate(names):
        members[name] = [f"{name}-{j}" for j in range(5)]
        for j, lid in enumerate(members[name]):
            listings.append(
                listing(lid, ["GBP", "GBX", "USD"][(i + j) % 3], ["1", "10", "0.5"][j % 3])
            )
            holdings[lid] = str(7 * (i + 1) + 13 * j)
            prices[lid] = str(Decimal(37 + 11 * i + 5 * j) + Decimal("0.37"))
    snap = snapshot(
        pol,
        listings=listings,
        sleeves=members,
        holdings=holdings,
        prices=prices,
        cash={"GBP": "12345.67", "USD": "2500"},
        fx=[("EUR", "GBP", "0.8512"), ("EUR", "USD", "1.0873")],
        highs={"beta-0": "61.00"},
    )
    return pol, snap


def test_the_busy_case_trades_and_fires_its_rules() -> None:
    pol, snap = busy_case()
    rec = calculate(snap, pol)
    fired = {r.rule for r in rec.rules}
    assert {"wave_fired", "sunset_tilt_applied", "sunset_wind_down", "buy_underweight"} <= fired
    assert len(rec.lines) >= 3


def test_output_is_identical_across_processes_and_hash_seeds(tmp_path: Path) -> None:
    pol, snap = busy_case()
    expected = calculate(snap, pol).canonical_json()
    (tmp_path / "snapshot.json").write_text(snap.canonical_json(), encoding="utf-8")
    (tmp_path / "policy.json").write_text(pol.canonical_json(), encoding="utf-8")
    outputs = set()
    for seed in ("0", "1", "4242", "random"):
        env = {**os.environ, "PYTHONHASHSEED": seed}
        result = subprocess.run(
            [
                sys.executable,
                "-c",
                CHILD,
                str(tmp_path / "snapshot.json"),
                str(tmp_path / "policy.json"),
            ],
            cwd=ROOT,
            env=env,
            capture_output=True,
            check=True,
        )
        outputs.add(result.stdout)
    assert outputs == {expected.encode()}


def test_the_stored_snapshot_and_policy_round_trip_to_the_same_hashes() -> None:
    pol, snap = busy_case()
    again = snapshot_from_json(snap.canonical_json())
    assert again.canonical_json() == snap.canonical_json()
    assert load_policy(pol.canonical_json(), "json").hash == pol.hash


def test_the_callers_decimal_context_does_not_change_the_result() -> None:
    pol, snap = busy_case()
    expected = calculate(snap, pol).canonical_json()
    with localcontext() as ctx:
        ctx.prec = 6
        ctx.rounding = "ROUND_UP"
        assert calculate(snap, pol).canonical_json() == expected
