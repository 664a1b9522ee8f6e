"""The RegistryService servicer: convert, call a handler, convert back.

RPCs not defined here are inherited from the generated base class and answer
UNIMPLEMENTED; issue 3 builds them.
"""

from __future__ import annotations

from tradingassistant.registry.v1 import registry_pb2_grpc


class RegistryServiceServicer(registry_pb2_grpc.RegistryServiceServicer):
    """Users, portfolios, listings, sleeves, profiles, notifications and the audit log."""
