"""A GraphQL client for edge tests that behaves like the web app: cookies and the CSRF header."""

from __future__ import annotations

from typing import Any

import httpx

from edge.auth import CSRF_COOKIE, CSRF_HEADER


class GraphQLClient:
    """POSTs operations to ``/graphql``; sends ``X-TA-CSRF`` from the cookie as the web app does."""

    def __init__(self, http: httpx.AsyncClient) -> None:
        self.http = http

    async def post(
        self,
        query: str,
        variables: dict[str, Any] | None = None,
        *,
        csrf: bool = True,
        headers: dict[str, str] | None = None,
    ) -> httpx.Response:
        sent = dict(headers or {})
        if csrf:
            if self.http.cookies.get(CSRF_COOKIE) is None:
                # Any request gets the cookie issued, as the web app's first query does.
                await self.http.post("/graphql", json={"query": "{ __typename }"})
            sent[CSRF_HEADER] = self.http.cookies[CSRF_COOKIE]
        body: dict[str, Any] = {"query": query, "variables": variables or {}}
        return await self.http.post("/graphql", json=body, headers=sent)

    async def data(self, query: str, variables: dict[str, Any] | None = None, **kw: Any) -> Any:
        """The ``data`` of a successful response; fails the test on any GraphQL error."""
        response = await self.post(query, variables, **kw)
        body = response.json()
        assert response.status_code == 200 and not body.get("errors"), body
        return body["data"]

    async def sign_in(self, email: str, password: str) -> Any:
        query = """mutation($email: String!, $password: String!) {
          signIn(email: $email, password: $password) {
            __typename ... on SignedIn { user { id email } } ... on Error { message }
          }
        }"""
        result = (await self.data(query, {"email": email, "password": password}))["signIn"]
        assert result["__typename"] == "SignedIn", result
        return result["user"]

    async def first_admin(self, email: str, password: str) -> Any:
        """Create the first admin and sign in as them."""
        query = """mutation($email: String!, $password: String!) {
          createFirstAdmin(email: $email, password: $password) {
            __typename ... on Error { message }
          }
        }"""
        made = (await self.data(query, {"email": email, "password": password}))["createFirstAdmin"]
        assert made["__typename"] == "User", made
        return await self.sign_in(email, password)

    async def create_user(self, email: str, password: str) -> None:
        """As an admin: add a user with the user role."""
        query = """mutation($email: String!, $password: String!) {
          createUser(email: $email, password: $password) { __typename ... on Error { message } }
        }"""
        made = (await self.data(query, {"email": email, "password": password}))["createUser"]
        assert made["__typename"] == "User", made
