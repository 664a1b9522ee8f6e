"""The protos follow buf STANDARD naming and the committed generated code is current."""

from __future__ import annotations

import filecmp
import subprocess
import sys
from pathlib import Path

import pytest
from google.protobuf import descriptor_pool

from taplatform.catalog import SERVICES

ROOT = Path(__file__).resolve().parents[2]


def _mismatches(left: Path, right: Path) -> list[str]:
    comparison = filecmp.dircmp(left, right)
    found = [str(Path(comparison.left) / n) for n in comparison.left_only + comparison.right_only]
    found += [str(Path(comparison.left) / n) for n in comparison.diff_files]
    for name, sub in comparison.subdirs.items():
        found += _mismatches(Path(sub.left), Path(sub.right))
        del name
    return found


def test_generated_code_matches_the_protos(tmp_path: Path) -> None:
    out = tmp_path / "gen"
    subprocess.run([sys.executable, str(ROOT / "tools/genproto.py"), "--out", str(out)], check=True)
    stale = _mismatches(ROOT / "gen", out)
    assert not stale, f"gen/ is stale, run `make protos`: {stale}"


@pytest.mark.parametrize("spec", SERVICES, ids=lambda s: s.name)
def test_service_follows_buf_standard_naming(spec) -> None:  # type: ignore[no-untyped-def]
    __import__(f"tradingassistant.{spec.name}.v1.{spec.name}_pb2")
    service = descriptor_pool.Default().FindServiceByName(spec.full_name)
    assert service.file.package == f"tradingassistant.{spec.name}.v1"
    assert service.name.endswith("Service")
    for method in service.methods:
        assert method.input_type.name == f"{method.name}Request", method.full_name
        assert method.output_type.name == f"{method.name}Response", method.full_name
    for enum in service.file.enum_types_by_name.values():
        prefix = "".join(f"_{c}" if c.isupper() else c.upper() for c in enum.name).lstrip("_")
        assert enum.values[0].number == 0
        assert enum.values[0].name == f"{prefix}_UNSPECIFIED", enum.full_name
        assert all(v.name.startswith(prefix + "_") for v in enum.values), enum.full_name


def test_buf_lint_with_the_standard_rules_passes() -> None:
    buf = ROOT / "tools/node_modules/.bin/buf"
    assert buf.exists(), "buf is not installed; run `make install` (npm --prefix tools ci)"
    result = subprocess.run([str(buf), "lint"], cwd=ROOT, capture_output=True, text=True)
    assert result.returncode == 0, result.stdout + result.stderr


def test_buf_lint_catches_a_nonstandard_proto(tmp_path: Path) -> None:
    (tmp_path / "buf.yaml").write_text("version: v2\nlint:\n  use:\n    - STANDARD\n")
    folder = tmp_path / "tradingassistant/bad/v1"
    folder.mkdir(parents=True)
    (folder / "bad.proto").write_text(
        'syntax = "proto3";\npackage tradingassistant.bad.v1;\n'
        "enum Colour { RED = 0; }\n"
        "service Bad { rpc Get(Colourless) returns (Colourless); }\nmessage Colourless {}\n"
    )
    buf = ROOT / "tools/node_modules/.bin/buf"
    result = subprocess.run([str(buf), "lint"], cwd=tmp_path, capture_output=True, text=True)
    assert result.returncode != 0
    assert "UNSPECIFIED" in result.stdout and "Service" in result.stdout
