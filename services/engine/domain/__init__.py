"""Pure domain logic of the engine service (no grpc, sqlalchemy, redis)."""
