#!/usr/bin/python3
# Correctness test: `overstap match solve FILE --mode optimaal` against two exact external peers,
# SciPy's linear_sum_assignment (Hungarian method on the capacity-expanded matrix) and NetworkX's
# min-cost flow, on random instances of varied shapes.
#
# `optimal` is lexicographic: first the most people placed, then the largest total score, with
# scores compared as integers round(score * 1e6). Every score this script generates is a whole
# number of millionths, so (placed, total scaled score) must be exactly equal for all three.
#
# Every run starts with a self-check that the comparison can fail (a wrong answer must be reported)
# and that both peers solve hand-made instances with known answers. Exit 0 only when the
# self-check passes and every instance agrees; 1 otherwise, including when SciPy or NetworkX is
# missing (Debian: apt-get install python3-scipy python3-networkx, run with /usr/bin/python3).

import argparse
import json
import os
import random
import subprocess
import sys
import tempfile
import time

try:
    import networkx
    import numpy
    from scipy.optimize import linear_sum_assignment
except ImportError as error:
    print(f"optimal_peers: cannot import the peers ({error}); install python3-scipy and "
          f"python3-networkx and run with the Debian interpreter (/usr/bin/python3), "
          f"not {sys.executable}", file=sys.stderr)
    sys.exit(1)

SCORE_SCALE = 1000000  # match::kScoreScale


class Instance:
    """people: {person: [place, ...]}, places: {place: (capacity, [person, ...])},
    scaled: {person: {place: int}} in millionths. Scores are written as scaled / 1e6."""

    def __init__(self, people, places, scaled, shape="hand"):
        self.people = people
        self.places = places
        self.scaled = scaled
        self.shape = shape

    def to_json(self):
        return {
            "people": self.people,
            "places": {q: {"capacity": c, "ranking": r} for q, (c, r) in self.places.items()},
            "scores": {p: {q: s / SCORE_SCALE for q, s in row.items()}
                       for p, row in self.scaled.items()},
        }

    def admissible(self):
        """{person: {place: scaled score}} for the pairs where each side lists the other."""
        ranked = {q: set(r) for q, (_, r) in self.places.items()}
        out = {}
        for p, listed in self.people.items():
            row = {}
            for q in listed:
                if q in ranked and p in ranked[q]:
                    row[q] = self.scaled[p][q]
            out[p] = row
        return out

    def big(self):
        # Larger than any total of scaled scores, so one more person placed always wins.
        return (len(self.people) + 1) * SCORE_SCALE


# ---- peers: each returns (placed, total scaled score) ----

def solve_scipy(inst):
    adm = inst.admissible()
    people = sorted(inst.people)
    n = len(people)
    big = inst.big()
    seats = [q for q in sorted(inst.places) for _ in range(inst.places[q][0])]
    # The most any feasible assignment can weigh; a forbidden cell costs more than that.
    forbidden = -(4 * (n + 1) * (big + SCORE_SCALE) + 1)
    assert (n + len(seats)) * abs(forbidden) < 2 ** 53, "float64 would no longer be exact"
    weight = numpy.full((n, len(seats) + n), float(forbidden))
    for i, p in enumerate(people):
        for j, q in enumerate(seats):
            if q in adm[p]:
                weight[i, j] = float(big + adm[p][q])
        weight[i, len(seats) + i] = 0.0  # the person's own "unplaced" column
    rows, cols = linear_sum_assignment(weight, maximize=True)
    assert len(rows) == n
    placed = total = 0
    for i, j in zip(rows, cols):
        assert weight[i, j] != forbidden, "scipy chose a forbidden cell"
        if j < len(seats):
            placed += 1
            total += adm[people[i]][seats[j]]
    assert int(weight[rows, cols].sum()) == placed * big + total
    return placed, total


