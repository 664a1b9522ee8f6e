"""Protobuf ⇄ engine records and views, nothing else.

Recommendations are rendered from their stored canonical bytes (never
recomputed), so what a client reads is exactly what was hashed.
"""

from __future__ import annotations

import json
from datetime import datetime
from typing import Any

from google.protobuf.timestamp_pb2 import Timestamp
from tradingassistant.common.v1.types_pb2 import Decimal as DecimalPb
from tradingassistant.common.v1.types_pb2 import Money
from tradingassistant.engine.v1 import engine_pb2 as pb

from services.engine import repository as repo
from services.engine.domain.policy_diff import PolicyChange
from services.engine.domain.policy_document import DocumentFormat
from services.engine.handlers.policies import PolicyVersionView
from services.engine.handlers.recommendations import RecommendationView, line_ids
from services.engine.handlers.run_reads import ReplayResult
from services.engine.handlers.schedules import ScheduledRun

FORMAT_IN: dict[int, DocumentFormat] = {
    pb.POLICY_FORMAT_UNSPECIFIED: "yaml",
    pb.POLICY_FORMAT_YAML: "yaml",
    pb.POLICY_FORMAT_JSON: "json",
}
FORMAT_OUT = {"yaml": pb.POLICY_FORMAT_YAML, "json": pb.POLICY_FORMAT_JSON}
VERSION_STATUS = {
    "draft": pb.POLICY_VERSION_STATUS_DRAFT,
    "approved": pb.POLICY_VERSION_STATUS_APPROVED,
    "superseded": pb.POLICY_VERSION_STATUS_SUPERSEDED,
}
CHANGE_KIND = {
    "added": pb.CHANGE_KIND_ADDED,
    "removed": pb.CHANGE_KIND_REMOVED,
    "changed": pb.CHANGE_KIND_CHANGED,
}
RUN_STATUS = {"advice": pb.RUN_STATUS_ADVICE, "blocked": pb.RUN_STATUS_BLOCKED}
TRIGGER = {"on_demand": pb.RUN_TRIGGER_ON_DEMAND, "scheduled": pb.RUN_TRIGGER_SCHEDULED}
REVIEW = {
    "proposed": pb.RECOMMENDATION_STATUS_PROPOSED,
    "approved": pb.RECOMMENDATION_STATUS_APPROVED,
    "ignored": pb.RECOMMENDATION_STATUS_IGNORED,
    "executed": pb.RECOMMENDATION_STATUS_EXECUTED,
    "blocked": pb.RECOMMENDATION_STATUS_BLOCKED,
}
SIDE = {"buy": pb.ORDER_SIDE_BUY, "sell": pb.ORDER_SIDE_SELL}
SCHEDULE = {
    "started": pb.SCHEDULE_OUTCOME_STARTED,
    "already_ran": pb.SCHEDULE_OUTCOME_ALREADY_RAN,
    "not_due": pb.SCHEDULE_OUTCOME_NOT_DUE,
    "no_approved_policy": pb.SCHEDULE_OUTCOME_NO_APPROVED_POLICY,
    "failed": pb.SCHEDULE_OUTCOME_FAILED,
}


def timestamp(moment: datetime | None) -> Timestamp | None:
    if moment is None:
        return None
    stamp = Timestamp()
    stamp.FromDatetime(moment)
    return stamp


def dec(value: str) -> DecimalPb:
    return DecimalPb(value=value)


def money(value: str, currency: str) -> Money:
    return Money(currency_code=currency, amount=dec(value))


def policy_version_to_pb(view: PolicyVersionView) -> pb.PolicyVersion:
    found, approval = view.record, view.approval
    policy = view.policy
    out = pb.PolicyVersion(
        policy_hash=policy.hash,
        name=policy.name,
        canonical_json=policy.canonical_json(),
        status=VERSION_STATUS[view.status],
    )
    if found is not None:
        out.MergeFrom(
            pb.PolicyVersion(
                policy_version_id=str(found.policy_version_id),
                portfolio_id=found.portfolio_id,
                version=found.version,
                source_text=found.source_text,
                source_format=FORMAT_OUT[found.source_format],
                created_at=timestamp(found.created_at),
                created_by=found.created_by or "",
            )
        )
    if approval is not None:
        out.approved_at.FromDatetime(approval.approved_at)
        out.approved_by = approval.approved_by or ""
    return out


def approval_to_pb(approval: repo.ApprovalRecord) -> pb.PolicyApproval:
    return pb.PolicyApproval(
        approval_id=str(approval.approval_id),
        portfolio_id=approval.portfolio_id,
        sequence=approval.sequence,
        policy_version_id=str(approval.policy_version_id),
        policy_hash=approval.policy_hash,
        approved_at=timestamp(approval.approved_at),
        approved_by=approval.approved_by or "",
    )


def change_to_pb(change: PolicyChange) -> pb.PolicyChange:
    return pb.PolicyChange(
        path=change.path,
        kind=CHANGE_KIND[change.kind.value],
        before_json=change.before or "",
        after_json=change.after or "",
    )


