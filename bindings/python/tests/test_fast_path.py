"""A dict is read straight into the crate's types when it is plain (exact dict, list, str,
int, bool); anything else goes the way through JSON text. Both ways give the same answer,
key order included, and the same refusals.
"""

from __future__ import annotations

import collections
import json
import sys

import pytest

import edx_coverage
from conftest import load, ruleset_number, vignette_files

FILES = [p for p in vignette_files() if load(p).get("ruleset", 1) <= ruleset_number()]


class Dict(dict):
    """A dict subclass: not read directly, so it takes the way through text."""


class Str(str):
    """A str subclass, likewise."""


def slow_copy(value):
    """The same document made of subclasses and tuples, which the fast way gives up on."""
    if isinstance(value, dict):
        return Dict({Str(k): slow_copy(v) for k, v in value.items()})
    if isinstance(value, list):
        return tuple(slow_copy(v) for v in value)
    if isinstance(value, str):
        return Str(value)
    return value


@pytest.mark.parametrize("path", FILES, ids=[p.stem for p in FILES])
def test_both_ways_give_the_same_dict_in_the_same_order(path) -> None:
    doc = load(path)
    case, policy = doc["case"], doc.get("policy")
    got = edx_coverage.evaluate(case, policy)
    policy_text = json.dumps(policy) if policy is not None else None
    text = edx_coverage.evaluate_json(json.dumps(case), policy_text)
    # json.dumps keeps the dict's key order, so equal text means equal order too.
    assert json.dumps(got) == json.dumps(json.loads(text))
    assert edx_coverage.evaluate(slow_copy(case), slow_copy(policy)) == got
    assert edx_coverage.evaluate(json.dumps(case), policy_text) == got
    assert edx_coverage.evaluate_many([case, slow_copy(case)], policy) == [got, got]


def strings_copy(value, make):
    """The same document with every key and str value remade by `make`."""
    if isinstance(value, dict):
        return {make(k): strings_copy(v, make) for k, v in value.items()}
    if isinstance(value, list):
        return [strings_copy(v, make) for v in value]
    if isinstance(value, str):
        return make(value)
    return value


def fresh(text: str) -> str:
    """An equal str that is a new object, not the interned one."""
    return "".join(list(text))


@pytest.mark.parametrize("path", FILES, ids=[p.stem for p in FILES])
def test_interned_and_fresh_strings_read_alike(path) -> None:
    # Keys and words written in Python source are interned (the same objects as the
    # binding's names, matched by identity); those from json.loads or built at run time are
    # not (matched by hash and text). Both must read alike, and like the text.
    doc = load(path)
    case, policy = doc["case"], doc.get("policy")
    policy_text = json.dumps(policy) if policy is not None else None
    want = json.loads(edx_coverage.evaluate_json(json.dumps(case), policy_text))
    want_plan = edx_coverage.plan(json.dumps(case), policy_text)
    for make in (sys.intern, fresh):
        c, p = strings_copy(case, make), strings_copy(policy, make)
        assert json.dumps(edx_coverage.evaluate(c, p)) == json.dumps(want)
        assert edx_coverage.evaluate_many([c, c], p) == [want, want]
        assert json.dumps(edx_coverage.plan(c, p)) == json.dumps(want_plan)
        assert edx_coverage.plan(slow_copy(c), slow_copy(p)) == want_plan


def test_key_objects_shared_by_entries_in_any_order_read_alike() -> None:
    # The fast way knows a key object it met in an earlier entry of the same kind without
    # reading its text again; entries whose keys are the same objects in other orders, or
    # equal keys that are other objects, must read as the text does.
    kind, status, source, test, result = (fresh(k) for k in ("kind", "status", "source", "test", "result"))
    case = {
        "diagnoses": [{"code": "R25.2"}, {fresh("code"): "G12.21"}],
        "findings": [
            {kind: "fasciculations", status: "present", source: "exam"},
            {source: "history", kind: "numbness", status: "absent"},
            {status: "present", kind: "muscle_weakness"},
            {fresh("kind"): "progressive_course", fresh("source"): "history"},
            {kind: "sensory_loss"},
        ],
        "labs": [{result: "normal", test: "calcium"}, {test: "creatine_kinase", result: "abnormal"}],
    }
    want = json.loads(edx_coverage.evaluate_json(json.dumps(case)))
    assert json.dumps(edx_coverage.evaluate(case)) == json.dumps(want)
    assert edx_coverage.evaluate_many([case, case]) == [want, want]
    # A key object met before, now in an entry of another kind: read by its text there.
    case["labs"].append({kind: "magnesium"})
    assert same_refusal(case).path == "labs[2]"


