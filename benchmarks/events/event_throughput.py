#!/usr/bin/env python3
"""Event delivery on PostgreSQL (issue 8).

1. Unpacks the distribution (see benchmarks/import for the Karaf handling this script shares), points it at a fresh
   PostgreSQL database winback_bench_events_<random>, lists this script's receiver in etc/dev.winback.webhooks.cfg
   (allowedHosts = 127.0.0.1:<port>; every other webhook setting as shipped), with --poll-millis writes
   etc/dev.winback.core.events.cfg (how often the event log is looked at; 500 ms when absent), and starts it.
2. Starts a webhook receiver in this process (http.server, a thread per request) that checks every delivery's
   Standard Webhooks signature with the endpoint's secret, answers 204, and records when it arrived.
3. Registers one endpoint for customer.created (POST /api/v1/webhooks).
4. Latency: creates --rate customers per second for --seconds seconds (POST /api/v1/customers, one client thread,
   evenly spaced). For each delivery: arrival time minus the event's occurredAt (the body's timestamp). occurredAt
   is stamped inside the creating transaction, a few milliseconds before it commits, so this is commit-to-delivery
   plus those milliseconds: an upper bound. p50, p90, p99 and max.
5. Throughput: imports --backlog purchases of --backlog new customers in one file (POST
   /api/v1/imports/transactions), which publishes --backlog customer.created events in one transaction. From the
   moment the job reads COMPLETED: (a) the built-in subscriber osgi-event-admin (it only posts each event to OSGi
   EventAdmin, which nothing listens to here: a no-op subscriber) until its position reaches the import's last
   event, polled every 50 ms through GET /api/v1/subscribers; (b) the webhook receiver until it has all of them.
   Both run at once, as in production: one delivery thread per node serves every subscriber in turn.

Exits non-zero if a signature does not verify, an event is missing or delivered twice. Standard library only.
"""
import argparse
import base64
import hashlib
import hmac
import http.client
import http.server
import json
import os
import secrets
import shutil
import statistics
import sys
import tempfile
import threading
import time

sys.path.insert(0, os.path.join(os.path.dirname(os.path.abspath(__file__)), "..", "import"))
from import_throughput import (AUTH, BenchFailure, Karaf, create_database, drop_database, free_ports,  # noqa: E402
                               instant, load_average, log, set_property)


def call(port, method, path, body=None, content_type="application/json", timeout=120):
    connection = http.client.HTTPConnection("127.0.0.1", port, timeout=timeout)
    try:
        headers = {"Authorization": AUTH}
        data = None
        if body is not None:
            data = body if isinstance(body, bytes) else json.dumps(body).encode()
            headers["Content-Type"] = content_type
        connection.request(method, path, body=data, headers=headers)
        response = connection.getresponse()
        raw = response.read()
        try:
            return response.status, json.loads(raw or b"null")
        except ValueError:
            return response.status, raw.decode(errors="replace")
    finally:
        connection.close()


class Receiver(http.server.ThreadingHTTPServer):
    """Checks each delivery's signature and keeps (arrival, event timestamp, webhook-id, customer externalId)."""

    def __init__(self, port):
        super().__init__(("127.0.0.1", port), ReceiverHandler)
        self.key = None
        self.lock = threading.Lock()
        self.arrivals = []
        self.bad = []

    def record(self, arrival, headers, body):
        webhook_id = headers.get("webhook-id", "")
        stamp = headers.get("webhook-timestamp", "")
        expected = base64.b64encode(hmac.new(self.key, f"{webhook_id}.{stamp}.".encode() + body,
                                             hashlib.sha256).digest()).decode()
        given = [s.split(",", 1)[1] for s in headers.get("webhook-signature", "").split() if s.startswith("v1,")]
        message = json.loads(body)
        with self.lock:
            if not any(hmac.compare_digest(expected, g) for g in given):
                self.bad.append(webhook_id)
            self.arrivals.append((arrival, instant(message["timestamp"]), webhook_id,
                                  message["data"].get("externalId")))


