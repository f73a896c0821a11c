"""Every bad input of the crate's own error suite (tests/errors/) raises InvalidInput with
the same path, through the binding: as JSON text, and as a dict where JSON can say it.

The table mirrors tests/errors/ test by test; a path of None means that suite names no path
for that input (it only checks the refusal and the message), so only the class and the
message are checked here too.
"""

from __future__ import annotations

import json
import pickle
from typing import List, Optional, Tuple

import pytest

import edx_coverage
from edx_coverage import InvalidInput

R252 = '{"code":"R25.2"}'


def with_r252(extra: str) -> str:
    return f'{{"diagnoses":[{R252}]}}' if not extra else f'{{"diagnoses":[{R252}],{extra}}}'


def trial_with_days(days: str) -> str:
    return with_r252(
        '"conservative_trials":[{"therapy":"hydration","outcome":"improved"},'
        f'{{"therapy":"hydration","outcome":"improved","duration_days":{days}}}]'
    )


def rep(item: str, n: int) -> str:
    return ",".join([item] * n)


def quoted(value: str) -> str:
    return json.dumps(value, ensure_ascii=False)


# (case JSON text, path or None, words the message must contain)
CASES: List[Tuple[str, Optional[str], List[str]]] = []

# empty_diagnoses, missing_diagnoses
CASES += [
    ('{"diagnoses":[]}', "diagnoses", ["at least one"]),
    ("{}", "diagnoses", ["required"]),
    ('{"findings":[{"kind":"numbness"}]}', "diagnoses", ["required"]),
]
# malformed_icd_codes (in second position, so the index is checked too)
for value in ["R2", "R25-2", "R25.23456", "", "   ", "125.2", "RR5.2", "R25.2\u00e9", "R25 2"]:
    CASES.append(
        (f'{{"diagnoses":[{R252},{{"code":{quoted(value)}}}]}}', "diagnoses[1].code", [quoted(value), "ICD-10-CM"])
    )
# diagnosis_must_be_an_object
CASES += [
    ('{"diagnoses":["R25.2"]}', "diagnoses[0]", ["object", '"R25.2"']),
    ('{"diagnoses":[{"code":"R25.2"},"R25.3"]}', "diagnoses[1]", ['"R25.3"']),
    ('{"diagnoses":{"code":"R25.2"}}', "diagnoses", ["array"]),
]
# too_many_entries: 1,001 entries in every list
CASES += [
    ('{"diagnoses":[' + rep(R252, 1001) + "]}", "diagnoses", ["1001", "1000"]),
    (with_r252('"findings":[' + rep('{"kind":"numbness"}', 1001) + "]"), "findings", ["1001"]),
    (with_r252('"differential":[' + rep('"other"', 1001) + "]"), "differential", ["1001"]),
    (with_r252('"labs":[' + rep('{"test":"calcium","result":"normal"}', 1001) + "]"), "labs", ["1001"]),
    (
        with_r252('"conservative_trials":[' + rep('{"therapy":"other","outcome":"ongoing"}', 1001) + "]"),
        "conservative_trials",
        ["1001"],
    ),
    (with_r252('"procedures":[' + rep('{"cpt":"95886"}', 1001) + "]"), "procedures", ["1001"]),
]
# unknown_finding_kind
CASES += [
    (with_r252('"findings":[{"kind":"fasiculations"}]'), "findings[0].kind", ['unknown finding kind "fasiculations"']),
    (with_r252('"findings":[{"kind":"numbness"},{"kind":"Numbness"}]'), "findings[1].kind", ['"Numbness"']),
]
# unknown_status_source_and_other_vocabularies
CASES += [
    (with_r252('"findings":[{"kind":"numbness","status":"maybe"}]'), "findings[0].status", ['"maybe"']),
    (with_r252('"findings":[{"kind":"numbness","source":"lab"}]'), "findings[0].source", ['"lab"']),
    (
        with_r252('"conservative_trials":[{"therapy":"massage","outcome":"improved"}]'),
        "conservative_trials[0].therapy",
        ['"massage"'],
    ),
    (
        with_r252('"conservative_trials":[{"therapy":"hydration","outcome":"better"}]'),
        "conservative_trials[0].outcome",
        ['"better"'],
    ),
    (with_r252('"labs":[{"test":"sodium","result":"normal"}]'), "labs[0].test", ['"sodium"']),
    (with_r252('"labs":[{"test":"calcium","result":"low"}]'), "labs[0].result", ['"low"']),
    (with_r252('"differential":["neuropathy","mnd"]'), "differential[1]", ['"mnd"']),
]
# required_fields_of_entries
for extra, path in [
    ('"findings":[{"status":"present"}]', "findings[0].kind"),
    ('"conservative_trials":[{"outcome":"improved"}]', "conservative_trials[0].therapy"),
    ('"conservative_trials":[{"therapy":"hydration"}]', "conservative_trials[0].outcome"),
    ('"labs":[{"test":"calcium"}]', "labs[0].result"),
    ('"labs":[{"result":"normal"}]', "labs[0].test"),
    ('"procedures":[{"units":1}]', "procedures[0].cpt"),
]:
    CASES.append((with_r252(extra), path, ["required"]))
