"""The package's surface: names, constants, stubs and the exception type."""

from __future__ import annotations

import ast
import re
from importlib import resources

import edx_coverage
from edx_coverage import InvalidInput

PUBLIC = [
    "evaluate", "evaluate_json", "evaluate_many", "explain", "plan", "crd", "cds_card",
    "evaluate_arrow", "result_schema",
]


def test_exports() -> None:
    assert sorted(edx_coverage.__all__) == sorted(PUBLIC + ["RULESET", "InvalidInput", "__version__"])
    for name in edx_coverage.__all__:
        assert hasattr(edx_coverage, name), name


def test_constants() -> None:
    assert re.fullmatch(r"edx-coverage/\d+", edx_coverage.RULESET)
    assert re.fullmatch(r"\d+\.\d+\.\d+", edx_coverage.__version__)
    assert edx_coverage.evaluate({"diagnoses": [{"code": "R25.2"}]})["ruleset"] == edx_coverage.RULESET


def test_invalid_input_is_the_one_exception_type() -> None:
    assert issubclass(InvalidInput, ValueError)
    err = InvalidInput("findings[2].kind", 'unknown finding kind "x"')
    assert (err.path, err.message, str(err)) == ("findings[2].kind", 'unknown finding kind "x"', 'findings[2].kind: unknown finding kind "x"')
    assert str(InvalidInput("", "EOF while parsing")) == "EOF while parsing"


def test_stubs_and_marker_ship_with_the_package() -> None:
    files = resources.files("edx_coverage")
    assert files.joinpath("py.typed").is_file()
    stub = ast.parse(files.joinpath("_native.pyi").read_text(encoding="utf-8"))
    functions = {n.name: n for n in stub.body if isinstance(n, ast.FunctionDef)}
    assert sorted(functions) == sorted(PUBLIC)
    # The stubs' parameter names are the real ones (keywords work as the stubs say).
    case = {"diagnoses": [{"code": "R25.2"}]}
    assert edx_coverage.evaluate(case=case, policy=None)
    assert edx_coverage.evaluate_json(case_json='{"diagnoses":[{"code":"R25.2"}]}', policy_json=None)
    assert edx_coverage.evaluate_many(cases=[case], policy=None)
    assert edx_coverage.explain(case=case, policy=None, audience="coder")
    assert edx_coverage.crd(case=case, policy=None, date="2025-06-01", coverage="Coverage/1", assertion_id="a")
    assert edx_coverage.cds_card(case=case, policy=None)
    for name, node in functions.items():
        args = [a.arg for a in node.args.args + node.args.kwonlyargs]
        signature = getattr(edx_coverage, name).__text_signature__
        for arg in args:
            assert arg in signature, (name, arg, signature)


def test_explain_audiences() -> None:
    case = {"diagnoses": [{"code": "R25.2"}]}
    clinician = edx_coverage.explain(case)
    assert clinician == edx_coverage.explain(case, audience="clinician")
    patient = edx_coverage.explain(case, audience="patient")
    coder = edx_coverage.explain(case, audience="coder")
    # Three different texts: the coder's names the code on the order, the patient's no code.
    assert len({clinician, patient, coder}) == 3
    assert "R25.2" in coder
    assert "R25.2" not in patient
