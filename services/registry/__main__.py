"""``python -m services.registry``: the same as ``tradingassistant serve registry``."""

from taplatform.runner import run_service

run_service("registry")