CASES.append(('{"diagnoses":[{}]}', "diagnoses[0].code", ["required"]))
# conflicting_finding
CASES += [
    (
        with_r252(
            '"findings":[{"kind":"numbness","source":"exam"},{"kind":"fasciculations"},'
            '{"kind":"numbness","status":"absent","source":"exam"}]'
        ),
        "findings[2]",
        ["numbness", "conflicting"],
    ),
    (
        with_r252('"findings":[{"kind":"muscle_weakness","status":"absent"},{"kind":"muscle_weakness"}]'),
        "findings[1]",
        ["muscle_weakness"],
    ),
]
# unknown_field_at_top_level (tests/errors/ checks the message, not a path)
CASES += [
    (with_r252('"finding":[{"kind":"numbness"}]'), None, ['"finding"', "unknown field", "findings"]),
    (with_r252('"schemaVersion":1'), None, ['"schemaVersion"']),
]
# unknown_field_nested
CASES += [
    (with_r252('"findings":[{"kind":"numbness","sorce":"exam"}]'), "findings[0]", ["unknown field", '"sorce"']),
    ('{"diagnoses":[{"code":"R25.2"},{"code":"R25.3","title":"Fasciculation"}]}', "diagnoses[1]", ['"title"']),
    (with_r252('"labs":[{"test":"calcium","result":"normal","units":"mg/dL"}]'), "labs[0]", ['"units"']),
    (
        with_r252('"conservative_trials":[{"therapy":"hydration","outcome":"improved","days":3}]'),
        "conservative_trials[0]",
        ['"days"'],
    ),
    (with_r252('"procedures":[{"cpt":"95886","modifier":"26"}]'), "procedures[0]", ['"modifier"']),
]
# duplicate_field (text only: a dict cannot hold a key twice)
DUPLICATES = [
    ('{"diagnoses":[{"code":"R25.2"}],"diagnoses":[{"code":"G62.9"}]}', None, ['"diagnoses"', "more than once"]),
    ('{"diagnoses":[{"code":"R25.2","code":"R25.3"}]}', "diagnoses[0]", ['"code"', "more than once"]),
    (with_r252('"findings":[{"kind":"numbness","source":"exam","source":"history"}]'), "findings[0]", ['"source"']),
]
CASES += DUPLICATES
# unknown_cpt_codes
for value in ["99213", "9588", "958860", "95862", "95x86", "", "95905 x"]:
    CASES.append(
        (with_r252(f'"procedures":[{{"cpt":"95886"}},{{"cpt":{quoted(value)}}}]'), "procedures[1].cpt", [quoted(value)])
    )
# cpt_must_be_a_string
CASES.append((with_r252('"procedures":[{"cpt":95886}]'), "procedures[0].cpt", ["string", "95886"]))
# units_out_of_range
for value in ["0", "100", "2.5", "-1"]:
    CASES.append((with_r252(f'"procedures":[{{"cpt":"95886","units":{value}}}]'), "procedures[0].units", [value]))
