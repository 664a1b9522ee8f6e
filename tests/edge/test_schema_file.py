"""edge/schema.graphql is exactly the schema the code defines."""

from __future__ import annotations

from edge.print_schema import SCHEMA_FILE, printed_schema


def test_printed_schema_matches_the_code() -> None:
    assert SCHEMA_FILE.is_file(), "run `make schema` to print edge/schema.graphql"
    assert SCHEMA_FILE.read_text(encoding="utf-8") == printed_schema(), (
        "edge/schema.graphql is stale: run `make schema` and commit the diff"
    )
