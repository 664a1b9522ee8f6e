"""Query depth, alias and token limits; introspection only with TA_ENV=dev."""

from __future__ import annotations

from edge.app import create_app
from edge.guards import MAX_ALIASES, MAX_QUERY_DEPTH, MAX_TOKENS
from tests.edge.conftest import HealthServers, LiveRegistry, graphql_client

INTROSPECTION = "{ __schema { queryType { name } } }"


async def test_a_query_deeper_than_the_limit_is_refused_before_any_call(
    health_servers: HealthServers, registry: LiveRegistry
) -> None:
    # The schema has no cycles yet, so nothing this deep is valid; the limit must still
    # name depth (it runs with validation), and later cycles (portfolio → runs) rely on it.
    deep = "{ portfolios { " + "a { " * MAX_QUERY_DEPTH + "b" + " }" * MAX_QUERY_DEPTH + " } }"
    app = create_app(health_servers.settings(registry_addr=registry.addr))
    async with graphql_client(app) as client:
        response = await client.post(deep, csrf=False)

    errors = response.json()["errors"]
    assert any("exceeds maximum operation depth" in e["message"] for e in errors), errors
    assert f"{MAX_QUERY_DEPTH}" in errors[0]["message"]
    assert sum(registry.calls.values()) == 0


async def test_too_many_aliases_are_refused(
    health_servers: HealthServers, registry: LiveRegistry
) -> None:
    aliases = " ".join(f"a{i}: setupState {{ needsFirstAdmin }}" for i in range(MAX_ALIASES + 1))
    app = create_app(health_servers.settings(registry_addr=registry.addr))
    async with graphql_client(app) as client:
        response = await client.post("{ " + aliases + " }", csrf=False)

    errors = response.json()["errors"]
    assert "aliases found" in errors[0]["message"], errors
    assert sum(registry.calls.values()) == 0


async def test_a_query_with_too_many_tokens_is_refused(
    health_servers: HealthServers, registry: LiveRegistry
) -> None:
    padding = " ".join("__typename" for _ in range(MAX_TOKENS))
    app = create_app(health_servers.settings(registry_addr=registry.addr))
    async with graphql_client(app) as client:
        response = await client.post("{ " + padding + " }", csrf=False)

    errors = response.json()["errors"]
    assert "token" in errors[0]["message"].lower(), errors


async def test_introspection_is_off_by_default_and_on_in_dev(
    health_servers: HealthServers, registry: LiveRegistry
) -> None:
    prod = create_app(health_servers.settings(registry_addr=registry.addr))
    dev = create_app(health_servers.settings(registry_addr=registry.addr, env="dev"))
    async with graphql_client(prod) as client:
        refused = (await client.post(INTROSPECTION, csrf=False)).json()
    async with graphql_client(dev) as client:
        allowed = (await client.post(INTROSPECTION, csrf=False)).json()

    assert refused.get("data") is None
    assert "introspection" in refused["errors"][0]["message"].lower()
    assert allowed == {"data": {"__schema": {"queryType": {"name": "Query"}}}}
