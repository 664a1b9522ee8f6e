"""One gRPC channel per service, opened at the edge's startup and closed at its shutdown."""

from __future__ import annotations

import asyncio

import grpc

from taplatform.catalog import SERVICES, ServiceSpec
from taplatform.config import ServiceAddresses
from taplatform.grpc.client import open_channel


class ChannelsNotOpenError(RuntimeError):
    """A channel was asked for before the app's startup opened them (or after shutdown)."""


class ServiceChannels:
    """Traced channels to the five services, shared by every request of one app.

    grpc.aio channels belong to the event loop that creates them, so they are
    opened in the app's lifespan rather than when the app is built.
    """

    def __init__(self, addresses: ServiceAddresses) -> None:
        self.addresses = {spec.name: addresses.addr(spec.name) for spec in SERVICES}
        self._channels: dict[str, grpc.aio.Channel] = {}

    @property
    def services(self) -> tuple[ServiceSpec, ...]:
        return SERVICES

    def open(self) -> None:
        if not self._channels:
            self._channels = {name: open_channel(addr) for name, addr in self.addresses.items()}

    async def close(self) -> None:
        channels, self._channels = self._channels, {}
        await asyncio.gather(*(channel.close() for channel in channels.values()))

    def channel(self, service_name: str) -> grpc.aio.Channel:
        try:
            return self._channels[service_name]
        except KeyError:
            raise ChannelsNotOpenError(
                f"no open channel to {service_name!r}: the edge has not started"
            ) from None
