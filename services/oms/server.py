"""The OmsService servicer: convert, call a handler, convert back."""

from __future__ import annotations

from datetime import UTC
from typing import Any

from tradingassistant.oms.v1 import oms_pb2, oms_pb2_grpc

from services.oms import convert
from services.oms.domain.commands import parse_create_order, parse_decimal, parse_manual_fill
from services.oms.handlers import (
    OmsDeps,
    changes,
    dead_letters,
    execution,
    placement,
    queued,
    recommendations,
    trading,
)
from taplatform.auth.principal import current_principal
from taplatform.errors import InvalidArgumentError, PermissionDeniedError

# The servicer context; handlers never touch it (errors map in the interceptor).
Context = Any
DEFAULT_PAGE_SIZE = 50
MAX_PAGE_SIZE = 500


class OmsServiceServicer(oms_pb2_grpc.OmsServiceServicer):
    """Orders, broker adapters, guardrails and the dead-letter queue."""

    def __init__(self, deps: OmsDeps) -> None:
        self._deps = deps

    async def _detail(self, portfolio_id: str, order_id: Any) -> changes.OrderDetail:
        return await changes.order_detail(self._deps, portfolio_id, order_id)

    async def CreateOrder(
        self, request: oms_pb2.CreateOrderRequest, context: Context
    ) -> oms_pb2.CreateOrderResponse:
        command = parse_create_order(
            order_key=request.order_key,
            portfolio_id=request.portfolio_id,
            listing_id=request.listing_id,
            side=convert.side_from_pb(request.side),
            quantity=request.quantity.value,
            limit_price=request.limit_price.amount.value,
            limit_currency=request.limit_price.currency_code,
            recommendation_id=request.recommendation_id,
            line_id=request.line_id,
        )
        result = await placement.create_checked(self._deps, command)
        detail = await self._detail(request.portfolio_id, result.order.order_id)
        status = oms_pb2.CREATE_STATUS_CREATED if result.created else oms_pb2.CREATE_STATUS_EXISTS
        return oms_pb2.CreateOrderResponse(
            order=convert.order_to_pb(detail.order, detail.dead_lettered),
            status=status,
            fills=[convert.fill_to_pb(f, booked) for f, booked in detail.fills],
        )

    async def PlaceRecommendationOrders(
        self, request: oms_pb2.PlaceRecommendationOrdersRequest, context: Context
    ) -> oms_pb2.PlaceRecommendationOrdersResponse:
        if not request.recommendation_id:
            raise InvalidArgumentError.for_field("recommendation_id", "is required")
        placed = await placement.place_recommendation(
            self._deps, request.portfolio_id, request.recommendation_id
        )
        answers = []
        for item in placed:
            answer = oms_pb2.LinePlacement(
                line_id=item.line_id,
                denied_reason=item.denied_reason or "",
                denied_message=item.denied_message or "",
            )
            if item.result is not None:
                detail = await self._detail(request.portfolio_id, item.result.order.order_id)
                answer.order.CopyFrom(convert.order_to_pb(detail.order, detail.dead_lettered))
                answer.status = (
                    oms_pb2.CREATE_STATUS_CREATED
                    if item.result.created
                    else oms_pb2.CREATE_STATUS_EXISTS
                )
            answers.append(answer)
        return oms_pb2.PlaceRecommendationOrdersResponse(placements=answers)

    async def GetOrder(
        self, request: oms_pb2.GetOrderRequest, context: Context
    ) -> oms_pb2.GetOrderResponse:
        detail = await self._detail(
            request.portfolio_id, convert.parse_uuid(request.order_id, "order_id")
        )
        return oms_pb2.GetOrderResponse(
            order=convert.order_to_pb(detail.order, detail.dead_lettered),
            fills=[convert.fill_to_pb(f, booked) for f, booked in detail.fills],
            events=[convert.event_to_pb(row) for row in detail.events],
        )

    async def ListOrders(
        self, request: oms_pb2.ListOrdersRequest, context: Context
    ) -> oms_pb2.ListOrdersResponse:
        size = request.page.page_size or DEFAULT_PAGE_SIZE
        if not 0 < size <= MAX_PAGE_SIZE:
            raise InvalidArgumentError.for_field("page.page_size", f"must be 1..{MAX_PAGE_SIZE}")
        found, lettered = await changes.list_orders(
            self._deps,
            request.portfolio_id,
            convert.states_from_pb(request.states),
            size + 1,
            convert.parse_page_token(request.page.page_token),
        )
        page = found[:size]
        token = convert.page_token(page[-1]) if len(found) > size else ""
        return oms_pb2.ListOrdersResponse(
            orders=[convert.order_to_pb(o, o.order_id in lettered) for o in page],
            page_info={"next_page_token": token},
        )

    async def CancelOrder(
        self, request: oms_pb2.CancelOrderRequest, context: Context
    ) -> oms_pb2.CancelOrderResponse:
        order_id = convert.parse_uuid(request.order_id, "order_id")
        order = await changes.cancel_order(self._deps, request.portfolio_id, order_id)
        return oms_pb2.CancelOrderResponse(order=convert.order_to_pb(order))

    async def AmendOrder(
        self, request: oms_pb2.AmendOrderRequest, context: Context
    ) -> oms_pb2.AmendOrderResponse:
        order_id = convert.parse_uuid(request.order_id, "order_id")
        violations: list[Any] = []
        quantity = parse_decimal(request.quantity.value, "quantity", violations)
        limit = parse_decimal(
            request.limit_price.amount.value, "limit_price.amount", violations, required=False
        )
        if violations:
            raise InvalidArgumentError(
                violations[0].field + ": " + violations[0].description, violations
            )
        assert quantity is not None
        order = await changes.amend_order(
            self._deps, request.portfolio_id, order_id, request.version, quantity, limit
        )
        return oms_pb2.AmendOrderResponse(order=convert.order_to_pb(order))

    async def RecordManualFill(
        self, request: oms_pb2.RecordManualFillRequest, context: Context
    ) -> oms_pb2.RecordManualFillResponse:
        order_id = convert.parse_uuid(request.order_id, "order_id")
        entered = parse_manual_fill(
            fill_key=request.fill_key,
            quantity=request.quantity.value,
            price=request.price.amount.value,
            price_currency=request.price.currency_code,
            fees=request.fees.amount.value,
            fees_currency=request.fees.currency_code,
            executed_at=request.executed_at.ToDatetime(tzinfo=UTC)
            if request.HasField("executed_at")
            else None,
            now=self._deps.clock.now(),
        )
        order, fill = await changes.record_manual_fill(
            self._deps, request.portfolio_id, order_id, entered
        )
        return oms_pb2.RecordManualFillResponse(
            order=convert.order_to_pb(order), fill=convert.fill_to_pb(fill, True)
        )

    async def _state(self, view: trading.StateView) -> oms_pb2.TradingState:
        currency = await self._deps.listings.base_currency(view.state.portfolio_id)
        return convert.state_to_pb(view, currency)

    async def GetTradingState(
        self, request: oms_pb2.GetTradingStateRequest, context: Context
    ) -> oms_pb2.GetTradingStateResponse:
        view = await trading.get_state(self._deps, request.portfolio_id)
        return oms_pb2.GetTradingStateResponse(state=await self._state(view))

    async def SetKillSwitch(
        self, request: oms_pb2.SetKillSwitchRequest, context: Context
    ) -> oms_pb2.SetKillSwitchResponse:
        view = await trading.set_kill_switch(
            self._deps, request.portfolio_id, request.engaged, request.reason
        )
        return oms_pb2.SetKillSwitchResponse(state=await self._state(view))

    async def UpdateGuardrailLimits(
        self, request: oms_pb2.UpdateGuardrailLimitsRequest, context: Context
    ) -> oms_pb2.UpdateGuardrailLimitsResponse:
        limits = convert.limits_from_pb(request.limits)
        view = await trading.update_limits(
            self._deps, request.portfolio_id, request.version, limits
        )
        return oms_pb2.UpdateGuardrailLimitsResponse(state=await self._state(view))

    async def SetDryRunBroker(
        self, request: oms_pb2.SetDryRunBrokerRequest, context: Context
    ) -> oms_pb2.SetDryRunBrokerResponse:
        view = await trading.set_dry_run_broker(self._deps, request.portfolio_id, request.broker)
        return oms_pb2.SetDryRunBrokerResponse(state=await self._state(view))

    async def RequestLiveMode(
        self, request: oms_pb2.RequestLiveModeRequest, context: Context
    ) -> oms_pb2.RequestLiveModeResponse:
        asked = await trading.request_live(self._deps, request.portfolio_id, request.password)
        return oms_pb2.RequestLiveModeResponse(
            confirmation_id=str(asked.confirmation_id),
            risk_summary_json=asked.summary_json,
            risk_summary_sha256=asked.summary_sha256,
            expires_at=convert.timestamp(asked.expires_at),
        )

    async def ConfirmLiveMode(
        self, request: oms_pb2.ConfirmLiveModeRequest, context: Context
    ) -> oms_pb2.ConfirmLiveModeResponse:
        confirmation = convert.parse_uuid(request.confirmation_id, "confirmation_id")
        view = await trading.confirm_live(
            self._deps, request.portfolio_id, confirmation, request.risk_summary_sha256
        )
        return oms_pb2.ConfirmLiveModeResponse(state=await self._state(view))

    async def SwitchToDryRun(
        self, request: oms_pb2.SwitchToDryRunRequest, context: Context
    ) -> oms_pb2.SwitchToDryRunResponse:
        view = await trading.switch_to_dry_run(self._deps, request.portfolio_id)
        return oms_pb2.SwitchToDryRunResponse(state=await self._state(view))

    async def ListDeadLetters(
        self, request: oms_pb2.ListDeadLettersRequest, context: Context
    ) -> oms_pb2.ListDeadLettersResponse:
        found = await dead_letters.list_dead_letters(
            self._deps, request.portfolio_id, convert.letter_statuses_from_pb(request.statuses)
        )
        return oms_pb2.ListDeadLettersResponse(
            dead_letters=[convert.dead_letter_to_pb(d) for d in found]
        )

    async def GetDeadLetter(
        self, request: oms_pb2.GetDeadLetterRequest, context: Context
    ) -> oms_pb2.GetDeadLetterResponse:
        letter_id = convert.parse_uuid(request.dead_letter_id, "dead_letter_id")
        letter = await dead_letters.get_dead_letter(self._deps, request.portfolio_id, letter_id)
        return oms_pb2.GetDeadLetterResponse(dead_letter=convert.dead_letter_to_pb(letter))

    async def ReplayDeadLetter(
        self, request: oms_pb2.ReplayDeadLetterRequest, context: Context
    ) -> oms_pb2.ReplayDeadLetterResponse:
        letter_id = convert.parse_uuid(request.dead_letter_id, "dead_letter_id")
        result = await dead_letters.replay(self._deps, request.portfolio_id, letter_id)
        return oms_pb2.ReplayDeadLetterResponse(
            dead_letter=convert.dead_letter_to_pb(result.letter),
            order=convert.order_to_pb(result.order) if result.order else None,
        )

    async def AbandonDeadLetter(
        self, request: oms_pb2.AbandonDeadLetterRequest, context: Context
    ) -> oms_pb2.AbandonDeadLetterResponse:
        letter_id = convert.parse_uuid(request.dead_letter_id, "dead_letter_id")
        result = await dead_letters.abandon(
            self._deps, request.portfolio_id, letter_id, request.reason
        )
        return oms_pb2.AbandonDeadLetterResponse(
            dead_letter=convert.dead_letter_to_pb(result.letter),
            order=convert.order_to_pb(result.order) if result.order else None,
        )

    async def RunDueWork(
        self, request: oms_pb2.RunDueWorkRequest, context: Context
    ) -> oms_pb2.RunDueWorkResponse:
        principal = current_principal.get()
        if principal is None or not (principal.is_admin or principal.is_service):
            raise PermissionDeniedError(
                "only a service account or an admin runs the OMS's background work"
            )
        attempted = await dead_letters.retry_due(self._deps, request.max_dead_letters or 50)
        booked = await execution.capture_unbooked(self._deps)
        released = await queued.release_queued(self._deps)
        # After capture: its retries may have ended a recommendation's last order.
        await recommendations.report_pending(self._deps)
        fell_back = await trading.check_live_adapters(self._deps)
        return oms_pb2.RunDueWorkResponse(
            dead_letters_attempted=attempted,
            fills_booked=booked,
            fell_back=fell_back,
            queued_released=released,
        )
