"""Golden portfolios worked by hand: the expected lines are computed in each test's comments.

Conventions used below: "policy total" = sleeve holdings + cash free to spend (cash above
the buffer and the held reserve); weights and targets are shares of it. Values of buys
round up to the penny, sells down, fees up.
"""

from __future__ import annotations

from datetime import UTC, datetime
from decimal import Decimal

from services.engine.domain.calculate import calculate
from services.engine.domain.recommendation import Outcome, Recommendation
from services.engine.domain.snapshot import FiredWave
from tests.engine.builders import friction, listing, policy, policy_tree, snapshot

D = Decimal


def lines_of(rec: Recommendation) -> list[tuple[str, str, Decimal, Decimal, Decimal, str, str]]:
    return [
        (x.side.value, x.listing_id, x.quantity, x.est_value, x.est_fee, x.sleeve, x.purpose)
        for x in rec.lines
    ]


def rules_of(rec: Recommendation) -> list[tuple[str, str]]:
    return [(r.rule, r.subject) for r in rec.rules]


def test_gbx_and_gbp_listings_send_the_contribution_to_the_most_underweight_sleeve_first() -> None:
    pol = policy(friction=friction(fixed="1.50", bps="10", minimum="2", buffer="50"))
    snap = snapshot(
        pol,
        listings=[listing("vwrl", "GBX"), listing("vgov", "GBP")],
        sleeves={"equities": ["vwrl"], "bonds": ["vgov"]},
        holdings={"vwrl": "100", "vgov": "200"},
        prices={"vwrl": "9850", "vgov": "30.00"},
        cash="1000",
    )
    rec = calculate(snap, pol)
    # VWRL: 100 x 9850 GBX x 0.01 = 9,850.00 GBP. VGOV: 200 x 30 = 6,000.00 GBP.
    # Free cash 1,000 - 50 buffer = 950; policy total 9,850 + 6,000 + 950 = 16,800.
    # Weights: equities 58.63% (target 60, band ±5: inside), bonds 35.71% (40 ±5: inside).
    # Targets at 16,800: equities 10,080 (short 230), bonds 6,720 (short 720) → bonds first.
    # Bonds, budget 720: value + max(2, 1.50 + 0.1% value) ≤ 720 → value ≤ 717.78
    #   → 23 x 30.00 = 690.00, fee 1.50 + 0.69 = 2.19.
    # Equities, budget 230: value ≤ min(230 - 2, 228.50 / 1.001) = 228 → 2 x 98.50 = 197.00,
    #   fee max(2, 1.697) = 2.00.
    assert rec.outcome is Outcome.ADVICE
    assert lines_of(rec) == [
        ("buy", "vgov", D("23"), D("690.00"), D("2.19"), "bonds", "rebalance"),
        ("buy", "vwrl", D("2"), D("197.00"), D("2.00"), "equities", "rebalance"),
    ]
    assert rec.lines[1].est_price == D("9850") and rec.lines[1].price_unit == "GBX"
    # Cash after: 1,000 - 887.00 - 4.19 = 108.81.
    assert rec.totals is not None and rec.totals.cash_after == D("108.81")
    assert [(r.subject, r.inputs["rank"]) for r in rec.rules if r.rule == "buy_underweight"] == [
        ("bonds", 1),
        ("equities", 2),
    ]
    assert all(c.passed for c in rec.checks)


