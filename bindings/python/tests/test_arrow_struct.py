"""The direct struct reader of evaluate_arrow refuses rows in place: every way a struct row
can be refused or taken gives what `evaluate` gives on the same case (a null field is a field
left out), with the same error path and message, in a column of its own and mixed with other
rows, in other Arrow types, sliced, and dictionary-encoded."""

from __future__ import annotations

import json
from typing import Any, List

import pytest

pa = pytest.importorskip("pyarrow")

import edx_coverage  # noqa: E402
from bulk import as_result, expected, no_nulls  # noqa: E402

DX = [{"code": "G62.9"}]
BASE = {"diagnoses": DX, "findings": [{"kind": "fasciculations", "source": "exam"}]}
TRIAL = {"therapy": "physical_therapy", "outcome": "unchanged", "duration_days": 42}
LAB = {"test": "tsh", "result": "normal"}
NCS = {"cpt": "95909", "units": 1, "studies": 5}

# One case per way in: each is refused (or taken) by the reader in place.
CASES: List[Any] = [
    # nulls at each level
    None,
    {"diagnoses": None},
    {"findings": BASE["findings"]},
    {"diagnoses": [None]},
    {"diagnoses": [{"code": "G62.9"}, None]},
    {"diagnoses": [{"code": None}]},
    {"diagnoses": [{}]},
    {**BASE, "findings": [None]},
    {**BASE, "findings": [{"kind": None, "status": "present"}]},
    {**BASE, "findings": [{"kind": "fasciculations", "status": None, "source": None}]},
    {**BASE, "conservative_trials": [None]},
    {**BASE, "conservative_trials": [{**TRIAL, "therapy": None}]},
    {**BASE, "conservative_trials": [{**TRIAL, "outcome": None}]},
    {**BASE, "conservative_trials": [{**TRIAL, "duration_days": None}]},
    {**BASE, "labs": [None]},
    {**BASE, "labs": [{**LAB, "test": None}]},
    {**BASE, "labs": [{**LAB, "result": None}]},
    {**BASE, "differential": [None]},
    {**BASE, "differential": ["motor_neuron_disease", None]},
    {**BASE, "procedures": [None]},
    {**BASE, "procedures": [{**NCS, "cpt": None}]},
    {**BASE, "procedures": [{**NCS, "units": None, "studies": None}]},
    {**BASE, "needle_emg_exceptions": [None]},
    {**BASE, "schema_version": None},
    # empty lists
    {"diagnoses": []},
    {**BASE, "findings": [], "conservative_trials": [], "labs": [], "differential": [], "procedures": [],
     "needle_emg_exceptions": []},
    # bad words and codes, in every list
    {"diagnoses": [{"code": "R2"}]},
    {"diagnoses": [{"code": "G62.9"}, {"code": "x" * 100}]},
    {**BASE, "findings": [{"kind": "fasiculations"}]},
    {**BASE, "findings": [{"kind": "fasciculations", "status": "maybe"}]},
    {**BASE, "findings": [{"kind": "fasciculations", "source": "rumour"}]},
    {**BASE, "conservative_trials": [{**TRIAL, "therapy": "yoga"}]},
    {**BASE, "conservative_trials": [{**TRIAL, "outcome": "better"}]},
    {**BASE, "conservative_trials": [{**TRIAL, "duration_days": -3}]},
    {**BASE, "conservative_trials": [{**TRIAL, "duration_days": 2**32}]},
    {**BASE, "labs": [{**LAB, "test": "calcium"}]},
    {**BASE, "labs": [{**LAB, "result": "odd"}]},
    {**BASE, "differential": ["motor_neuron_disease", "other"]},
    {**BASE, "procedures": [{"cpt": "12345"}]},
    {**BASE, "procedures": [{**NCS, "units": 0}]},
    {**BASE, "procedures": [{**NCS, "units": 100}]},
    {**BASE, "procedures": [{**NCS, "units": -1}]},
    {**BASE, "procedures": [{**NCS, "studies": 0}]},
    {**BASE, "procedures": [{**NCS, "studies": 100}]},
    {**BASE, "procedures": [{"cpt": "95886", "studies": 3}]},
    {**BASE, "needle_emg_exceptions": ["bogus"]},
    {**BASE, "schema_version": 2},
    {**BASE, "schema_version": -1},
    {**BASE, "schema_version": 1},
    # the builder's own refusals
    {**BASE, "findings": [{"kind": "fasciculations"}, {"kind": "fasciculations", "status": "absent"}]},
    # unknown fields, set or null, at the root and in entries
    {**BASE, "extra": None},
    {**BASE, "extra": {"a": 1}},
    {**BASE, "extra": {"a": None}},
    {**BASE, "diagnoses": [{"code": "G62.9", "note": "x"}]},
    {**BASE, "diagnoses": [{"code": "G62.9", "note": None}]},
    {**BASE, "labs": [{**LAB, "note": "x"}]},
    {**BASE, "procedures": [{**NCS, "modifier": "26"}]},
    # lists over the limit
    {"diagnoses": DX * 1001},
    {**BASE, "findings": [{"kind": "fasciculations"}] * 1001},
    {**BASE, "needle_emg_exceptions": ["patient_declined"] * 1001},
    # the first refusal wins, in the JSON path's order
    {"diagnoses": [{"code": "R2"}], "extra": {"a": 2}},
    {"diagnoses": [{"code": "R2"}], "findings": [{"kind": "fasiculations"}]},
    {"diagnoses": [{"code": "G62.9", "note": "x"}, {"code": "R2"}]},
    {"diagnoses": [{"code": "R2", "note": "x"}]},
    {**BASE, "schema_version": 2, "diagnoses": [{"code": "R2"}]},
    {**BASE, "procedures": [{"cpt": "95886", "studies": 3}], "needle_emg_exceptions": ["bogus"]},
    {**BASE, "procedures": [{"cpt": "95886", "studies": 3}, {"cpt": "12345"}]},
    {**BASE, "conservative_trials": [{**TRIAL, "therapy": "yoga", "outcome": "better"}]},
    {"diagnoses": DX * 1001, "findings": [{"kind": "fasiculations"}]},
]


