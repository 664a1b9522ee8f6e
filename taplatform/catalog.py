"""The processes of Trading Assistant: names, default ports and gRPC service names."""

from __future__ import annotations

from dataclasses import dataclass


@dataclass(frozen=True)
class ServiceSpec:
    """One gRPC service process: its name, default port and fully qualified service."""

    name: str
    port: int
    full_name: str

    @property
    def schema(self) -> str:
        """The PostgreSQL schema this service owns (and no other service reads)."""
        return self.name

    @property
    def db_role(self) -> str:
        """The PostgreSQL role the service acts as: it owns nothing and may only
        use what its migrations grant (no UPDATE/DELETE on append-only tables)."""
        return f"ta_{self.name}"

    @property
    def addr_env(self) -> str:
        """The environment variable other processes read to reach this service."""
        return f"TA_{self.name.upper()}_ADDR"

    @property
    def bootstrap_module(self) -> str:
        return f"services.{self.name}.bootstrap"


SERVICES: tuple[ServiceSpec, ...] = (
    ServiceSpec("registry", 50051, "tradingassistant.registry.v1.RegistryService"),
    ServiceSpec("marketdata", 50052, "tradingassistant.marketdata.v1.MarketDataService"),
    ServiceSpec("ledger", 50053, "tradingassistant.ledger.v1.LedgerService"),
    ServiceSpec("engine", 50054, "tradingassistant.engine.v1.EngineService"),
    ServiceSpec("oms", 50055, "tradingassistant.oms.v1.OmsService"),
)
SERVICES_BY_NAME: dict[str, ServiceSpec] = {s.name: s for s in SERVICES}
EDGE_PORT = 8000


def service(name: str) -> ServiceSpec:
    """Look a service up by name; unknown names fail with the list of known ones."""
    try:
        return SERVICES_BY_NAME[name]
    except KeyError:
        known = ", ".join(SERVICES_BY_NAME)
        raise ValueError(f"unknown service {name!r}; known: {known}") from None