def test_an_interned_word_of_another_vocabulary_is_refused_as_text() -> None:
    # "unchanged" is a trial outcome, not a finding kind: identity with another table's
    # name must not make it one.
    case = {"diagnoses": [{"code": "R25.2"}], "findings": [{"kind": sys.intern("unchanged")}]}
    with pytest.raises(edx_coverage.InvalidInput) as from_dict:
        edx_coverage.evaluate(case)
    with pytest.raises(edx_coverage.InvalidInput) as from_text:
        edx_coverage.evaluate(json.dumps(case))
    assert str(from_dict.value) == str(from_text.value)
    with pytest.raises(edx_coverage.InvalidInput) as planned:
        edx_coverage.plan(case)
    assert str(planned.value) == str(from_text.value)


def test_results_do_not_share_lists() -> None:
    case = {"diagnoses": [{"code": "R25.2"}]}
    first = edx_coverage.evaluate(case)
    first["reasons"].clear()
    first["red_flags"].append("x")
    first["ruleset"] = "x"
    first["reasons"] = None
    second = edx_coverage.evaluate(case)
    assert second["reasons"] and "x" not in second["red_flags"]
    assert second["ruleset"] == edx_coverage.RULESET


@pytest.mark.parametrize(
    "case, path",
    [
        ({"diagnoses": [{"code": "R25.2"}], "x": 1}, ""),
        ({"diagnoses": []}, "diagnoses"),
        ({"diagnoses": [{"code": "R2"}]}, "diagnoses[0].code"),
        ({"diagnoses": [{"code": "R25.2", "extra": 1}]}, "diagnoses[0]"),
        ({"diagnoses": [{"code": "R25.2"}], "schema_version": True}, "schema_version"),
        ({"diagnoses": [{"code": "R25.2"}], "schema_version": 2}, "schema_version"),
        ({"diagnoses": [{"code": "R25.2"}], "findings": [{"kind": "fasiculations"}]}, "findings[0].kind"),
        (
            {
                "diagnoses": [{"code": "R25.2"}],
                "conservative_trials": [{"therapy": "stretching", "outcome": "unchanged", "duration_days": True}],
            },
            "conservative_trials[0].duration_days",
        ),
        (
            {
                "diagnoses": [{"code": "R25.2"}],
                "conservative_trials": [{"therapy": "stretching", "outcome": "unchanged", "duration_days": 1.0}],
            },
            "conservative_trials[0].duration_days",
        ),
        (
            {
                "diagnoses": [{"code": "R25.2"}],
                "conservative_trials": [{"therapy": "stretching", "outcome": "unchanged", "duration_days": -1}],
            },
            "conservative_trials[0].duration_days",
        ),
        ({"diagnoses": [{"code": "R25.2"}], "procedures": [{"cpt": "95886", "studies": 2}]}, "procedures[0].studies"),
        ({"diagnoses": [{"code": "R25.2"}], "procedures": [{"cpt": "95886", "units": 0}]}, "procedures[0].units"),
        ({"diagnoses": [{"code": "R25.2"}] * 1001}, "diagnoses"),
    ],
)
def test_refusals_are_the_texts(case, path: str) -> None:
    with pytest.raises(edx_coverage.InvalidInput) as from_dict:
        edx_coverage.evaluate(case)
    with pytest.raises(edx_coverage.InvalidInput) as from_text:
        edx_coverage.evaluate(json.dumps(case))
    assert from_dict.value.path == path
    assert str(from_dict.value) == str(from_text.value)
    with pytest.raises(edx_coverage.InvalidInput) as in_batch:
        edx_coverage.evaluate_many([{"diagnoses": [{"code": "R25.2"}]}, case])
    assert in_batch.value.path == f"cases[1].{path}".rstrip(".")