class ReceiverHandler(http.server.BaseHTTPRequestHandler):
    def do_POST(self):  # noqa: N802 (http.server's naming)
        body = self.rfile.read(int(self.headers.get("Content-Length", "0")))
        arrival = time.time()
        self.server.record(arrival, {k.lower(): v for k, v in self.headers.items()}, body)
        self.send_response(204)
        self.end_headers()

    def log_message(self, *args):
        pass


def percentiles(values):
    ordered = sorted(values)

    def at(q):
        return ordered[min(len(ordered) - 1, int(q * len(ordered)))]
    return {"count": len(ordered), "p50Ms": round(at(0.50) * 1000, 1), "p90Ms": round(at(0.90) * 1000, 1),
            "p99Ms": round(at(0.99) * 1000, 1), "maxMs": round(ordered[-1] * 1000, 1),
            "meanMs": round(statistics.fmean(ordered) * 1000, 1)}


def subscriber_position(port, name):
    status, subscribers = call(port, "GET", "/api/v1/subscribers")
    if status != 200:
        raise BenchFailure(f"GET /api/v1/subscribers answered {status} {subscribers}")
    for s in subscribers:
        if s["name"] == name:
            return s.get("position") or 0
    return 0


def last_event_id(port):
    status, page = call(port, "GET", "/api/v1/events?type=customer.created&limit=1000&after=0")
    newest = 0
    after = 0
    while status == 200 and page.get("items"):
        newest = max(e["id"] for e in page["items"])
        after = page.get("next") or newest
        status, page = call(port, "GET", f"/api/v1/events?type=customer.created&limit=1000&after={after}")
    return newest


