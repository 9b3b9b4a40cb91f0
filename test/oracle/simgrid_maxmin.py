#!/usr/bin/python3
"""SimGrid oracle for dmatopo's capped max-min fair sharing (simulation.md §4).

Reads one JSON instance on stdin:

    {"resources": [{"id": "l1", "capacity": 1.25e10}, ...],
     "flows": [{"id": "f1", "route": ["l1", "l3", "l3"], "cap": 5e9 | null}, ...]}

and prints, on stdout and nowhere else, the steady-state rate SimGrid gives
each flow:

    {"rates": {"f1": 3.1e9, ...}, "simgrid": "3.32.0"}

Semantics: capped max-min fairness, every flow of weight 1; a resource's
capacity is shared by the flows crossing it; a resource listed k times in a
route is consumed k times (k x rate); `cap` is the flow's own rate limit
(demand), null meaning unbounded.

How SimGrid is driven (Debian's python3-simgrid 3.32; run with /usr/bin/python3):
  * network model CM02 with weight-S 0, crosstraffic off, TCP-gamma 0,
    bandwidth/latency factors 1, maxmin solver, Full update (no lazy
    bookkeeping, no selective update), maxmin/precision 1e-12.
  * one FULL netzone; one SHARED link of latency 0 per resource (all
    route latencies are 0, so CM02 gives every flow sharing penalty 1);
    hosts h0..h{H-1} with H(H-1) >= #flows so each flow owns one ordered host
    pair, whose route is the flow's link list, repeats kept: a FullZone route
    keeps a repeated link and CM02 expands the flow once per occurrence into
    that link's LMM constraint, so it counts k times (a StarZone would not: it
    de-duplicates a route's links).
  * one Comm per flow, started at t=0: Mailbox.put_init(None, size) with
    Comm.set_rate(cap) (the s4u rate limit becomes the LMM variable bound),
    sent by one actor that migrates to the flow's source host, and received by
    a permanent receiver (Mailbox.set_receiver) on the destination host.
    Host-to-host Comm.sendto_init ignores set_rate, hence the mailboxes.
  * the simulation runs to t = 1 s; rate = (size - Comm.remaining) / t, with
    each size 4x the flow's own upper bound, so no comm ends before t.

Capacities and caps are scaled by one power of two (exact) so that the largest
capacity lies in [2^29, 2^30), and rates are scaled back.

Cases decided without SimGrid (exactly, and without changing any other flow's
rate): a flow with cap 0 gets 0; a flow with an empty route gets its cap.
Rejected with exit status 2 and a message on stderr: malformed JSON, unknown
or duplicate ids, a capacity that is not finite and > 0, a cap that is
negative or not finite, a flow with an empty route and no cap (unbounded), a
cap so small next to the capacities that scaling would make it 0.
Exit status 3: SimGrid's Python bindings are missing.

SIMGRID_MAXMIN_TIMING=1 reports phase times (parse, platform, start, solve) on
stderr.
"""

import json
import math
import os
import sys
import time

_T0 = time.monotonic()
_TIMING = os.environ.get("SIMGRID_MAXMIN_TIMING") == "1"


def _phase(name):
    """With SIMGRID_MAXMIN_TIMING=1, report wall-clock phase times on stderr."""
    if _TIMING:
        print(f"simgrid_maxmin: {name} at {time.monotonic() - _T0:.3f} s", file=sys.stderr)


OBSERVATION_TIME = 1.0  # simulated seconds; an exact power of two
SIZE_MARGIN = 4.0  # comm size = SIZE_MARGIN x upper bound of its rate x time

SIMGRID_CONFIG = [
    "network/model:CM02",
    "network/crosstraffic:0",
    "network/weight-S:0",
    "network/TCP-gamma:0",
    "network/bandwidth-factor:1",
    "network/latency-factor:1",
    "network/solver:maxmin",
    "network/optim:Full",
    "network/maxmin-selective-update:0",
    "maxmin/precision:1e-12",
    "maxmin/concurrency-limit:-1",
]

APT_HINT = "apt-get update && apt-get install -y python3-simgrid  (then run with /usr/bin/python3)"