def _reason(item: dict[str, Any]) -> pb.BlockReason:
    return pb.BlockReason(code=item["code"], subject=item["subject"], detail=item["detail"])


def run_to_pb(run: repo.RunRecord) -> pb.Run:
    return pb.Run(
        run_id=str(run.run_id),
        portfolio_id=run.portfolio_id,
        status=RUN_STATUS[run.outcome],
        snapshot_hash=run.snapshot_hash,
        policy_hash=run.policy_hash or "",
        policy_version_id=str(run.policy_version_id) if run.policy_version_id else "",
        trigger=TRIGGER[run.trigger],
        request_id=run.request_id,
        cadence_period=run.cadence_period or "",
        as_of=timestamp(run.as_of),
        created_at=timestamp(run.created_at),
        actor_user_id=run.actor_user_id or "",
        recommendation_hash=run.recommendation_hash,
        recommendation_status=REVIEW[run.status],
        blocked_reasons=[_reason(json.loads(r)) for r in run.blocked_reasons],
        line_count=run.line_count,
    )


def schedule_to_pb(result: ScheduledRun) -> pb.ScheduledRun:
    return pb.ScheduledRun(
        portfolio_id=result.portfolio_id,
        cadence_period=result.period,
        outcome=SCHEDULE[result.outcome.value],
        run=run_to_pb(result.run) if result.run is not None else None,
        error=result.error,
    )


def replay_to_pb(result: ReplayResult) -> pb.ReplayRunResponse:
    return pb.ReplayRunResponse(
        identical=result.identical,
        stored_recommendation_hash=result.stored_hash,
        replayed_recommendation_hash=result.replayed_hash,
        snapshot_hash_verified=result.snapshot_verified,
        policy_hash_verified=result.policy_verified,
        snapshot_hash=result.snapshot_hash,
        policy_hash=result.policy_hash or "",
        first_difference_offset=result.first_difference,
    )


def _plain(value: Any) -> str:
    if isinstance(value, bool):
        return "true" if value else "false"
    return "" if value is None else str(value)


def _inputs(values: dict[str, Any]) -> dict[str, str]:
    return {key: _plain(value) for key, value in values.items()}


def _line(line_id: str, item: dict[str, Any], base: str) -> pb.OrderLine:
    return pb.OrderLine(
        line_id=line_id,
        listing_id=item["listing_id"],
        ticker=item["ticker"],
        side=SIDE[item["side"]],
        quantity=dec(item["quantity"]),
        est_price=money(item["est_price"], item["price_unit"]),
        est_value=money(item["est_value"], base),
        est_fee=money(item["est_fee"], base),
        sleeve=item["sleeve"],
        purpose=item["purpose"],
    )


def _sleeve(item: dict[str, Any], base: str) -> pb.SleeveWeights:
    pct = ("target_pct", "band_pp", "before_pct", "after_pct", "drift_before_pp", "drift_after_pp")
    return pb.SleeveWeights(
        sleeve=item["sleeve"],
        value_before=money(item["value_before"], base),
        value_after=money(item["value_after"], base),
        **{name: dec(item[name]) for name in pct},
    )


def recommendation_to_pb(view: RecommendationView) -> pb.Recommendation:
    run, tree = view.run, json.loads(view.canonical_json)
    base = tree["base_currency"]
    totals = tree["totals"]
    return pb.Recommendation(
        recommendation_id=str(run.run_id),
        run_id=str(run.run_id),
        portfolio_id=run.portfolio_id,
        outcome=RUN_STATUS[tree["outcome"]],
        status=REVIEW[run.status],
        snapshot_hash=tree["snapshot_hash"],
        policy_hash=tree["policy_hash"] or "",
        recommendation_hash=run.recommendation_hash,
        base_currency=base,
        lines=[_line(i, x, base) for i, x in zip(line_ids(run), tree["lines"], strict=True)],
        rules=[
            pb.RuleFired(
                rule=r["rule"],
                subject=r["subject"],
                inputs=_inputs(r["inputs"]),
                outcome=r["outcome"],
            )
            for r in tree["rules"]
        ],
        dropped=[
            pb.DroppedLine(
                code=d["code"],
                listing_id=d["listing_id"],
                side=SIDE[d["side"]],
                detail=d["detail"],
                inputs=_inputs(d["inputs"]),
            )
            for d in tree["dropped"]
        ],
        checks=[
            pb.ConstraintCheck(name=c["name"], passed=c["passed"], detail=c["detail"])
            for c in tree["checks"]
        ],
        sleeves=[_sleeve(s, base) for s in tree["sleeves"]],
        totals=(
            pb.Totals(**{name: money(value, base) for name, value in totals.items()})
            if totals is not None
            else None
        ),
        blocked_reasons=[_reason(r) for r in tree["blocked_reasons"]],
        rationale=tree["rationale"],
        canonical_json=view.canonical_json,
        decided_at=timestamp(run.decided_at),
        decided_by=run.decided_by or "",
        decision_note=run.decision_note or "",
        executed_at=timestamp(run.executed_at),
        executed_line_ids=run.executed_line_ids,
        version=run.status_version,
    )