def test_policy_dicts_both_ways() -> None:
    case = {"diagnoses": [{"code": "R25.2"}]}
    policy = {"require_differential": True, "min_trial_days": 0}
    want = edx_coverage.evaluate(json.dumps(case), json.dumps(policy))
    assert edx_coverage.evaluate(case, policy) == want
    assert edx_coverage.evaluate(case, collections.OrderedDict(policy)) == want
    with pytest.raises(edx_coverage.InvalidInput) as refused:
        edx_coverage.evaluate(case, {"require_differential": 1})
    assert refused.value.path == "policy.require_differential"


class Liar(str):
    """A str subclass that is equal to nothing and hashes alike: two with one text are two
    keys of one dict."""

    def __eq__(self, other):
        return self is other

    def __hash__(self):
        return 0


def same_refusal(case, policy=None) -> edx_coverage.InvalidInput:
    """The refusal of `case` as a dict, the same as in a batch and (when the json module can
    write it) as text."""
    with pytest.raises(edx_coverage.InvalidInput) as from_dict:
        edx_coverage.evaluate(case, policy)
    with pytest.raises(edx_coverage.InvalidInput) as in_batch:
        edx_coverage.evaluate_many([{"diagnoses": [{"code": "R25.2"}]}, case], policy)
    assert in_batch.value.path == f"cases[1].{from_dict.value.path}".rstrip(".")
    assert in_batch.value.message == from_dict.value.message
    with pytest.raises(edx_coverage.InvalidInput) as planned:
        edx_coverage.plan(case, policy)
    assert str(planned.value) == str(from_dict.value)
    return from_dict.value


def test_keys_and_words_are_read_by_their_text_only_from_exact_str() -> None:
    # The fast way reads the text of exact `str` objects; a subclass (whatever its __eq__ and
    # __hash__ say), or text with non-ASCII or NUL characters, is left to the way through
    # text, which reads a subclass by its text too.
    want = edx_coverage.evaluate_json(
        '{"diagnoses":[{"code":"R25.2"}],"findings":[{"kind":"fasciculations","source":"exam"}]}')
    case = {Liar("diagnoses"): [{Liar("code"): Liar("R25.2")}],
            Liar("findings"): [{Liar("kind"): Liar("fasciculations"), "source": Liar("exam")}]}
    assert edx_coverage.evaluate(case) == json.loads(want)
    assert edx_coverage.evaluate_many([case]) == [json.loads(want)]
    for bad in ["fasciculatïons", "fasciculations\x00", "Fasciculations", "fasciculation", ""]:
        case = {"diagnoses": [{"code": "R25.2"}], "findings": [{"kind": bad}]}
        err = same_refusal(case)
        with pytest.raises(edx_coverage.InvalidInput) as from_text:
            edx_coverage.evaluate(json.dumps(case))
        assert str(err) == str(from_text.value) and err.path == "findings[0].kind"
    for bad in ["kïnd", "kind\x00", "KIND", "kin", "kinds"]:
        case = {"diagnoses": [{"code": "R25.2"}], "findings": [{bad: "numbness"}]}
        err = same_refusal(case)
        with pytest.raises(edx_coverage.InvalidInput) as from_text:
            edx_coverage.evaluate(json.dumps(case))
        assert str(err) == str(from_text.value) and err.path == "findings[0]"


