"""evaluate_arrow: every row equals `evaluate` on the same case, bad rows in place, for JSON
text and struct columns, with a policy argument and a policy column; the shape of the
result; what is refused for the whole call."""

from __future__ import annotations

import json

import pytest

pa = pytest.importorskip("pyarrow")

import edx_coverage  # noqa: E402
from bulk import BAD_TEXTS, as_result, expected, mixed_texts, refused_count, vignette_cases  # noqa: E402
from edx_coverage import InvalidInput  # noqa: E402


def rows(result):
    return [as_result(r) for r in result.to_pylist()]


def test_text_column_equals_evaluate_row_by_row():
    texts = mixed_texts(300)
    got = rows(edx_coverage.evaluate_arrow(pa.table({"case": texts})))
    want = [expected(t) for t in texts]
    assert got == want
    assert 40 < refused_count(want) < 100


def test_struct_column_equals_evaluate():
    cases = vignette_cases()
    table = pa.table({"case": pa.array(cases)})
    assert pa.types.is_struct(table.schema.field("case").type)
    assert rows(edx_coverage.evaluate_arrow(table)) == [expected(c) for c in cases]


def test_struct_rows_are_refused_like_text():
    cases = [
        {"diagnoses": [{"code": "R2"}]},
        None,
        {"diagnoses": [{"code": "R25.2"}], "findings": [{"kind": "fasiculations"}]},
        {"diagnoses": [{"code": "R25.2"}], "bogus": 1},
        {"diagnoses": [{"code": "G62.9"}]},
    ]
    got = rows(edx_coverage.evaluate_arrow(pa.table({"case": pa.array(cases)})))
    assert got[0] == ("error", "diagnoses[0].code", '"R2" is not an ICD-10-CM code')
    assert got[1] == ("error", "", "is null: the row holds no case")
    assert got[2] == ("error", "findings[0].kind", 'unknown finding kind "fasiculations"')
    assert got[3][0:2] == ("error", "")
    assert "bogus" in got[3][2]
    assert got[4] == expected(cases[4])
    assert got == [expected(c) for c in cases]


def test_vignette_expectations_hold_in_both_shapes():
    from conftest import load, vignette_files

    docs = [load(p) for p in vignette_files() if "policy" not in load(p)]
    for column in (pa.array([json.dumps(d["case"]) for d in docs]), pa.array([d["case"] for d in docs])):
        result = edx_coverage.evaluate_arrow(pa.table({"case": column})).to_pylist()
        for doc, row in zip(docs, result):
            for field, want in doc["expect"].items():
                assert row[field] == want, (doc["title"], field)


def test_policy_argument_and_policy_column():
    case = {"diagnoses": [{"code": "R25.2"}], "findings": [{"kind": "fasciculations", "source": "exam"}],
            "differential": ["motor_neuron_disease"]}
    lenient = {"accept_symptom_codes_with_support": True}
    strict_result = expected(case)
    lenient_result = expected(case, lenient)
    assert strict_result != lenient_result
    text = json.dumps(case)
    table = pa.table({"case": [text, text, text, text], "p": [None, json.dumps(lenient), None, '{"min_trial_days":-1}']})
    got = rows(edx_coverage.evaluate_arrow(table, policy_column="p"))
    assert got[0] == strict_result
    assert got[1] == lenient_result
    assert got[2] == strict_result
    assert got[3][0:2] == ("error", "policy.min_trial_days")
    # The policy argument stands for the rows whose policy is null.
    got = rows(edx_coverage.evaluate_arrow(table, policy=lenient, policy_column="p"))
    assert got[0] == lenient_result and got[2] == lenient_result
    got = rows(edx_coverage.evaluate_arrow(pa.table({"case": [text]}), policy=json.dumps(lenient)))
    assert got == [lenient_result]
    # A struct policy column.
    structs = pa.table({"case": [text, text], "p": pa.array([lenient, None])})
    assert rows(edx_coverage.evaluate_arrow(structs, policy_column="p")) == [lenient_result, strict_result]
    # The case is read first, as evaluate does.
    bad = pa.table({"case": ['{"diagnoses":[{"code":"R2"}]}'], "p": ['{"min_trial_days":-1}']})
    assert rows(edx_coverage.evaluate_arrow(bad, policy_column="p"))[0][1] == "diagnoses[0].code"


