#!/usr/bin/python3
"""Self-test of the SimGrid max-min oracle (simgrid_maxmin.py).

Runs the oracle as a subprocess on hand-computed instances, and on a few seeded
random ones checked against an exact (rational) progressive filling written
here, and asserts every rate within 1e-9 relative. Also checks that invalid
instances are rejected with exit status 2. Prints one summary line
("selftest: N passed, M failed") and exits non-zero on any failure.

Needs Debian's SimGrid bindings:  apt-get update && apt-get install -y python3-simgrid
The oracle runs under /usr/bin/python3 (override with SIMGRID_PYTHON).
"""

import json
import os
import random
import subprocess
import sys
from fractions import Fraction

HERE = os.path.dirname(os.path.abspath(__file__))
ORACLE = os.path.join(HERE, "simgrid_maxmin.py")
PYTHON = os.environ.get("SIMGRID_PYTHON") or ("/usr/bin/python3" if os.path.exists("/usr/bin/python3")
                                               else sys.executable)
REL_TOL = 1e-9


def run_oracle(instance):
    proc = subprocess.run([PYTHON, ORACLE], input=json.dumps(instance), capture_output=True, text=True,
                          timeout=600)
    return proc.returncode, proc.stdout, proc.stderr


def res(*pairs):
    return [{"id": rid, "capacity": c} for rid, c in pairs]


def flow(fid, route, cap=None):
    return {"id": fid, "route": route, "cap": cap}


def exact_maxmin(instance):
    """Capped max-min fair rates by exact progressive filling (Fractions), weight 1 per flow."""
    cap_of = {r["id"]: Fraction(r["capacity"]) for r in instance["resources"]}
    flows = instance["flows"]
    mult = []
    for f in flows:
        m = {}
        for r in f["route"]:
            m[r] = m.get(r, 0) + 1
        mult.append(m)
    rate = [None] * len(flows)
    while any(x is None for x in rate):
        used = {r: Fraction(0) for r in cap_of}
        count = {r: 0 for r in cap_of}
        for i, m in enumerate(mult):
            for r, k in m.items():
                if rate[i] is None:
                    count[r] += k
                else:
                    used[r] += k * rate[i]
        levels = {r: (cap_of[r] - used[r]) / count[r] for r in cap_of if count[r] > 0}
        candidates = list(levels.values()) + [Fraction(f["cap"]) for i, f in enumerate(flows)
                                              if rate[i] is None and f["cap"] is not None]
        assert candidates, "unbounded flow"
        level = min(candidates)
        tight = {r for r, lv in levels.items() if lv == level}
        for i, f in enumerate(flows):
            if rate[i] is None and ((f["cap"] is not None and Fraction(f["cap"]) == level)
                                    or any(r in tight for r in mult[i])):
                rate[i] = level
    return {f["id"]: float(rate[i]) for i, f in enumerate(flows)}


THIRD = 10.0 / 3.0

# (name, instance, expected rates) -- expected values computed by hand.
CASES = [
    ("equal split on one link",
     {"resources": res(("l", 10.0)),
      "flows": [flow("a", ["l"]), flow("b", ["l"]), flow("c", ["l"])]},
     {"a": THIRD, "b": THIRD, "c": THIRD}),
    ("equal split, realistic magnitude (100 GbE, 4 flows)",
     {"resources": res(("eth", 1.25e10)),
      "flows": [flow(f"f{i}", ["eth"]) for i in range(4)]},
     {f"f{i}": 3.125e9 for i in range(4)}),
    ("a capped flow frees bandwidth for the others",
     {"resources": res(("l", 1.25e10)),
      "flows": [flow("a", ["l"], 1e9), flow("b", ["l"]), flow("c", ["l"])]},
     {"a": 1e9, "b": 5.75e9, "c": 5.75e9}),
    ("a cap above the fair share does not bind",
     {"resources": res(("l", 12.0)),
      "flows": [flow("a", ["l"], 5.0), flow("b", ["l"]), flow("c", ["l"])]},
     {"a": 4.0, "b": 4.0, "c": 4.0}),
    ("a cap equal to the fair share",
     {"resources": res(("l", 12.0)),
      "flows": [flow("a", ["l"], 4.0), flow("b", ["l"]), flow("c", ["l"])]},
     {"a": 4.0, "b": 4.0, "c": 4.0}),
    # B carries f2, f3, f4: level 10/3 < A's 10/2, so B saturates first;
    # then f1 alone gets what is left of A: 10 - 10/3 = 20/3.
    ("two bottlenecks (A=10: f1,f2; B=10: f2,f3,f4)",
     {"resources": res(("A", 10.0), ("B", 10.0)),
      "flows": [flow("f1", ["A"]), flow("f2", ["A", "B"]), flow("f3", ["B"]), flow("f4", ["B"])]},
     {"f1": 20.0 / 3.0, "f2": THIRD, "f3": THIRD, "f4": THIRD}),
    # L1 saturates at level 1/2 (f0, f1); then L2 gives f2 what is left: 2 - 1/2.
    ("chain (L1=1: f0,f1; L2=2: f0,f2)",
     {"resources": res(("L1", 1.0), ("L2", 2.0)),
      "flows": [flow("f0", ["L1", "L2"]), flow("f1", ["L1"]), flow("f2", ["L2"])]},
     {"f0": 0.5, "f1": 0.5, "f2": 1.5}),
    ("a flow crossing a link twice (capacity 10 -> 5)",
     {"resources": res(("l", 10.0)), "flows": [flow("copy", ["l", "l"])]},
     {"copy": 5.0}),
    # usage 2 + 1 = 3: both at 10/3; the copy consumes 20/3.
    ("a flow crossing a link twice, sharing it with a single-pass flow",
     {"resources": res(("l", 10.0)), "flows": [flow("copy", ["l", "l"]), flow("dma", ["l"])]},
     {"copy": THIRD, "dma": THIRD}),
    # level would be 10/4 = 2.5; f1's cap 2 binds first (uses 3 x 2 = 6), f2 gets 4.
    ("a capped flow crossing a link three times",
     {"resources": res(("l", 10.0)), "flows": [flow("f1", ["l", "l", "l"], 2.0), flow("f2", ["l"])]},
     {"f1": 2.0, "f2": 4.0}),
    # memory 2e10 read+written by the CPU copy, plus the DMA's write: usage 3 -> 2e10/3 each;
    # the PCIe link (1.6e10) never saturates.
    ("CPU copy (memory twice) + DMA (PCIe, memory)",
     {"resources": res(("mem", 2e10), ("pcie", 1.6e10)),
      "flows": [flow("copy", ["mem", "mem"]), flow("dma", ["pcie", "mem"])]},
     {"copy": 2e10 / 3, "dma": 2e10 / 3}),
    ("cap 0 and an empty route with a cap are decided exactly",
     {"resources": res(("l", 8.0)),
      "flows": [flow("a", ["l"]), flow("zero", ["l"], 0.0), flow("local", [], 7.0), flow("b", ["l"])]},
     {"a": 4.0, "zero": 0.0, "local": 7.0, "b": 4.0}),
]