CASES.append((with_r252('"procedures":[{"cpt":"95886","units":"2"}]'), "procedures[0].units", ['"2"']))
# duration_days_must_be_a_non_negative_whole_number
for value, shown in [("-3", "-3"), ("1.5", "1.5"), ("4294967296", "4294967296"), ('"14"', '"14"'), ("null", "null")]:
    CASES.append((trial_with_days(value), "conservative_trials[1].duration_days", [shown]))
# huge_numbers_are_rejected / integer_beyond_64_bits_names_the_field_and_the_parsed_value
HUGE = [
    (trial_with_days("99999999999999999999"), "conservative_trials[1].duration_days", ["whole number", "1e20"]),
    (with_r252('"procedures":[{"cpt":"95886","units":99999999999999999999}]'), "procedures[0].units", []),
]
CASES += HUGE
# Beyond f64 the JSON parser refuses before the crate sees a value: no path (tests/errors/
# number_beyond_f64_is_refused_cleanly_with_its_position), the position instead.
BEYOND_F64 = []
for huge in ["1e400", "99999999999999999999", "-99999999999999999999"]:
    BEYOND_F64 += [
        (trial_with_days(huge), None, []),
        (with_r252(f'"procedures":[{{"cpt":"95886","units":{huge}}}]'), None, []),
        (f'{{"schema_version":{huge},"diagnoses":[{R252}]}}', None, []),
    ]
BEYOND_F64.append((trial_with_days("1e400"), None, ["number out of range", "line 1 column"]))
CASES += BEYOND_F64
# schema_version
for value in ["2", "0", "-1", '"1"', "null", "true"]:
    CASES.append((f'{{"schema_version":{value},"diagnoses":[{R252}]}}', "schema_version", [value]))
# wrong_types
CASES += [
    ('{"diagnoses":null}', "diagnoses", ["null"]),
    ('{"diagnoses":"R25.2"}', "diagnoses", ['"R25.2"']),
    ('{"diagnoses":[{"code":25}]}', "diagnoses[0].code", ["25"]),
    ('{"diagnoses":[{"code":null}]}', "diagnoses[0].code", ["null"]),
    ('{"diagnoses":[null]}', "diagnoses[0]", ["null"]),
    (with_r252('"findings":null'), "findings", ["null"]),
    (with_r252('"findings":[{"kind":7}]'), "findings[0].kind", ["7"]),
    (with_r252('"findings":[{"kind":"numbness","status":null}]'), "findings[0].status", ["null"]),
    (with_r252('"findings":[{"kind":"numbness","source":true}]'), "findings[0].source", ["true"]),
    (with_r252('"differential":[1]'), "differential[0]", ["1"]),
    (with_r252('"labs":{}'), "labs", ["object"]),
]
# Not an object, not JSON at all: refused, at the document.
NOT_A_CASE = ["[]", "null", '"R25.2"', "42", "", "{", '{"diagnoses":[{"code":"R25.2"}]} x']
CASES += [(text, "", []) for text in NOT_A_CASE]
# refused_values_are_echoed_at_most_64_characters
LONG = "X" * 100_000
ECHO = [
    f'{{"diagnoses":[{{"code":"{LONG}"}}]}}',
    f'{{"diagnoses":[{{"code":"R25.2"}}],"findings":[{{"kind":"{LONG}"}}]}}',
    f'{{"diagnoses":[{{"code":"R25.2"}}],"procedures":[{{"cpt":"{LONG}"}}]}}',
    f'{{"diagnoses":[{{"code":"R25.2"}}],"{LONG}":1}}',
]

# policy_errors: (policy JSON text, path inside the policy or None, words)
POLICIES: List[Tuple[str, Optional[str], List[str]]] = [
    ('{"min_trial_day":28}', "", ['"min_trial_day"', "unknown field"]),
    ('{"require_needle_emg_with_ncs_typo":true}', "", ['"require_needle_emg_with_ncs_typo"']),
    ('{"min_trial_days":-1}', "min_trial_days", ["-1"]),
    ('{"min_trial_days":2.5}', "min_trial_days", ["2.5"]),
    ('{"min_trial_days":"28"}', "min_trial_days", ['"28"']),
    ('{"min_trial_days":null}', "min_trial_days", ["null"]),
    ('{"require_differential":"yes"}', "require_differential", ['"yes"']),
    ('{"accept_symptom_codes_with_support":1}', "accept_symptom_codes_with_support", ["1"]),
    ('{"require_differential":null}', "require_differential", ["null"]),
    ('{"require_differential":true,"require_differential":false}', "", ['"require_differential"', "more than once"]),
    ("[]", "", []),
]
for huge in ["1e400", "99999999999999999999", "-99999999999999999999"]:
    POLICIES.append((f'{{"min_trial_days":{huge}}}', None, []))


