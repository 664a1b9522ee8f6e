"""Tests of the ``tradingassistant`` command and its supervisor."""
