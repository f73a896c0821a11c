"""edx_coverage.dask.evaluate on a distributed.LocalCluster with two worker processes: a
10,000-row DataFrame with bad rows mixed in gives, row for row, what `evaluate` gives."""

from __future__ import annotations

import json

import pytest

pd = pytest.importorskip("pandas")
pytest.importorskip("pyarrow")
dd = pytest.importorskip("dask.dataframe")
distributed = pytest.importorskip("distributed")

import edx_coverage.dask  # noqa: E402
from bulk import RESULT_FIELDS, as_result, expected, mixed_texts, refused_count  # noqa: E402
from edx_coverage import InvalidInput  # noqa: E402

ROWS = 10_000


@pytest.fixture(scope="module")
def client():
    cluster = distributed.LocalCluster(
        n_workers=2, threads_per_worker=1, processes=True, dashboard_address=None, silence_logs=40
    )
    with distributed.Client(cluster) as c:
        yield c
    cluster.close()


def test_equals_evaluate_row_by_row(client):
    texts = mixed_texts(ROWS)
    pdf = pd.DataFrame({"id": range(ROWS), "case": pd.Series(texts, dtype=object)})
    ddf = dd.from_pandas(pdf, npartitions=4)
    scored = edx_coverage.dask.evaluate(ddf)
    assert list(scored.columns) == ["id", "case", *RESULT_FIELDS, "error_path", "error_message"]
    out = scored.compute()
    assert list(out["id"]) == list(range(ROWS))
    got = [as_result(r) for r in out[[*RESULT_FIELDS, "error_path", "error_message"]].to_dict("records")]
    want = [expected(t) for t in texts]
    assert got == want
    assert refused_count(want) > 1000


def test_policy_and_refusals(client):
    case = {"diagnoses": [{"code": "R25.2"}], "findings": [{"kind": "fasciculations", "source": "exam"}],
            "differential": ["motor_neuron_disease"]}
    lenient = {"accept_symptom_codes_with_support": True}
    pdf = pd.DataFrame({"case": [json.dumps(case)] * 4, "p": [None, json.dumps(lenient), None, None]})
    ddf = dd.from_pandas(pdf, npartitions=2)
    out = edx_coverage.dask.evaluate(ddf, policy_column="p").compute()
    got = [as_result(r) for r in out[[*RESULT_FIELDS, "error_path", "error_message"]].to_dict("records")]
    assert got == [expected(case), expected(case, lenient), expected(case), expected(case)]
    with pytest.raises(InvalidInput) as err:
        edx_coverage.dask.evaluate(ddf, case_column="nope")
    assert err.value.path == "case_column"
    with pytest.raises(InvalidInput) as err:
        edx_coverage.dask.evaluate(ddf, policy={"min_trial_days": -1})
    assert err.value.path == "policy.min_trial_days"


def test_plan_columns(client):
    from bulk import as_plan, expected_plan

    texts = mixed_texts(600)
    pdf = pd.DataFrame({"id": range(600), "case": pd.Series(texts, dtype=object)})
    scored = edx_coverage.dask.evaluate(dd.from_pandas(pdf, npartitions=2), plan=True)
    assert list(scored.columns) == ["id", "case", *RESULT_FIELDS, "error_path", "error_message", "plan_target",
                                    "plan_steps"]
    out = scored.compute()
    records = out.to_dict("records")
    assert [as_result({k: r[k] for k in [*RESULT_FIELDS, "error_path", "error_message"]}) for r in records] == [
        expected(t) for t in texts
    ]
    assert [as_plan(r) for r in records] == [expected_plan(t) for t in texts]
