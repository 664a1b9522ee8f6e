"""Plain-language rationale: the recommendation told in sentences, built only from its parts."""

from __future__ import annotations

from collections import Counter
from typing import TYPE_CHECKING

from services.engine.domain.recommendation import (
    BlockReason,
    Dropped,
    OrderLine,
    RuleFired,
    SleeveWeights,
    Totals,
)

if TYPE_CHECKING:
    from services.engine.domain.allocator import Budget
    from services.engine.domain.policy import Policy

_BLOCK_WORDS = {
    "NO_APPROVED_POLICY": "there is no approved policy for this portfolio",
    "POLICY_MISMATCH": "the snapshot was taken for a different policy version",
    "PORTFOLIO_FROZEN": "advice is frozen ({subject}: {detail})",
    "PRICE_MISSING": "listing {subject} has no validated price",
    "PRICE_DQ_FAILING": "the price of listing {subject} fails data-quality checks ({detail})",
    "FX_MISSING": "there is no FX rate for {subject}",
    "LISTING_UNKNOWN": "listing {subject} is held but its details are missing",
    "TRAILING_HIGH_MISSING": "listing {subject} has no trailing high for its wave trigger",
    "SLEEVE_UNKNOWN": "the policy names sleeve {subject}, which the portfolio does not have",
    "SLEEVE_HAS_NO_LISTINGS": "sleeve {subject} has a target but no listings",
    "CONSTRAINT_FAILED": "the final check {subject} failed ({detail})",
}
_PURPOSE_WORDS = {
    "rebalance": "to bring it back towards target",
    "wave": "a wave trigger released reserve cash",
    "wind_down": "a sunset clause winds this listing down",
}


def blocked_rationale(reasons: list[BlockReason]) -> tuple[str, ...]:
    """One sentence per reason, after a headline that no advice is given."""
    headline = "No advice this run: nothing is recommended until every reason below is cleared."
    words = [_BLOCK_WORDS.get(r.code, "{code}: {detail}").format(**r.__dict__) for r in reasons]
    return (headline, *(f"Blocked because {w}." for w in words))


def advice_rationale(
    ccy: str,
    lines: tuple[OrderLine, ...],
    rules: tuple[RuleFired, ...],
    dropped: tuple[Dropped, ...],
    sleeves: tuple[SleeveWeights, ...],
    totals: Totals,
    budget: Budget,
    policy: Policy,
) -> tuple[str, ...]:
    """Headline, sleeve positions, each line and why, then what was dropped or expired."""
    out = [
        f"Holdings are worth {totals.invested_before} {ccy} with {totals.cash_before} {ccy}"
        f" in cash; {budget.spendable:.2f} {ccy} may be spent after the"
        f" {policy.friction.cash_buffer} {ccy} buffer and {budget.held_reserve:.2f} {ccy}"
        " held in reserve."
    ]
    for s in sleeves:
        state = "within" if abs(s.drift_before_pp) <= s.band_pp else "outside"
        out.append(
            f"Sleeve {s.sleeve} is at {s.before_pct:.2f}% against a target of {s.target_pct}% "
            f"(band ±{s.band_pp:.2f} pp): {state} its band; after these orders {s.after_pct:.2f}%."
        )
    for rule in rules:
        if rule.rule in (
            "sunset_expired",
            "sunset_tilt_applied",
            "sunset_wind_down",
            "wave_fired",
            "wave_rearmed",
            "sells_disabled",
        ):
            out.append(
                f"{rule.rule.replace('_', ' ').capitalize()} ({rule.subject}): {rule.outcome}."
            )
    for line in lines:
        out.append(
            f"{line.side.value.capitalize()} {line.quantity} {line.ticker} at about"
            f" {line.est_price} {line.price_unit} ({line.est_value} {ccy} plus {line.est_fee}"
            f" {ccy} fees) for {line.sleeve or 'no sleeve'}:"
            f" {_PURPOSE_WORDS.get(line.purpose, line.purpose)}."
        )
    if not lines:
        out.append("No orders: nothing worth trading within the friction limits.")
    if dropped:
        counts = Counter(d.code for d in dropped)
        summary = ", ".join(f"{n} {code}" for code, n in sorted(counts.items()))
        out.append(f"Candidate orders left out ({summary}); see the constraints report.")
    return tuple(out)