def test_result_shape():
    result = edx_coverage.evaluate_arrow(pa.table({"case": mixed_texts(20)}))
    assert isinstance(result, pa.Table)
    assert result.schema == edx_coverage.result_schema()
    assert result.num_rows == 20
    for name in ("indication", "coverage"):
        assert pa.types.is_dictionary(result.schema.field(name).type)
    for name in ("red_flags", "suspected_conditions", "documentation_gaps", "pitfalls", "recommendations",
                 "recommended_labs"):
        assert result.schema.field(name).type == pa.list_(pa.string())
    for name in ("suggested_codes", "procedure_corrections", "diagnosis_code_issues", "reasons"):
        assert pa.types.is_struct(result.schema.field(name).type.value_type)
    # A reason's rule and sources are keys into their whole vocabulary, as indication is.
    reason = result.schema.field("reasons").type.value_type
    assert reason.field("rule").type == pa.dictionary(pa.int16(), pa.string())
    assert reason.field("sources").type == pa.list_(pa.dictionary(pa.int16(), pa.string()))
    assert reason.field("citations").type == pa.list_(pa.int16())
    rules = result.column("reasons").combine_chunks().flatten().field("rule")
    # Every rule id in declaration order (src/reason.rs), whether or not a row cites it.
    assert rules.dictionary[0].as_py() == "RF-FASCICULATIONS"
    assert rules.dictionary[-1].as_py() == "REC-USE-BILLABLE-CODES"
    assert len(set(rules.dictionary.to_pylist())) == len(rules.dictionary)
    assert result.column_names[-2:] == ["error_path", "error_message"]


def test_input_kinds():
    texts = mixed_texts(60)
    table = pa.table({"case": texts, "other": list(range(60))})
    want = [expected(t) for t in texts]
    batch = table.to_batches()[0]
    one = edx_coverage.evaluate_arrow(batch)
    assert isinstance(one, pa.RecordBatch)
    assert rows(one) == want
    chunked = pa.Table.from_batches([table.slice(0, 25).combine_chunks().to_batches()[0],
                                     table.slice(25).combine_chunks().to_batches()[0]])
    assert rows(edx_coverage.evaluate_arrow(chunked)) == want
    reader = pa.RecordBatchReader.from_batches(chunked.schema, chunked.to_batches())
    assert rows(edx_coverage.evaluate_arrow(reader)) == want
    assert rows(edx_coverage.evaluate_arrow(pa.table({"case": pa.array(texts, pa.large_string())}))) == want
    empty = edx_coverage.evaluate_arrow(pa.table({"case": pa.array([], pa.string())}))
    assert empty.num_rows == 0 and empty.schema == edx_coverage.result_schema()
    renamed = edx_coverage.evaluate_arrow(table.rename_columns(["c", "other"]), case_column="c")
    assert rows(renamed) == want


def test_polars_when_installed():
    texts = mixed_texts(30)
    want = [expected(t) for t in texts]
    polars = pytest.importorskip("polars")
    assert rows(edx_coverage.evaluate_arrow(polars.DataFrame({"case": texts}))) == want


