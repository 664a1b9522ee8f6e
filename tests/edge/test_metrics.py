"""/metrics: request counts and latency by route template, readiness per service."""

from __future__ import annotations

from prometheus_client.parser import text_string_to_metric_families

from edge.app import create_app
from tests.edge.conftest import NOT_SERVING, HealthServers, edge_client


def samples(exposition: str) -> dict[tuple[str, frozenset[tuple[str, str]]], float]:
    return {
        (sample.name, frozenset(sample.labels.items())): sample.value
        for family in text_string_to_metric_families(exposition)
        for sample in family.samples
    }


async def test_metrics_count_requests_by_route_template_and_status(
    health_servers: HealthServers,
) -> None:
    async with edge_client(create_app(health_servers.settings())) as client:
        await client.get("/healthz")
        await client.get("/healthz")
        await client.post("/graphql", json={"query": "{ systemStatus { name } }"})
        response = await client.get("/metrics")

    assert response.status_code == 200
    assert response.headers["content-type"].startswith("text/plain")
    found = samples(response.text)
    healthz = frozenset({("method", "GET"), ("route", "/healthz"), ("status", "200")})
    graphql = frozenset({("method", "POST"), ("route", "/graphql"), ("status", "200")})
    assert found[("ta_edge_http_requests_total", healthz)] == 2
    assert found[("ta_edge_http_requests_total", graphql)] == 1
    assert found[("ta_edge_http_request_duration_seconds_count", graphql)] == 1


async def test_metrics_label_web_app_paths_by_their_mount_not_the_raw_path(
    health_servers: HealthServers,
) -> None:
    async with edge_client(create_app(health_servers.settings())) as client:
        await client.get("/no/such/page-1")
        await client.get("/no/such/page-2")
        response = await client.get("/metrics")

    routes = {
        dict(labels)["route"]
        for (name, labels) in samples(response.text)
        if name == "ta_edge_http_requests_total"
    }
    assert routes == {"/{path}"}


async def test_metrics_show_readiness_per_service_after_a_check(
    health_servers: HealthServers,
) -> None:
    await health_servers.set("engine", NOT_SERVING)

    async with edge_client(create_app(health_servers.settings())) as client:
        await client.get("/readyz")
        response = await client.get("/metrics")

    ready = {
        dict(labels)["service"]: value
        for (name, labels), value in samples(response.text).items()
        if name == "ta_edge_service_ready"
    }
    assert ready == {"registry": 1, "marketdata": 1, "ledger": 1, "engine": 0, "oms": 1}


async def test_each_app_counts_only_its_own_requests(health_servers: HealthServers) -> None:
    settings = health_servers.settings()
    async with edge_client(create_app(settings)) as first:
        await first.get("/healthz")
    async with edge_client(create_app(settings)) as second:
        response = await second.get("/metrics")

    healthz = frozenset({("method", "GET"), ("route", "/healthz"), ("status", "200")})
    assert ("ta_edge_http_requests_total", healthz) not in samples(response.text)