class InstanceError(Exception):
    pass


def _finite_number(x):
    return isinstance(x, (int, float)) and not isinstance(x, bool) and math.isfinite(x)


def parse_instance(doc):
    """Validate the instance; return (capacities: dict id->float, flows: list of (id, route, cap))."""
    if not isinstance(doc, dict):
        raise InstanceError("instance must be a JSON object")
    resources = doc.get("resources")
    flows = doc.get("flows")
    if not isinstance(resources, list) or not isinstance(flows, list):
        raise InstanceError('instance needs "resources" and "flows" arrays')

    capacities = {}
    for i, r in enumerate(resources):
        if not isinstance(r, dict) or not isinstance(r.get("id"), str):
            raise InstanceError(f"resources[{i}] needs a string id")
        rid = r["id"]
        if rid in capacities:
            raise InstanceError(f"duplicate resource id {rid!r}")
        c = r.get("capacity")
        if not _finite_number(c) or c <= 0:
            raise InstanceError(f"resource {rid!r}: capacity must be a finite number > 0, got {c!r}")
        capacities[rid] = float(c)

    parsed = []
    seen = set()
    for i, f in enumerate(flows):
        if not isinstance(f, dict) or not isinstance(f.get("id"), str):
            raise InstanceError(f"flows[{i}] needs a string id")
        fid = f["id"]
        if fid in seen:
            raise InstanceError(f"duplicate flow id {fid!r}")
        seen.add(fid)
        route = f.get("route")
        if not isinstance(route, list) or not all(isinstance(x, str) for x in route):
            raise InstanceError(f"flow {fid!r}: route must be an array of resource ids")
        for x in route:
            if x not in capacities:
                raise InstanceError(f"flow {fid!r}: unknown resource {x!r}")
        cap = f.get("cap")
        if cap is not None:
            if not _finite_number(cap) or cap < 0:
                raise InstanceError(f"flow {fid!r}: cap must be null or a finite number >= 0, got {cap!r}")
            cap = float(cap)
        if not route and cap is None:
            raise InstanceError(f"flow {fid!r}: empty route and no cap, its rate is unbounded")
        parsed.append((fid, list(route), cap))
    return capacities, parsed


def host_count(n_pairs):
    h = 2
    while h * (h - 1) < n_pairs:
        h += 1
    return h


def pair_of(i, h):
    """The i-th ordered pair (a, b), a != b, over h hosts."""
    a, b = divmod(i, h - 1)
    if b >= a:
        b += 1
    return a, b


