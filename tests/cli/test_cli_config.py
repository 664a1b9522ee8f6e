"""Every subcommand turns bad configuration into one line naming the key, and exit 2."""

from __future__ import annotations

import subprocess
import sys

import pytest

from tests.cli.conftest import CLI, clean_env

GOOD = {
    "TA_DATABASE_URL": "postgresql://postgres@127.0.0.1:5432/test",
    "TA_REDIS_URL": "redis://127.0.0.1:6379/0",
}


@pytest.mark.parametrize(
    ("args", "key", "value"),
    [
        (["serve", "ledger"], "TA_DATABASE_URL", "not-a-url"),
        (["serve", "registry"], "TA_REDIS_URL", "http://example.com"),
        (["serve", "edge"], "TA_HTTP_PORT", "eighty"),
        (["migrate"], "TA_DATABASE_URL", "not-a-url"),
        (["worker"], "TA_DATABASE_URL", "not-a-url"),
        (["status"], "TA_LEDGER_ADDR", "ledger-without-port"),
        (["up"], "TA_DATABASE_URL", "not-a-url"),
        (["up"], "TA_OMS_ADDR", "127.0.0.1:99999"),
    ],
)
def test_a_bad_setting_exits_2_with_one_stderr_line_naming_the_key(args, key, value):
    env = clean_env(**{**GOOD, key: value})

    result = subprocess.run([*CLI, *args], env=env, capture_output=True, text=True, timeout=60)

    assert result.returncode == 2, result.stderr
    assert result.stderr.splitlines() == [result.stderr.strip()], result.stderr
    assert result.stderr.startswith(f"configuration error: {key}: ")


def test_a_missing_setting_is_named_as_missing():
    result = subprocess.run(
        [*CLI, "migrate"], env=clean_env(), capture_output=True, text=True, timeout=60
    )

    assert result.returncode == 2
    assert result.stderr.strip() == "configuration error: TA_DATABASE_URL: missing"


def test_help_lists_every_command():
    result = subprocess.run(
        [*CLI, "--help"], env=clean_env(), capture_output=True, text=True, timeout=60
    )

    assert result.returncode == 0
    for command in ("serve", "migrate", "worker", "probe", "status", "up"):
        assert command in result.stdout


def test_the_parser_imports_no_grpc_database_or_service_code():
    code = (
        "import sys; from taplatform.cli.main import build_parser; build_parser(); "
        "heavy = {'grpc', 'sqlalchemy', 'httpx', 'taplatform.runner', 'edge'}; "
        "print(sorted(heavy & set(sys.modules)))"
    )
    result = subprocess.run(
        [sys.executable, "-c", code], env=clean_env(), capture_output=True, text=True, timeout=60
    )

    assert result.stdout.strip() == "[]", result.stderr