def solve_networkx(inst):
    adm = inst.admissible()
    n = len(inst.people)
    big = inst.big()
    graph = networkx.DiGraph()
    graph.add_node("s", demand=-n)
    graph.add_node("t", demand=n)
    graph.add_edge("s", "t", capacity=n, weight=0)  # the bypass: people left unplaced
    for p, row in adm.items():
        graph.add_edge("s", ("person", p), capacity=1, weight=0)
        for q, s in row.items():
            graph.add_edge(("person", p), ("place", q), capacity=1, weight=-(big + s))
    for q, (capacity, _) in inst.places.items():
        graph.add_edge(("place", q), "t", capacity=capacity, weight=0)
    flow = networkx.min_cost_flow(graph)
    placed = total = 0
    for p, row in adm.items():
        for q, units in flow.get(("person", p), {}).items():
            if units:
                placed += 1
                total += row[q[1]]
    cost = networkx.cost_of_flow(graph, flow)
    assert cost == -(placed * big + total), "networkx: flow and cost disagree"

    # The same optimum without the folded weight: the largest flow, then its cheapest cost.
    graph.remove_edge("s", "t")
    for p, row in adm.items():
        for q, s in row.items():
            graph[("person", p)][("place", q)]["weight"] = -s
    flow2 = networkx.max_flow_min_cost(graph, "s", "t")
    placed2 = sum(flow2["s"].values())
    total2 = -networkx.cost_of_flow(graph, flow2)
    assert (placed2, total2) == (placed, total), (
        f"networkx formulations disagree: min_cost_flow {(placed, total)}, "
        f"max_flow_min_cost {(placed2, total2)}")
    return placed, total


# ---- the binary under test ----

def validate(inst, out):
    """(placed, total) of overstap's answer, or raises ValueError naming what is wrong."""
    if not isinstance(out, dict) or set(out) != {"assignment", "unassigned"}:
        raise ValueError("expected {assignment, unassigned}")
    assignment, unassigned = out["assignment"], out["unassigned"]
    if not isinstance(assignment, dict) or set(assignment) != set(inst.places):
        raise ValueError("assignment must name every place exactly")
    adm = inst.admissible()
    seen = {}
    placed = total = 0
    for q, who in assignment.items():
        if len(who) > inst.places[q][0]:
            raise ValueError(f"place {q} over capacity: {len(who)} > {inst.places[q][0]}")
        for p in who:
            if p not in inst.people:
                raise ValueError(f"place {q} holds unknown person {p!r}")
            if q not in adm[p]:
                raise ValueError(f"pair ({p}, {q}) is not admissible")
            seen[p] = seen.get(p, 0) + 1
            placed += 1
            total += adm[p][q]
    for p in unassigned:
        if p not in inst.people:
            raise ValueError(f"unknown unassigned person {p!r}")
        seen[p] = seen.get(p, 0) + 1
    wrong = [p for p in inst.people if seen.get(p) != 1]
    if wrong:
        raise ValueError(f"not exactly once: {wrong[:5]}")
    return placed, total


def run_overstap(binary, path):
    result = subprocess.run([binary, "match", "solve", path, "--mode", "optimaal"],
                            capture_output=True, text=True, timeout=120)
    if result.returncode != 0:
        raise ValueError(f"exit {result.returncode}: {result.stderr.strip()[:300]}")
    try:
        return json.loads(result.stdout)
    except json.JSONDecodeError as error:
        raise ValueError(f"stdout is not JSON: {error}")


def compare(ours, peers):
    """The peers whose answer differs from ours: [(name, their answer)]."""
    return [(name, theirs) for name, theirs in peers.items() if theirs != ours]


# ---- random instances ----

SHAPES = ["tiny", "sparse", "dense", "oversubscribed", "undersubscribed", "zero_capacity",
          "ties", "clones", "contended", "mixed"]