def simulate(simgrid, capacities, flows):
    """Run SimGrid on flows [(id, route, cap)] (non-empty routes, caps None or > 0).

    Returns {id: rate} in the instance's units.
    """
    # Exact power-of-two scaling: largest capacity in [2^29, 2^30).
    used = sorted({r for _, route, _ in flows for r in route})
    _, exp = math.frexp(max(capacities[r] for r in used))
    shift = 30 - exp
    cap_scaled = {r: math.ldexp(capacities[r], shift) for r in used}

    engine = simgrid.Engine(["simgrid_maxmin", "--log=root.thresh:critical"]
                            + ["--cfg=" + c for c in SIMGRID_CONFIG])
    zone = simgrid.NetZone.create_full_zone("oracle")
    links = {}
    for r in used:
        link = zone.create_link("r:" + r, cap_scaled[r])
        link.set_sharing_policy(simgrid.Link.SharingPolicy.SHARED, None)
        link.set_latency(0.0)
        links[r] = link.seal()

    n_hosts = host_count(len(flows))
    hosts = [zone.create_host(f"h{i}", 1e9).seal() for i in range(n_hosts)]

    plan = []  # (id, src host, dst index, size, scaled cap or None), grouped by src
    for i, (fid, route, cap) in enumerate(flows):
        a, b = pair_of(i, n_hosts)  # consecutive i share their source a
        zone.add_route(hosts[a].netpoint, hosts[b].netpoint, None, None,
                       [simgrid.LinkInRoute(links[r]) for r in route], False)
        mult = {}
        for r in route:
            mult[r] = mult.get(r, 0) + 1
        bound = min(cap_scaled[r] / k for r, k in mult.items())
        scap = None
        if cap is not None and cap < min(capacities[r] / k for r, k in mult.items()):
            # (a cap at or above the route's own bound can never bind: left out)
            scap = math.ldexp(cap, shift)
            if scap <= 0.0:  # underflow: SimGrid would read a rate of 0 as "no limit"
                raise InstanceError(f"flow {fid!r}: cap {cap!r} is too small next to the capacities")
            bound = scap
        size = int(math.ceil(SIZE_MARGIN * bound * OBSERVATION_TIME)) + 1
        plan.append((fid, hosts[a], b, size, scap))
    zone.seal()
    _phase(f"platform built ({len(used)} links, {n_hosts} hosts, {len(plan)} routes)")

    dsts = sorted({b for _, _, b, _, _ in plan})

    def receiver():
        simgrid.this_actor.sleep_for(1e12)

    receivers = {}
    for b in dsts:
        actor = simgrid.Actor.create(f"recv{b}", hosts[b], receiver)
        actor.daemonize()
        receivers[b] = actor

    def sender():
        mailboxes = {}
        for b in dsts:
            mb = simgrid.Mailbox.by_name(f"mb{b}")
            mb.set_receiver(receivers[b])  # permanent receiver: matched at once
            mailboxes[b] = mb
        comms = []
        current = None
        for fid, src, b, size, scap in plan:
            if src is not current:
                # plan is grouped by source host, so the sender migrates only
                # n_hosts times (each migration costs more as comms pile up)
                simgrid.this_actor.set_host(src)
                current = src
            comm = mailboxes[b].put_init(None, size)
            if scap is not None:
                comm.set_rate(scap)
            comm.start()
            comms.append(comm)
        _phase("comms started")
        simgrid.this_actor.sleep_for(OBSERVATION_TIME)
        now = simgrid.Engine.clock
        if now != OBSERVATION_TIME:
            print(f"simgrid_maxmin: woke at t={now!r}, expected {OBSERVATION_TIME}", file=sys.stderr)
            os._exit(4)
        rates = {}
        for (fid, _, _, size, _), comm in zip(plan, comms):
            rates[fid] = math.ldexp((size - comm.remaining) / OBSERVATION_TIME, -shift)
        _phase("rates read")
        emit(rates, simgrid)  # exits the process: no need to wind the simulation down

    simgrid.Actor.create("sender", hosts[0], sender)
    engine.run()
    print("simgrid_maxmin: the simulation ended before the rates were read", file=sys.stderr)
    os._exit(4)


_ALL_FLOWS = []
_PRESOLVED = {}


def emit(sim_rates, simgrid):
    rates = {}
    for fid, _, _ in _ALL_FLOWS:
        rates[fid] = _PRESOLVED[fid] if fid in _PRESOLVED else sim_rates[fid]
    sys.stdout.write(json.dumps({"rates": rates, "simgrid": simgrid.simgrid_version}) + "\n")
    sys.stdout.flush()
    sys.stderr.flush()
    os._exit(0)


def main():
    try:
        doc = json.load(sys.stdin)
        capacities, flows = parse_instance(doc)
        _phase("instance parsed")
    except (ValueError, InstanceError) as e:
        print(f"simgrid_maxmin: invalid instance: {e}", file=sys.stderr)
        return 2
    try:
        import simgrid
    except ImportError as e:
        print(f"simgrid_maxmin: SimGrid's Python bindings are missing ({e}); install them with: {APT_HINT}",
              file=sys.stderr)
        return 3

    _ALL_FLOWS.extend(flows)
    to_simulate = []
    for fid, route, cap in flows:
        if cap == 0.0:
            _PRESOLVED[fid] = 0.0
        elif not route:
            _PRESOLVED[fid] = cap
        else:
            to_simulate.append((fid, route, cap))
    if not to_simulate:
        emit({}, simgrid)
    try:
        simulate(simgrid, capacities, to_simulate)
    except InstanceError as e:
        print(f"simgrid_maxmin: invalid instance: {e}", file=sys.stderr)
        return 2
    return 4


if __name__ == "__main__":
    sys.exit(main())
