"""A run's recommendation as GraphQL types: lines, rules fired, constraints, weights, rationale."""

from __future__ import annotations

import enum
from collections.abc import Mapping
from datetime import datetime
from decimal import Decimal
from typing import Any

import strawberry
from tradingassistant.engine.v1 import engine_pb2

from edge.api.convert import EdgeInfo, Money, decimal_or_none, money_or_none, time_or_none
from edge.api.ledger_entries import listing_of
from edge.api.reference import Listing


def enum_name(pb_enum: Any, value: int, prefix: str) -> str:
    """``RUN_STATUS_ADVICE`` → ``ADVICE``: the GraphQL enum's member name."""
    return str(pb_enum.Name(value)).removeprefix(prefix)


@strawberry.enum(description="ADVICE: zero or more order lines; BLOCKED: no advice, see reasons.")
class RunStatus(enum.Enum):
    ADVICE = "ADVICE"
    BLOCKED = "BLOCKED"


@strawberry.enum
class RecommendationStatus(enum.Enum):
    PROPOSED = "PROPOSED"
    APPROVED = "APPROVED"
    IGNORED = "IGNORED"
    EXECUTED = "EXECUTED"
    BLOCKED = "BLOCKED"


@strawberry.enum
class OrderSide(enum.Enum):
    BUY = "BUY"
    SELL = "SELL"


def run_status(value: int) -> RunStatus | None:
    return RunStatus.__members__.get(enum_name(engine_pb2.RunStatus, value, "RUN_STATUS_"))


def recommendation_status(value: int) -> RecommendationStatus | None:
    name = enum_name(engine_pb2.RecommendationStatus, value, "RECOMMENDATION_STATUS_")
    return RecommendationStatus.__members__.get(name)


def _side(value: int) -> OrderSide | None:
    return OrderSide.__members__.get(enum_name(engine_pb2.OrderSide, value, "ORDER_SIDE_"))


@strawberry.type(description="One input a rule read, or one figure of a dropped line.")
class NamedValue:
    name: str
    value: str


def named_values(values: Mapping[str, str]) -> list[NamedValue]:
    # Protobuf maps have no order; sorted keeps the page and the tests stable.
    return [NamedValue(name=k, value=values[k]) for k in sorted(values)]


@strawberry.type(description="Why a run gave no advice: code, what it is about, and detail.")
class BlockReason:
    code: str = strawberry.field(description="PORTFOLIO_FROZEN, PRICE_DQ_FAILING, …")
    subject: str = strawberry.field(description="An alert id, a listing id, a currency, a sleeve.")
    detail: str

    @classmethod
    def from_pb(cls, value: engine_pb2.BlockReason) -> BlockReason:
        return cls(code=value.code, subject=value.subject, detail=value.detail)


@strawberry.type(description="One trade to make; its id is the OMS order key.")
class OrderLine:
    id: strawberry.ID = strawberry.field(description="<recommendation id>:<n>.")
    listing_id: strawberry.ID
    ticker: str
    side: OrderSide | None
    quantity: Decimal
    est_price: Money | None = strawberry.field(description="In the listing's quote unit.")
    est_value: Money | None = strawberry.field(description="In the base currency.")
    est_fee: Money | None
    sleeve: str
    purpose: str = strawberry.field(description="rebalance, wave or wind_down.")

    @strawberry.field
    async def listing(self, info: EdgeInfo) -> Listing | None:
        return await listing_of(info, str(self.listing_id))

    @classmethod
    def from_pb(cls, value: engine_pb2.OrderLine) -> OrderLine:
        return cls(
            id=strawberry.ID(value.line_id),
            listing_id=strawberry.ID(value.listing_id),
            ticker=value.ticker,
            side=_side(value.side),
            quantity=Decimal(value.quantity.value or "0"),
            est_price=money_or_none(value.est_price),
            est_value=money_or_none(value.est_value),
            est_fee=money_or_none(value.est_fee),
            sleeve=value.sleeve,
            purpose=value.purpose,
        )


@strawberry.type(description="A rule that fired, the inputs it read and what it decided.")
class RuleFired:
    rule: str
    subject: str
    inputs: list[NamedValue]
    outcome: str


@strawberry.type(description="A line the friction filter or a constraint dropped, and why.")
class DroppedLine:
    code: str = strawberry.field(description="BELOW_MIN_TRADE, MAX_ORDERS, …")
    listing_id: strawberry.ID
    side: OrderSide | None
    detail: str
    inputs: list[NamedValue]

    @strawberry.field(description="The listing (one batched registry call for all rows).")
    async def listing(self, info: EdgeInfo) -> Listing | None:
        return await listing_of(info, str(self.listing_id))


@strawberry.type
class ConstraintCheck:
    name: str
    passed: bool
    detail: str


