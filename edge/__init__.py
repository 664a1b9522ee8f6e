"""The HTTP edge: Strawberry GraphQL, the web app, health probes and metrics."""
