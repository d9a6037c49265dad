#!/usr/bin/python3
"""Python peers of our `optimal` solver (issue "Matching engine", point 6d).

Reads instances written by `match_bench --step=compare --peer-dir=DIR` (peer-N.json: the
candidate graph of N demo people over the places they can take, scores as integers
round(score * 1e6), plus our solver's time and objective on the same instance) and solves each
with

  scipy   linear_sum_assignment on the capacity-expanded matrix (one column per seat, at most
          as many seats per place as people who can take it) with a private "unplaced" column per
          person; weight BIG + score + 1 on admissible pairs, 1 on the person's own unplaced
          column, 0 elsewhere; maximised. When the dense matrix would exceed --dense-max entries
          it uses scipy.sparse.csgraph.min_weight_full_bipartite_matching on the same matrix in
          sparse form instead, and says so.
  networkx min_cost_flow (network_simplex) on source -> person (1) -> place (1 per pair, cost
          -(BIG + score)) -> sink (capacity), plus a source -> sink bypass at cost 0 (LEMON's
          network in the engine).

BIG exceeds any total of scores, so both maximise first the people placed, then the total
score: the objective our solver and LEMON optimise. Prints, per peer, the solve time (matrix or
graph construction shown apart), the ratio against ours, and whether (placed, total scaled
score) agree. Needs Debian's python3-scipy and python3-networkx (no PyPI).
"""

import argparse
import json
import signal
import sys
import time

import numpy as np


class TimedOut(Exception):
    pass


def on_alarm(signum, frame):
    raise TimedOut()


def commas(v):
    return f"{v:,}"


def duration(s):
    if s < 1e-3:
        return f"{s * 1e6:.0f} us"
    if s < 1:
        return f"{s * 1e3:.{2 if s < 0.1 else 1}f} ms"
    return f"{s:.{2 if s < 10 else 1}f} s"


def figure(label, value, rest):
    print(f"{label:<65} {value:>11} {rest}", flush=True)


def progress(text):
    print(f"  .. {text}", file=sys.stderr, flush=True)


class Instance:
    def __init__(self, path):
        with open(path) as f:
            j = json.load(f)
        if j.get("format") != "overstap-match-bench-1":
            raise SystemExit(f"peers.py: {path}: not a match_bench instance")
        self.people = j["people"]
        self.places = j["places"]
        self.capacity = np.asarray(j["capacity"], dtype=np.int64)
        self.begin = np.asarray(j["person_begin"], dtype=np.int64)
        self.place = np.asarray(j["edge_place"], dtype=np.int64)
        self.score = np.asarray(j["edge_score"], dtype=np.int64)
        self.ours = j["ours"]
        self.edges = len(self.place)
        self.person = np.repeat(np.arange(self.people, dtype=np.int64), np.diff(self.begin))
        # BIG > the largest possible total of scores: one more person placed always wins.
        best = np.zeros(self.people, dtype=np.int64)
        if self.edges:
            np.maximum.at(best, self.person, self.score)
        self.big = int(best.sum()) + 1
        # Seats per place: no more than the people who can take it.
        degree = np.bincount(self.place, minlength=self.places)
        self.seats = np.minimum(self.capacity, degree)
        self.seat_begin = np.concatenate(([0], np.cumsum(self.seats)))
        self.total_seats = int(self.seat_begin[-1])
        self.columns = self.total_seats + self.people

    def objective(self, person_of_edge_used):
        """(placed, total score) from a boolean mask over the edges."""
        used = np.asarray(person_of_edge_used, dtype=bool)
        if np.bincount(self.person[used], minlength=self.people).max(initial=0) > 1:
            raise RuntimeError("a person got two places")
        if (np.bincount(self.place[used], minlength=self.places) > self.capacity).any():
            raise RuntimeError("a place over capacity")
        return int(used.sum()), int(self.score[used].sum())

    def expanded(self):
        """Rows, columns and weights of the capacity-expanded matrix (admissible seats and
        the private unplaced columns), plus for each admissible entry its edge."""
        reps = self.seats[self.place]
        edge_of_entry = np.repeat(np.arange(self.edges, dtype=np.int64), reps)
        # Column of the k-th copy of edge e: seat_begin[place[e]] + k.
        first = np.repeat(self.seat_begin[self.place], reps)
        within = np.arange(len(edge_of_entry), dtype=np.int64) - np.repeat(np.cumsum(reps) - reps, reps)
        rows = np.concatenate((self.person[edge_of_entry], np.arange(self.people, dtype=np.int64)))
        cols = np.concatenate((first + within, self.total_seats + np.arange(self.people, dtype=np.int64)))
        weights = np.concatenate(((self.big + 1 + self.score[edge_of_entry]).astype(np.float64),
                                  np.ones(self.people)))
        return rows, cols, weights, edge_of_entry

    def from_columns(self, row_ind, col_ind):
        """Edges used, from a row -> column assignment of the expanded matrix."""
        used = np.zeros(self.edges, dtype=bool)
        seat_place = np.repeat(np.arange(self.places, dtype=np.int64), self.seats)
        for r, c in zip(row_ind.tolist(), col_ind.tolist()):
            if c >= self.total_seats:
                continue  # unplaced
            q = seat_place[c]
            lo, hi = self.begin[r], self.begin[r + 1]
            hit = np.nonzero(self.place[lo:hi] == q)[0]
            if len(hit) == 0:
                continue  # a weight-0 cell: unplaced as well (never optimal, but harmless)
            used[lo + hit[0]] = True
        return used


