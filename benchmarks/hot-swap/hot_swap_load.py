#!/usr/bin/env python3
"""Hot-swap under load: reps open LOST_DEAL cases and complete their steps over HTTP while an admin uninstalls and
reinstalls the surprise24 strategy feature over SSH. Reports failed requests (transport errors and 5xx; the 409s
and 422s the contract prescribes while the strategy is away are counted apart) and the time from the end of
`feature:install` until a paused case is OPEN again and accepts a step completion.

Loopback only; bounded in time. Needs a running Winback (see run.sh) and sshpass.
"""
import argparse
import base64
import json
import subprocess
import threading
import time
import urllib.error
import urllib.request
import uuid

STRATEGY = "surprise24"
FEATURE = "winback-strategy-" + STRATEGY


class Api:
    def __init__(self, base, user, password):
        self.base = base
        self.auth = "Basic " + base64.b64encode(f"{user}:{password}".encode()).decode()

    def call(self, method, path, body=None):
        data = None if body is None else json.dumps(body).encode()
        request = urllib.request.Request(self.base + path, data=data, method=method)
        request.add_header("Authorization", self.auth)
        if data is not None:
            request.add_header("Content-Type", "application/json")
        try:
            with urllib.request.urlopen(request, timeout=30) as response:
                return response.status, json.loads(response.read() or b"null")
        except urllib.error.HTTPError as e:
            return e.code, None


class Stats:
    def __init__(self):
        self.lock = threading.Lock()
        self.counts = {}

    def add(self, key):
        with self.lock:
            self.counts[key] = self.counts.get(key, 0) + 1


def rep_loop(api, stop, stats, customer):
    """Open a case, then complete its first planned step with its first allowed outcome; repeat."""
    while not stop.is_set():
        try:
            status, case = api.call("POST", "/api/v1/cases", {"customerId": customer, "lossKind": "LOST_DEAL",
                                                              "lossReason": "competitor"})
            stats.add(("open", status))
            if status != 201:
                continue
            planned = [s for s in case["steps"] if s["status"] == "PLANNED"]
            if not planned:
                continue
            step = planned[0]
            status, _ = api.call("POST", f"/api/v1/cases/{case['id']}/steps/{step['id']}/complete",
                                 {"outcome": step["allowedOutcomes"][0], "notes": "load"})
            stats.add(("complete", status))
        except Exception as e:  # transport failure: counted, never fatal
            stats.add(("error", type(e).__name__))


def console(args, command):
    started = time.monotonic()
    subprocess.run(["sshpass", "-p", args.admin_password, "ssh", "-o", "StrictHostKeyChecking=no",
                    "-o", "UserKnownHostsFile=/dev/null", "-o", "LogLevel=ERROR", "-p", str(args.ssh_port),
                    f"{args.admin}@127.0.0.1", command], check=True, stdin=subprocess.DEVNULL,
                   stdout=subprocess.DEVNULL)
    return time.monotonic() - started


def main():
    p = argparse.ArgumentParser()
    p.add_argument("--base", default="http://127.0.0.1:8181")
    p.add_argument("--ssh-port", type=int, default=8101)
    p.add_argument("--admin", default="admin")
    p.add_argument("--admin-password", default="admin")
    p.add_argument("--threads", type=int, default=4)
    p.add_argument("--swaps", type=int, default=5)
    p.add_argument("--away-seconds", type=float, default=3.0)
    args = p.parse_args()

    manager = Api(args.base, "manager", "manager")
    status, customer = manager.call("POST", "/api/v1/customers", {
        "externalId": "bench-" + str(uuid.uuid4()), "source": "bench", "name": "Bench Ltd", "ownerRep": "rep1"})
    assert status == 201, status
    # One case whose resumption is timed: opened and advanced before the first swap.
    status, probe = manager.call("POST", "/api/v1/cases", {"customerId": customer["id"], "lossKind": "LOST_DEAL",
                                                           "lossReason": "competitor", "strategy": STRATEGY})
    assert status == 201, status

    stats = Stats()
    stop = threading.Event()
    workers = [threading.Thread(target=rep_loop, args=(Api(args.base, "rep1", "rep1"), stop, stats,
                                                       customer["id"])) for _ in range(args.threads)]
    for w in workers:
        w.start()
    resume_times = []
    started = time.monotonic()
    try:
        for _ in range(args.swaps):
            time.sleep(args.away_seconds)
            console(args, "feature:uninstall " + FEATURE)
            status, case = manager.call("GET", f"/api/v1/cases/{probe['id']}")
            stats.add(("probe-paused", case["status"] if case else status))
            time.sleep(args.away_seconds)
            console(args, "feature:install " + FEATURE)
            installed = time.monotonic()
            deadline = installed + 30
            while time.monotonic() < deadline:
                status, case = manager.call("GET", f"/api/v1/cases/{probe['id']}")
                if case and case["status"] == "OPEN":
                    break
                time.sleep(0.02)
            resume_times.append(time.monotonic() - installed)
    finally:
        stop.set()
        for w in workers:
            w.join()
    elapsed = time.monotonic() - started

    failed = sum(n for (kind, status), n in stats.counts.items()
                 if kind == "error" or (isinstance(status, int) and status >= 500))
    total = sum(n for (kind, _), n in stats.counts.items() if kind in ("open", "complete", "error"))
    print(json.dumps({
        "seconds": round(elapsed, 1), "threads": args.threads, "swaps": args.swaps,
        "requests": total, "failedRequests": failed,
        "byOutcome": {f"{k} {s}": n for (k, s), n in sorted(stats.counts.items(), key=str)},
        "resumeSeconds": {"max": round(max(resume_times), 3), "all": [round(t, 3) for t in resume_times]},
    }, indent=2))


if __name__ == "__main__":
    main()
