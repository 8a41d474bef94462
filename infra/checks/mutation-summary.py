#!/usr/bin/env python3
"""Summarises a PIT mutations.xml per package: mutants, killed, and with --survivors each one left alive.

Usage: infra/checks/mutation-summary.py [functions/target/pit-reports/mutations.xml] [--survivors]
"""
import collections
import sys
import xml.etree.ElementTree as ElementTree

arguments = [a for a in sys.argv[1:] if not a.startswith("--")]
report = arguments[0] if arguments else "functions/target/pit-reports/mutations.xml"
totals = collections.defaultdict(lambda: [0, 0])
survivors = []
for mutation in ElementTree.parse(report).getroot():
    mutated_class = mutation.findtext("mutatedClass")
    package = mutated_class.rsplit(".", 1)[0]
    status = mutation.get("status")
    totals[package][0] += 1
    if status in ("KILLED", "TIMED_OUT", "MEMORY_ERROR"):
        totals[package][1] += 1
    else:
        survivors.append((mutated_class.split("$")[0], int(mutation.findtext("lineNumber")), status,
                          mutation.findtext("description")))

print(f"{'package':32} {'mutants':>8} {'killed':>8} {'score':>6}")
all_mutants = sum(t[0] for t in totals.values())
all_killed = sum(t[1] for t in totals.values())
for package, (mutants, killed) in sorted(totals.items()):
    print(f"{package:32} {mutants:8} {killed:8} {100 * killed / mutants:5.0f}%")
print(f"{'all':32} {all_mutants:8} {all_killed:8} {100 * all_killed / max(all_mutants, 1):5.0f}%")
if "--survivors" in sys.argv:
    for mutated_class, line, status, description in sorted(survivors):
        print(f"{mutated_class}:{line} {status} {description}")
