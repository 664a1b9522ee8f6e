"""The ledger service: the append-only book of record with holding and cash snapshots."""