def main():
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--dist", required=True)
    parser.add_argument("--backlog", type=int, default=20000)
    parser.add_argument("--rate", type=float, default=20.0)
    parser.add_argument("--seconds", type=float, default=30.0)
    parser.add_argument("--poll-millis", type=int, default=None,
                        help="pollMillis of etc/dev.winback.core.events.cfg (default: as shipped, 500)")
    parser.add_argument("--pg-host", default="127.0.0.1")
    parser.add_argument("--pg-port", type=int, default=5432)
    parser.add_argument("--pg-user", default="postgres")
    parser.add_argument("--keep", action="store_true", help="keep the distribution copy and database")
    args = parser.parse_args()

    work = tempfile.mkdtemp(prefix="winback-events-")
    databases = []
    karaf = None
    receiver = None
    try:
        database = create_database(args, databases, "winback_bench_events")
        karaf = Karaf(args.dist, os.path.join(work, "karaf"), 20100,
                      f"jdbc:postgresql://{args.pg_host}:{args.pg_port}/{database}", args.pg_user)
        receiver_port = free_ports(1, 20300)[0]
        set_property(os.path.join(karaf.home, "etc", "dev.winback.webhooks.cfg"), "allowedHosts",
                     f"127.0.0.1:{receiver_port}")
        if args.poll_millis is not None:
            with open(os.path.join(karaf.home, "etc", "dev.winback.core.events.cfg"), "w") as f:
                f.write(f"pollMillis = {args.poll_millis}\n")
        receiver = Receiver(receiver_port)
        threading.Thread(target=receiver.serve_forever, daemon=True).start()
        karaf.start()
        log(f"Karaf ready in {karaf.wait_ready(by_health=True)} s")
        karaf.health("PostgreSQL")
        status, endpoint = call(karaf.http, "POST", "/api/v1/webhooks", {
            "url": f"http://127.0.0.1:{receiver_port}/hooks", "eventTypes": ["customer.created"],
            "description": "benchmarks/events receiver"})
        if status != 201:
            raise BenchFailure(f"registering the endpoint answered {status} {endpoint}")
        receiver.key = base64.b64decode(endpoint["secret"][len("whsec_"):])

        # Latency: a steady trickle of single changes.
        log(f"latency: {args.rate}/s for {args.seconds} s")
        count = int(args.rate * args.seconds)
        started = time.monotonic()
        for i in range(count):
            pause = started + i / args.rate - time.monotonic()
            if pause > 0:
                time.sleep(pause)
            status, body = call(karaf.http, "POST", "/api/v1/customers", {
                "externalId": f"trickle-{i}", "source": "bench", "name": f"Trickle {i}", "currency": "EUR"})
            if status != 201:
                raise BenchFailure(f"creating customer {i} answered {status} {body}")
        deadline = time.monotonic() + 120
        while time.monotonic() < deadline:
            with receiver.lock:
                if len(receiver.arrivals) >= count:
                    break
            time.sleep(0.1)
        with receiver.lock:
            trickle = list(receiver.arrivals)
        if len(trickle) != count:
            raise BenchFailure(f"the receiver got {len(trickle)} of {count} trickle events")
        latency = percentiles([a - t for a, t, _, _ in trickle])
        log(f"latency {latency}")

        # Throughput: a backlog written by one transaction.
        rows = "".join(f"backlog-{i},2026-01-{1 + i % 28:02d},{10 + i % 90}.50\n" for i in range(args.backlog))
        csv = ("externalId,date,amount\n" + rows).encode()
        load_before = load_average()
        status, job = call(karaf.http, "POST", "/api/v1/imports/transactions?source=bench", csv, "text/csv")
        if status != 202:
            raise BenchFailure(f"the import answered {status} {job}")
        while True:
            status, job = call(karaf.http, "GET", f"/api/v1/imports/{job['id']}")
            if job["status"] in ("COMPLETED", "FAILED", "ABORTED"):
                break
            time.sleep(0.05)
        committed = time.time()
        if job["status"] != "COMPLETED" or job["customersCreated"] != args.backlog:
            raise BenchFailure(f"the import ended {job}")
        target = last_event_id(karaf.http)
        log(f"import committed; last customer.created event {target}")
        noop_done = webhook_done = None
        deadline = time.monotonic() + 1800
        while (noop_done is None or webhook_done is None) and time.monotonic() < deadline:
            if noop_done is None and subscriber_position(karaf.http, "osgi-event-admin") >= target:
                noop_done = time.time()
            with receiver.lock:
                got = len(receiver.arrivals) - count
            if webhook_done is None and got >= args.backlog:
                with receiver.lock:
                    webhook_done = max(a for a, _, _, _ in receiver.arrivals[count:])
            time.sleep(0.05)
        if noop_done is None or webhook_done is None:
            raise BenchFailure("the backlog was not delivered within 30 minutes")
        with receiver.lock:
            ids = [w for _, _, w, _ in receiver.arrivals]
            names = [n for _, _, _, n in receiver.arrivals]
            bad = list(receiver.bad)
        if bad:
            raise BenchFailure(f"{len(bad)} deliveries with a signature that does not verify")
        if len(set(ids)) != len(ids) or len(set(names)) != count + args.backlog:
            raise BenchFailure(f"{len(ids)} deliveries, {len(set(ids))} webhook ids, {len(set(names))} customers")
        result = {
            "backlog": args.backlog,
            "noopSeconds": round(noop_done - committed, 2),
            "noopEventsPerSecond": round(args.backlog / max(noop_done - committed, 1e-3)),
            "webhookSeconds": round(webhook_done - committed, 2),
            "webhookEventsPerSecond": round(args.backlog / max(webhook_done - committed, 1e-3)),
            "latency": latency, "trickleRate": args.rate, "pollMillis": args.poll_millis or 500, "loadBefore": load_before, "loadAfter": load_average(),
        }
        print(json.dumps(result, indent=2))
    except BenchFailure as e:
        log(f"FAILED: {e}")
        if karaf:
            karaf.tell_what_happened("karaf")
        sys.exit(1)
    finally:
        if receiver:
            receiver.shutdown()
        if karaf:
            karaf.stop()
        if not args.keep:
            for name in list(databases):
                drop_database(args, name)
            shutil.rmtree(work, ignore_errors=True)


if __name__ == "__main__":
    main()
