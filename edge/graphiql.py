"""The GraphiQL page for ``GET /graphql``, built into the dist with local React and GraphiQL.

Strawberry's own page loads its scripts from a CDN, which an offline
install cannot reach; ``npm run build`` copies the bundles next to this page.
"""

from __future__ import annotations

from starlette.responses import HTMLResponse, Response

from edge.webapp import WebDist

GRAPHIQL_PAGE = "graphiql/index.html"


def graphiql_page(dist: WebDist) -> Response:
    """The built page, read per request so a rebuild shows without a restart; 503 if missing."""
    if not dist.has(GRAPHIQL_PAGE):
        return dist.not_built_response()
    return HTMLResponse(dist.path(GRAPHIQL_PAGE).read_text(encoding="utf-8"))