@strawberry.type(description="A sleeve's target, band and weight before and after the lines.")
class SleeveWeights:
    sleeve: str
    target_pct: Decimal | None
    band_pp: Decimal | None = strawberry.field(description="Allowed drift, percentage points.")
    value_before: Money | None
    value_after: Money | None
    before_pct: Decimal | None
    after_pct: Decimal | None
    drift_before_pp: Decimal | None
    drift_after_pp: Decimal | None

    @classmethod
    def from_pb(cls, value: engine_pb2.SleeveWeights) -> SleeveWeights:
        return cls(
            sleeve=value.sleeve,
            target_pct=decimal_or_none(value.target_pct),
            band_pp=decimal_or_none(value.band_pp),
            value_before=money_or_none(value.value_before),
            value_after=money_or_none(value.value_after),
            before_pct=decimal_or_none(value.before_pct),
            after_pct=decimal_or_none(value.after_pct),
            drift_before_pp=decimal_or_none(value.drift_before_pp),
            drift_after_pp=decimal_or_none(value.drift_after_pp),
        )


@strawberry.type(description="Cash and invested value before and after the lines, and fees.")
class RecommendationTotals:
    cash_before: Money | None
    buys: Money | None
    sells: Money | None
    fees: Money | None
    cash_after: Money | None
    invested_before: Money | None
    invested_after: Money | None

    @classmethod
    def from_pb(cls, value: engine_pb2.Totals) -> RecommendationTotals:
        return cls(
            cash_before=money_or_none(value.cash_before),
            buys=money_or_none(value.buys),
            sells=money_or_none(value.sells),
            fees=money_or_none(value.fees),
            cash_after=money_or_none(value.cash_after),
            invested_before=money_or_none(value.invested_before),
            invested_after=money_or_none(value.invested_after),
        )


@strawberry.type(description="What a run advises, with both hashes; its id is the run's id.")
class Recommendation:
    id: strawberry.ID
    run_id: strawberry.ID
    portfolio_id: strawberry.ID
    outcome: RunStatus | None
    status: RecommendationStatus | None
    snapshot_hash: str
    policy_hash: str
    recommendation_hash: str = strawberry.field(description="Send it back to approve.")
    base_currency: str
    lines: list[OrderLine]
    rules: list[RuleFired]
    dropped: list[DroppedLine]
    checks: list[ConstraintCheck]
    sleeves: list[SleeveWeights]
    totals: RecommendationTotals | None = strawberry.field(description="Null for blocked runs.")
    blocked_reasons: list[BlockReason]
    rationale: list[str] = strawberry.field(description="Plain-language sentences, in order.")
    canonical_json: str = strawberry.field(description="The stored canonical bytes, exactly.")
    decided_at: datetime | None
    decided_by: str
    decision_note: str
    executed_at: datetime | None
    executed_line_ids: list[strawberry.ID]
    version: int = strawberry.field(description="Counts status changes.")

    @classmethod
    def from_pb(cls, value: engine_pb2.Recommendation) -> Recommendation:
        return cls(
            id=strawberry.ID(value.recommendation_id),
            run_id=strawberry.ID(value.run_id),
            portfolio_id=strawberry.ID(value.portfolio_id),
            outcome=run_status(value.outcome),
            status=recommendation_status(value.status),
            snapshot_hash=value.snapshot_hash,
            policy_hash=value.policy_hash,
            recommendation_hash=value.recommendation_hash,
            base_currency=value.base_currency,
            lines=[OrderLine.from_pb(line) for line in value.lines],
            rules=[
                RuleFired(
                    rule=r.rule, subject=r.subject, inputs=named_values(r.inputs), outcome=r.outcome
                )
                for r in value.rules
            ],
            dropped=[
                DroppedLine(
                    code=d.code,
                    listing_id=strawberry.ID(d.listing_id),
                    side=_side(d.side),
                    detail=d.detail,
                    inputs=named_values(d.inputs),
                )
                for d in value.dropped
            ],
            checks=[
                ConstraintCheck(name=c.name, passed=c.passed, detail=c.detail) for c in value.checks
            ],
            sleeves=[SleeveWeights.from_pb(s) for s in value.sleeves],
            totals=RecommendationTotals.from_pb(value.totals) if value.HasField("totals") else None,
            blocked_reasons=[BlockReason.from_pb(r) for r in value.blocked_reasons],
            rationale=list(value.rationale),
            canonical_json=value.canonical_json,
            decided_at=time_or_none(value.decided_at),
            decided_by=value.decided_by,
            decision_note=value.decision_note,
            executed_at=time_or_none(value.executed_at),
            executed_line_ids=[strawberry.ID(i) for i in value.executed_line_ids],
            version=value.version,
        )
