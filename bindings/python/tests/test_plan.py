"""``plan`` agrees with every vignette's ``expect_plan`` (the path to coverage), its dict is
what ``schema/plan.schema.json`` describes, and it refuses what ``evaluate`` refuses."""

from __future__ import annotations

import json
from pathlib import Path

import jsonschema
import pytest

import edx_coverage
from conftest import load, plan_schema, vignette_files

FILES = [p for p in vignette_files() if "expect_plan" in load(p)]
PLAN_VALIDATOR = jsonschema.Draft202012Validator(plan_schema())


def test_there_are_plans() -> None:
    assert len(FILES) >= 25, [p.name for p in FILES]


@pytest.mark.parametrize("path", FILES, ids=[p.stem for p in FILES])
def test_plan(path: Path) -> None:
    doc = load(path)
    got = edx_coverage.plan(doc["case"], doc.get("policy"))
    PLAN_VALIDATOR.validate(got)
    assert got.pop("ruleset") == edx_coverage.RULESET
    assert got == doc["expect_plan"]
    # JSON text is accepted like a dict, and keywords work.
    again = edx_coverage.plan(case=json.dumps(doc["case"]), policy=doc.get("policy"))
    again.pop("ruleset")
    assert again == got


def test_the_plan_schema_refuses_an_unknown_field() -> None:
    doc = load(FILES[0])
    got = edx_coverage.plan(doc["case"], doc.get("policy"))
    got["note"] = "x"
    assert not PLAN_VALIDATOR.is_valid(got)


def test_plan_refuses_with_the_path() -> None:
    with pytest.raises(edx_coverage.InvalidInput) as e:
        edx_coverage.plan({"diagnoses": [{"code": "R2"}]})
    assert e.value.path == "diagnoses[0].code"
    with pytest.raises(edx_coverage.InvalidInput) as e:
        edx_coverage.plan({"diagnoses": [{"code": "R25.2"}]}, {"min_trial_days": -1})
    assert e.value.path == "policy.min_trial_days"


def test_explain_includes_the_path() -> None:
    case = {"diagnoses": [{"code": "R25.2"}]}
    assert "What could change the answer?" in edx_coverage.explain(case, audience="patient")
    assert "Path to coverage:" in edx_coverage.explain(case)
