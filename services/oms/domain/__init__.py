"""Pure domain logic of the oms service (no grpc, sqlalchemy, redis)."""
