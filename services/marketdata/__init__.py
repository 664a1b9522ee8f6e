"""The marketdata service: price and FX ingestion and the data-quality gate."""
