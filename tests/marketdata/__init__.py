"""Tests of the marketdata service."""
