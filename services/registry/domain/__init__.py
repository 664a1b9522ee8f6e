"""Pure domain logic of the registry service (no grpc, sqlalchemy, redis)."""
