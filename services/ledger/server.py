"""The LedgerService servicer: convert, call a handler, convert back.

RPCs not defined here are inherited from the generated base class and answer
UNIMPLEMENTED; issue 5 builds them.
"""

from __future__ import annotations

from tradingassistant.ledger.v1 import ledger_pb2_grpc


class LedgerServiceServicer(ledger_pb2_grpc.LedgerServiceServicer):
    """The append-only book of record with holding and cash snapshots."""