def test_a_usd_listing_is_valued_through_the_ecb_cross_rate() -> None:
    pol = policy()
    snap = snapshot(
        pol,
        listings=[listing("voo", "USD"), listing("ukgilt", "GBP")],
        sleeves={"equities": ["voo"], "bonds": ["ukgilt"]},
        holdings={"voo": "10", "ukgilt": "400"},
        prices={"voo": "500.00", "ukgilt": "10.00"},
        cash="2000",
        fx=[("EUR", "GBP", "0.85"), ("EUR", "USD", "1.10")],
    )
    rec = calculate(snap, pol)
    # USD→GBP = 0.85 / 1.10 = 0.772727…; one VOO = 386.3636… GBP; 10 VOO = 3,863.64.
    # Policy total 3,863.64 + 4,000 + 2,000 = 9,863.64: equities 39.17% (60 ±5: outside,
    # underweight), bonds 40.55% (40 ±5: inside, 54.55 over target but no band breach: no sell).
    # Equities short 5,918.18 - 3,863.64 = 2,054.55; all 2,000 of cash is allotted to it.
    # floor(2,000 / 386.3636) = 5 VOO → 1,931.818… rounded up to 1,931.82.
    assert lines_of(rec) == [
        ("buy", "voo", D("5"), D("1931.82"), D("0.00"), "equities", "rebalance")
    ]
    assert rec.lines[0].est_price == D("500.00") and rec.lines[0].price_unit == "USD"
    assert rec.totals is not None and rec.totals.invested_before == D("7863.64")


def test_a_frozen_portfolio_is_blocked_with_the_alert_ids_and_gets_no_lines() -> None:
    pol = policy()
    snap = snapshot(
        pol,
        listings=[listing("vwrl", "GBX"), listing("vgov")],
        sleeves={"equities": ["vwrl"], "bonds": ["vgov"]},
        holdings={"vwrl": "100"},
        prices={"vwrl": "9850", "vgov": "30"},
        cash="5000",
        frozen_by=["alert-7", "alert-3"],
    )
    rec = calculate(snap, pol)
    # Plenty of cash to invest, but advice is frozen: nothing at all is recommended.
    assert rec.outcome is Outcome.BLOCKED
    assert rec.lines == ()
    assert [(r.code, r.subject) for r in rec.blocked_reasons] == [
        ("PORTFOLIO_FROZEN", "alert-3"),
        ("PORTFOLIO_FROZEN", "alert-7"),
    ]
    assert "alert-3" in " ".join(rec.rationale)


def test_a_drawdown_past_the_second_level_releases_its_share_of_the_reserve_once() -> None:
    tree = policy_tree(
        reserve={"amount": "4000"},
        wave_triggers=[
            {
                "sleeve": "equities",
                "reference_listing_id": "vwrl",
                "trailing_days": 365,
                "levels": [
                    {"drawdown_pct": "10", "release_pct": "25"},
                    {"drawdown_pct": "20", "release_pct": "25"},
                    {"drawdown_pct": "30", "release_pct": "50"},
                ],
                "rearm_at_drawdown_pct": "2",
            }
        ],
    )
    pol = policy(**{k: tree[k] for k in ("reserve", "wave_triggers")})
    snap = snapshot(
        pol,
        listings=[listing("vwrl", "GBX"), listing("vgov")],
        sleeves={"equities": ["vwrl"], "bonds": ["vgov"]},
        holdings={"vwrl": "100", "vgov": "200"},
        prices={"vwrl": "7900", "vgov": "30"},
        highs={"vwrl": "10000"},
        wave_state=[("equities", "10")],
        cash="5000",
    )
    rec = calculate(snap, pol)
    # Drawdown (10,000 - 7,900) / 10,000 = 21%: level 10 fired earlier (kept), level 20 fires
    # now and releases 25% x 4,000 = 1,000; level 30 is not reached.
    # Reserve: 50% released in all → 2,000 still held. Cash 5,000 = 1,000 wave + 2,000 held
    # + 2,000 for ordinary allocation; free to spend 3,000.
    # Equities 7,900, bonds 6,000. Ordinary targets on 13,900 + 2,000 = 15,900:
    # equities 9,540 (short 1,640), bonds 6,360 (short 360).
    # Equities: floor(1,640 / 79) = 20 → 1,580. Bonds: 360 / 30 = 12 → 360.
    # Wave: floor(1,000 / 79) = 12 → 948, placed first (mandatory).
    assert lines_of(rec) == [
        ("buy", "vgov", D("12"), D("360.00"), D("0.00"), "bonds", "rebalance"),
        ("buy", "vwrl", D("20"), D("1580.00"), D("0.00"), "equities", "rebalance"),
        ("buy", "vwrl", D("12"), D("948.00"), D("0.00"), "equities", "wave"),
    ]
    assert ("wave_already_fired", "equities") in rules_of(rec)
    fired = [r for r in rec.rules if r.rule == "wave_fired"]
    assert [(r.inputs["level_pct"], r.inputs["release"]) for r in fired] == [(D("20"), D("1000"))]
    assert rec.wave_state_after == (FiredWave("equities", D("10")), FiredWave("equities", D("20")))


