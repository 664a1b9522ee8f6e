"""The web app at ``/`` and the GraphiQL page at ``GET /graphql``, both from the built dist."""

from __future__ import annotations

from html.parser import HTMLParser
from pathlib import Path

import pytest

from edge.app import create_app
from edge.webapp import PACKAGED_DIST_DIR
from tests.edge.conftest import HealthServers, edge_client

BROWSER_HTML = {"accept": "text/html,application/xhtml+xml"}


class AssetReferences(HTMLParser):
    """Every URL a page loads on its own: script src and link href."""

    def __init__(self) -> None:
        super().__init__()
        self.urls: list[str] = []

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        wanted = {"script": "src", "link": "href"}.get(tag)
        for name, value in attrs:
            if name == wanted and value:
                self.urls.append(value)


def is_local(url: str) -> bool:
    """A path on this host ("//host/x" is another host) or inline data."""
    return (url.startswith("/") and not url.startswith("//")) or url.startswith("data:")


def asset_urls(html: str) -> list[str]:
    parser = AssetReferences()
    parser.feed(html)
    return parser.urls


@pytest.fixture
def built_dist() -> Path:
    """The dist next to the package; missing means the web app was not built, a failure."""
    assert (PACKAGED_DIST_DIR / "index.html").is_file(), (
        f"{PACKAGED_DIST_DIR} is not built: run `make web` "
        "(cd edge/web && npm ci && npm run build) before the edge tests"
    )
    return PACKAGED_DIST_DIR


async def test_graphiql_page_loads_only_local_assets_and_each_one_is_served(
    health_servers: HealthServers, built_dist: Path
) -> None:
    async with edge_client(create_app(health_servers.settings())) as client:
        page = await client.get("/graphql", headers=BROWSER_HTML)
        urls = asset_urls(page.text)
        assets = {url: await client.get(url) for url in urls if not url.startswith("data:")}

    assert page.status_code == 200
    assert page.headers["content-type"].startswith("text/html")
    assert "GraphiQL" in page.text
    other_hosts = [url for url in urls if not is_local(url)]
    assert other_hosts == [], "the page must load nothing from another host"
    assert {"/graphiql/graphiql.min.js", "/graphiql/react.production.min.js"} <= set(assets)
    assert {url: response.status_code for url, response in assets.items()} == dict.fromkeys(
        assets, 200
    )


async def test_root_serves_the_web_app_and_every_asset_it_loads(
    health_servers: HealthServers, built_dist: Path
) -> None:
    async with edge_client(create_app(health_servers.settings())) as client:
        response = await client.get("/")
        urls = asset_urls(response.text)
        assets = {url: (await client.get(url)).status_code for url in urls if url.startswith("/")}

    assert response.status_code == 200
    assert response.text == (built_dist / "index.html").read_text(encoding="utf-8")
    scripts = [url for url in assets if url.startswith("/assets/") and url.endswith(".js")]
    assert len(scripts) == 1, f"one bundled module script expected, got {list(assets)}"
    assert set(assets.values()) == {200}


async def test_client_routes_fall_back_to_the_app_and_missing_files_stay_404(
    health_servers: HealthServers, built_dist: Path
) -> None:
    async with edge_client(create_app(health_servers.settings())) as client:
        deep = await client.get("/portfolios/some-id/audit")
        missing_asset = await client.get("/assets/missing.js")
        graphiql_dir = await client.get("/graphiql/")

    index = (built_dist / "index.html").read_text(encoding="utf-8")
    assert (deep.status_code, deep.text) == (200, index)
    assert missing_asset.status_code == 404
    assert graphiql_dir.status_code == 200 and "GraphiQL" in graphiql_dir.text


async def test_without_a_built_web_app_root_and_graphiql_answer_503_saying_run_make_web(
    health_servers: HealthServers, tmp_path: Path
) -> None:
    missing = tmp_path / "dist"
    app = create_app(health_servers.settings(web_dist_dir=str(missing)))

    async with edge_client(app) as client:
        root = await client.get("/")
        graphiql = await client.get("/graphql", headers=BROWSER_HTML)
        healthz = await client.get("/healthz")

    assert (root.status_code, graphiql.status_code) == (503, 503)
    assert "make web" in root.text and str(missing) in root.text
    assert "make web" in graphiql.text
    assert healthz.status_code == 200


async def test_a_web_app_built_after_start_is_served_without_a_restart(
    health_servers: HealthServers, tmp_path: Path
) -> None:
    dist = tmp_path / "dist"
    app = create_app(health_servers.settings(web_dist_dir=str(dist)))

    async with edge_client(app) as client:
        before = await client.get("/")
        dist.mkdir()
        (dist / "index.html").write_text("<!doctype html><title>built</title>", encoding="utf-8")
        after = await client.get("/")

    assert (before.status_code, after.status_code) == (503, 200)
    assert "built" in after.text
