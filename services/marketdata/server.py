"""The MarketDataService servicer: convert, call a handler, convert back.

RPCs not defined here are inherited from the generated base class and answer
UNIMPLEMENTED; issue 4 builds them.
"""

from __future__ import annotations

from tradingassistant.marketdata.v1 import marketdata_pb2_grpc


class MarketDataServiceServicer(marketdata_pb2_grpc.MarketDataServiceServicer):
    """Price and FX ingestion and the data-quality gate."""
