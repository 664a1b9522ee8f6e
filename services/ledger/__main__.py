"""``python -m services.ledger``: the same as ``tradingassistant serve ledger``."""

from taplatform.runner import run_service

run_service("ledger")
