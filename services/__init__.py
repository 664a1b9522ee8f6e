"""The five gRPC services, one package each."""
