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