def run_scipy(inst, dense_max):
    from scipy.optimize import linear_sum_assignment
    from scipy.sparse import csr_matrix
    from scipy.sparse.csgraph import min_weight_full_bipartite_matching

    t0 = time.perf_counter()
    rows, cols, weights, _ = inst.expanded()
    cells = inst.people * inst.columns
    dense = cells <= dense_max
    if dense:
        w = np.zeros((inst.people, inst.columns))
        w[rows, cols] = weights
        build = time.perf_counter() - t0
        t0 = time.perf_counter()
        row_ind, col_ind = linear_sum_assignment(w, maximize=True)
        solve = time.perf_counter() - t0
        what = ("scipy linear_sum_assignment (dense)",
                f"dense matrix {commas(inst.people)} x {commas(inst.columns)}")
        del w
    else:
        m = csr_matrix((weights, (rows, cols)), shape=(inst.people, inst.columns))
        build = time.perf_counter() - t0
        t0 = time.perf_counter()
        row_ind, col_ind = min_weight_full_bipartite_matching(m, maximize=True)
        solve = time.perf_counter() - t0
        what = ("scipy min_weight_full_bipartite_matching (SPARSE)",
                f"sparse matrix {commas(inst.people)} x {commas(inst.columns)}, {commas(m.nnz)} entries")
    note = None if dense else (
        f"the dense matrix would have {commas(cells)} cells ({cells * 8 / 1e9:.1f} GB) > --dense-max "
        f"{commas(int(dense_max))}: SPARSE min_weight_full_bipartite_matching used instead of "
        "linear_sum_assignment")
    return what, build, solve, inst.objective(inst.from_columns(row_ind, col_ind)), note


def run_networkx(inst):
    import networkx as nx

    t0 = time.perf_counter()
    g = nx.DiGraph()
    source, sink = 0, 1
    person_node = 2
    place_node = 2 + inst.people
    g.add_node(source, demand=-inst.people)
    g.add_node(sink, demand=inst.people)
    g.add_edges_from((source, person_node + i, {"capacity": 1, "weight": 0}) for i in range(inst.people))
    g.add_edges_from((person_node + int(p), place_node + int(q), {"capacity": 1, "weight": -(inst.big + int(s))})
                     for p, q, s in zip(inst.person.tolist(), inst.place.tolist(), inst.score.tolist()))
    g.add_edges_from((place_node + q, sink, {"capacity": int(c), "weight": 0})
                     for q, c in enumerate(inst.capacity.tolist()) if c > 0)
    g.add_edge(source, sink, capacity=inst.people, weight=0)
    build = time.perf_counter() - t0
    t0 = time.perf_counter()
    _, flow = nx.network_simplex(g)
    solve = time.perf_counter() - t0
    used = np.zeros(inst.edges, dtype=bool)
    for e, (p, q) in enumerate(zip(inst.person.tolist(), inst.place.tolist())):
        if flow[person_node + p].get(place_node + q, 0) > 0:
            used[e] = True
    what = ("networkx min_cost_flow (network_simplex)",
            f"{commas(g.number_of_nodes())} nodes, {commas(g.number_of_edges())} arcs")
    return what, build, solve, inst.objective(used), None


