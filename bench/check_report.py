#!/usr/bin/env python3
"""Checks that a bench's output is one JSON object in the report's schema 2 (bench/README.md,
"Report"). Usage: check_report.py REPORT.json BENCH_NAME. Exit 1, naming each problem, if not."""
import json
import numbers
import sys

path, bench = sys.argv[1], sys.argv[2]
try:
    report = json.load(open(path))
except ValueError as e:
    sys.exit(f"{path}: not one JSON object: {e}")
machine = report.get("machine", {})
problems = [f"{key} is {report.get(key)!r}, expected {want!r}"
            for key, want in (("benchmark", bench), ("schema", 2)) if report.get(key) != want]
if not isinstance(report.get("quick"), bool):
    problems.append(f"quick is {report.get('quick')!r}, expected true or false")
for key in ("loadavg_start", "loadavg_end"):
    load = machine.get(key)
    if not (isinstance(load, list) and len(load) == 3
            and all(isinstance(x, numbers.Real) for x in load)):
        problems.append(f"machine.{key} is {load!r}, expected an array of 3 numbers")
problems += [f"machine.{key} missing" for key in ("cpu_model", "cpus", "build_type", "date")
             if key not in machine]
if not report.get("operations"):
    problems.append("no operations")
for problem in problems:
    print(f"{path}: {problem}", file=sys.stderr)
sys.exit(1 if problems else 0)