def rows(result) -> List[Any]:
    return [as_result(r) for r in result.to_pylist()]


def want(cases: List[Any]) -> List[Any]:
    return [expected(no_nulls(c)) for c in cases]


def struct_rows(column) -> List[Any]:
    return rows(edx_coverage.evaluate_arrow(pa.table({"case": column})))


def text_rows(cases: List[Any]) -> List[Any]:
    texts = [None if c is None else json.dumps(no_nulls(c)) for c in cases]
    return rows(edx_coverage.evaluate_arrow(pa.table({"case": texts})))


# A null row alone is a column of the null type: it is tested among the others below.
@pytest.mark.parametrize("case", [c for c in CASES if c is not None], ids=lambda c: json.dumps(c)[:80])
def test_each_row_alone_equals_evaluate(case):
    assert struct_rows(pa.array([case])) == want([case]) == text_rows([case])


def test_all_rows_in_one_column_equal_evaluate():
    column = pa.array(CASES)
    assert struct_rows(column) == want(CASES)
    # Sliced (an offset into every child array) and in chunks of a table, the struct-in-
    # struct field `extra` included (see test_sliced_struct_in_struct_is_read below).
    for start, length in ((1, 30), (7, len(CASES) - 7), (len(CASES) - 3, 3)):
        assert struct_rows(column.slice(start, length)) == want(CASES[start:start + length])
    chunked = pa.chunked_array([column.slice(0, 20), column.slice(20)])
    assert struct_rows(chunked) == want(CASES)


# A struct column of a sliced table or record batch whose case struct holds a struct (here
# the unknown field `extra`, and a struct inside the diagnoses' entries): arrow-rs 57 panics
# importing it (pyarrow slices a struct by its own offset, arrow-rs applies that offset to the
# nested struct twice). A pyarrow Table or RecordBatch is read again from an unsliced copy.
NESTED = [
    {**BASE, "extra": {"a": 1}},
    {**BASE, "extra": None},
    {"diagnoses": [{"code": "R25.2", "more": {"b": None}}], "extra": None},
    {"diagnoses": [{"code": "G62.9"}], "extra": {"a": None}},
    {**BASE, "extra": None},
]


@pytest.mark.parametrize("start", [1, 2, 4])
def test_sliced_struct_in_struct_is_read(start):
    table = pa.table({"case": pa.array(NESTED), "n": list(range(len(NESTED)))})
    expect = want(NESTED[start:])
    assert rows(edx_coverage.evaluate_arrow(table.slice(start))) == expect
    batch = table.to_batches()[0].slice(start)
    result = edx_coverage.evaluate_arrow(batch)
    assert isinstance(result, pa.RecordBatch)
    assert rows(result) == expect
    # The column alone, sliced and then put in a table.
    assert struct_rows(pa.array(NESTED).slice(start)) == expect


def test_sliced_struct_in_struct_stream_is_refused_not_a_panic():
    # A stream can be read only once: it is refused, with the way out in the message.
    batch = pa.table({"case": pa.array(NESTED)}).to_batches()[0].slice(1)
    reader = pa.RecordBatchReader.from_batches(batch.schema, [batch])
    with pytest.raises(edx_coverage.InvalidInput) as info:
        edx_coverage.evaluate_arrow(reader)
    assert info.value.path == "data"
    assert "unsliced copy" in info.value.message