def main():
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("instances", nargs="+", help="peer-N.json files from match_bench")
    ap.add_argument("--dense-max", type=float, default=4e8,
                    help="largest dense matrix (cells) for linear_sum_assignment (default 4e8, 3.2 GB)")
    ap.add_argument("--peers", default="scipy,networkx", help="which peers (default scipy,networkx)")
    ap.add_argument("--timeout", type=int, default=300,
                    help="seconds a peer may take per instance (default 300); a peer that times out "
                         "is not run on the larger instances")
    args = ap.parse_args()
    signal.signal(signal.SIGALRM, on_alarm)
    gave_up = {}  # peer -> the instance size it timed out on
    import scipy
    import networkx
    print(f"(d) peers: python {sys.version.split()[0]}, numpy {np.__version__}, scipy {scipy.__version__}, "
          f"networkx {networkx.__version__}", flush=True)
    for path in args.instances:
        inst = Instance(path)
        n = inst.ours["sample_people"]
        at = f"(d) {commas(n)} people vs python: "
        ours_s = inst.ours["seconds"]
        ours_obj = (inst.ours["placed"], inst.ours["score"])
        runs = inst.ours["runs"]
        print(flush=True)
        figure(at + f"instance", commas(inst.edges),
               f"pairs, {commas(inst.places)} places with {commas(inst.total_seats)} usable seats")
        figure(at + f"ours (OptimalBipartite, threads={inst.ours['threads']})", duration(ours_s),
               f"({commas(ours_obj[0])} placed, score {commas(ours_obj[1])})"
               + (f" (median of {runs} runs)" if runs > 1 else "")
               + f"; certificate {inst.ours['certificate']}")
        for peer in args.peers.split(","):
            if peer in gave_up:
                print(f"{at}{peer}: SKIPPED (it did not finish within {args.timeout} s at "
                      f"{commas(gave_up[peer])} people)", flush=True)
                continue
            progress(f"{peer} on {path} (time limit {args.timeout} s)")
            t0 = time.perf_counter()
            signal.alarm(args.timeout)
            try:
                if peer == "scipy":
                    what, build, solve, obj, note = run_scipy(inst, args.dense_max)
                elif peer == "networkx":
                    what, build, solve, obj, note = run_networkx(inst)
                else:
                    raise SystemExit(f"peers.py: unknown peer {peer}")
            except TimedOut:
                waited = time.perf_counter() - t0
                gave_up[peer] = n
                figure(at + f"{peer}: did not finish", f"> {duration(waited)}",
                       f"(stopped at the time limit, input construction included; ours is > "
                       f"{waited / ours_s:.0f}x faster)")
                continue
            except MemoryError:
                print(f"{at}{peer}: FAILED (out of memory)", flush=True)
                continue
            finally:
                signal.alarm(0)
            if note:
                print(f"{at}NOTE: {note}", flush=True)
            figure(at + what[0], duration(solve),
                   f"({commas(obj[0])} placed, score {commas(obj[1])}; {what[1]}, built in {duration(build)})")
            r = solve / ours_s
            figure(at + f"speed-up of ours vs {peer}", f"{r:.1f}" if r < 100 else f"{r:,.0f}",
                   f"x   faster (solve times; no target)")
            agree = obj == ours_obj
            print(f"{at}check: (placed, total score) of {peer} equals ours: "
                  + ("OK" if agree else f"!!!!! MISMATCH !!!!! {peer} {obj} vs ours {ours_obj}"), flush=True)


if __name__ == "__main__":
    main()
