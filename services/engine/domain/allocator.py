"""The cadence allocator: candidate orders from cash, bands, waves and wind-downs."""

from __future__ import annotations

from dataclasses import dataclass
from decimal import Decimal

from services.engine.domain.drift import SleeveState
from services.engine.domain.numbers import HUNDRED, ZERO, detail, lots_down, lots_up, weight
from services.engine.domain.policy import Policy, SellsPolicy
from services.engine.domain.recommendation import Dropped, InputValue, RuleFired, Side
from services.engine.domain.sizing import affordable_quantity, line_fee, sell_value
from services.engine.domain.sunsets import SunsetEffects
from services.engine.domain.valuation import ListingValue, Valuation
from services.engine.domain.waves import WaveOutcome


@dataclass(frozen=True)
class Candidate:
    """A proposed order before the friction filter. Mandatory ones (waves, wind-downs) skip
    the drift test; every candidate still meets lots, minimum trade, cash and max orders."""

    listing: ListingValue
    side: Side
    quantity: Decimal
    sleeve: str
    purpose: str
    mandatory: bool


@dataclass(frozen=True)
class Budget:
    """Cash in the base currency: what is free, what the reserve holds back, what waves release."""

    cash: Decimal
    cash_free: Decimal  # cash above the buffer
    held_reserve: Decimal
    wave_budget: dict[str, Decimal]
    deployable: Decimal  # for ordinary allocation

    @property
    def spendable(self) -> Decimal:
        """Cash the run may spend before any sell: free cash minus the reserve held back."""
        return self.cash_free - self.held_reserve


@dataclass(frozen=True)
class Plan:
    candidates: tuple[Candidate, ...]
    dropped: tuple[Dropped, ...]
    rules: tuple[RuleFired, ...]
    budget: Budget


def cash_budget(policy: Policy, valuation: Valuation, waves: WaveOutcome) -> Budget:
    """Split cash into buffer, held reserve, wave releases and the deployable rest."""
    cash = valuation.cash_base
    cash_free = max(ZERO, cash - policy.friction.cash_buffer)
    left, wave_budget = cash_free, {}
    for sleeve, amount in sorted(waves.requested().items()):
        wave_budget[sleeve] = min(amount, left)
        left -= wave_budget[sleeve]
    release_pct = {
        (w.sleeve, lvl.drawdown_pct): lvl.release_pct
        for w in policy.wave_triggers
        for lvl in w.levels
    }
    fired = [(d.sleeve, lvl) for d in waves.decisions for lvl in (*d.kept, *d.firing)]
    released = policy.reserve_amount * sum((release_pct[f] for f in fired), ZERO) / HUNDRED
    held = min(max(ZERO, policy.reserve_amount - released), left)
    return Budget(cash, cash_free, held, wave_budget, left - held)


def plan_trades(
    budget: Budget,
    policy: Policy,
    valuation: Valuation,
    states: list[SleeveState],
    members: dict[str, str],
    sunsets: SunsetEffects,
    waves: WaveOutcome,
) -> Plan:
    """Propose wind-down sells, band sells, underweight-first buys and wave buys."""
    ccy = valuation.base_currency
    fees = policy.friction.fees
    rules = [_cash_rule(policy, budget)]
    dropped: list[Dropped] = []
    candidates: list[Candidate] = []
    remaining = {lid: lv.quantity for lid, lv in valuation.listings.items()}
    values = {s.name: s.value for s in states}
    unassigned_proceeds = ZERO
    for wind in sunsets.wind_downs:
        lv = valuation.listings.get(wind.clause.listing_id)
        if lv is None or lv.quantity <= ZERO:
            continue
        step = lots_up(lv.quantity / wind.runs_left, lv.listing.lot_size)
        qty = lots_down(min(lv.quantity, step), lv.listing.lot_size)
        sleeve = members.get(lv.listing_id, "")
        if qty <= ZERO:
            dropped.append(
                Dropped(
                    "ZERO_AFTER_LOT_ROUNDING",
                    lv.listing_id,
                    Side.SELL,
                    "the holding left to wind down is less than one lot",
                    {"quantity": lv.quantity, "lot_size": lv.listing.lot_size},
                )
            )
            continue
        candidates.append(Candidate(lv, Side.SELL, qty, sleeve, "wind_down", True))
        remaining[lv.listing_id] -= qty
        if sleeve:
            values[sleeve] -= qty * lv.unit_price_base
        else:
            unassigned_proceeds += qty * lv.unit_price_base
    total_after = sum((s.value for s in states), ZERO) + budget.deployable + unassigned_proceeds
    target_values = {s.name: s.target_pct * total_after / HUNDRED for s in states}
    for state in states:
        excess = values[state.name] - target_values[state.name]
        if not (state.outside_band and state.drift_pp > ZERO and excess > ZERO):
            continue
        inputs: dict[str, InputValue] = {
            "weight_pct": weight(state.weight_pct),
            "target_pct": state.target_pct,
            "band_pp": weight(state.band_pp),
            "excess": detail(excess),
        }
        if policy.sells is SellsPolicy.NEVER:
            rules.append(
                RuleFired(
                    "sells_disabled",
                    state.name,
                    inputs,
                    "overweight beyond its band, but the policy never sells",
                )
            )
            continue
        rules.append(
            RuleFired(
                "sell_to_target",
                state.name,
                inputs,
                "overweight beyond its band: sell back to target",
            )
        )
        sells = _sells_for(state, excess, valuation, remaining, dropped)
        for c in sells:
            remaining[c.listing.listing_id] -= c.quantity
            values[state.name] -= c.quantity * c.listing.unit_price_base
        candidates += sells
    proceeds = sum(
        (
            sell_value(c.quantity, c.listing.unit_price_base, ccy)
            - line_fee(sell_value(c.quantity, c.listing.unit_price_base, ccy), fees, ccy)
            for c in candidates
        ),
        ZERO,
    )
    pool = budget.deployable + proceeds
    deficits = sorted(
        (
            (target_values[s.name] - values[s.name], s)
            for s in states
            if target_values[s.name] > values[s.name]
        ),
        key=lambda pair: (-pair[0], pair[1].name),
    )
    for rank, (deficit, state) in enumerate(deficits, start=1):
        allotted = min(deficit, max(pool, ZERO))
        pool -= allotted
        if allotted <= ZERO:
            break
        rules.append(
            RuleFired(
                "buy_underweight",
                state.name,
                {
                    "rank": rank,
                    "deficit": detail(deficit),
                    "allotted": detail(allotted),
                    "weight_pct": weight(state.weight_pct),
                    "target_pct": state.target_pct,
                },
                f"most underweight rank {rank}: allotted {detail(allotted):.2f} {ccy}",
            )
        )
        candidates += _buy_for(
            state, allotted, "rebalance", False, policy, valuation, sunsets, dropped
        )
    for sleeve, amount in sorted(budget.wave_budget.items()):
        state = next(s for s in states if s.name == sleeve)
        candidates += _buy_for(state, amount, "wave", True, policy, valuation, sunsets, dropped)
    return Plan(tuple(candidates), tuple(dropped), tuple(rules), budget)


