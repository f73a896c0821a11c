"""What the bulk tests (Arrow, Dask, Spark) share: a result row compared with `evaluate`,
and a mixed batch of valid and refused cases."""

from __future__ import annotations

import json
from typing import Any, Dict, List, Tuple

import edx_coverage
from conftest import load, vignette_files
from edx_coverage import InvalidInput

RESULT_FIELDS = [
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
    "procedure_corrections",
    "diagnosis_code_issues",
    "reasons",
]


def expected(case: Any, policy: Any = None) -> Any:
    """What `evaluate` says of one row: the determination, or ("error", path, message)."""
    if case is None:
        return ("error", "", "is null: the row holds no case")
    try:
        return edx_coverage.evaluate(case, policy)
    except InvalidInput as err:
        return ("error", err.path, err.message)


def as_result(row: Dict[str, Any]) -> Any:
    """A result row in `expected`'s terms: a refusal has only the error columns set; a
    determination is the wire-format dict (a reason's `sources` column is null when the
    rule cites only the article, where the wire format leaves the field out)."""
    if row["error_path"] is not None:
        assert all(row[f] is None for f in RESULT_FIELDS), row
        assert row["error_message"], row
        return ("error", row["error_path"], row["error_message"])
    assert row["error_message"] is None, row
    result = {f: row[f] for f in RESULT_FIELDS}
    result["reasons"] = [{k: v for k, v in r.items() if not (k == "sources" and v is None)} for r in row["reasons"]]
    return result


def no_nulls(value: Any) -> Any:
    """`value` with every dict's null fields left out, at every depth (what a struct column
    means: a null field is a field left out; a null list entry stays a null)."""
    if isinstance(value, dict):
        return {k: no_nulls(v) for k, v in value.items() if v is not None}
    if isinstance(value, list):
        return [no_nulls(v) for v in value]
    return value


def expected_plan(case: Any, policy: Any = None) -> Any:
    """What `plan` says of one row: its target and steps (null fields left out), or None
    for a row `evaluate` refuses."""
    if case is None:
        return None
    try:
        p = edx_coverage.plan(case, policy)
    except InvalidInput:
        return None
    return (p["target"], no_nulls(p["steps"]))


def as_plan(row: Dict[str, Any]) -> Any:
    """A result row's plan columns in `expected_plan`'s terms (a step's fields of other
    kinds of step are null in the column, left out in the plan's JSON)."""
    if row["plan_target"] is None:
        assert row["plan_steps"] is None, row
        return None
    return (row["plan_target"], no_nulls(row["plan_steps"]))


def vignette_cases() -> List[Dict[str, Any]]:
    """The vignettes' cases that need no policy of their own."""
    return [doc["case"] for doc in map(load, vignette_files()) if "policy" not in doc]


BAD_TEXTS = [
    '{"diagnoses":[{"code":"R2"}]}',
    "{",
    "",
    '{"diagnoses":[{"code":"R25.2"}],"findings":[{"kind":"fasiculations"}]}',
    '{"diagnoses":[]}',
    "[]",
]


def mixed_texts(n: int) -> List[Any]:
    """`n` case texts: the vignettes' cases in turn, every 7th row a bad one, every 50th
    row null."""
    good = [json.dumps(c) for c in vignette_cases()]
    rows: List[Any] = []
    for i in range(n):
        if i % 50 == 49:
            rows.append(None)
        elif i % 7 == 3:
            rows.append(BAD_TEXTS[i % len(BAD_TEXTS)])
        else:
            rows.append(good[i % len(good)])
    return rows


def refused_count(results: List[Tuple[Any, ...]]) -> int:
    return sum(1 for r in results if isinstance(r, tuple))
