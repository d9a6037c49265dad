#!/usr/bin/env python3
"""The bounded soak of the HTTP edge (issue 20, point 5(c)), the client side; bench/edge/run
starts the server (Release, loopback) and calls this twice:

  soak.py soak ...  many idle connections (500 that sent nothing, 500 more that sent one GET and
                    then stay idle), slow-header clients that trickle one byte of a request head
                    every 0.5-1 s (never finishing it), and one normal client doing sequential
                    GET /api/v1/deelnemers/{id} over keep-alive: its latency (target p99 < 50 ms),
                    how and when the slow and the idle connections were closed, and the server's
                    RSS, open descriptors and CPU before, during and after.
  soak.py cap ...   against a server started with --max-connections CAP: opens more connections
                    than the cap, counts those answered 503 and closed against those kept, and
                    whether the normal client is answered once connections free up.

Python 3 standard library only; every phase has a time bound. Figures go to stdout and, with
--results FILE, are appended to FILE.
"""

import argparse
import collections
import os
import random
import resource
import selectors
import socket
import sys
import threading
import time
from urllib.parse import urlsplit

RESULTS = None


def out(line=""):
    print(line, flush=True)
    if RESULTS:
        with open(RESULTS, "a") as f:
            f.write(line + "\n")


def log(line):
    print(line, file=sys.stderr, flush=True)


def verdict(ok):
    return "PASS" if ok else "MISS"


