"""Use cases of the registry: validated input in, one transaction, domain objects out."""
