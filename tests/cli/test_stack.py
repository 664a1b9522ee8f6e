"""What ``up`` hands each child: its own port, the resolved servers, readable logs."""

from __future__ import annotations

from taplatform.catalog import SERVICES
from taplatform.cli.stack import StackSettings, child_environment, stack_processes
from taplatform.cli.status import edge_base_url

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
