"""Per-call cost of the Python binding (a report, not a test): python bench.py

Times evaluate(dict), evaluate(str), evaluate_json(str) and evaluate_many on the typical case
of the crate's benches (benches/common/mod.rs, TYPICAL) and on the shared vignettes, and the
json-module work inside a call, for the breakdown. Each figure is the best of several
repeats, in microseconds per case, of the process's CPU time (time.process_time), not wall
time: on a shared machine, time spent waiting for a core is not the binding's cost.
"""

from __future__ import annotations

import json
import re
import sys
import time
import timeit
from pathlib import Path

import edx_coverage

REPO = Path(__file__).resolve().parents[2]
REPEATS = 7


def typical_case() -> dict:
    # TYPICAL is `concat!("{", typical_record!(), "\n}")`: the members come from the macro.
    source = (REPO / "benches" / "common" / "mod.rs").read_text(encoding="utf-8")
    match = re.search(r'macro_rules! typical_record \{\s*\(\) => \{\s*r#"(.*?)"#', source, re.S)
    if not match:
        sys.exit("typical_record! not found in benches/common/mod.rs")
    return json.loads("{" + match.group(1) + "\n}")


def vignettes() -> list:
    directory = REPO / "tests" / "fixtures" / "vignettes"
    number = int(edx_coverage.RULESET.rsplit("/", 1)[1])
    docs = [json.loads(p.read_text(encoding="utf-8")) for p in sorted(directory.glob("*.json"))]
    return [d["case"] for d in docs if d.get("ruleset", 1) <= number]


def literal(value) -> str:
    """`value` (dicts, lists, strings, numbers, booleans, None) as Python source."""
    if isinstance(value, dict):
        return "{" + ", ".join(f"{k!r}: {literal(v)}" for k, v in value.items()) + "}"
    if isinstance(value, list):
        return "[" + ", ".join(literal(v) for v in value) + "]"
    return repr(value)


def as_literals(results: list):
    """A function that returns a list equal to `results`, written as one Python literal: each
    dict made by BUILD_CONST_KEY_MAP and each list by BUILD_LIST, the keys and words shared
    constants. What CPython itself takes to make (and, once dropped, free) the objects of
    `evaluate_many`'s result, with no reading and no evaluation: the floor of any binding
    that returns dicts."""
    source = "def make():\n    return [\n" + "".join(f"        {literal(r)},\n" for r in results) + "    ]\n"
    space: dict = {}
    exec(compile(source, "<results as literals>", "exec"), space)
    make = space["make"]
    if make() != results:
        sys.exit("the literal results differ from evaluate_many's")
    return make


def per_call_us(fn, cases_per_call: int = 1, target_s: float = 0.2) -> float:
    timer = timeit.Timer(fn, timer=time.process_time)
    number, _ = timer.autorange()
    number = max(1, int(number * target_s / 0.2))
    best = min(timer.repeat(repeat=REPEATS, number=number))
    return best / number / cases_per_call * 1e6


def main() -> None:
    typical = typical_case()
    typical_text = json.dumps(typical)
    alone = {"diagnoses": [{"code": "R25.2"}]}
    batch = vignettes()
    batch_text = [json.dumps(c) for c in batch]
    out_text = edx_coverage.evaluate_json(typical_text)
    encoder = json.JSONEncoder(ensure_ascii=False, allow_nan=False, separators=(",", ":"))

    rows = [
        ("evaluate(dict), typical", per_call_us(lambda: edx_coverage.evaluate(typical))),
        ("evaluate(dict), r25.2 alone", per_call_us(lambda: edx_coverage.evaluate(alone))),
        ("evaluate(str), typical", per_call_us(lambda: edx_coverage.evaluate(typical_text))),
        ("evaluate_json(str), typical", per_call_us(lambda: edx_coverage.evaluate_json(typical_text))),
        (
            f"evaluate_many(dicts), {len(batch)} vignettes, per case",
            per_call_us(lambda: edx_coverage.evaluate_many(batch), len(batch)),
        ),
        (
            f"  floor: the same {len(batch)} results as Python literals, made and freed, per case",
            per_call_us(as_literals(edx_coverage.evaluate_many(batch)), len(batch)),
        ),
        (
            f"evaluate_many(dicts) x20 = {20 * len(batch)} cases, per case",
            per_call_us(lambda: edx_coverage.evaluate_many(batch * 20), 20 * len(batch)),
        ),
        (
            f"evaluate_many(str), {len(batch)} vignettes, per case",
            per_call_us(lambda: edx_coverage.evaluate_many(batch_text), len(batch)),
        ),
        (
            f"evaluate(dict) in a loop, {len(batch)} vignettes, per case",
            per_call_us(lambda: [edx_coverage.evaluate(c) for c in batch], len(batch)),
        ),
        (
            f"evaluate_json(str) in a loop, {len(batch)} vignettes, per case",
            per_call_us(lambda: [edx_coverage.evaluate_json(c) for c in batch_text], len(batch)),
        ),
        ("  of which json encode (dict -> text), typical", per_call_us(lambda: encoder.encode(typical))),
        ("  of which json.loads (result text -> dict), typical", per_call_us(lambda: json.loads(out_text))),
        ("plan(dict), typical", per_call_us(lambda: edx_coverage.plan(typical))),
        ("explain(dict), typical", per_call_us(lambda: edx_coverage.explain(typical))),
        ("cds_card(dict), typical", per_call_us(lambda: edx_coverage.cds_card(typical))),
    ]
    print(f"edx_coverage {edx_coverage.__version__} ({edx_coverage.RULESET}), Python {sys.version.split()[0]}")
    width = max(len(name) for name, _ in rows)
    for name, us in rows:
        print(f"{name:<{width}}  {us:8.2f} us")


if __name__ == "__main__":
    main()
