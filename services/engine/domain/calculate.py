"""The calculation: a pure function of (snapshot, policy) to a Recommendation."""

from __future__ import annotations

from datetime import UTC
from decimal import Decimal, localcontext

from services.engine.domain.allocator import cash_budget, plan_trades
from services.engine.domain.blocking import block_reasons
from services.engine.domain.constraints import check_lines
from services.engine.domain.drift import (
    SleeveState,
    membership,
    sleeve_states,
    total_drift_pp,
    weights_pct,
)
from services.engine.domain.friction import Priced, Selection, select_lines
from services.engine.domain.numbers import CALC, ZERO, detail, money, weight
from services.engine.domain.policy import Policy
from services.engine.domain.rationale import advice_rationale, blocked_rationale
from services.engine.domain.recommendation import (
    BlockReason,
    OrderLine,
    Outcome,
    Recommendation,
    RuleFired,
    Side,
    SleeveWeights,
    Totals,
)
from services.engine.domain.snapshot import RunInputSnapshot
from services.engine.domain.sunsets import evaluate_sunsets
from services.engine.domain.valuation import Valuation, value_portfolio
from services.engine.domain.waves import evaluate_waves


def calculate(snapshot: RunInputSnapshot, policy: Policy | None) -> Recommendation:
    """Recommend orders for ``snapshot`` under ``policy``; BLOCKED (no lines) when it must not."""
    # One explicit context: results never depend on the caller's decimal settings.
    with localcontext(CALC):
        return _calculate(snapshot, policy)


def _calculate(snapshot: RunInputSnapshot, policy: Policy | None) -> Recommendation:
    reasons = block_reasons(snapshot, policy)
    if reasons or policy is None:
        return blocked(snapshot, policy, reasons)
    valuation = value_portfolio(snapshot)
    sunsets = evaluate_sunsets(policy, snapshot.as_of.astimezone(UTC).date())
    members = membership(snapshot, policy)
    waves = evaluate_waves(snapshot, policy)
    budget = cash_budget(policy, valuation, waves)
    states = sleeve_states(policy, sunsets.targets_pct, members, valuation, budget.spendable)
    plan = plan_trades(budget, policy, valuation, states, members, sunsets, waves)
    values = {s.name: s.value for s in states}
    ccy = valuation.base_currency
    selection = select_lines(
        plan.candidates, policy, ccy, plan.budget.spendable, values, sunsets.targets_pct
    )
    after = _values_after(values, selection.lines)
    cash_left = budget.spendable - sum((-p.cash_change for p in selection.lines), ZERO)
    drift_before = total_drift_pp(values, sunsets.targets_pct, budget.spendable)
    drift_after = total_drift_pp(after, sunsets.targets_pct, cash_left)
    checks = check_lines(
        selection.lines,
        policy,
        valuation,
        plan.budget.spendable,
        sunsets,
        drift_before,
        drift_after,
    )
    failed = [BlockReason("CONSTRAINT_FAILED", c.name, c.detail) for c in checks if not c.passed]
    if failed:
        return blocked(snapshot, policy, failed)
    lines = tuple(_order_line(p) for p in selection.lines)
    placed_waves = {line.sleeve for line in lines if line.purpose == "wave"}
    rules = (*_drift_rules(states), *sunsets.rules, *waves.rules, *plan.rules)
    sleeves = _sleeve_weights(states, after, cash_left, ccy)
    totals = _totals(valuation, selection, ccy)
    dropped = tuple(
        sorted(
            (*plan.dropped, *selection.dropped), key=lambda d: (d.code, d.listing_id, d.side.value)
        )
    )
    return Recommendation(
        outcome=Outcome.ADVICE,
        snapshot_hash=snapshot.hash,
        policy_hash=policy.hash,
        base_currency=ccy,
        lines=lines,
        rules=rules,
        dropped=dropped,
        checks=checks,
        sleeves=sleeves,
        totals=totals,
        rationale=advice_rationale(
            ccy, lines, rules, dropped, sleeves, totals, plan.budget, policy
        ),
        wave_state_after=waves.state_after(placed_waves),
    )


def blocked(
    snapshot: RunInputSnapshot, policy: Policy | None, reasons: list[BlockReason]
) -> Recommendation:
    """A BLOCKED result: reasons and rationale, never any order lines."""
    return Recommendation(
        outcome=Outcome.BLOCKED,
        snapshot_hash=snapshot.hash,
        policy_hash=None if policy is None else policy.hash,
        base_currency=snapshot.portfolio.base_currency,
        blocked_reasons=tuple(reasons),
        rationale=blocked_rationale(reasons),
        # A blocked run changes no wave state: earlier fired levels stay fired.
        wave_state_after=tuple(
            sorted(snapshot.wave_state, key=lambda w: (w.sleeve, w.drawdown_pct))
        ),
    )


def _values_after(values: dict[str, Decimal], lines: tuple[Priced, ...]) -> dict[str, Decimal]:
    after = dict(values)
    for line in lines:
        c = line.candidate
        if c.sleeve in after:
            delta = c.quantity * c.listing.unit_price_base
            after[c.sleeve] += delta if c.side is Side.BUY else -delta
    return after


def _order_line(line: Priced) -> OrderLine:
    c = line.candidate
    return OrderLine(
        listing_id=c.listing.listing_id,
        ticker=c.listing.listing.ticker,
        side=c.side,
        quantity=c.quantity,
        est_price=c.listing.quoted_price,
        price_unit=c.listing.listing.quote_currency,
        est_value=line.value,
        est_fee=line.fee,
        sleeve=c.sleeve,
        purpose=c.purpose,
    )


def _drift_rules(states: list[SleeveState]) -> list[RuleFired]:
    return [
        RuleFired(
            "sleeve_drift",
            s.name,
            {
                "value": detail(s.value),
                "weight_pct": weight(s.weight_pct),
                "target_pct": s.target_pct,
                "band_pp": weight(s.band_pp),
                "drift_pp": weight(s.drift_pp),
                "outside_band": s.outside_band,
            },
            "outside its band" if s.outside_band else "within its band",
        )
        for s in states
    ]


def _sleeve_weights(
    states: list[SleeveState], after: dict[str, Decimal], cash_left: Decimal, ccy: str
) -> tuple[SleeveWeights, ...]:
    after_pct = weights_pct(after, cash_left)
    return tuple(
        SleeveWeights(
            sleeve=s.name,
            target_pct=s.target_pct,
            band_pp=weight(s.band_pp),
            value_before=money(s.value, ccy),
            value_after=money(after[s.name], ccy),
            before_pct=weight(s.weight_pct),
            after_pct=weight(after_pct[s.name]),
            drift_before_pp=weight(s.drift_pp),
            drift_after_pp=weight(after_pct[s.name] - s.target_pct),
        )
        for s in states
    )


def _totals(valuation: Valuation, selection: Selection, ccy: str) -> Totals:
    buys = sum((p.value for p in selection.lines if p.candidate.side is Side.BUY), ZERO)
    sells = sum((p.value for p in selection.lines if p.candidate.side is Side.SELL), ZERO)
    fees = sum((p.fee for p in selection.lines), ZERO)
    return Totals(
        cash_before=money(valuation.cash_base, ccy),
        buys=buys,
        sells=sells,
        fees=fees,
        cash_after=money(valuation.cash_base - buys - fees + sells, ccy),
        invested_before=money(valuation.invested_base, ccy),
        invested_after=money(valuation.invested_base + buys - sells, ccy),
    )
