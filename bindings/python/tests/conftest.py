"""Shared paths and helpers for the binding's tests."""

from __future__ import annotations

import json
import re
from pathlib import Path
from typing import Any, Dict, List

import edx_coverage

# <repo>/bindings/python/tests/conftest.py
REPO = Path(__file__).resolve().parents[3]
SCHEMA_DIR = REPO / "schema"
# The worked vignettes, with their expected determination and plan (tests/fixtures/vignettes).
VIGNETTES = REPO / "tests" / "fixtures" / "vignettes"


def ruleset_number(ruleset: str = edx_coverage.RULESET) -> int:
    """3 for "edx-coverage/3"."""
    match = re.fullmatch(r"edx-coverage/(\d+)", ruleset)
    assert match, f"unexpected RULESET {ruleset!r}"
    return int(match.group(1))


def vignette_files() -> List[Path]:
    return sorted(VIGNETTES.glob("*.json"))


def load(path: Path) -> Dict[str, Any]:
    with path.open(encoding="utf-8") as f:
        return json.load(f)


def case_schema() -> Dict[str, Any]:
    return load(SCHEMA_DIR / "case.schema.json")


def policy_schema() -> Dict[str, Any]:
    return load(SCHEMA_DIR / "policy.schema.json")


def plan_schema() -> Dict[str, Any]:
    return load(SCHEMA_DIR / "plan.schema.json")