def test_whole_call_refusals():
    with pytest.raises(InvalidInput) as err:
        edx_coverage.evaluate_arrow(pa.table({"x": ["{}"]}))
    assert err.value.path == "case_column"
    assert '"case"' in err.value.message and "x" in err.value.message
    with pytest.raises(InvalidInput) as err:
        edx_coverage.evaluate_arrow(pa.table({"case": ["{}"]}), policy_column="p")
    assert err.value.path == "policy_column"
    with pytest.raises(InvalidInput) as err:
        edx_coverage.evaluate_arrow(pa.table({"case": [1, 2]}))
    assert err.value.path == "case"
    assert "Int64" in err.value.message
    with pytest.raises(InvalidInput) as err:
        edx_coverage.evaluate_arrow(pa.table({"case": ["{}"], "p": [1]}), policy_column="p")
    assert err.value.path == "p"
    with pytest.raises(InvalidInput) as err:
        edx_coverage.evaluate_arrow([{"diagnoses": [{"code": "R25.2"}]}])
    assert err.value.path == "data"
    with pytest.raises(InvalidInput) as err:
        edx_coverage.evaluate_arrow(pa.table({"case": BAD_TEXTS}), policy={"min_trial_days": -1})
    assert err.value.path == "policy.min_trial_days"


def test_large_batches_are_scored_in_slices_and_kept_whole():
    # More rows than one internal slice (65,536): one result row per input row, in order,
    # and a record batch in is still one record batch out.
    n = 70_000
    good = '{"diagnoses":[{"code":"G62.9"}]}'
    texts = [good] * n
    texts[65_535] = texts[65_536] = texts[-1] = "{"
    batch = pa.record_batch([pa.array(texts)], names=["case"])
    result = edx_coverage.evaluate_arrow(batch)
    assert isinstance(result, pa.RecordBatch)
    assert result.num_rows == n
    paths = result.column("error_path").to_pylist()
    assert [i for i, p in enumerate(paths) if p is not None] == [65_535, 65_536, n - 1]
    assert result.column("indication").to_pylist()[65_537] == expected(good)["indication"]


def test_plan_columns_hold_each_rows_plan():
    from bulk import as_plan, expected_plan
    from conftest import load, vignette_files

    docs = [load(p) for p in vignette_files() if "policy" not in load(p)]
    cases = [d["case"] for d in docs] + [{"diagnoses": [{"code": "R2"}]}, None]
    for column in (pa.array([None if c is None else json.dumps(c) for c in cases]), pa.array(cases)):
        result = edx_coverage.evaluate_arrow(pa.table({"case": column}), plan=True)
        assert result.schema == edx_coverage.result_schema(plan=True)
        assert result.column_names[-2:] == ["plan_target", "plan_steps"]
        assert pa.types.is_dictionary(result.schema.field("plan_target").type)
        got = result.to_pylist()
        assert [as_plan(r) for r in got] == [expected_plan(c) for c in cases]
        assert all(r["plan_target"] is None and r["plan_steps"] is None for r in got[-2:])
        for doc, row in zip(docs, got):
            if "expect_plan" in doc:
                assert row["plan_target"] == doc["expect_plan"]["target"]
    # Without plan=True the columns are not there.
    assert "plan_steps" not in edx_coverage.evaluate_arrow(pa.table({"case": pa.array(cases)})).column_names


# The direct struct reader against the exact path (the same documents as JSON text): other
# Arrow types for the same fields, nulls where the wire format has none, unknown fields at
# every depth, lists over the limit.
OTHER_TYPES = [
    ("large strings, int32", pa.large_string(), pa.int32()),
    ("string views, uint8", pa.string_view(), pa.uint8()),
    ("strings, int16", pa.string(), pa.int16()),
]


def _retyped(t, text, whole):
    if pa.types.is_string(t) or pa.types.is_large_string(t):
        return text
    if pa.types.is_integer(t):
        return whole
    if pa.types.is_list(t):
        return pa.large_list(_retyped(t.value_type, text, whole))
    if pa.types.is_struct(t):
        return pa.struct([f.with_type(_retyped(f.type, text, whole)) for f in t])
    return t


