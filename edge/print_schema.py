"""``python -m edge.print_schema``: write the GraphQL schema to ``edge/schema.graphql``.

The printed file is the reviewable API contract of the web app; a test fails
when it differs from what the code defines, so every API change shows in a diff.
"""

from __future__ import annotations

import sys
from pathlib import Path

from strawberry.printer import print_schema

from edge.schema import schema

SCHEMA_FILE = Path(__file__).resolve().parent / "schema.graphql"


def printed_schema() -> str:
    return print_schema(schema) + "\n"


def main() -> int:
    SCHEMA_FILE.write_text(printed_schema(), encoding="utf-8")
    print(f"wrote {SCHEMA_FILE}", file=sys.stderr)
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