def test_a_recovered_sleeve_rearms_its_levels_and_releases_nothing() -> None:
    tree = policy_tree(
        reserve={"amount": "4000"},
        wave_triggers=[
            {
                "sleeve": "equities",
                "reference_listing_id": "vwrl",
                "trailing_days": 365,
                "levels": [{"drawdown_pct": "10", "release_pct": "50"}],
                "rearm_at_drawdown_pct": "2",
            }
        ],
    )
    pol = policy(reserve=tree["reserve"], wave_triggers=tree["wave_triggers"])
    snap = snapshot(
        pol,
        listings=[listing("vwrl", "GBX"), listing("vgov")],
        sleeves={"equities": ["vwrl"], "bonds": ["vgov"]},
        holdings={"vwrl": "100", "vgov": "200"},
        prices={"vwrl": "9900", "vgov": "30"},
        highs={"vwrl": "10000"},
        wave_state=[("equities", "10")],
        cash="4000",
    )
    rec = calculate(snap, pol)
    # Drawdown 1% ≤ 2%: level 10 re-arms; the whole 4,000 reserve is held again, so the
    # cash left to invest is 0. Equities 9,900 / bonds 6,000 = 62.3% / 37.7%: inside the
    # bands, so nothing is sold either and no line is proposed.
    assert ("wave_rearmed", "equities") in rules_of(rec)
    assert rec.wave_state_after == ()
    assert rec.lines == ()
    cash_rule = next(r for r in rec.rules if r.rule == "cash_available")
    assert cash_rule.inputs["reserve_held"] == D("4000") and cash_rule.inputs["deployable"] == 0


def test_an_expired_tilt_stops_applying_and_an_active_wind_down_sells_a_third() -> None:
    pol = policy(
        friction=friction(min_trade="100"),
        sunsets=[
            {
                "id": "equity-tilt",
                "kind": "tilt",
                "expires_on": "2025-06-30",
                "adjustments": [
                    {"sleeve": "equities", "delta_pct": "10"},
                    {"sleeve": "bonds", "delta_pct": "-10"},
                ],
            },
            {
                "id": "exit-old",
                "kind": "wind_down",
                "expires_on": "2025-09-15",
                "listing_id": "old",
            },
        ],
    )
    snap = snapshot(
        pol,
        listings=[listing("eqa"), listing("old"), listing("bnd")],
        sleeves={"equities": ["eqa", "old"], "bonds": ["bnd"]},
        holdings={"eqa": "54", "old": "30", "bnd": "40"},
        prices={"eqa": "100", "old": "10", "bnd": "100"},
        cash="300",
        as_of=datetime(2025, 7, 1, 9, 0, tzinfo=UTC),
    )
    rec = calculate(snap, pol)
    # The tilt ended 2025-06-30; on 2025-07-01 targets are back to 60/40 (with it, 70/30 would
    # have put both sleeves outside their bands and forced a sell of bonds).
    # Equities 5,400 + 300 = 5,700, bonds 4,000, cash 300 → total 10,000: 57% / 40%, inside.
    # Wind-down of "old" by 2025-09-15, monthly on day 1: runs on 07-01, 08-01, 09-01 → 3
    # runs; sell ceil(30 / 3) = 10 → 100.00 (exactly the minimum trade).
    # Equities after that 5,600, target 6,000: short 400 = 300 cash + 100 proceeds.
    # "old" is not bought while winding down, so eqa: 400 / 100 = 4.
    assert lines_of(rec) == [
        ("sell", "old", D("10"), D("100.00"), D("0.00"), "equities", "wind_down"),
        ("buy", "eqa", D("4"), D("400.00"), D("0.00"), "equities", "rebalance"),
    ]
    assert ("sunset_expired", "equity-tilt") in rules_of(rec)
    assert ("sunset_wind_down", "exit-old") in rules_of(rec)
    assert [s.target_pct for s in rec.sleeves] == [D("40"), D("60")]
    assert any("expired on 2025-06-30" in sentence for sentence in rec.rationale)


