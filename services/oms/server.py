"""The OmsService servicer: convert, call a handler, convert back.

RPCs not defined here are inherited from the generated base class and answer
UNIMPLEMENTED; issue 7 builds them.
"""

from __future__ import annotations

from tradingassistant.oms.v1 import oms_pb2_grpc


class OmsServiceServicer(oms_pb2_grpc.OmsServiceServicer):
    """Orders, broker adapters and guardrails."""
