"""``python -m services.oms``: the same as ``tradingassistant serve oms``."""

from taplatform.runner import run_service

run_service("oms")
