"""``python -m services.engine``: the same as ``tradingassistant serve engine``."""

from taplatform.runner import run_service

run_service("engine")
