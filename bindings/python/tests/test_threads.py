"""Threads: 8 threads x 10,000 evaluations give the same answers as one thread.

The crate keeps no state and the binding releases the GIL while the crate works, so
concurrent calls must neither interfere nor change any answer.
"""

from __future__ import annotations

import json
from concurrent.futures import ThreadPoolExecutor
from typing import Any, Dict, List, Optional, Tuple

import edx_coverage
from conftest import load, ruleset_number, vignette_files

THREADS = 8
CALLS_PER_THREAD = 10_000


def inputs() -> List[Tuple[Dict[str, Any], Optional[Dict[str, Any]]]]:
    docs = [load(p) for p in vignette_files()]
    runnable = [d for d in docs if d.get("ruleset", 1) <= ruleset_number()]
    assert runnable
    return [(d["case"], d.get("policy")) for d in runnable]


def test_threads_agree_with_one_thread() -> None:
    work = inputs()
    # The answers of one thread.
    want = [edx_coverage.evaluate(case, policy) for case, policy in work]
    want_text = [json.dumps(w, sort_keys=True) for w in want]

    def worker(seed: int) -> List[str]:
        wrong = []
        for i in range(CALLS_PER_THREAD):
            k = (i * 7 + seed) % len(work)
            case, policy = work[k]
            # Mix the three entry points; every answer must be the one-thread answer.
            mode = (i + seed) % 3
            if mode == 0:
                got = edx_coverage.evaluate(case, policy)
            elif mode == 1:
                got = json.loads(
                    edx_coverage.evaluate_json(json.dumps(case), None if policy is None else json.dumps(policy))
                )
            else:
                got = edx_coverage.evaluate_many([case], policy)[0]
            if json.dumps(got, sort_keys=True) != want_text[k]:
                wrong.append(f"thread {seed} call {i}: case {k}")
        return wrong

    with ThreadPoolExecutor(max_workers=THREADS) as pool:
        results = list(pool.map(worker, range(THREADS)))
    problems = [p for r in results for p in r]
    assert not problems, problems[:10]
    assert sum(1 for _ in results) == THREADS


def test_evaluate_many_in_threads() -> None:
    work = inputs()
    batch = [case for case, policy in work if policy is None] * 50
    want = edx_coverage.evaluate_many(batch)
    with ThreadPoolExecutor(max_workers=THREADS) as pool:
        results = list(pool.map(lambda _: edx_coverage.evaluate_many(batch), range(THREADS * 4)))
    assert all(r == want for r in results)