def pct(values, q):
    """The q-th percentile (0..100) by the nearest-rank method."""
    if not values:
        return float("nan")
    s = sorted(values)
    k = max(0, min(len(s) - 1, int(-(-q * len(s) // 100)) - 1))
    return s[k]


def spread(values, fmt="{:.1f}"):
    if not values:
        return "-"
    s = sorted(values)
    if len(s) == 1:
        return fmt.format(s[0])
    return (fmt + " / " + fmt + " / " + fmt).format(s[0], s[len(s) // 2], s[-1])


# ---- the server's process --------------------------------------------------------------------
class Proc:
    def __init__(self, pid):
        self.pid = pid
        self.hz = os.sysconf("SC_CLK_TCK")

    def alive(self):
        try:
            with open(f"/proc/{self.pid}/stat") as f:
                return f.read().split(")")[-1].split()[0] != "Z"
        except OSError:
            return False

    def rss_mb(self):
        try:
            with open(f"/proc/{self.pid}/status") as f:
                for line in f:
                    if line.startswith("VmRSS:"):
                        return int(line.split()[1]) / 1024
        except OSError:
            pass
        return float("nan")

    def fds(self):
        try:
            return len(os.listdir(f"/proc/{self.pid}/fd"))
        except OSError:
            return -1

    def cpu_s(self):
        try:
            with open(f"/proc/{self.pid}/stat") as f:
                fields = f.read().split(")")[-1].split()
            return (int(fields[11]) + int(fields[12])) / self.hz  # utime, stime
        except OSError:
            return float("nan")

    def nofile(self):
        try:
            with open(f"/proc/{self.pid}/limits") as f:
                for line in f:
                    if line.startswith("Max open files"):
                        return line.split()[3]
        except OSError:
            pass
        return "?"

    def snapshot(self):
        return {"rss": self.rss_mb(), "fds": self.fds(), "cpu": self.cpu_s(), "t": time.monotonic()}


class Sampler(threading.Thread):
    """The server's RSS and descriptors once a second, while the soak runs."""

    def __init__(self, proc):
        super().__init__(daemon=True)
        self.proc, self.stop, self.samples = proc, threading.Event(), []

    def run(self):
        while not self.stop.wait(1.0):
            self.samples.append((self.proc.rss_mb(), self.proc.fds()))


# ---- HTTP over plain sockets -----------------------------------------------------------------
class Endpoint:
    def __init__(self, url):
        u = urlsplit(url)
        self.host, self.port = u.hostname, u.port
        assert self.host == "127.0.0.1", "loopback only"

    def connect(self, timeout=3.0):
        s = socket.create_connection((self.host, self.port), timeout=timeout)
        s.setsockopt(socket.IPPROTO_TCP, socket.TCP_NODELAY, 1)
        return s

    def get(self, path):
        return (f"GET {path} HTTP/1.1\r\nHost: {self.host}:{self.port}\r\n"
                f"User-Agent: overstap-soak\r\nAccept: application/json\r\n\r\n").encode()


class Closed(Exception):
    pass


def read_response(sock, buf=b""):
    """Reads one response; returns (status, headers dict, leftover bytes). Raises Closed when the
    peer closed before a whole response (Closed.args[0]: the bytes seen), socket.timeout."""
    while b"\r\n\r\n" not in buf:
        chunk = sock.recv(65536)
        if not chunk:
            raise Closed(buf)
        buf += chunk
    head, _, rest = buf.partition(b"\r\n\r\n")
    lines = head.decode("latin-1").split("\r\n")
    try:
        status = int(lines[0].split()[1])
    except (IndexError, ValueError):
        raise Closed(buf)
    headers = {}
    for line in lines[1:]:
        k, _, v = line.partition(":")
        headers[k.strip().lower()] = v.strip()
    if headers.get("transfer-encoding", "").lower() == "chunked":
        body = b""
        while True:
            while b"\r\n" not in rest:
                chunk = sock.recv(65536)
                if not chunk:
                    raise Closed(buf)
                rest += chunk
            size_line, _, rest = rest.partition(b"\r\n")
            size = int(size_line.split(b";")[0], 16)
            while len(rest) < size + 2:
                chunk = sock.recv(65536)
                if not chunk:
                    raise Closed(buf)
                rest += chunk
            body += rest[:size]
            rest = rest[size + 2:]
            if size == 0:
                break
        return status, headers, rest
    n = int(headers.get("content-length", "0"))
    while len(rest) < n:
        chunk = sock.recv(65536)
        if not chunk:
            raise Closed(buf)
        rest += chunk
    return status, headers, rest[n:]


def status_of(data):
    """'408' from b'HTTP/1.1 408 Request Timeout...', 'none' for no bytes, else '?'."""
    if not data:
        return "none"
    parts = data.split(b" ", 2)
    if len(parts) >= 2 and parts[0].startswith(b"HTTP/") and parts[1].isdigit():
        return parts[1].decode()
    return "?"


def raise_nofile(needed):
    soft, hard = resource.getrlimit(resource.RLIMIT_NOFILE)
    if soft < needed:
        new = needed if hard == resource.RLIM_INFINITY else min(hard, needed)
        resource.setrlimit(resource.RLIMIT_NOFILE, (new, hard))
        soft = new
    if soft < needed:
        log(f"soak.py: RLIMIT_NOFILE is {soft}, {needed} wanted: expect connection failures")
    return soft


# ---- the normal client -----------------------------------------------------------------------
class NormalClient:
    """Sequential GETs over one keep-alive connection (a new one when the server closes it)."""

    def __init__(self, ep, ids, seed=7):
        self.ep, self.ids, self.rng = ep, ids, random.Random(seed)
        self.sock, self.buf = None, b""
        self.latencies_ms, self.statuses = [], collections.Counter()
        self.connects = 0
        self.errors = collections.Counter()

    def one(self, timeout=5.0):
        """One GET; returns its status (int) or an error word. The latency counts when answered."""
        path = "/api/v1/deelnemers/" + self.ids[self.rng.randrange(len(self.ids))]
        t0 = time.perf_counter()
        try:
            if self.sock is None:
                self.sock = self.ep.connect(timeout)
                self.sock.settimeout(timeout)
                self.buf = b""
                self.connects += 1
            self.sock.sendall(self.ep.get(path))
            status, headers, self.buf = read_response(self.sock, self.buf)
        except Closed as e:
            self.close()
            word = "closed" if not e.args[0] else "closed-after-" + status_of(e.args[0])
            self.errors[word] += 1
            return word
        except socket.timeout:
            self.close()
            self.errors["timeout"] += 1
            return "timeout"
        except OSError as e:
            self.close()
            word = type(e).__name__
            self.errors[word] += 1
            return word
        self.latencies_ms.append((time.perf_counter() - t0) * 1000)
        self.statuses[status] += 1
        if headers.get("connection", "").lower() == "close":
            self.close()
        return status

    def run_for(self, seconds):
        end = time.monotonic() + seconds
        while time.monotonic() < end:
            self.one()

    def close(self):
        if self.sock is not None:
            try:
                self.sock.close()
            except OSError:
                pass
        self.sock, self.buf = None, b""

    def summary(self):
        lat = self.latencies_ms
        st = ", ".join(f"{k}: {v}" for k, v in sorted(self.statuses.items()))
        err = ", ".join(f"{k}: {v}" for k, v in sorted(self.errors.items())) or "none"
        return lat, st, err


# ---- idle connections ----------------------------------------------------------------------
class IdleConn:
    def __init__(self, sock, kind):
        self.sock, self.kind = sock, kind
        self.opened = time.monotonic()
        self.closed = None  # monotonic time the server closed it
        self.how = None     # "closed" (EOF) or "reset"
        self.data = b""     # what the server sent after we went idle


class Watcher(threading.Thread):
    """Waits on every idle connection; records what the server sends and when it closes it."""

    def __init__(self, conns):
        super().__init__(daemon=True)
        self.sel = selectors.DefaultSelector()
        self.stop = threading.Event()
        for c in conns:
            c.sock.setblocking(False)
            self.sel.register(c.sock, selectors.EVENT_READ, c)

    def run(self):
        while not self.stop.is_set():
            for key, _ in self.sel.select(timeout=0.2):
                c = key.data
                try:
                    chunk = c.sock.recv(65536)
                except BlockingIOError:
                    continue
                except OSError:
                    chunk, c.how = b"", "reset"
                if chunk:
                    c.data += chunk
                    continue
                c.closed = time.monotonic()
                c.how = c.how or "closed"
                self.sel.unregister(c.sock)
                c.sock.close()


def idle_report(conns, at, label):
    """One line per kind: open / closed by the server (when, what it answered)."""
    lines = []
    for kind in ("silent", "after-request"):
        group = [c for c in conns if c.kind == kind]
        if not group:
            continue
        closed = [c for c in group if c.closed is not None and c.closed <= at]
        still = len(group) - len(closed)
        line = f"{label}: {kind} {still} of {len(group)} open"
        if closed:
            ages = [c.closed - c.opened for c in closed]
            answers = collections.Counter(status_of(c.data) for c in closed)
            hows = collections.Counter(c.how for c in closed)
            line += (f", {len(closed)} closed by the server {spread(ages)} s after opening (min / median / max)"
                     f", answer {dict(answers)}, {dict(hows)}")
        else:
            extra = [c for c in group if c.data]
            if extra:
                line += f" ({len(extra)} of them were sent bytes: {dict(collections.Counter(status_of(c.data) for c in extra))})"
        lines.append(line)
    return lines


# ---- slow-header clients ---------------------------------------------------------------------
class SlowClient(threading.Thread):
    """Trickles one byte of a request head every 0.5-1 s and never finishes it; when the server
    closes the connection, records how and starts again on a new one, until told to stop."""

    def __init__(self, ep, num, stop, path):
        super().__init__(daemon=True)
        self.ep, self.num, self.stop = ep, num, stop
        self.rng = random.Random(100 + num)
        head = (f"GET {path} HTTP/1.1\r\nHost: {ep.host}:{ep.port}\r\n"
                f"User-Agent: overstap-soak-slow\r\nX-Slow: ").encode()
        self.head = head + b"x" * 4000  # at 0.5-1 s a byte it never ends within the soak
        self.rounds = []  # dicts: secs, sent, status, how ("closed", "reset", "open at end", "connect failed")

    def run(self):
        while not self.stop.is_set():
            try:
                s = self.ep.connect()
            except OSError as e:
                self.rounds.append({"secs": 0, "sent": 0, "status": "none", "how": "connect failed: " + type(e).__name__})
                self.stop.wait(1.0)
                continue
            t0, sent, data, how = time.monotonic(), 0, b"", None
            s.setblocking(False)
            sel = selectors.DefaultSelector()
            sel.register(s, selectors.EVENT_READ)
            while how is None:
                if self.stop.is_set():
                    how = "open at end"
                    break
                try:
                    s.send(self.head[sent:sent + 1])
                    sent += 1
                except (BrokenPipeError, ConnectionResetError):
                    how = "reset on send"
                    break
                except BlockingIOError:
                    pass
                deadline = time.monotonic() + self.rng.uniform(0.5, 1.0)
                while how is None and not self.stop.is_set():
                    left = deadline - time.monotonic()
                    if left <= 0:
                        break
                    if sel.select(timeout=min(left, 0.2)):
                        try:
                            chunk = s.recv(65536)
                        except BlockingIOError:
                            continue
                        except OSError:
                            how = "reset"
                            break
                        if chunk:
                            data += chunk
                        else:
                            how = "closed"
            if how == "open at end" and data:  # answered just before the stop: wait for the close
                if sel.select(timeout=0.5):
                    try:
                        if not s.recv(65536):
                            how = "closed"
                    except OSError:
                        how = "reset"
            self.rounds.append({"secs": time.monotonic() - t0, "sent": sent, "status": status_of(data), "how": how})
            sel.close()
            s.close()


# ---- the soak --------------------------------------------------------------------------------
def soak(args):
    ep, proc = Endpoint(args.url), Proc(args.pid)
    ids = [l.strip() for l in open(args.ids) if l.strip()]
    raise_nofile(args.idle + args.idle_after_request + args.slow * 2 + 256)
    out(f"(5c) soak: {args.idle} silent + {args.idle_after_request} idle-after-one-GET connections, "
        f"{args.slow} slow-header clients, one normal client for {args.seconds} s; "
        f"server pid {args.pid}, its RLIMIT_NOFILE soft limit {proc.nofile()}")
    before = proc.snapshot()

    # The idle connections: 500 that never send, 500 that send one GET, read the answer and stay.
    conns, failures, first_statuses = [], collections.Counter(), collections.Counter()
    t_open = time.monotonic()
    for _ in range(args.idle):
        try:
            conns.append(IdleConn(ep.connect(), "silent"))
        except OSError as e:
            failures[type(e).__name__] += 1
    rng = random.Random(11)
    for _ in range(args.idle_after_request):
        try:
            s = ep.connect()
            s.sendall(ep.get("/api/v1/deelnemers/" + ids[rng.randrange(len(ids))]))
            status, _, rest = read_response(s)
            first_statuses[status] += 1
            c = IdleConn(s, "after-request")
            c.data = rest
            conns.append(c)
        except (OSError, Closed) as e:
            failures[type(e).__name__] += 1
    opened_s = time.monotonic() - t_open
    time.sleep(0.5)
    out(f"(5c) soak: {len(conns)} idle connections open in {opened_s:.1f} s (failed: {dict(failures) or 0}); "
        f"the one GET of each after-request connection: {dict(first_statuses)}; the server's open "
        f"descriptors now {proc.fds()} (a connect completes in the kernel before the server accepts it)")

    watcher = Watcher(conns)
    watcher.start()
    sampler = Sampler(proc)
    sampler.start()
    stop_slow = threading.Event()
    slow = [SlowClient(ep, i, stop_slow, "/api/v1/deelnemers/" + ids[i % len(ids)]) for i in range(args.slow)]
    for s in slow:
        s.start()
        time.sleep(0.1)
    log(f"normal client: sequential GETs for {args.seconds} s")
    normal = NormalClient(ep, ids)
    during0 = proc.snapshot()
    normal.run_for(args.seconds)
    during1 = proc.snapshot()
    stop_slow.set()
    for s in slow:
        s.join(5)
    t_end_normal = time.monotonic()

    # The normal client's figures.
    lat, st, err = normal.summary()
    p50, p99, mx = pct(lat, 50), pct(lat, 99), (max(lat) if lat else float("nan"))
    ok = bool(lat) and p99 < args.p99_target_ms and not normal.errors
    out(f"(5c) normal client: {len(lat):,} GETs answered in {args.seconds} s over {normal.connects} connection(s); "
        f"statuses {{{st}}}; errors: {err}")
    out(f"{'(5c) normal client GET latency p50 / p99 / max':<65} {p50:.2f} / {p99:.2f} / {mx:.2f} ms "
        f"(target p99 < {args.p99_target_ms:g} ms) {verdict(ok)}")
    normal.close()

    # The slow-header clients.
    rounds = [r for s in slow for r in s.rounds]
    closed = [r for r in rounds if r["how"] != "open at end" and not r["how"].startswith("connect failed")]
    still = [r for r in rounds if r["how"] == "open at end"]
    limit = args.head_timeout + 2.0
    on_time = [r for r in closed if r["status"] == "408" and r["secs"] <= limit]
    long_open = [r for r in still if r["secs"] > limit]
    slow_ok = bool(closed) and len(on_time) == len(closed) and not long_open
    out(f"(5c) slow-header clients: {len(rounds)} connections from {len(slow)} clients (one byte every 0.5-1 s, a new connection when closed)")
    if closed:
        out(f"(5c)   closed by the server: {len(closed)}, after {spread([r['secs'] for r in closed])} s "
            f"(min / median / max) having sent {spread([r['sent'] for r in closed], '{:.0f}')} bytes; "
            f"answers {dict(collections.Counter(r['status'] for r in closed))}, "
            f"{dict(collections.Counter(r['how'] for r in closed))}")
    if still:
        out(f"(5c)   still open when the soak stopped them: {len(still)}, open for {spread([r['secs'] for r in still])} s, "
            f"having sent {spread([r['sent'] for r in still], '{:.0f}')} bytes, answers {dict(collections.Counter(r['status'] for r in still))}")
    failed = [r for r in rounds if r["how"].startswith("connect failed")]
    if failed:
        out(f"(5c)   connect failures: {len(failed)}")
    out(f"{'(5c) slow-header connections closed with 408 within the head deadline':<65} "
        f"{len(on_time)} of {len(closed) + len(long_open)} (deadline {args.head_timeout:g} s + 2 s) {verdict(slow_ok)}")

    # The idle connections: at the end of the normal client, then after a wait for the idle timeout.
    at_end = t_end_normal - t_open
    for line in idle_report(conns, t_end_normal, f"(5c) idle at t={at_end:.0f} s (end of the normal client)"):
        out(line)
    held_until = min(args.idle_timeout, args.head_timeout if args.head_timeout_applies_to_silent else args.idle_timeout)
    early = [c for c in conns if c.closed is not None and c.closed - c.opened < held_until - 1.0]
    if args.watch > at_end:
        log(f"watching the idle connections until t={args.watch:.0f} s (idle timeout {args.idle_timeout:g} s)")
        time.sleep(max(0.0, t_open + args.watch - time.monotonic()))
        for line in idle_report(conns, time.monotonic(), f"(5c) idle at t={args.watch:.0f} s"):
            out(line)
    watcher.stop.set()
    watcher.join(2)
    open_at_end = [c for c in conns if c.closed is None]
    out(f"{'(5c) idle connections held (none closed before the idle timeout)':<65} "
        f"{len(conns) - len(early)} of {len(conns) + sum(failures.values())} "
        f"(idle timeout {args.idle_timeout:g} s) {verdict(not early and not failures)}")
    if args.watch >= args.idle_timeout + 3:
        late = [c for c in open_at_end]
        out(f"{'(5c) idle connections closed by the idle timeout':<65} "
            f"{len(conns) - len(late)} of {len(conns)} by t={args.watch:.0f} s "
            f"(idle timeout {args.idle_timeout:g} s) {verdict(not late)}")

    # The server's memory, descriptors and CPU.
    sampler.stop.set()
    sampler.join(2)
    for c in open_at_end:
        try:
            c.sock.close()
        except OSError:
            pass
    time.sleep(2.0)
    after = proc.snapshot()
    rss_during = [r for r, _ in sampler.samples]
    fds_during = [f for _, f in sampler.samples]
    cpu_pct = (during1["cpu"] - during0["cpu"]) / max(1e-9, during1["t"] - during0["t"]) * 100
    per_req = f"{(during1['cpu'] - during0['cpu']) / len(lat) * 1e6:.0f} us per GET answered" if lat else "no GET answered"
    out(f"{'(5c) server RSS before / during (max) / after':<65} {before['rss']:.1f} / {max(rss_during, default=float('nan')):.1f} / {after['rss']:.1f} MB")
    out(f"{'(5c) server open descriptors before / during (max) / after':<65} {before['fds']} / {max(fds_during, default=-1)} / {after['fds']}")
    out(f"{'(5c) server CPU during the normal client':<65} {cpu_pct:.0f}% of a core, {per_req}")
    out(f"(5c) server alive at the end: {'yes' if proc.alive() else 'NO'}")
    return 0


# ---- the connection cap --------------------------------------------------------------------------
def cap(args):
    ep, proc = Endpoint(args.url), Proc(args.pid)
    ids = [l.strip() for l in open(args.ids) if l.strip()]
    raise_nofile(args.connections + 256)
    before = proc.snapshot()
    capped = f"--max-connections {args.cap}" if args.cap else "no connection cap"
    out(f"(5c) cap: server with {capped}, {args.connections} connections opened; "
        f"server pid {args.pid}, its RLIMIT_NOFILE soft limit {proc.nofile()}")
    socks, failures = [], collections.Counter()
    for _ in range(args.connections):
        try:
            socks.append(ep.connect())
        except OSError as e:
            failures[type(e).__name__] += 1
    time.sleep(1.0)
    # What each got without asking (a cap answers at accept), then the answer to one GET.
    outcome = collections.Counter()
    kept = []
    rng = random.Random(13)
    for s in socks:
        s.settimeout(0.0)
        early = b""
        eof = False
        try:
            while True:
                chunk = s.recv(65536)
                if not chunk:
                    eof = True
                    break
                early += chunk
        except BlockingIOError:
            pass
        except OSError:
            eof = True
        if early or eof:
            outcome[f"at connect: {status_of(early)}{' + closed' if eof else ''}"] += 1
            s.close()
            continue
        s.settimeout(3.0)
        try:
            s.sendall(ep.get("/api/v1/deelnemers/" + ids[rng.randrange(len(ids))]))
            status, headers, _ = read_response(s)
            if status == 200 and headers.get("connection", "").lower() != "close":
                outcome["after a GET: 200, kept"] += 1
                kept.append(s)
                continue
            outcome[f"after a GET: {status}"] += 1
        except Closed as e:
            outcome[f"after a GET: closed, answer {status_of(e.args[0])}"] += 1
        except socket.timeout:
            outcome["after a GET: no answer in 3 s"] += 1
            kept.append(s)
            continue
        except OSError as e:
            outcome[f"after a GET: {type(e).__name__}"] += 1
        s.close()
    during = proc.snapshot()
    refused = sum(v for k, v in outcome.items() if "503" in k)
    out(f"(5c) cap: outcomes {dict(outcome)}; connect failures {dict(failures) or 0}")
    ok_cap = 0 < len(kept) <= args.cap and refused == args.connections - len(kept) - sum(failures.values())
    out(f"{'(5c) cap: connections kept / refused with 503':<65} {len(kept)} / {refused} of {args.connections} "
        f"(cap {args.cap or 'none'}: kept <= cap, the rest 503) {verdict(ok_cap and refused > 0)}")

    # The normal client while the server is full, then after some connections close.
    normal = NormalClient(ep, ids)
    full = normal.one(timeout=3.0)
    normal.close()
    out(f"(5c) cap: a new client's GET while {len(kept)} connections are held: {full}")
    free = min(args.free, len(kept))
    for s in kept[:free]:
        s.close()
    kept = kept[free:]
    time.sleep(0.5)
    normal = NormalClient(ep, ids, seed=8)
    normal.run_for(args.seconds)
    lat, st, err = normal.summary()
    answered = normal.statuses.get(200, 0)
    ok = answered > 0 and answered == len(lat) and not normal.errors
    out(f"{'(5c) cap: normal client after %d connections closed' % free:<65} {answered:,} GETs 200 in {args.seconds} s "
        f"(statuses {{{st}}}, errors: {err}, p99 {pct(lat, 99):.2f} ms) {verdict(ok)}")
    normal.close()
    for s in kept:
        s.close()
    time.sleep(1.0)
    after = proc.snapshot()
    out(f"{'(5c) cap: server RSS before / with the connections / after':<65} {before['rss']:.1f} / {during['rss']:.1f} / {after['rss']:.1f} MB; "
        f"descriptors {before['fds']} / {during['fds']} / {after['fds']}")
    out(f"(5c) cap: server alive at the end: {'yes' if proc.alive() else 'NO'}")
    return 0


def main():
    global RESULTS
    p = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    sub = p.add_subparsers(dest="cmd", required=True)
    for name in ("soak", "cap"):
        s = sub.add_parser(name)
        s.add_argument("--url", required=True, help="http://127.0.0.1:PORT")
        s.add_argument("--pid", type=int, required=True, help="the server's pid (RSS, descriptors, CPU)")
        s.add_argument("--ids", required=True, help="a file of person ids, one a line")
        s.add_argument("--results", help="append the figures to this file")
    s = sub.choices["soak"]
    s.add_argument("--idle", type=int, default=500, help="connections that never send")
    s.add_argument("--idle-after-request", type=int, default=500, help="connections that send one GET, then idle")
    s.add_argument("--slow", type=int, default=4, help="slow-header clients")
    s.add_argument("--seconds", type=float, default=60, help="the normal client's run")
    s.add_argument("--watch", type=float, default=0, help="watch the idle connections until this many s after opening them")
    s.add_argument("--head-timeout", type=float, default=10, help="the server's head deadline, s")
    s.add_argument("--idle-timeout", type=float, default=60, help="the server's idle timeout, s")
    s.add_argument("--head-timeout-applies-to-silent", action="store_true",
                   help="a connection that sent nothing may be closed at the head deadline")
    s.add_argument("--p99-target-ms", type=float, default=50)
    c = sub.choices["cap"]
    c.add_argument("--cap", type=int, default=600, help="the server's --max-connections (0: it has none)")
    c.add_argument("--connections", type=int, default=700)
    c.add_argument("--free", type=int, default=100, help="connections closed before the normal client's run")
    c.add_argument("--seconds", type=float, default=5)
    args = p.parse_args()
    RESULTS = args.results
    return soak(args) if args.cmd == "soak" else cap(args)


if __name__ == "__main__":
    sys.exit(main())