INVALID = [
    ("unknown resource", {"resources": res(("l", 1.0)), "flows": [flow("a", ["m"])]}),
    ("empty route, no cap", {"resources": res(("l", 1.0)), "flows": [flow("a", [])]}),
    ("zero capacity", {"resources": res(("l", 0.0)), "flows": [flow("a", ["l"])]}),
    ("duplicate flow id", {"resources": res(("l", 1.0)), "flows": [flow("a", ["l"]), flow("a", ["l"])]}),
]


def random_instance(seed, n_res, n_flows):
    rng = random.Random(seed)
    resources = res(*[(f"r{i}", float(rng.choice([1, 2, 3, 5, 8, 12, 16, 25, 32, 64]) * 10 ** rng.randint(8, 10)))
                      for i in range(n_res)])
    flows = []
    for j in range(n_flows):
        route = [f"r{rng.randrange(n_res)}" for _ in range(rng.randint(1, 5))]
        if rng.random() < 0.2:
            route.append(route[0])  # a resource crossed twice
        cap = float(rng.randint(1, 40) * 10 ** 9) if rng.random() < 0.3 else None
        flows.append(flow(f"f{j}", route, cap))
    return {"resources": resources, "flows": flows}


def close(got, want):
    return abs(got - want) <= REL_TOL * max(abs(want), 1e-300) or got == want


def check_rates(name, instance, expected, failures):
    rc, out, err = run_oracle(instance)
    if rc != 0:
        failures.append(f"{name}: oracle exited {rc}: {err.strip()[-500:]}")
        return False
    try:
        doc = json.loads(out)
    except ValueError:
        failures.append(f"{name}: stdout is not JSON: {out[:200]!r}")
        return False
    rates = doc.get("rates", {})
    if not isinstance(doc.get("simgrid"), str) or not doc["simgrid"]:
        failures.append(f"{name}: no simgrid version in output")
        return False
    if set(rates) != set(expected):
        failures.append(f"{name}: flow ids {sorted(rates)} != {sorted(expected)}")
        return False
    bad = [f"{fid}: got {rates[fid]!r}, want {want!r}" for fid, want in expected.items()
           if not close(rates[fid], want)]
    if bad:
        failures.append(f"{name}: " + "; ".join(bad[:5]))
        return False
    return True


def main():
    passed = 0
    failures = []
    for name, instance, expected in CASES:
        # the hand-computed values must agree with the exact reference too
        exact = exact_maxmin(instance)
        if any(not close(v, expected[k]) for k, v in exact.items()):
            failures.append(f"{name}: hand-computed rates {expected} disagree with exact filling {exact}")
            continue
        passed += check_rates(name, instance, expected, failures)
    for seed in range(4):
        instance = random_instance(seed, n_res=12, n_flows=40)
        passed += check_rates(f"random instance {seed} vs exact progressive filling", instance,
                              exact_maxmin(instance), failures)
    for name, instance in INVALID:
        rc, out, err = run_oracle(instance)
        if rc == 2 and out == "" and "invalid instance" in err:
            passed += 1
        else:
            failures.append(f"invalid input ({name}): exit {rc}, stdout {out[:100]!r}, stderr {err.strip()[-200:]!r}")
    for f in failures:
        print("FAIL " + f, file=sys.stderr)
    print(f"selftest: {passed} passed, {len(failures)} failed")
    return 1 if failures else 0


if __name__ == "__main__":
    sys.exit(main())
