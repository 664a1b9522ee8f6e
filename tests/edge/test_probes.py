"""/healthz and /readyz against real gRPC health servers."""

from __future__ import annotations

from edge.app import create_app
from tests.edge.conftest import NOT_SERVING, SERVING, HealthServers, edge_client


async def test_healthz_answers_200_while_the_process_is_up(health_servers: HealthServers) -> None:
    async with edge_client(create_app(health_servers.settings())) as client:
        response = await client.get("/healthz")

    assert response.status_code == 200


async def test_readyz_is_200_when_all_five_services_are_serving(
    health_servers: HealthServers,
) -> None:
    async with edge_client(create_app(health_servers.settings())) as client:
        response = await client.get("/readyz")

    assert response.status_code == 200
    body = response.json()
    assert body["ready"] is True
    assert {s["name"]: s["status"] for s in body["services"]} == {
        "registry": "SERVING",
        "marketdata": "SERVING",
        "ledger": "SERVING",
        "engine": "SERVING",
        "oms": "SERVING",
    }


async def test_readyz_is_503_naming_the_service_that_is_not_serving(
    health_servers: HealthServers,
) -> None:
    await health_servers.set("ledger", NOT_SERVING)

    async with edge_client(create_app(health_servers.settings())) as client:
        response = await client.get("/readyz")

    assert response.status_code == 503
    body = response.json()
    assert body["ready"] is False
    not_serving = [s for s in body["services"] if s["status"] != "SERVING"]
    assert [(s["name"], s["status"]) for s in not_serving] == [("ledger", "NOT_SERVING")]
    assert not_serving[0]["address"] == f"127.0.0.1:{health_servers.ports['ledger']}"


async def test_readyz_is_503_naming_the_service_that_is_unreachable(
    health_servers: HealthServers, unreachable_addr: str
) -> None:
    settings = health_servers.settings(oms_addr=unreachable_addr)

    async with edge_client(create_app(settings)) as client:
        response = await client.get("/readyz")

    assert response.status_code == 503
    oms = next(s for s in response.json()["services"] if s["name"] == "oms")
    assert oms["status"] == "UNREACHABLE"
    assert oms["address"] == unreachable_addr
    assert oms["detail"].startswith(("UNAVAILABLE", "DEADLINE_EXCEEDED"))


async def test_readyz_follows_a_service_that_comes_back(health_servers: HealthServers) -> None:
    await health_servers.set("engine", NOT_SERVING)

    async with edge_client(create_app(health_servers.settings())) as client:
        before = await client.get("/readyz")
        await health_servers.set("engine", SERVING)
        after = await client.get("/readyz")

    assert (before.status_code, after.status_code) == (503, 200)