def refusal(call) -> InvalidInput:
    with pytest.raises(InvalidInput) as info:
        call()
    return info.value


def check(err: InvalidInput, path: Optional[str], needles: List[str]) -> None:
    if path is not None:
        assert err.path == path, f"path {err.path!r}, want {path!r}: {err}"
    assert "\n" not in str(err)
    for needle in needles:
        assert needle in str(err), f"{needle!r} not in {err}"
    assert str(err) == (f"{err.path}: {err.message}" if err.path else err.message)


def short(text: str) -> str:
    return text if len(text) < 70 else text[:67] + "..."


@pytest.mark.parametrize("text,path,needles", CASES, ids=[short(c[0]) for c in CASES])
def test_case_text_is_refused_with_the_crates_path(text: str, path: Optional[str], needles: List[str]) -> None:
    check(refusal(lambda: edx_coverage.evaluate(text)), path, needles)
    check(refusal(lambda: edx_coverage.evaluate_json(text)), path, needles)
    # In a batch, the path starts with the case's place.
    err = refusal(lambda: edx_coverage.evaluate_many([with_r252(""), text]))
    want = "cases[1]" if not path else f"cases[1].{path}"
    if path is not None:
        assert err.path == want, err


# As a dict: no duplicate keys, and 1e400 is float("inf"), refused with its path instead.
DICT_CASES = [c for c in CASES if c not in DUPLICATES and c not in BEYOND_F64 and c[0] not in NOT_A_CASE[4:]]


@pytest.mark.parametrize("text,path,needles", DICT_CASES, ids=[short(c[0]) for c in DICT_CASES])
def test_case_dict_is_refused_with_the_crates_path(text: str, path: Optional[str], needles: List[str]) -> None:
    value = json.loads(text)
    check(refusal(lambda: edx_coverage.evaluate(value)), path, needles)


@pytest.mark.parametrize("text,path,needles", POLICIES, ids=[short(c[0]) for c in POLICIES])
def test_policy_is_refused_under_policy(text: str, path: Optional[str], needles: List[str]) -> None:
    want = None if path is None else ("policy" if not path else f"policy.{path}")
    check(refusal(lambda: edx_coverage.evaluate(with_r252(""), text)), want, needles)
    check(refusal(lambda: edx_coverage.evaluate_json(with_r252(""), text)), want, needles)
    err = refusal(lambda: edx_coverage.evaluate_many([with_r252("")], text))
    assert want is None or err.path == want
    if not any(c in text for c in ("1e400", "99999999999999999999", "true,")):
        check(refusal(lambda: edx_coverage.evaluate(with_r252(""), json.loads(text))), want, needles)


@pytest.mark.parametrize("text", ECHO, ids=["code", "kind", "cpt", "field"])
def test_refused_values_are_echoed_at_most_64_characters(text: str) -> None:
    err = refusal(lambda: edx_coverage.evaluate(text))
    assert len(str(err)) < 400
    assert "X" * 64 + "\u2026" in str(err)


def test_accepted_edges_of_the_error_suite() -> None:
    # What tests/errors/ accepts, the binding accepts.
    for given in ["R25.2", "r252", " r25.2 ", "R25..2", "R25.2345", "I10", "S2A", "m62831"]:
        edx_coverage.evaluate({"diagnoses": [{"code": given}]})
    edx_coverage.evaluate(trial_with_days("0"))
    edx_coverage.evaluate(trial_with_days("4294967295"))
    for ok in [1, 99]:
        edx_coverage.evaluate(with_r252(f'"procedures":[{{"cpt":"95886","units":{ok}}}]'))
    edx_coverage.evaluate('{"diagnoses":[' + rep(R252, 1000) + "]}")
    edx_coverage.evaluate(with_r252(""), {})
    edx_coverage.evaluate(with_r252(""), {"min_trial_days": 28})


