"""``python -m services.marketdata``: the same as ``tradingassistant serve marketdata``."""

from taplatform.runner import run_service

run_service("marketdata")
