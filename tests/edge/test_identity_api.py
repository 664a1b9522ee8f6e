"""Sign-in, first admin, sign-out, the session cookie and API tokens, edge to registry."""

from __future__ import annotations

from edge.app import create_app
from tests.edge.conftest import HealthServers, LiveRegistry, graphql_client

ADMIN = ("admin@example.test", "correct horse battery staple")
SETUP = "{ setupState { needsFirstAdmin } }"
ME = "{ me { email role } }"
CREATE_FIRST_ADMIN = """mutation($email: String!, $password: String!) {
  createFirstAdmin(email: $email, password: $password) {
    __typename ... on User { email role } ... on Error { message }
    ... on ValidationError { fieldErrors { field message } }
  }
}"""
SIGN_IN = """mutation($e: String!, $p: String!) {
  signIn(email: $e, password: $p) { __typename ... on Error { message } }
}"""


def session_cookie(response_headers: list[str]) -> set[str]:
    cookie = next(c for c in response_headers if c.startswith("ta_session="))
    return {part.strip().lower() for part in cookie.split(";")}


async def test_first_admin_is_created_once_then_setup_is_done(
    health_servers: HealthServers, registry: LiveRegistry
) -> None:
    app = create_app(health_servers.settings(registry_addr=registry.addr))
    async with graphql_client(app) as client:
        before = await client.data(SETUP)
        created = await client.data(CREATE_FIRST_ADMIN, {"email": ADMIN[0], "password": ADMIN[1]})
        again = await client.data(
            CREATE_FIRST_ADMIN, {"email": "b@example.test", "password": ADMIN[1]}
        )
        after = await client.data(SETUP)

    assert before["setupState"] == {"needsFirstAdmin": True}
    assert created["createFirstAdmin"] == {"__typename": "User", "email": ADMIN[0], "role": "ADMIN"}
    assert again["createFirstAdmin"]["__typename"] == "FailedPrecondition"
    assert after["setupState"] == {"needsFirstAdmin": False}


async def test_a_short_password_comes_back_as_a_validation_error_naming_the_field(
    health_servers: HealthServers, registry: LiveRegistry
) -> None:
    app = create_app(health_servers.settings(registry_addr=registry.addr))
    async with graphql_client(app) as client:
        result = await client.data(CREATE_FIRST_ADMIN, {"email": ADMIN[0], "password": "short"})
        setup = await client.data(SETUP)

    assert result["createFirstAdmin"]["__typename"] == "ValidationError"
    assert [e["field"] for e in result["createFirstAdmin"]["fieldErrors"]] == ["password"]
    assert setup["setupState"] == {"needsFirstAdmin": True}


async def test_sign_in_sets_an_http_only_strict_session_cookie_and_sign_out_ends_it(
    health_servers: HealthServers, registry: LiveRegistry
) -> None:
    app = create_app(health_servers.settings(registry_addr=registry.addr))
    async with graphql_client(app) as client:
        await client.data(CREATE_FIRST_ADMIN, {"email": ADMIN[0], "password": ADMIN[1]})
        anonymous = await client.data(ME)
        response = await client.post(SIGN_IN, {"e": ADMIN[0], "p": ADMIN[1]})
        session = client.http.cookies["ta_session"]
        signed_in = await client.data(ME)
        await client.data("mutation { signOut { __typename } }")
        signed_out = await client.data(ME)
        cookie_after = client.http.cookies.get("ta_session")
    async with graphql_client(app) as replay:
        # The old session, presented again (say, stolen): the registry revoked it.
        replayed = await replay.data(ME, headers={"authorization": f"Bearer {session}"})

    attributes = session_cookie(response.headers.get_list("set-cookie"))
    assert {"httponly", "samesite=strict", "path=/"} <= attributes
    assert "secure" not in attributes, "localhost is plain HTTP: a Secure cookie would be lost"
    assert anonymous == {"me": None}
    assert signed_in == {"me": {"email": ADMIN[0], "role": "ADMIN"}}
    assert signed_out == {"me": None}
    assert cookie_after is None
    assert replayed == {"me": None}


async def test_the_session_cookie_is_secure_on_any_host_but_localhost(
    health_servers: HealthServers, registry: LiveRegistry
) -> None:
    app = create_app(health_servers.settings(registry_addr=registry.addr))
    async with graphql_client(app, base_url="https://ta.example.test") as client:
        await client.data(CREATE_FIRST_ADMIN, {"email": ADMIN[0], "password": ADMIN[1]})
        response = await client.post(SIGN_IN, {"e": ADMIN[0], "p": ADMIN[1]})

    assert "secure" in session_cookie(response.headers.get_list("set-cookie"))


async def test_a_wrong_password_is_a_typed_unauthenticated_result_and_sets_no_cookie(
    health_servers: HealthServers, registry: LiveRegistry
) -> None:
    app = create_app(health_servers.settings(registry_addr=registry.addr))
    async with graphql_client(app) as client:
        await client.data(CREATE_FIRST_ADMIN, {"email": ADMIN[0], "password": ADMIN[1]})
        result = await client.data(SIGN_IN, {"e": ADMIN[0], "p": "not the password"})
        cookie = client.http.cookies.get("ta_session")

    assert result["signIn"]["__typename"] == "Unauthenticated"
    assert cookie is None


async def test_an_api_token_secret_is_shown_once_and_works_as_a_bearer_without_csrf(
    health_servers: HealthServers, registry: LiveRegistry
) -> None:
    app = create_app(health_servers.settings(registry_addr=registry.addr))
    async with graphql_client(app) as client:
        await client.first_admin(*ADMIN)
        created = await client.data(
            'mutation { createApiToken(name: "cli") { __typename '
            "... on ApiTokenCreated { secret apiToken { id name } } } }"
        )
        listed = await client.data("{ apiTokens { ... on ApiTokenList { items { name } } } }")
    secret = created["createApiToken"]["secret"]

    async with graphql_client(app) as bearer_client:
        bearer = {"authorization": f"Bearer {secret}"}
        me = await bearer_client.data(ME, headers=bearer, csrf=False)
        made = await bearer_client.data(
            'mutation { createPortfolio(input: {name: "Via token"}) { __typename } }',
            headers=bearer,
            csrf=False,
        )

    assert created["createApiToken"]["apiToken"]["name"] == "cli"
    assert secret not in str(listed), "a listed token never shows its secret"
    assert me == {"me": {"email": ADMIN[0], "role": "ADMIN"}}
    assert made == {"createPortfolio": {"__typename": "Portfolio"}}
