"""Orders from an engine recommendation: only an approved one, and only as its lines say.

Each line becomes one order keyed by its line id, so placing twice (a double click, a
retried request, two tabs) answers the same orders. Lines are judged by the guardrails
one by one: a refused line is reported with its reason and the others still go out,
which is what the user asked for — each line stands on its own in the engine's
constraints report. An order that names a recommendation line by hand (CreateOrder) must
match that line exactly; it cannot smuggle another listing, side or size under the
recommendation's name.
"""

from __future__ import annotations

from dataclasses import dataclass

from services.oms import repository as repo
from services.oms.domain.commands import CreateOrder
from services.oms.domain.guardrails import DenialReason
from services.oms.handlers import OmsDeps
from services.oms.handlers.orders import CreateResult, create_order
from services.oms.ports import RecommendationView, RecommendedLine
from taplatform.errors import (
    DomainError,
    FailedPreconditionError,
    FieldViolation,
    InvalidArgumentError,
)

# Executed is placeable too: it answers the orders that executed it.
PLACEABLE_STATUSES = frozenset({"approved", "executed"})
_DENIALS = frozenset(reason.value for reason in DenialReason)


@dataclass(frozen=True)
class Placement:
    """One line's outcome: its order (new or existing), or the guardrail's refusal."""

    line_id: str
    result: CreateResult | None = None
    denied_reason: str | None = None
    denied_message: str | None = None


def _placeable(view: RecommendationView) -> None:
    if view.status not in PLACEABLE_STATUSES:
        raise FailedPreconditionError(
            f"recommendation {view.recommendation_id} is {view.status}:"
            " only an approved recommendation becomes orders",
            reason="RECOMMENDATION_NOT_APPROVED",
        )


def _command(portfolio_id: str, recommendation_id: str, line: RecommendedLine) -> CreateOrder:
    return CreateOrder(
        order_key=line.line_id,
        portfolio_id=portfolio_id,
        listing_id=line.listing_id,
        side=line.side,
        quantity=line.quantity,
        limit_price=None,
        limit_currency=None,
        recommendation_id=recommendation_id,
        line_id=line.line_id,
    )


async def place_recommendation(
    deps: OmsDeps, portfolio_id: str, recommendation_id: str
) -> list[Placement]:
    """Create (or find) the order of every line, in line order."""
    view = await deps.recommendations.recommendation(portfolio_id, recommendation_id)
    _placeable(view)
    placements = []
    for line in view.lines:
        command = _command(portfolio_id, recommendation_id, line)
        try:
            result = await create_order(deps, command)
        except DomainError as error:
            if error.reason not in _DENIALS:
                raise
            placements.append(Placement(line.line_id, None, error.reason, error.message))
            continue
        placements.append(Placement(line.line_id, result))
    return placements


async def create_checked(deps: OmsDeps, command: CreateOrder) -> CreateResult:
    """CreateOrder: an order naming a recommendation line must be that line, approved."""
    if command.recommendation_id is not None and command.line_id is not None:
        async with deps.engine.connect() as connection:
            known = await repo.order_by_key(connection, command.portfolio_id, command.order_key)
        if known is None:
            view = await deps.recommendations.recommendation(
                command.portfolio_id, command.recommendation_id
            )
            _placeable(view)
            _same_as_line(view, command)
    return await create_order(deps, command)


def _same_as_line(view: RecommendationView, command: CreateOrder) -> None:
    line = next((item for item in view.lines if item.line_id == command.line_id), None)
    if line is None:
        raise InvalidArgumentError(
            f"line_id: recommendation {view.recommendation_id} has no line {command.line_id}",
            [FieldViolation("line_id", "is not a line of the recommendation")],
        )
    violations = [
        FieldViolation(name, f"must be the line's {name} {expected}")
        for name, expected, given in (
            ("listing_id", line.listing_id, command.listing_id),
            ("side", line.side.value, command.side.value),
            ("quantity", line.quantity, command.quantity),
        )
        if expected != given
    ]
    if violations:
        raise InvalidArgumentError.for_fields(violations)