def test_struct_reader_other_types_equal_text():
    cases = vignette_cases()
    column = pa.array(cases)
    for label, text, whole in OTHER_TYPES:
        try:
            other = column.cast(_retyped(column.type, text, whole))
        except (pa.ArrowInvalid, pa.ArrowNotImplementedError) as err:
            pytest.skip(f"pyarrow cannot cast to {label}: {err}")
        assert rows(edx_coverage.evaluate_arrow(pa.table({"case": other}))) == [expected(c) for c in cases], label


def test_struct_reader_gives_up_to_the_exact_path():
    base = {"diagnoses": [{"code": "R25.2"}], "findings": [{"kind": "fasciculations", "source": "exam"}]}
    cases = [
        base,
        {**base, "diagnoses": [{"code": "R25.2"}, None]},
        {**base, "findings": [None]},
        {**base, "differential": [None, "motor_neuron_disease"]},
        {**base, "findings": [{"kind": "fasciculations", "note": "x"}]},
        {**base, "findings": [{"status": "present"}]},
        {**base, "diagnoses": None},
        {**base, "diagnoses": []},
        {**base, "schema_version": 2},
        {**base, "schema_version": 1},
        {**base, "procedures": [{"cpt": "95907", "units": 0}]},
        {**base, "procedures": [{"cpt": "95909", "studies": 3}]},
        {**base, "procedures": [{"cpt": "95886", "studies": 3}]},
        {**base, "procedures": [{"cpt": "12345"}]},
        {**base, "conservative_trials": [{"therapy": "stretching", "outcome": "unchanged", "duration_days": -1}]},
        {**base, "conservative_trials": [{"therapy": "stretching", "outcome": "unchanged", "duration_days": 2**40}]},
        {**base, "labs": [{"test": "calcium", "result": "normal"}]},
        {**base, "labs": [{"test": "calcium"}]},
        {**base, "needle_emg_exceptions": ["bogus"]},
        {**base, "extra": {"a": 1}},
        {**base, "diagnoses": [{"code": "R25.2"}] * 1001},
        {**base, "differential": ["other"] * 1001},
        None,
    ]
    from bulk import no_nulls

    column = pa.array(cases)
    # In a struct column a null field is a field left out (pyarrow fills the fields a dict
    # lacks with nulls): the same case as text without its null fields.
    want = [expected(no_nulls(c)) for c in cases]
    assert rows(edx_coverage.evaluate_arrow(pa.table({"case": column}))) == want
    texts = pa.array([None if c is None else json.dumps(no_nulls(c)) for c in cases])
    assert rows(edx_coverage.evaluate_arrow(pa.table({"case": texts}))) == want
    # Rows the direct reader takes, mixed with rows it gives up on, over more than one of its
    # chunks of 1,024 rows: order kept, nothing dropped.
    many = [cases[i % len(cases)] for i in range(2100)]
    assert rows(edx_coverage.evaluate_arrow(pa.table({"case": pa.array(many)}))) == [want[i % len(cases)] for i in range(2100)]


def test_struct_column_of_other_types_is_read_as_text():
    # A field of a type the direct reader does not read (a boolean code, a uint64 count):
    # the whole column goes the exact way, with the exact refusals.
    cases = [{"diagnoses": [{"code": True}]}, {"diagnoses": [{"code": False}]}]
    column = pa.array(cases)
    assert pa.types.is_boolean(column.type.field("diagnoses").type.value_type.field("code").type)
    assert rows(edx_coverage.evaluate_arrow(pa.table({"case": column}))) == [expected(c) for c in cases]
    big = [{"diagnoses": [{"code": "R25.2"}], "procedures": [{"cpt": "95907", "units": 2**63}]}]
    column = pa.array(big, pa.struct([("diagnoses", pa.list_(pa.struct([("code", pa.string())]))),
                                      ("procedures", pa.list_(pa.struct([("cpt", pa.string()), ("units", pa.uint64())])))]))
    assert rows(edx_coverage.evaluate_arrow(pa.table({"case": column}))) == [expected(b) for b in big]