def test_a_key_twice_is_refused_as_in_text() -> None:
    # Two keys with one text fit in a dict only through a subclass like Liar; the way through
    # text writes both, and the crate refuses the duplicated field as it does in JSON text.
    case = {"diagnoses": [{"code": "R25.2"}],
            "findings": [{Liar("kind"): "numbness", Liar("kind"): "fasciculations"}]}
    err = same_refusal(case)
    with pytest.raises(edx_coverage.InvalidInput) as from_text:
        edx_coverage.evaluate('{"diagnoses":[{"code":"R25.2"}],'
                              '"findings":[{"kind":"numbness","kind":"fasciculations"}]}')
    assert str(err) == str(from_text.value)
    twice = {"diagnoses": [{"code": "R25.2"}], Liar("diagnoses"): [{"code": "R25.3"}]}
    with pytest.raises(edx_coverage.InvalidInput) as from_text:
        edx_coverage.evaluate('{"diagnoses":[{"code":"R25.2"}],"diagnoses":[{"code":"R25.3"}]}')
    assert str(same_refusal(twice)) == str(from_text.value)


class Kind:
    """Not a str, but equal to "kind" and hashed alike: the dict finds it as "kind"."""

    def __eq__(self, other):
        return other == "kind"

    def __hash__(self):
        return hash("kind")


@pytest.mark.parametrize(
    "case, path",
    [
        ({"diagnoses": [{"code": "R25.2"}], "findings": [{Kind(): "numbness"}]}, "findings[0]"),
        ({"diagnoses": [{"code": "R25.2"}], "findings": [{1: "numbness"}]}, "findings[0]"),
        ({"diagnoses": [{"code": "R25.2"}], "findings": [{None: "numbness"}]}, "findings[0]"),
        ({"diagnoses": [{"code": "R25.2"}], "findings": [{"kind\ud800": "numbness"}]}, "findings[0]"),
        ({"diagnoses": [{"code": "R25.2"}], "findings": [{"kind": "numbness\ud800"}]}, "findings[0].kind"),
        ({"diagnoses": [{"code": "R25.2"}], "\ud800": 1}, ""),
    ],
    ids=["eq-to-kind", "int-key", "none-key", "surrogate-key", "surrogate-word", "surrogate-top-key"],
)
def test_keys_that_are_not_plain_text_are_refused_alike(case, path: str) -> None:
    assert same_refusal(case).path == path


def test_evaluate_many_leaves_the_garbage_collector_as_it_found_it() -> None:
    # evaluate_many builds its results with the collector held off, and restores it however
    # the call ends: answered, a refused case (read directly or through text), a case the
    # json module cannot write, an iterable that raises.
    import gc

    good = {"diagnoses": [{"code": "R25.2"}]}

    def raising():
        yield good
        raise KeyError("from the iterable")

    calls = [
        lambda: edx_coverage.evaluate_many([good, good]),
        lambda: edx_coverage.evaluate_many([good, {"diagnoses": [{"code": "R2"}]}]),
        lambda: edx_coverage.evaluate_many([good, '{"diagnoses":[{"code":"R2"}]}']),
        lambda: edx_coverage.evaluate_many([good, {"diagnoses": [{"code": "R25.2"}], "x": {1}}]),
        lambda: edx_coverage.evaluate_many([good], {"min_trial_days": -1}),
        lambda: edx_coverage.evaluate_many(raising()),
        lambda: edx_coverage.evaluate_many([]),
    ]
    was = gc.isenabled()
    try:
        for enabled in (True, False, True):
            (gc.enable if enabled else gc.disable)()
            for call in calls:
                try:
                    call()
                except (edx_coverage.InvalidInput, KeyError):
                    pass
                assert gc.isenabled() is enabled
    finally:
        (gc.enable if was else gc.disable)()


def test_evaluate_many_from_threads_leaves_the_collector_on() -> None:
    import gc
    from concurrent.futures import ThreadPoolExecutor

    batch = [load(p)["case"] for p in FILES]
    want = edx_coverage.evaluate_many(batch)
    assert gc.isenabled()
    with ThreadPoolExecutor(4) as pool:
        results = list(pool.map(lambda _: edx_coverage.evaluate_many(batch), range(40)))
    assert all(r == want for r in results)
    assert gc.isenabled()
