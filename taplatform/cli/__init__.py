"""The ``tradingassistant`` command: serve, migrate, worker, probe, status and up."""