def random_score(rng, shape):
    if shape == "ties" or rng.random() < 0.15:
        return rng.choice([0, 250000, 500000, 750000, 1000000])  # few values: many ties
    grain = rng.choice([1000, 1000, 1])  # multiples of 0.001 or of 1e-6
    return rng.randint(0, SCORE_SCALE // grain) * grain


def random_instance(rng, shape):
    if shape == "tiny":
        n, m = rng.randint(2, 5), rng.randint(1, 3)
    else:
        n, m = rng.randint(2, 40), rng.randint(1, 25)
    people = [f"d{i:02d}" for i in range(n)]
    places = [f"p{j:02d}" for j in range(m)]

    caps = {q: rng.randint(0, 4) for q in places}
    if shape == "oversubscribed":
        caps = {q: rng.randint(0, 1) for q in places}
        people += [f"d{i:02d}" for i in range(n, n + rng.randint(5, 20))]
    elif shape == "undersubscribed":
        caps = {q: rng.randint(2, 4) for q in places}
        people = people[:max(2, len(people) // 3)]
    elif shape == "contended":
        caps = {q: rng.randint(1, 2) for q in places}
    elif shape == "zero_capacity":
        caps = {q: (0 if rng.random() < 0.5 else rng.randint(1, 4)) for q in places}

    density = {"sparse": 0.08, "dense": 0.85, "contended": 0.3}.get(shape, rng.uniform(0.1, 0.6))
    popular = set(places[:max(1, len(places) // 4)])
    lists = {}
    for p in people:
        if rng.random() < 0.08:
            lists[p] = []  # lists nothing
            continue
        k = min(len(places), max(1 if shape == "sparse" else 0,
                                 round(rng.gauss(density * len(places), 1.5))))
        listed = rng.sample(places, k)
        if shape == "contended":
            # Half the people can only use the few popular places, the others value them highly
            # but have modest alternatives: the most scoring answer is rarely the most placing.
            stuck = rng.random() < 0.5
            listed = (rng.sample(sorted(popular), rng.randint(1, len(popular))) if stuck else
                      sorted(popular) + [q for q in listed if q not in popular])
        if listed and rng.random() < 0.05:
            listed.append(rng.choice(listed))  # a duplicate entry; the first counts
        lists[p] = listed

    # Each place ranks most of the people who listed it, and a few who did not.
    rankings = {}
    for q in places:
        ranking = [p for p in people if q in lists[p] and rng.random() < 0.85]
        ranking += [p for p in people if q not in lists[p] and rng.random() < 0.05]
        rng.shuffle(ranking)
        rankings[q] = ranking
    # Some people nobody ranks: no admissible place although they list some.
    for p in people:
        if rng.random() < 0.05:
            for q in places:
                if p in rankings[q]:
                    rankings[q].remove(p)

    scaled = {}
    for p in people:
        row = {q: random_score(rng, shape) for q in lists[p]}
        if shape == "contended":
            flexible = any(q not in popular for q in lists[p])
            row = {q: (rng.randint(700, 1000) if flexible and q in popular else
                       rng.randint(0, 300)) * 1000 for q in lists[p]}
        if places and rng.random() < 0.2:
            row.setdefault(rng.choice(places), random_score(rng, shape))  # ignored: not listed
        scaled[p] = row

    # Clones: places with the same capacity and ranking, listed by the same people at the same
    # score.
    if shape in ("clones", "mixed") and places:
        for c in range(rng.randint(1, 4)):
            orig = rng.choice(places)
            clone = f"{orig}c{c}"
            caps[clone] = caps[orig]
            rankings[clone] = list(rankings[orig])
            for p in people:
                if orig in lists[p]:
                    lists[p].insert(lists[p].index(orig) + 1, clone)
                    scaled[p][clone] = scaled[p][orig]

    places_all = {q: (caps[q], rankings[q]) for q in rankings}
    return Instance(lists, places_all, scaled, shape)


# ---- self-check: the comparison and the peers must be able to fail ----

def self_check():
    problems = []
    # Greedy by score places one person; the optimum places both: d0 -> p1, d1 -> p0.
    chain = Instance({"d0": ["p0", "p1"], "d1": ["p0"]},
                     {"p0": (1, ["d0", "d1"]), "p1": (1, ["d0"])},
                     {"d0": {"p0": 900000, "p1": 100000}, "d1": {"p0": 200000}})
    # Equal count, the score decides; p2 has no seats and d2 is ranked by nobody.
    scored = Instance({"d0": ["p0", "p1"], "d1": ["p0", "p1"], "d2": ["p0"]},
                      {"p0": (1, ["d0", "d1"]), "p1": (1, ["d0", "d1"]), "p2": (0, ["d0"])},
                      {"d0": {"p0": 500000, "p1": 400000}, "d1": {"p0": 700000, "p1": 100000},
                       "d2": {"p0": 1000000}})
    for name, inst, expected in [("chain", chain, (2, 300000)), ("scored", scored, (2, 1100000))]:
        for peer, solve in [("scipy", solve_scipy), ("networkx", solve_networkx)]:
            got = solve(inst)
            if got != expected:
                problems.append(f"{peer} on {name}: {got}, expected {expected}")
    placed, total = solve_scipy(chain)
    peers = {"scipy": (placed, total), "networkx": solve_networkx(chain)}
    if compare((placed, total), peers):
        problems.append("compare reports a difference between equal answers")
    for wrong in [(placed - 1, total), (placed, total + 1), (placed, total - 1)]:
        if {name for name, _ in compare(wrong, peers)} != {"scipy", "networkx"}:
            problems.append(f"compare does not report the wrong answer {wrong}")
    bad_outputs = [
        {"assignment": {"p0": ["d1"], "p1": ["d0", "d1"]}, "unassigned": []},  # d1 twice
        {"assignment": {"p0": ["d0", "d1"], "p1": []}, "unassigned": []},      # over capacity
        {"assignment": {"p0": [], "p1": ["d1"]}, "unassigned": ["d0"]},        # not admissible
        {"assignment": {"p0": ["d1"]}, "unassigned": ["d0"]},                  # p1 missing
        {"assignment": {"p0": ["d1"], "p1": []}, "unassigned": []},            # d0 missing
    ]
    for out in bad_outputs:
        try:
            validate(chain, out)
            problems.append(f"validate accepts a wrong answer: {json.dumps(out)}")
        except ValueError:
            pass
    best = {"assignment": {"p0": ["d1"], "p1": ["d0"]}, "unassigned": []}
    if validate(chain, best) != (2, 300000):
        problems.append("validate miscounts the optimal answer")
    return problems


def main():
    parser = argparse.ArgumentParser(
        description="overstap match solve --mode optimaal against SciPy and NetworkX")
    parser.add_argument("--overstap", help="the overstap binary under test")
    parser.add_argument("--instances", type=int, default=120)
    parser.add_argument("--seed", type=int, default=20240601)
    parser.add_argument("--self-check", action="store_true", help="run only the self-check")
    args = parser.parse_args()

    problems = self_check()
    for problem in problems:
        print(f"optimal_peers: SELF-CHECK FAILED: {problem}")
    if problems:
        return 1
    if args.self_check:
        print("optimal_peers: self-check passed")
        return 0
    if not args.overstap:
        parser.error("--overstap is required")

    started = time.monotonic()
    rng = random.Random(args.seed)
    work = tempfile.mkdtemp(prefix="optimal_peers_")
    equal = {"scipy": 0, "networkx": 0}
    failures = 0
    for i in range(args.instances):
        inst = random_instance(rng, SHAPES[i % len(SHAPES)])
        path = os.path.join(work, f"instance_{i:03d}.json")
        with open(path, "w") as f:
            json.dump(inst.to_json(), f, indent=1)
        peers = {"scipy": solve_scipy(inst), "networkx": solve_networkx(inst)}
        where = (f"instance {i} ({inst.shape}, {len(inst.people)} people, "
                 f"{len(inst.places)} places, seed {args.seed})")
        try:
            out = run_overstap(args.overstap, path)
            ours = validate(inst, out)
        except (ValueError, subprocess.TimeoutExpired) as error:
            failures += 1
            print(f"optimal_peers: INVALID {where}: {error}; kept {path}")
            continue
        differ = dict(compare(ours, peers))
        for name in equal:
            equal[name] += name not in differ
        if differ:
            failures += 1
            with open(path + ".overstap.json", "w") as f:
                json.dump(out, f, indent=1)
            print(f"optimal_peers: MISMATCH {where}: overstap (placed, total) {ours}, "
                  f"scipy {peers['scipy']}, networkx {peers['networkx']}; kept {path}")
        else:
            os.remove(path)
    if not failures:
        os.rmdir(work)
    n = args.instances
    print(f"optimal_peers: {n} instances, scipy {equal['scipy']}/{n} equal, "
          f"networkx {equal['networkx']}/{n} equal ({time.monotonic() - started:.1f} s, "
          f"seed {args.seed})")
    return 1 if failures else 0


if __name__ == "__main__":
    sys.exit(main())
