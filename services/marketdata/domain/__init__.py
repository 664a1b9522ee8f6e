"""Pure domain logic of the marketdata service (no grpc, sqlalchemy, redis)."""
