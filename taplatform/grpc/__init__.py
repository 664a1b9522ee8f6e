"""The gRPC runtime: server bootstrap, client channels, error mapping and caller identity."""
