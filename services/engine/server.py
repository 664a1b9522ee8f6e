"""The EngineService servicer: convert, call a handler, convert back.

RPCs not defined here are inherited from the generated base class and answer
UNIMPLEMENTED; issue 6 builds them.
"""

from __future__ import annotations

from tradingassistant.engine.v1 import engine_pb2_grpc


class EngineServiceServicer(engine_pb2_grpc.EngineServiceServicer):
    """Deterministic, explainable rebalancing recommendations."""
