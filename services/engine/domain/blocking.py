"""Blocking: the reasons a run must give no advice at all (never partial advice)."""

from __future__ import annotations

from services.engine.domain.numbers import ZERO
from services.engine.domain.policy import Policy
from services.engine.domain.recommendation import BlockReason
from services.engine.domain.snapshot import DqState, RunInputSnapshot
from services.engine.domain.valuation import missing_fx


def needed_listings(snapshot: RunInputSnapshot, policy: Policy | None) -> set[str]:
    """Listings whose price the run needs: held, in a policy sleeve, or a wave reference."""
    needed = {h.listing_id for h in snapshot.holdings if h.quantity != ZERO}
    if policy is not None:
        names = {s.name for s in policy.sleeves}
        sleeve_ids = {s.sleeve_id for s in snapshot.sleeves if s.name in names}
        needed |= {c.listing_id for c in snapshot.constituents if c.sleeve_id in sleeve_ids}
        needed |= {w.reference_listing_id for w in policy.wave_triggers}
    return needed


def block_reasons(snapshot: RunInputSnapshot, policy: Policy | None) -> list[BlockReason]:
    """Every reason to block, sorted by (code, subject); empty when advice may be given."""
    reasons: list[BlockReason] = []
    if policy is None:
        reasons.append(
            BlockReason(
                "NO_APPROVED_POLICY", snapshot.portfolio.portfolio_id, "no approved policy version"
            )
        )
    elif snapshot.policy_hash != policy.hash:
        reasons.append(
            BlockReason(
                "POLICY_MISMATCH", policy.hash, f"snapshot names policy {snapshot.policy_hash}"
            )
        )
    reasons += _freeze_reasons(snapshot)
    reasons += _price_reasons(snapshot, policy)
    reasons += [
        BlockReason(
            "FX_MISSING",
            currency,
            f"no FX rate from {currency} to {snapshot.portfolio.base_currency}",
        )
        for currency in missing_fx(snapshot)
    ]
    if policy is not None:
        reasons += _sleeve_reasons(snapshot, policy)
    return sorted(reasons, key=lambda r: (r.code, r.subject, r.detail))


def _freeze_reasons(snapshot: RunInputSnapshot) -> list[BlockReason]:
    portfolio = snapshot.portfolio
    if not portfolio.frozen:
        return []
    if not portfolio.freeze_reasons:
        return [BlockReason("PORTFOLIO_FROZEN", portfolio.portfolio_id, "advice is frozen")]
    # The subject is the alert id (or the manual reason) so the user can go straight to it.
    return [
        BlockReason("PORTFOLIO_FROZEN", r.reference, f"{r.source}: {r.detail}".rstrip(": "))
        for r in portfolio.freeze_reasons
    ]


def _price_reasons(snapshot: RunInputSnapshot, policy: Policy | None) -> list[BlockReason]:
    listings = {x.listing_id for x in snapshot.listings}
    prices = {q.listing_id: q for q in snapshot.prices}
    highs = {t.listing_id for t in snapshot.trailing_highs}
    out: list[BlockReason] = []
    for listing_id in sorted(needed_listings(snapshot, policy)):
        quote = prices.get(listing_id)
        if listing_id not in listings:
            out.append(BlockReason("LISTING_UNKNOWN", listing_id, "listing details are missing"))
        if quote is None:
            out.append(BlockReason("PRICE_MISSING", listing_id, "no validated price"))
        elif quote.dq_state is DqState.FAILING:
            alerts = ", ".join(sorted(quote.alert_ids)) or "unnamed alert"
            out.append(
                BlockReason("PRICE_DQ_FAILING", listing_id, f"data-quality alerts open: {alerts}")
            )
    for wave in policy.wave_triggers if policy else ():
        if wave.reference_listing_id not in highs:
            out.append(
                BlockReason(
                    "TRAILING_HIGH_MISSING",
                    wave.reference_listing_id,
                    f"wave trigger of {wave.sleeve}",
                )
            )
    return out


def _sleeve_reasons(snapshot: RunInputSnapshot, policy: Policy) -> list[BlockReason]:
    by_name = {s.name: s.sleeve_id for s in snapshot.sleeves}
    members = {c.sleeve_id for c in snapshot.constituents}
    out: list[BlockReason] = []
    for sleeve in policy.sleeves:
        if sleeve.name not in by_name:
            out.append(
                BlockReason(
                    "SLEEVE_UNKNOWN", sleeve.name, "the portfolio has no sleeve of this name"
                )
            )
        elif sleeve.target_weight_pct > ZERO and by_name[sleeve.name] not in members:
            out.append(
                BlockReason(
                    "SLEEVE_HAS_NO_LISTINGS", sleeve.name, "nothing to buy for a non-zero target"
                )
            )
    return out
