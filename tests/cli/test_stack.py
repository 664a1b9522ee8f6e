"""What ``up`` hands each child: its own port, the resolved servers, readable logs."""

from __future__ import annotations

from pathlib import Path

from taplatform.catalog import SERVICES
from taplatform.cli.demo_data import DEMO_PRICES_DIR, LISTINGS
from taplatform.cli.stack import (
    StackSettings,
    child_environment,
    stack_processes,
    with_service_token,
)
from taplatform.cli.startup import demo_marketdata_env
from taplatform.cli.status import edge_base_url
from tests.support import ROOT

DB = "postgresql://postgres@127.0.0.1:5432/ta"
REDIS = "redis://127.0.0.1:6379/3"


def test_each_service_listens_on_the_port_of_its_address_and_the_edge_on_the_http_port():
    settings = StackSettings(ledger_addr="127.0.0.1:6053", oms_addr="10.0.0.9:6055", http_port=9000)

    specs = {s.name: s for s in stack_processes(settings, child_environment(settings, DB, REDIS))}

    assert list(specs) == [*(s.name for s in SERVICES), "edge", "worker"]
    assert specs["ledger"].env is not None and specs["ledger"].env["TA_GRPC_PORT"] == "6053"
    assert specs["oms"].env is not None and specs["oms"].env["TA_GRPC_PORT"] == "6055"
    assert specs["registry"].env is not None and specs["registry"].env["TA_GRPC_PORT"] == "50051"
    assert specs["edge"].env is not None and specs["edge"].env["TA_HTTP_PORT"] == "9000"
    assert specs["ledger"].argv[-2:] == ["serve", "ledger"]
    assert specs["worker"].argv[-1] == "worker"


def test_every_child_gets_the_resolved_database_and_redis_urls():
    settings = StackSettings()

    for spec in stack_processes(settings, child_environment(settings, DB, REDIS)):
        assert spec.env is not None
        assert (spec.env["TA_DATABASE_URL"], spec.env["TA_REDIS_URL"]) == (DB, REDIS)


def test_logs_are_for_reading_unless_a_format_was_chosen():
    assert child_environment(StackSettings(), DB, REDIS)["TA_LOG_FORMAT"] == "console"
    chosen = StackSettings(log_format="json")
    assert child_environment(chosen, DB, REDIS)["TA_LOG_FORMAT"] == "json"


def test_local_stack_serves_reflection_without_a_token_unless_told_otherwise(monkeypatch):
    monkeypatch.delenv("TA_GRPC_REFLECTION_PUBLIC", raising=False)
    assert child_environment(StackSettings(), DB, REDIS)["TA_GRPC_REFLECTION_PUBLIC"] == "true"
    monkeypatch.setenv("TA_GRPC_REFLECTION_PUBLIC", "false")
    assert child_environment(StackSettings(), DB, REDIS)["TA_GRPC_REFLECTION_PUBLIC"] == "false"


def test_the_edge_url_uses_loopback_for_a_wildcard_bind_address():
    assert edge_base_url(StackSettings(http_host="0.0.0.0", http_port=8000)) == (
        "http://127.0.0.1:8000/"
    )
    assert edge_base_url(StackSettings(http_host="192.168.1.5", http_port=81)) == (
        "http://192.168.1.5:81/"
    )


def test_up_creates_the_first_admin_itself_so_the_registry_gets_no_bootstrap_admin(monkeypatch):
    monkeypatch.setenv("TA_BOOTSTRAP_ADMIN_EMAIL", "me@example.com")
    monkeypatch.setenv("TA_BOOTSTRAP_ADMIN_PASSWORD", "a long enough password")
    settings = StackSettings()

    specs = {s.name: s for s in stack_processes(settings, child_environment(settings, DB, REDIS))}

    assert specs["registry"].env is not None and specs["worker"].env is not None
    assert "TA_BOOTSTRAP_ADMIN_EMAIL" not in specs["registry"].env
    assert "TA_BOOTSTRAP_ADMIN_PASSWORD" not in specs["registry"].env
    # The seed, which runs in `up` itself, reads them from the same environment.
    assert specs["worker"].env["TA_BOOTSTRAP_ADMIN_EMAIL"] == "me@example.com"


def test_the_demo_points_marketdata_at_the_sample_prices_unless_a_provider_was_chosen():
    prices = Path("/repo/demo/prices")

    demo = demo_marketdata_env({"TA_X": "1"}, prices)
    chosen = demo_marketdata_env({"TA_MARKETDATA_PRICE_PROVIDER": "stooq"}, prices)
    own_dir = demo_marketdata_env({"TA_MARKETDATA_CSV_DIR": "/mine"}, prices)

    assert demo["TA_MARKETDATA_PRICE_PROVIDER"] == "csv"
    assert demo["TA_MARKETDATA_CSV_DIR"] == "/repo/demo/prices" and demo["TA_X"] == "1"
    assert chosen["TA_MARKETDATA_PRICE_PROVIDER"] == "stooq"
    assert (own_dir["TA_MARKETDATA_PRICE_PROVIDER"], own_dir["TA_MARKETDATA_CSV_DIR"]) == (
        "csv",
        "/mine",
    )


def test_the_worker_and_the_oms_act_with_the_service_token_unless_one_was_given():
    settings = StackSettings()
    env = child_environment(settings, DB, REDIS)
    env.pop("TA_WORKER_API_TOKEN", None)
    env.pop("TA_OMS_SERVICE_TOKEN", None)
    specs = {s.name: s for s in with_service_token(stack_processes(settings, env), "tat_svc")}
    assert specs["worker"].env["TA_WORKER_API_TOKEN"] == "tat_svc"
    assert specs["oms"].env["TA_OMS_SERVICE_TOKEN"] == "tat_svc"
    # Nobody else holds it.
    for name, spec in specs.items():
        if name not in ("worker", "oms"):
            assert "tat_svc" not in spec.env.values(), name
    mine = {**env, "TA_WORKER_API_TOKEN": "tat_mine"}
    given = {s.name: s for s in with_service_token(stack_processes(settings, mine), "tat_svc")}
    assert given["worker"].env["TA_WORKER_API_TOKEN"] == "tat_mine"
    unset = {s.name: s for s in with_service_token(stack_processes(settings, env), None)}
    assert "TA_OMS_SERVICE_TOKEN" not in unset["oms"].env


def test_the_demo_prices_folder_is_the_repositorys_demo_prices():
    assert DEMO_PRICES_DIR == ROOT / "demo" / "prices"
    assert {p.stem for p in DEMO_PRICES_DIR.glob("*.csv")} == {x.ticker for x in LISTINGS}
