"""The engine service: deterministic, explainable rebalancing recommendations."""
