"""``python -m edge``: the same as ``tradingassistant serve edge``."""

from edge.server import run

run()
