"""Broker adapters behind one interface: paper, manual and a live HTTP broker."""
