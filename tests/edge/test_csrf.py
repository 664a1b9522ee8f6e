"""CSRF: cookie mutations need X-TA-CSRF equal to the ta_csrf cookie; GET executes nothing."""

from __future__ import annotations

from edge.app import create_app
from tests.edge.conftest import HealthServers, LiveRegistry, graphql_client

ADMIN = ("admin@example.test", "correct horse battery staple")
CREATE = 'mutation { createPortfolio(input: {name: "Forged"}) { __typename } }'
NAMES = "{ portfolios { ... on PortfolioPage { items { name } } } }"


async def test_a_cookie_mutation_without_the_csrf_header_is_refused_with_403_and_changes_nothing(
    health_servers: HealthServers, registry: LiveRegistry
) -> None:
    app = create_app(health_servers.settings(registry_addr=registry.addr))
    async with graphql_client(app) as client:
        await client.first_admin(*ADMIN)
        missing = await client.post(CREATE, csrf=False)
        wrong = await client.post(CREATE, csrf=False, headers={"x-ta-csrf": "guessed"})
        stored_before = await client.data(NAMES)
        allowed = await client.post(CREATE)
        stored_after = await client.data(NAMES)

    for refused in (missing, wrong):
        assert refused.status_code == 403
        assert refused.json()["data"] is None
        assert refused.json()["errors"][0]["extensions"]["code"] == "CSRF"
    assert stored_before == {"portfolios": {"items": []}}
    assert allowed.json()["data"] == {"createPortfolio": {"__typename": "Portfolio"}}
    assert stored_after == {"portfolios": {"items": [{"name": "Forged"}]}}


async def test_sign_in_itself_needs_the_csrf_header_against_login_csrf(
    health_servers: HealthServers, registry: LiveRegistry
) -> None:
    app = create_app(health_servers.settings(registry_addr=registry.addr))
    async with graphql_client(app) as client:
        await client.first_admin(*ADMIN)
        await client.data("mutation { signOut { __typename } }")
        response = await client.post(
            f'mutation {{ signIn(email: "{ADMIN[0]}", password: "{ADMIN[1]}") {{ __typename }} }}',
            csrf=False,
        )

    assert response.status_code == 403
    assert registry.calls["SignIn"] == 1, "only the first sign-in reached the registry"


async def test_queries_need_no_csrf_header_and_the_first_response_issues_the_cookie(
    health_servers: HealthServers, registry: LiveRegistry
) -> None:
    app = create_app(health_servers.settings(registry_addr=registry.addr))
    async with graphql_client(app) as client:
        response = await client.post("{ setupState { needsFirstAdmin } }", csrf=False)
        second = await client.post("{ setupState { needsFirstAdmin } }", csrf=False)

    assert response.status_code == 200
    issued = [c for c in response.headers.get_list("set-cookie") if c.startswith("ta_csrf=")]
    assert len(issued) == 1 and "samesite=strict" in issued[0].lower()
    assert "httponly" not in issued[0].lower(), "the page must be able to read it"
    assert not [c for c in second.headers.get_list("set-cookie") if c.startswith("ta_csrf=")]


async def test_get_requests_never_execute_operations(
    health_servers: HealthServers, registry: LiveRegistry
) -> None:
    app = create_app(health_servers.settings(registry_addr=registry.addr))
    async with graphql_client(app) as client:
        query = await client.http.get(
            "/graphql", params={"query": "{ setupState { needsFirstAdmin } }"}
        )
        mutation = await client.http.get("/graphql", params={"query": CREATE})

    assert query.status_code == 400
    assert mutation.status_code == 400
    assert sum(registry.calls.values()) == 0
