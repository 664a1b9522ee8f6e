"""``domain/`` packages stay pure: no transport, storage or framework imports."""

from __future__ import annotations

import ast
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]
FORBIDDEN = {"grpc", "sqlalchemy", "redis", "strawberry", "arq", "asyncpg", "starlette", "httpx"}


def _imports(path: Path) -> set[str]:
    tree = ast.parse(path.read_text(), filename=str(path))
    found: set[str] = set()
    for node in ast.walk(tree):
        if isinstance(node, ast.Import):
            found |= {alias.name.split(".")[0] for alias in node.names}
        elif isinstance(node, ast.ImportFrom) and node.module and node.level == 0:
            found.add(node.module.split(".")[0])
    return found


def test_domain_code_imports_no_infrastructure() -> None:
    domain_files = sorted(ROOT.glob("services/*/domain/**/*.py"))
    assert len(domain_files) >= 5, "every service has a domain package"
    offenders = {
        str(path.relative_to(ROOT)): sorted(_imports(path) & FORBIDDEN)
        for path in domain_files
        if _imports(path) & FORBIDDEN
    }
    assert not offenders, offenders


def test_the_checker_sees_a_forbidden_import(tmp_path: Path) -> None:
    sample = tmp_path / "model.py"
    sample.write_text("from sqlalchemy import Table\nimport grpc.aio\n")
    assert _imports(sample) & FORBIDDEN == {"sqlalchemy", "grpc"}
