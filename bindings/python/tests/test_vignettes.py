"""Every shared vignette through ``evaluate`` agrees with its ``expect``.

A vignette whose ``ruleset`` is newer than the crate's RULESET is skipped, and so is an
expected field that only a newer ruleset produces: both run by themselves once the crate
moves to that ruleset.
"""

from __future__ import annotations

import json
from pathlib import Path

import pytest

import edx_coverage
from conftest import load, ruleset_number, vignette_files

# Determination fields that only appear from a given ruleset on.
FIELD_SINCE = {"procedure_corrections": 3, "diagnosis_code_issues": 4}

# The fields every determination carries (the engine's wire format, see `schema/` and DESIGN.md).
DETERMINATION_FIELDS = [
    "ruleset",
    "indication",
    "coverage",
    "red_flags",
    "suspected_conditions",
    "documentation_gaps",
    "pitfalls",
    "recommendations",
    "recommended_labs",
    "suggested_codes",
    "reasons",
]

FILES = vignette_files()


def test_there_are_vignettes() -> None:
    # 13 vignettes of ruleset 1 and 2 at least; an empty directory must not pass silently.
    runnable = [p for p in FILES if load(p).get("ruleset", 1) <= ruleset_number()]
    assert len(runnable) >= 13, [p.name for p in FILES]


@pytest.mark.parametrize("path", FILES, ids=[p.stem for p in FILES])
def test_vignette(path: Path) -> None:
    doc = load(path)
    needs = doc.get("ruleset", 1)
    if needs > ruleset_number():
        pytest.skip(f"needs ruleset {needs}; the crate has {edx_coverage.RULESET}")
    expect = doc["expect"]
    assert expect, "empty expect"

    got = edx_coverage.evaluate(doc["case"], doc.get("policy"))

    for field in DETERMINATION_FIELDS:
        assert field in got, field
    assert got["ruleset"] == edx_coverage.RULESET
    assert got["reasons"], "reasons must not be empty"
    problems = []
    for field, want in expect.items():
        if FIELD_SINCE.get(field, 1) > ruleset_number():
            continue
        if got.get(field) != want:
            problems.append(f"{field}: got {got.get(field)!r}, want {want!r}")
    assert not problems, "\n".join(problems)

    # The same document as text, and in a batch, gives the same answer.
    policy_text = json.dumps(doc["policy"]) if "policy" in doc else None
    assert json.loads(edx_coverage.evaluate_json(json.dumps(doc["case"]), policy_text)) == got
    assert edx_coverage.evaluate_many([doc["case"]], doc.get("policy")) == [got]


@pytest.mark.parametrize("path", FILES, ids=[p.stem for p in FILES])
def test_vignette_renderings(path: Path) -> None:
    doc = load(path)
    if doc.get("ruleset", 1) > ruleset_number():
        pytest.skip("newer ruleset")
    case, policy = doc["case"], doc.get("policy")
    got = edx_coverage.evaluate(case, policy)

    text = edx_coverage.explain(case, policy)
    assert edx_coverage.RULESET in text
    for reason in got["reasons"]:
        assert reason["rule"] in text, reason["rule"]

    ext = edx_coverage.crd(
        case, policy, date="2025-06-01", coverage="Coverage/123", assertion_id="A1"
    )
    assert ext["url"].endswith("/ext-coverage-information")
    members = {e["url"]: e for e in ext["extension"]}
    covered = {"likely_covered": "covered", "at_risk": "conditional", "likely_denied": "not-covered"}
    assert members["covered"]["valueCode"] == covered[got["coverage"]]
    assert members["coverage"]["valueReference"]["reference"] == "Coverage/123"
    assert members["date"]["valueDate"] == "2025-06-01"
    assert members["coverage-assertion-id"]["valueString"] == "A1"
    details = [e for e in ext["extension"] if e["url"] == "detail"]
    # One detail per gap, pitfall, procedure correction (ruleset 3) and recommendation.
    want = (
        len(got["documentation_gaps"])
        + len(got["pitfalls"])
        + len(got.get("procedure_corrections", []))
        + len(got["recommendations"])
    )
    assert len(details) == want

    card = edx_coverage.cds_card(case, policy)
    assert len(card["summary"]) < 140
    assert card["indicator"] in ("info", "warning")
    assert card == edx_coverage.cds_card(json.dumps(case), policy), "deterministic card"