def _cash_rule(policy: Policy, budget: Budget) -> RuleFired:
    inputs: dict[str, InputValue] = {
        "cash": detail(budget.cash),
        "cash_buffer": policy.friction.cash_buffer,
        "reserve_held": detail(budget.held_reserve),
        "wave_release": detail(sum(budget.wave_budget.values(), ZERO)),
        "deployable": detail(budget.deployable),
        "expected_contribution": policy.cadence.contribution,
    }
    return RuleFired(
        "cash_available", "cash", inputs, "cash above the buffer and reserve is invested"
    )


def _sells_for(
    state: SleeveState,
    excess: Decimal,
    valuation: Valuation,
    remaining: dict[str, Decimal],
    dropped: list[Dropped],
) -> list[Candidate]:
    held = [
        valuation.listings[lid]
        for lid in state.listing_ids
        if lid in valuation.listings and remaining[lid] > ZERO
    ]
    out: list[Candidate] = []
    # Largest holdings first: fewest orders for the amount.
    for lv in sorted(
        held,
        key=lambda lv: (
            -remaining[lv.listing_id] * lv.unit_price_base,
            lv.listing_id,
        ),
    ):
        if excess <= ZERO:
            break
        wanted = min(excess / lv.unit_price_base, remaining[lv.listing_id])
        qty = lots_down(wanted, lv.listing.lot_size)
        if qty <= ZERO:
            dropped.append(
                Dropped(
                    "ZERO_AFTER_LOT_ROUNDING",
                    lv.listing_id,
                    Side.SELL,
                    "less than one lot to sell",
                    {"lot_size": lv.listing.lot_size, "unit_price": detail(lv.unit_price_base)},
                )
            )
            continue
        out.append(Candidate(lv, Side.SELL, qty, state.name, "rebalance", False))
        excess -= qty * lv.unit_price_base
    return out


def _buy_for(
    state: SleeveState,
    budget: Decimal,
    purpose: str,
    mandatory: bool,
    policy: Policy,
    valuation: Valuation,
    sunsets: SunsetEffects,
    dropped: list[Dropped],
) -> list[Candidate]:
    buyable = [
        valuation.listings[lid]
        for lid in state.listing_ids
        if lid in valuation.listings and not sunsets.winding_down(lid)
    ]
    if not buyable:
        dropped.append(
            Dropped(
                "NO_BUYABLE_LISTING",
                state.name,
                Side.BUY,
                "every listing of the sleeve is being wound down",
            )
        )
        return []
    # The sleeve's smallest position gets the money: one order per sleeve, evening out its listings.
    lv = min(buyable, key=lambda lv: (lv.value_base, lv.listing_id))
    qty = affordable_quantity(
        budget,
        lv.unit_price_base,
        lv.listing.lot_size,
        policy.friction.fees,
        valuation.base_currency,
    )
    if qty <= ZERO:
        dropped.append(
            Dropped(
                "ZERO_AFTER_LOT_ROUNDING",
                lv.listing_id,
                Side.BUY,
                "budget buys less than one lot after fees",
                {
                    "budget": detail(budget),
                    "unit_price": detail(lv.unit_price_base),
                    "lot_size": lv.listing.lot_size,
                },
            )
        )
        return []
    return [Candidate(lv, Side.BUY, qty, state.name, purpose, mandatory)]
