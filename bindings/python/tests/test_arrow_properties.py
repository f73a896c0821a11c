"""Hypothesis over schema/case.schema.json for evaluate_arrow, in both input shapes: every
row of a batch of generated cases, some of them broken, equals `evaluate` on that case
(and, with plan=True, its plan columns equal `plan` on that case)."""

from __future__ import annotations

import json
from typing import Any, Dict, List

import pytest

pa = pytest.importorskip("pyarrow")

from hypothesis import given, note, settings  # noqa: E402
from hypothesis import strategies as st  # noqa: E402

import edx_coverage  # noqa: E402
from bulk import as_plan, as_result, expected, expected_plan  # noqa: E402
from test_properties import cases, policies  # noqa: E402  (the schema-driven strategies)


def broken(case: Dict[str, Any], how: int) -> Dict[str, Any]:
    """The case made invalid in one of a few ways the crate refuses with a path."""
    case = json.loads(json.dumps(case))
    if how == 0:
        case["diagnoses"][0]["code"] = "R2"
    elif how == 1:
        case["unknown_field"] = 1
    else:
        case["findings"] = [*case.get("findings", []), {"kind": "fasiculations"}]
    return case


batches = st.lists(st.tuples(cases, st.integers(0, 5)), min_size=1, max_size=4)


def rows_of(batch: List[Any]) -> List[Dict[str, Any]]:
    # Rows 0-2 of the "how" draw break the case; 3-5 keep it.
    return [broken(c, how) if how < 3 else c for c, how in batch]


# Each example draws up to four schema-driven cases (the slow part): fewer examples than
# test_properties, still every input shape and refusal kind many times.
@settings(max_examples=25)
@given(batches, policies)
def test_text_rows_equal_evaluate(batch: List[Any], policy: Any) -> None:
    docs = rows_of(batch)
    texts = [json.dumps(d) for d in docs]
    got = [as_result(r) for r in edx_coverage.evaluate_arrow(pa.table({"case": texts}), policy=policy).to_pylist()]
    assert got == [expected(d, policy) for d in docs]


@settings(max_examples=25)
@given(batches, policies)
def test_struct_rows_equal_evaluate(batch: List[Any], policy: Any) -> None:
    docs = rows_of(batch)
    try:
        column = pa.array(docs)
    except (pa.ArrowInvalid, pa.ArrowTypeError, pa.ArrowNotImplementedError) as err:
        # pyarrow cannot infer one struct type for these dicts; nothing to test here.
        note(f"not one struct type: {err}")
        return
    note(f"struct type: {column.type}")
    got = [as_result(r) for r in edx_coverage.evaluate_arrow(pa.table({"case": column}), policy=policy).to_pylist()]
    assert got == [expected(d, policy) for d in docs]


def columns(docs: List[Any]) -> List[Any]:
    """The documents as a JSON text column and, when pyarrow infers one type, a struct
    column."""
    out = [pa.array([json.dumps(d) for d in docs])]
    try:
        out.append(pa.array(docs))
    except (pa.ArrowInvalid, pa.ArrowTypeError, pa.ArrowNotImplementedError) as err:
        note(f"not one struct type: {err}")
    return out


@settings(max_examples=25)
@given(batches, policies)
def test_plan_rows_equal_plan(batch: List[Any], policy: Any) -> None:
    docs = rows_of(batch)
    for column in columns(docs):
        result = edx_coverage.evaluate_arrow(pa.table({"case": column}), policy=policy, plan=True)
        assert result.schema == edx_coverage.result_schema(plan=True)
        got = result.to_pylist()
        assert [as_result(r) for r in got] == [expected(d, policy) for d in docs]
        assert [as_plan(r) for r in got] == [expected_plan(d, policy) for d in docs]