def test_an_overweight_sleeve_beyond_its_band_is_sold_back_to_target() -> None:
    pol = policy()
    snap = snapshot(
        pol,
        listings=[listing("vwrl", "GBX"), listing("vgov")],
        sleeves={"equities": ["vwrl"], "bonds": ["vgov"]},
        holdings={"vwrl": "100", "vgov": "50"},
        prices={"vwrl": "5000", "vgov": "100"},
        cash="1000",
    )
    rec = calculate(snap, pol)
    # Equities 100 x 50.00 = 5,000; bonds 50 x 100 = 5,000; cash 1,000 → total 11,000.
    # Weights 45.45% / 45.45%: bonds 5.45 pp over 40 (band 5) → sell to target 4,400: 6 units.
    # Equities short 6,600 - 5,000 = 1,600 = 1,000 cash + 600 proceeds → 32 x 50.00.
    assert lines_of(rec) == [
        ("sell", "vgov", D("6"), D("600.00"), D("0.00"), "bonds", "rebalance"),
        ("buy", "vwrl", D("32"), D("1600.00"), D("0.00"), "equities", "rebalance"),
    ]
    assert [(s.sleeve, s.after_pct) for s in rec.sleeves] == [
        ("bonds", D("40.0000")),
        ("equities", D("60.0000")),
    ]


def test_sells_never_keeps_the_overweight_sleeve_and_says_so() -> None:
    pol = policy(sells="never")
    snap = snapshot(
        pol,
        listings=[listing("vwrl", "GBX"), listing("vgov")],
        sleeves={"equities": ["vwrl"], "bonds": ["vgov"]},
        holdings={"vwrl": "100", "vgov": "50"},
        prices={"vwrl": "5000", "vgov": "100"},
        cash="1000",
    )
    rec = calculate(snap, pol)
    # As above but buy-only: the 1,000 of cash goes to equities (20 x 50.00); bonds stay.
    assert lines_of(rec) == [
        ("buy", "vwrl", D("20"), D("1000.00"), D("0.00"), "equities", "rebalance")
    ]
    assert ("sells_disabled", "bonds") in rules_of(rec)


def test_max_orders_keeps_the_lines_that_reduce_drift_most() -> None:
    three = [
        {"name": n, "target_weight_pct": t, "drift_band": {"abs_pct": "5"}}
        for n, t in (("a", "50"), ("b", "30"), ("c", "20"))
    ]
    pol = policy(sleeves=three, friction=friction(max_orders=1))
    snap = snapshot(
        pol,
        listings=[listing("la"), listing("lb"), listing("lc")],
        sleeves={"a": ["la"], "b": ["lb"], "c": ["lc"]},
        holdings={"la": "40", "lb": "25", "lc": "15"},
        prices={"la": "10", "lb": "10", "lc": "10"},
        cash="200",
    )
    rec = calculate(snap, pol)
    # Total 400 + 250 + 150 + 200 = 1,000: shorts a 100, b 50, c 50 — all 200 allotted
    # (a 100, then b 50, c 50). Each candidate is worth ≥ the 100 minimum only for a;
    # b and c (50 each) fall below it. With one order allowed, a's buy (10 units) is kept.
    assert lines_of(rec) == [("buy", "la", D("10"), D("100.00"), D("0.00"), "a", "rebalance")]
    assert sorted((d.code, d.listing_id) for d in rec.dropped) == [
        ("BELOW_MIN_TRADE", "lb"),
        ("BELOW_MIN_TRADE", "lc"),
    ]