def _retyped(t, text, whole):
    if pa.types.is_string(t):
        return text
    if pa.types.is_integer(t):
        return whole
    if pa.types.is_list(t):
        return pa.large_list(_retyped(t.value_type, text, whole))
    if pa.types.is_struct(t):
        return pa.struct([f.with_type(_retyped(f.type, text, whole)) for f in t])
    return t


@pytest.mark.parametrize("text, whole", [
    (pa.large_string(), pa.int32()),
    (pa.string_view(), pa.int16()),
    (pa.string(), pa.uint8()),
    (pa.dictionary(pa.int32(), pa.string()), pa.uint32()),
    (pa.dictionary(pa.int8(), pa.large_string()), pa.int64()),
], ids=str)
def test_other_arrow_types_are_refused_alike(text, whole):
    # (The cases whose numbers the smaller integer types cannot hold are left out.)
    small = [c for c in CASES if not any(n in json.dumps(c) for n in ("4294967296", "-3", "-1"))]
    column = pa.array(small)
    other = column.cast(_retyped(column.type, text, whole))
    assert struct_rows(other) == want(small)


WRONG_TYPES: List[Any] = [
    # (and unknown fields of other types than in CASES: one column cannot hold both)
    {**BASE, "extra": 1},
    {**BASE, "extra": []},
    {**BASE, "extra": [None]},
    {"diagnoses": [{"code": 5}]},
    {"diagnoses": [{"code": -5}]},
    {**BASE, "findings": [{"kind": 1}]},
    {**BASE, "findings": [{"kind": "fasciculations", "status": 2}]},
    {**BASE, "conservative_trials": [{**TRIAL, "duration_days": "42"}]},
    {**BASE, "procedures": [{**NCS, "units": "2"}]},
    {**BASE, "procedures": [{**NCS, "studies": "five"}]},
    {**BASE, "procedures": [{"cpt": 95909}]},
    {**BASE, "differential": [1, 2]},
    {**BASE, "needle_emg_exceptions": [3]},
    {**BASE, "schema_version": "1"},
]


@pytest.mark.parametrize("case", WRONG_TYPES, ids=lambda c: json.dumps(c)[:80])
def test_wrong_types_and_other_unknowns_are_refused_alike(case):
    assert struct_rows(pa.array([case])) == want([case]) == text_rows([case])


def test_null_typed_fields_are_fields_left_out():
    # pyarrow gives a field that is null in every row the null type, at every depth.
    cases = [
        {"diagnoses": DX, "findings": None, "extra": None},
        {"diagnoses": [{"code": "G62.9", "note": None}], "differential": [None]},
        {"diagnoses": [{"code": None}]},
        {"diagnoses": [None, None]},
    ]
    for case in cases:
        column = pa.array([case])
        assert struct_rows(column) == want([case]), column.type
    column = pa.array([{"diagnoses": DX, "labs": [{"test": "tsh", "result": None}]}])
    assert pa.types.is_null(column.type.field("labs").type.value_type.field("result").type)
    assert struct_rows(column) == want([{"diagnoses": DX, "labs": [{"test": "tsh"}]}])


def test_nested_null_struct_entries_with_values_under_them():
    # A null entry whose child arrays hold values (as a struct built from its parts can):
    # the entry is null, whatever is under it.
    codes = pa.array(["G62.9", "R2"])
    entries = pa.StructArray.from_arrays([codes], names=["code"], mask=pa.array([False, True]))
    lists = pa.ListArray.from_arrays(pa.array([0, 1, 2], pa.int32()), entries)
    cases = pa.StructArray.from_arrays([lists], names=["diagnoses"])
    assert struct_rows(cases) == want([{"diagnoses": DX}, {"diagnoses": [None]}])
    # And when what is under the null entry would read as a valid one: still refused as null.
    codes = pa.array(["G62.9", "R25.2"])
    entries = pa.StructArray.from_arrays([codes], names=["code"], mask=pa.array([False, True]))
    lists = pa.ListArray.from_arrays(pa.array([0, 1, 2], pa.int32()), entries)
    kinds = pa.StructArray.from_arrays([pa.array(["numbness", "numbness"])], names=["kind"],
                                       mask=pa.array([True, False]))
    findings = pa.ListArray.from_arrays(pa.array([0, 1, 2], pa.int32()), kinds)
    cases = pa.StructArray.from_arrays([lists, findings], names=["diagnoses", "findings"])
    got = struct_rows(cases)
    assert got == want([{"diagnoses": DX, "findings": [None]}, {"diagnoses": [None], "findings": [{"kind": "numbness"}]}])
    assert [r[1] for r in got] == ["findings[0]", "diagnoses[0]"]