# --- The binding's own refusals: arguments Python can send that JSON cannot say -------------


@pytest.mark.parametrize(
    "case,path",
    [
        ({"diagnoses": [{"code": "R25.2"}], "findings": {1, 2}}, "findings"),
        ({"diagnoses": [{"code": b"R25.2"}]}, "diagnoses[0].code"),
        ({"diagnoses": [{"code": "R25.2"}], "conservative_trials": [{"therapy": "other", "outcome": "ongoing", "duration_days": float("nan")}]}, "conservative_trials[0].duration_days"),
        ({"diagnoses": [{"code": "R25.2"}], "conservative_trials": [{"therapy": "other", "outcome": "ongoing", "duration_days": float("inf")}]}, "conservative_trials[0].duration_days"),
        ({"diagnoses": [{"code": "R25.\ud800"}]}, "diagnoses[0].code"),
        ({"diagnoses": [{"code": "R25.2"}], (1, 2): 3}, ""),
        (b'{"diagnoses":[{"code":"R25.2"}]}', ""),
        ('{"diagnoses":[{"code":"R25.\ud800"}]}', ""),
        (object(), ""),
    ],
    ids=["set", "bytes-value", "nan", "inf", "surrogate", "tuple-key", "bytes", "surrogate-text", "object"],
)
def test_values_json_cannot_say_are_refused_with_their_path(case, path: str) -> None:
    err = refusal(lambda: edx_coverage.evaluate(case))
    assert err.path == path, err


def test_circular_and_deep_values_are_refused() -> None:
    case = {"diagnoses": [{"code": "R25.2"}]}
    case["findings"] = [case]
    assert refusal(lambda: edx_coverage.evaluate(case)).path == "findings[0]"
    deep: list = []
    for _ in range(100_000):
        deep = [deep]
    refusal(lambda: edx_coverage.evaluate({"diagnoses": deep}))
    refusal(lambda: edx_coverage.evaluate("[" * 100_000 + "]" * 100_000))


def test_non_string_keys_are_refused_as_unknown_fields() -> None:
    # json writes int keys as strings; the crate then refuses the unknown field.
    err = refusal(lambda: edx_coverage.evaluate({"diagnoses": [{"code": "R25.2"}], 1: 2}))
    assert err.path == "" and '"1"' in err.message


def test_argument_errors() -> None:
    case = {"diagnoses": [{"code": "R25.2"}]}
    assert refusal(lambda: edx_coverage.evaluate_json(case)).path == ""
    assert refusal(lambda: edx_coverage.evaluate_json(json.dumps(case), {})).path == "policy"
    assert refusal(lambda: edx_coverage.evaluate_many(case)).path == "cases"
    assert refusal(lambda: edx_coverage.evaluate_many(json.dumps(case))).path == "cases"
    assert refusal(lambda: edx_coverage.evaluate_many(42)).path == "cases"
    assert refusal(lambda: edx_coverage.evaluate_many([case, {1}])).path == "cases[1]"
    assert refusal(lambda: edx_coverage.explain(case, audience="lawyer")).path == "audience"
    assert refusal(lambda: edx_coverage.explain(case, audience=3)).path == "audience"
    kw = {"date": "2025-06-01", "coverage": "Coverage/123", "assertion_id": "A1"}
    for name, bad in [("date", "2025-02-30"), ("date", 20250601), ("coverage", "Coverage 123"),
                      ("coverage", ""), ("assertion_id", " "), ("assertion_id", None)]:
        err = refusal(lambda: edx_coverage.crd(case, **{**kw, name: bad}))
        assert err.path == name, err


def test_invalid_input_is_a_value_error_that_pickles() -> None:
    err = refusal(lambda: edx_coverage.evaluate('{"diagnoses":[{"code":"R2"}]}'))
    assert isinstance(err, ValueError)
    assert err.path == "diagnoses[0].code"
    assert err.message == '"R2" is not an ICD-10-CM code'
    back = pickle.loads(pickle.dumps(err))
    assert (type(back), back.path, back.message, str(back)) == (InvalidInput, err.path, err.message, str(err))
