"""Domain errors reach clients as their gRPC code with google.rpc details; crashes leak nothing."""

from __future__ import annotations

from collections.abc import AsyncIterator

import grpc
import pytest
from google.rpc import error_details_pb2
from grpc_status import rpc_status
from tradingassistant.ledger.v1 import ledger_pb2, ledger_pb2_grpc

from taplatform import errors
from taplatform.grpc.errors import INTERNAL_MESSAGE, ErrorMappingInterceptor

RAISED: dict[str, Exception] = {
    "invalid": errors.InvalidArgumentError(
        "entries[1].amount: must be positive",
        [errors.FieldViolation("entries[1].amount", "must be positive")],
    ),
    "missing": errors.NotFoundError("portfolio p-9 not found"),
    "exists": errors.AlreadyExistsError(
        "batch b-1 exists with a different amount", reason="EXISTS_WITH_DIFFERENT_AMOUNT"
    ),
    "frozen": errors.FailedPreconditionError("advice is frozen", reason="PORTFOLIO_FROZEN"),
    "denied": errors.PermissionDeniedError("not your portfolio"),
    "anonymous": errors.UnauthenticatedError("sign in first"),
    "limit": errors.ResourceExhaustedError("notional too big", reason="NOTIONAL_EXCEEDS_MAX"),
    "stale": errors.ConcurrencyError("version 3 is stale; current is 4"),
    "crash": RuntimeError("password=hunter2 at postgresql://db:5432"),
}


class RaisingLedger(ledger_pb2_grpc.LedgerServiceServicer):
    """Raises whatever the portfolio id names; SubmitBatch is left unimplemented."""

    async def ListHoldings(self, request, context):  # type: ignore[no-untyped-def]
        raise RAISED[request.portfolio_id]


@pytest.fixture(scope="module")
async def ledger_stub() -> AsyncIterator[ledger_pb2_grpc.LedgerServiceStub]:
    server = grpc.aio.server(interceptors=[ErrorMappingInterceptor()])
    ledger_pb2_grpc.add_LedgerServiceServicer_to_server(RaisingLedger(), server)
    port = server.add_insecure_port("127.0.0.1:0")
    await server.start()
    async with grpc.aio.insecure_channel(f"127.0.0.1:{port}") as channel:
        yield ledger_pb2_grpc.LedgerServiceStub(channel)
    await server.stop(None)


async def _call(stub: ledger_pb2_grpc.LedgerServiceStub, kind: str) -> grpc.aio.AioRpcError:
    with pytest.raises(grpc.aio.AioRpcError) as raised:
        await stub.ListHoldings(ledger_pb2.ListHoldingsRequest(portfolio_id=kind))
    return raised.value


def _details(error: grpc.aio.AioRpcError) -> list[object]:
    status = rpc_status.from_call(error)  # type: ignore[arg-type]
    assert status is not None, "google.rpc.Status details are attached"
    found: list[object] = []
    for detail in status.details:
        for kind in (error_details_pb2.ErrorInfo, error_details_pb2.BadRequest):
            if detail.Is(kind.DESCRIPTOR):
                message = kind()
                detail.Unpack(message)
                found.append(message)
    return found


@pytest.mark.parametrize(
    ("kind", "code", "reason"),
    [
        ("missing", grpc.StatusCode.NOT_FOUND, "NOT_FOUND"),
        ("exists", grpc.StatusCode.ALREADY_EXISTS, "EXISTS_WITH_DIFFERENT_AMOUNT"),
        ("frozen", grpc.StatusCode.FAILED_PRECONDITION, "PORTFOLIO_FROZEN"),
        ("denied", grpc.StatusCode.PERMISSION_DENIED, "PERMISSION_DENIED"),
        ("anonymous", grpc.StatusCode.UNAUTHENTICATED, "UNAUTHENTICATED"),
        ("limit", grpc.StatusCode.RESOURCE_EXHAUSTED, "NOTIONAL_EXCEEDS_MAX"),
        ("stale", grpc.StatusCode.ABORTED, "ABORTED"),
    ],
)
async def test_domain_error_maps_to_its_code_and_reason(
    ledger_stub: ledger_pb2_grpc.LedgerServiceStub,
    kind: str,
    code: grpc.StatusCode,
    reason: str,
) -> None:
    error = await _call(ledger_stub, kind)
    assert error.code() == code
    assert error.details() == str(RAISED[kind])
    info = [d for d in _details(error) if isinstance(d, error_details_pb2.ErrorInfo)]
    assert [i.reason for i in info] == [reason]


async def test_invalid_argument_names_the_field(
    ledger_stub: ledger_pb2_grpc.LedgerServiceStub,
) -> None:
    error = await _call(ledger_stub, "invalid")
    assert error.code() == grpc.StatusCode.INVALID_ARGUMENT
    bad = [d for d in _details(error) if isinstance(d, error_details_pb2.BadRequest)]
    assert [(v.field, v.description) for v in bad[0].field_violations] == [
        ("entries[1].amount", "must be positive")
    ]


async def test_unexpected_error_is_internal_and_leaks_nothing(
    ledger_stub: ledger_pb2_grpc.LedgerServiceStub,
) -> None:
    error = await _call(ledger_stub, "crash")
    assert error.code() == grpc.StatusCode.INTERNAL
    assert error.details() == INTERNAL_MESSAGE
    assert "hunter2" not in str(error) and "postgresql" not in str(error)


async def test_rpc_not_built_yet_answers_unimplemented(
    ledger_stub: ledger_pb2_grpc.LedgerServiceStub,
) -> None:
    with pytest.raises(grpc.aio.AioRpcError) as raised:
        await ledger_stub.SubmitBatch(ledger_pb2.SubmitBatchRequest(batch_id="b"))
    assert raised.value.code() == grpc.StatusCode.UNIMPLEMENTED
    assert "SubmitBatch" in (raised.value.details() or "")