def test_rows_past_the_first_thousand_read_alike():
    # The lists are read a run of rows at a time (1,024): a column of several runs, valid and
    # refused rows mixed, and slices that start and end inside a run, give what `evaluate`
    # gives for each row.
    cases = [c for c in CASES if c is not None]
    many = [cases[i % len(cases)] for i in range(2_600)]
    column = pa.array(many)
    assert struct_rows(column) == want(many)
    for start, length in ((1_000, 100), (1_023, 1_026), (5, 2_590)):
        assert struct_rows(column.slice(start, length)) == want(many[start:start + length])


def test_a_null_list_over_refused_entries_holds_none_of_them():
    # A null list's offsets may cover entries (as a list built from its parts can). They are
    # not the row's, nor are their refusals: each list's entries are read for the whole batch
    # before any row, and a row takes only the refusals inside its own list.
    entries = pa.array([{"kind": "fasciculations"}, {"kind": "nope"}, {"kind": "numbness"},
                        {"kind": "also-nope"}, {"kind": "nocturnal_cramps"}, {"kind": "still-nope"}])
    offsets = pa.array([0, 1, 2, 3, 4, 6], pa.int32())
    lists = pa.ListArray.from_arrays(offsets, entries, mask=pa.array([False, True, False, True, False]))
    assert lists.null_count == 2
    column = pa.StructArray.from_arrays([pa.array([DX] * 5), lists], names=["diagnoses", "findings"])
    cases = [
        {"diagnoses": DX, "findings": [{"kind": "fasciculations"}]},
        {"diagnoses": DX},
        {"diagnoses": DX, "findings": [{"kind": "numbness"}]},
        {"diagnoses": DX},
        # The refused entry is this row's second: the path names it.
        {"diagnoses": DX, "findings": [{"kind": "nocturnal_cramps"}, {"kind": "still-nope"}]},
    ]
    got = struct_rows(column)
    assert got == want(cases)
    assert [r[1] if isinstance(r, tuple) else None for r in got] == [None, None, None, None, "findings[1].kind"]
    for start in range(1, 5):
        assert struct_rows(column.slice(start)) == want(cases[start:])


def test_duplicate_field_names_go_the_json_way():
    codes = pa.array([[{"code": "G62.9"}], [{"code": "R2"}]])
    column = pa.StructArray.from_arrays([codes, pa.array([1, None])], names=["diagnoses", "diagnoses"])
    got = struct_rows(column)
    assert got[0] == ("error", "", 'field "diagnoses" appears more than once')
    assert got[1] == expected({"diagnoses": [{"code": "R2"}]})


def test_deeply_nested_unknown_field_goes_the_json_way():
    deep: Any = 1
    for _ in range(40):
        deep = {"a": deep}
    case = {"diagnoses": DX, "extra": deep}
    assert struct_rows(pa.array([case])) == want([case])


# The reader keeps each code text it parsed (bindings/python/src/parsed.rs): a text of up to
# 16 bytes is read as two overlapping words, so texts of every length, texts that differ in
# one byte only (the first, the last, one across the 4- and 8-byte seams) and texts with
# spaces around them must each give their own parse, again and again in one batch.
CODE_TEXTS = [
    "R", "R2", "R25", "R25.", "R25.2", "R25.20", "G62.9", "G62.90", "G62.8", "H62.9", "G62.9 ",
    " G62.9", "M79.10", "M79.18", "M79.1", "M79.1 ", "E11.42", "E11.4", "F11.42", "E11.43",
    "  R25.2  ", "   R25.2    ", "R25.2       x", "G56.01      ", "G56.01     ", "G56.02      ",
    "1234567890123456", "1234567890123457", "0234567890123456", "12345678901234567",
]
CPT_TEXTS = [
    "95886", "95885", "95887", "95907", "95908", "95913", "95886 ", " 95886", "9588", "958866",
    "95886       ", "95886        ", "95886      x", "1234567890123456", "1234567890123457",
]


def test_code_texts_of_every_length_each_give_their_own_parse():
    cases = [
        {**BASE, "diagnoses": [{"code": dx}], "procedures": [{"cpt": cpt, "units": 1}]}
        for _ in range(3)
        for i, dx in enumerate(CODE_TEXTS)
        for cpt in CPT_TEXTS[:4] + [CPT_TEXTS[i % len(CPT_TEXTS)]]
    ] + [
        {**BASE, "procedures": [{"cpt": cpt}]} for _ in range(3) for cpt in CPT_TEXTS
    ]
    got = struct_rows(pa.array(cases))
    assert got == want(cases)
    # Not all refused: the valid codes were read as themselves.
    assert sum(1 for r in got if isinstance(r, dict)) > len(cases) // 4
