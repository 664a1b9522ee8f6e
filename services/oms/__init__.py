"""The oms service: orders, broker adapters and guardrails."""
