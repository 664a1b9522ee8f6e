"""Pure domain logic of the ledger service (no grpc, sqlalchemy, redis)."""
