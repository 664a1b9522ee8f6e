"""Bad configuration stops a process at start with one line naming the key."""

from __future__ import annotations

import os
import subprocess
import sys

import pytest

from taplatform.config import ConfigError, ServiceSettings, WorkerSettings, load_settings

GOOD = {
    "TA_DATABASE_URL": "postgresql://postgres@127.0.0.1:5432/test",
    "TA_REDIS_URL": "redis://127.0.0.1:6379/0",
}


@pytest.fixture
def clean_env(monkeypatch: pytest.MonkeyPatch) -> pytest.MonkeyPatch:
    for key in list(os.environ):
        if key.startswith("TA_"):
            monkeypatch.delenv(key)
    return monkeypatch


def test_missing_database_url_names_the_key(
    clean_env: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    clean_env.setenv("TA_REDIS_URL", GOOD["TA_REDIS_URL"])
    with pytest.raises(ConfigError) as raised:
        load_settings(ServiceSettings)
    assert raised.value.code == 2
    err = capsys.readouterr().err.strip().splitlines()
    assert err == ["configuration error: TA_DATABASE_URL: missing"]


@pytest.mark.parametrize(
    ("key", "value", "says"),
    [
        ("TA_DATABASE_URL", "mysql://x@h/db", "postgresql://"),
        ("TA_DATABASE_URL", "postgresql://127.0.0.1:5432", "database"),
        ("TA_REDIS_URL", "http://127.0.0.1", "redis://"),
        ("TA_GRPC_PORT", "70000", "65535"),
        ("TA_GRPC_PORT", "fifty", "integer"),
        ("TA_LEDGER_ADDR", "nohostport", "host:port"),
        ("TA_LOG_LEVEL", "LOUD", "INFO"),
    ],
)
def test_malformed_value_names_the_key(
    clean_env: pytest.MonkeyPatch, key: str, value: str, says: str
) -> None:
    for name, good in GOOD.items():
        clean_env.setenv(name, good)
    clean_env.setenv(key, value)
    with pytest.raises(ConfigError) as raised:
        load_settings(ServiceSettings)
    assert raised.value.line.startswith(f"configuration error: {key}: ")
    assert says in raised.value.line


def test_relay_interval_must_divide_a_minute(clean_env: pytest.MonkeyPatch) -> None:
    for name, good in GOOD.items():
        clean_env.setenv(name, good)
    clean_env.setenv("TA_OUTBOX_RELAY_INTERVAL_S", "7")
    with pytest.raises(ConfigError, match=r"TA_OUTBOX_RELAY_INTERVAL_S: .*divide 60"):
        load_settings(WorkerSettings)


def test_good_environment_loads_with_service_defaults(clean_env: pytest.MonkeyPatch) -> None:
    for name, good in GOOD.items():
        clean_env.setenv(name, good)
    settings = load_settings(ServiceSettings)
    assert settings.grpc_port is None
    assert settings.addr("oms") == "127.0.0.1:50055"


@pytest.mark.parametrize("command", [["serve", "ledger"], ["worker"], ["migrate"]])
def test_process_with_bad_config_exits_2_with_one_line(command: list[str]) -> None:
    env = {k: v for k, v in os.environ.items() if not k.startswith("TA_")}
    env.update(GOOD, TA_DATABASE_URL="not-a-url")
    result = subprocess.run(
        [sys.executable, "-m", "taplatform.cli.main", *command],
        env=env,
        capture_output=True,
        text=True,
        timeout=60,
    )
    assert result.returncode == 2
    lines = result.stderr.strip().splitlines()
    assert len(lines) == 1, result.stderr
    assert lines[0].startswith("configuration error: TA_DATABASE_URL: ")
