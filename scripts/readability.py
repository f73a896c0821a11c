#!/usr/bin/env python3
"""Flesch-Kincaid grade of each vignette's explanation, per audience.

Runs the `evaluate` example with `--format text --audience A` on every vignette in
tests/fixtures/vignettes (its `case`, and its `policy` when it has one) and scores the text
with textstat's `flesch_kincaid_grade`. The target: every patient text at grade 8
or below. Exit status 1 when a patient text is above `--max-patient` (default 8).

Needs textstat 0.7.3 (it counts syllables with pyphen and works offline):

    python3 -m venv .venv && .venv/bin/pip install textstat==0.7.3
    .venv/bin/python scripts/readability.py

The example is built with `cargo build --example evaluate` (CARGO_TARGET_DIR is honoured).
"""

import argparse
import json
import os
import subprocess
import sys
import tempfile
from pathlib import Path

import textstat

ROOT = Path(__file__).resolve().parent.parent
AUDIENCES = ["patient", "clinician", "coder"]


def example_binary() -> str:
    out = subprocess.run(
        ["cargo", "build", "--quiet", "--example", "evaluate", "--message-format=json"],
        cwd=ROOT, check=True, capture_output=True, text=True,
    ).stdout
    for line in out.splitlines():
        msg = json.loads(line)
        if msg.get("reason") == "compiler-artifact" and msg["target"]["name"] == "evaluate":
            if msg.get("executable"):
                return msg["executable"]
    sys.exit("cargo reported no executable for the evaluate example")


def explain(binary: str, vignette: dict, audience: str, tmp: Path) -> str:
    case = tmp / "case.json"
    case.write_text(json.dumps(vignette["case"]))
    args = [binary, "--format", "text", "--audience", audience]
    if "policy" in vignette:
        policy = tmp / "policy.json"
        policy.write_text(json.dumps(vignette["policy"]))
        args += ["--policy", str(policy)]
    args.append(str(case))
    return subprocess.run(args, check=True, capture_output=True, text=True).stdout


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--max-patient", type=float, default=8.0)
    parser.add_argument("--show", metavar="VIGNETTE", help="also print this vignette's texts")
    opts = parser.parse_args()

    binary = example_binary()
    paths = sorted((ROOT / "tests/fixtures/vignettes").glob("*.json"))
    grades = {a: [] for a in AUDIENCES}
    print(f"{'vignette':40} " + " ".join(f"{a:>9}" for a in AUDIENCES))
    with tempfile.TemporaryDirectory() as tmp:
        for path in paths:
            vignette = json.loads(path.read_text())
            row = []
            for audience in AUDIENCES:
                text = explain(binary, vignette, audience, Path(tmp))
                if opts.show and opts.show in path.name:
                    print(f"--- {path.name} ({audience})\n{text}")
                grade = textstat.flesch_kincaid_grade(text)
                grades[audience].append((grade, path.stem))
                row.append(grade)
            print(f"{path.stem:40} " + " ".join(f"{g:9.1f}" for g in row))
    print()
    for audience in AUDIENCES:
        lo, hi = min(grades[audience]), max(grades[audience])
        print(f"{audience:10} min {lo[0]:5.1f} ({lo[1]})  max {hi[0]:5.1f} ({hi[1]})")
    worst = max(grades["patient"])
    if worst[0] > opts.max_patient:
        print(f"patient text above grade {opts.max_patient}: {worst[1]} ({worst[0]})")
        return 1
    return 0


if __name__ == "__main__":
    sys.exit(main())
