#!/usr/bin/env python3
"""Transaction import throughput (issue 4): rows per second of Winback's purchase import on embedded H2 and on
PostgreSQL, beside PostgreSQL's own COPY of the same file in the same run.

1. Writes a deterministic CSV (fixed seed) of --rows purchases for about rows/10 customers
   (`externalId,date,amount`, ISO dates over 2024-2025, amounts with 2 decimals).
2. Unpacks the distribution tarball into a temporary directory, gives it its own HTTP, SSH and RMI ports, starts it
   (`bin/karaf server`) on its default embedded H2, waits until GET /api/v1/imports answers, uploads the file to
   POST /api/v1/imports/transactions (streamed, text/csv, admin:admin), polls the job until it is COMPLETED, then
   imports the same file again (all duplicates), checks /api/v1/health names the database, and stops Karaf
   (bin/stop). Health is asked after the imports, not before: see Karaf.wait_ready.
3. The same on PostgreSQL: a fresh database winback_bench_<random>, etc/org.ops4j.datasource-winback.cfg pointed at
   it as the README's "Configuration > Database" shows; dropped afterwards.
4. PostgreSQL's COPY of the same file (`psql \\copy`) into a plain table in a fresh database, and, to be fair about
   the import's duplicate check, COPY of the same rows plus a SHA-256 fingerprint column into a table with a UNIQUE
   index on it.

Import rows/s = rowsRead / (finishedAt - startedAt) of the job: server-side, excluding the upload. The wall time runs
from the start of the upload until the client sees COMPLETED. Exits non-zero if an import does not complete or its
counts are wrong. Temporary directories, Karaf processes and databases are removed also on failure.

The phases come from polling the job (every --poll s): while it reads and stages, its stored rowsRead moves about
once a second; while it publishes, it stands still (so the split is good to about 1 s). CPU seconds come from
/proc: the Karaf JVM's threads by group, and the PostgreSQL backends serving the benchmark's database.

Standard library only. Needs psql, a PostgreSQL server the given user may create databases on (trust
authentication), and Java 17 for the distribution. --stacks N samples the import thread with jstack every N seconds
(costs CPU; use it to see where the time goes, not for the recorded figures); --pg-explain FILE writes the plans,
with actual times, of the PostgreSQL statements over 1 s (auto_explain) to FILE, also a diagnostic.
"""
import argparse
import base64
import datetime
import hashlib
import http.client
import json
import os
import random
import re
import secrets
import shutil
import signal
import socket
import subprocess
import sys
import tarfile
import tempfile
import threading
import time

AUTH = "Basic " + base64.b64encode(b"admin:admin").decode()
CLK_TCK = os.sysconf("SC_CLK_TCK")
# Ports other test runs on this machine use (Pax Exam, itests) and Karaf's defaults: never ours.
RESERVED_PORTS = {8181, 8101, 1099, 44444, 9999, 18181} | set(range(18102, 18200)) | set(range(11100, 11200)) \
    | set(range(44445, 44545))
FIRST_DAY = datetime.date(2024, 1, 1)
DAYS = (datetime.date(2026, 1, 1) - FIRST_DAY).days  # 731: 2024 and 2025


def log(message):
    print(f"[{time.strftime('%H:%M:%S')}] {message}", file=sys.stderr, flush=True)


class BenchFailure(Exception):
    pass


# ---------------------------------------------------------------------------------------------------------------
# machine


def load_average():
    with open("/proc/loadavg") as f:
        return tuple(float(x) for x in f.read().split()[:3])


def wait_for_load(limit, max_wait):
    """Waits until the 1-minute load average is below limit, at most max_wait seconds; returns what it saw."""
    started = time.monotonic()
    load = load_average()
    if load[0] >= limit and max_wait > 0:
        log(f"load average {load[0]:.2f} >= {limit}; waiting up to {max_wait:.0f} s")
    while load[0] >= limit and time.monotonic() - started < max_wait:
        time.sleep(10)
        load = load_average()
    waited = time.monotonic() - started
    if load[0] >= limit and max_wait > 0:
        log(f"load average still {load[0]:.2f} after {waited:.0f} s; measuring anyway")
    return {"load": load, "waitedSeconds": round(waited)}


def machine_facts(args):
    def out(*command):
        try:
            r = subprocess.run(command, capture_output=True, text=True, timeout=30)
            return (r.stdout + r.stderr).strip()
        except (OSError, subprocess.SubprocessError):
            return None

    java = out("java", "-version")
    with open("/proc/meminfo") as f:
        mem_kib = int(re.search(r"MemTotal:\s+(\d+)", f.read()).group(1))
    return {
        "dateUtc": out("date", "-u"),
        "cores": os.cpu_count(),
        "memoryGiB": round(mem_kib / 1024 / 1024, 1),
        "java": java.splitlines()[0] if java else None,
        "postgresql": psql(args, "postgres", "SHOW server_version").strip(),
        "python": sys.version.split()[0],
    }


def cpu_seconds(pid, tid=None):
    """utime + stime of a process (or one of its threads) in seconds, or None if it is gone."""
    path = f"/proc/{pid}/stat" if tid is None else f"/proc/{pid}/task/{tid}/stat"
    try:
        with open(path) as f:
            fields = f.read().rsplit(")", 1)[1].split()
        return (int(fields[11]) + int(fields[12])) / CLK_TCK
    except (OSError, IndexError, ValueError):
        return None


def thread_group(name):
    # The import pool's threads are winback-import-1, -2, ...; /proc cuts names to 15 characters.
    if name.startswith("winback-import"):
        return "import thread"
    if name.startswith(("GC Thread", "G1 ", "VM Thread", "VM Periodic")):
        return "GC and VM"
    if name.startswith(("C1 CompilerThre", "C2 CompilerThre")):
        return "JIT compiler"
    if name.startswith(("MVStore", "H2 ", "H2-")):  # H2-serialization, H2-save: MVStore writing pages
        return "H2 background"
    return "other"


def thread_cpu_groups(pid):
    """CPU seconds of a JVM's live threads by group (import thread, GC, JIT, H2 background, other)."""
    if not os.path.isdir(f"/proc/{pid}/task"):
        return None
    groups = {}
    for name, seconds in thread_snapshot(pid).values():
        group = thread_group(name)
        groups[group] = groups.get(group, 0.0) + seconds
    return groups


def group_delta(a, b):
    if a is None or b is None:
        return None
    return {k: round(b.get(k, 0.0) - a.get(k, 0.0), 1) for k in sorted(set(a) | set(b))}


def backend_pids(database):
    """The PostgreSQL backends serving database (their process title names it)."""
    pids = []
    for entry in os.listdir("/proc"):
        if not entry.isdigit():
            continue
        try:
            with open(f"/proc/{entry}/cmdline", "rb") as f:
                title = f.read().replace(b"\0", b" ").decode(errors="replace")
        except OSError:
            continue
        if title.startswith("postgres: ") and f" {database} " in title:
            pids.append(entry)
    return pids


# ---------------------------------------------------------------------------------------------------------------
# the file


def write_csv(path, rows, seed):
    """rows purchases of rows/10 customers in date order; returns (bytes, distinct customers)."""
    rng = random.Random(seed)
    customers = max(1, rows // 10)
    dates = [(FIRST_DAY + datetime.timedelta(days=d)).isoformat() for d in range(DAYS)]
    data = []
    for _ in range(rows):
        amount = max(0.5, rng.lognormvariate(3.6, 0.9))
        data.append((rng.randrange(DAYS), rng.randrange(customers), int(round(amount * 100))))
    data.sort()
    seen = set()
    with open(path, "w", newline="\n") as f:
        f.write("externalId,date,amount\n")
        chunk = []
        for day, customer, cents in data:
            seen.add(customer)
            chunk.append(f"C{customer:08d},{dates[day]},{cents // 100}.{cents % 100:02d}\n")
            if len(chunk) >= 100_000:
                f.writelines(chunk)
                chunk = []
        f.writelines(chunk)
    return os.path.getsize(path), len(seen)


def write_fingerprinted_csv(source, path):
    """The same rows plus a SHA-256 hex fingerprint of content and occurrence, as the import computes one."""
    occurrences = {}
    with open(source) as src, open(path, "w", newline="\n") as dst:
        next(src)
        dst.write("externalId,date,amount,fingerprint\n")
        chunk = []
        for line in src:
            line = line.rstrip("\n")
            n = occurrences.get(line, 0) + 1
            occurrences[line] = n
            chunk.append(f"{line},{hashlib.sha256(f'{line},{n}'.encode()).hexdigest()}\n")
            if len(chunk) >= 100_000:
                dst.writelines(chunk)
                chunk = []
        dst.writelines(chunk)
    return os.path.getsize(path)


# ---------------------------------------------------------------------------------------------------------------
# PostgreSQL


def psql(args, database, *commands, timing=False):
    command = ["psql", "-h", args.pg_host, "-p", str(args.pg_port), "-U", args.pg_user, "-d", database, "-X", "-q",
               "-At", "-v", "ON_ERROR_STOP=1"]
    if timing:
        command += ["-c", "\\timing on"]
    for c in commands:
        command += ["-c", c]
    r = subprocess.run(command, capture_output=True, text=True, env=dict(os.environ, PGCONNECT_TIMEOUT="10"))
    if r.returncode != 0:
        raise BenchFailure(f"psql {' '.join(commands)} on {database}: {r.stderr.strip()}")
    return r.stdout


def create_database(args, databases, prefix):
    name = f"{prefix}_{secrets.token_hex(4)}"
    psql(args, "postgres", f"CREATE DATABASE {name}")
    databases.append(name)
    return name


def drop_database(args, name):
    try:
        psql(args, "postgres", f"DROP DATABASE IF EXISTS {name} WITH (FORCE)")
        return True
    except BenchFailure as e:
        log(f"could not drop database {name}: {e}")
        return False


def copy_into(args, databases, csv_path, rows, label, create_sql, table, columns):
    """Times psql's \\copy of csv_path into a fresh table; returns the measurement."""
    database = create_database(args, databases, "winback_copy")
    try:
        psql(args, database, create_sql)
        before = load_average()
        started = time.monotonic()
        out = psql(args, database,
                   f"\\copy {table} ({columns}) FROM '{csv_path}' WITH (FORMAT csv, HEADER true)", timing=True)
        wall = time.monotonic() - started
        after = load_average()
        copied = int(psql(args, database, f"SELECT count(*) FROM {table}").strip())
        if copied != rows:
            raise BenchFailure(f"{label}: {copied} rows in {table}, expected {rows}")
        m = re.search(r"Time: ([\d.]+) ms", out)
        server = float(m.group(1)) / 1000 if m else None
        return {"label": label, "rows": rows, "seconds": round(wall, 3),
                "psqlTimingSeconds": round(server, 3) if server else None,
                "rowsPerSecond": round(rows / wall), "loadBefore": before, "loadAfter": after}
    finally:
        drop_database(args, database)
        databases.remove(database)


# ---------------------------------------------------------------------------------------------------------------
# Karaf


def free_ports(count, start):
    ports = []
    port = start
    while len(ports) < count:
        if port > 65000:
            raise BenchFailure("no free ports")
        if port not in RESERVED_PORTS:
            try:
                with socket.socket(socket.AF_INET, socket.SOCK_STREAM) as s:
                    s.bind(("0.0.0.0", port))
                ports.append(port)
            except OSError:
                pass
        port += 1
    return ports


def set_property(path, key, value):
    with open(path) as f:
        text = f.read()
    text, n = re.subn(rf"(?m)^{re.escape(key)}\s*=.*$", f"{key} = {value}", text)
    if n != 1:
        raise BenchFailure(f"{path}: expected one '{key} =' line, found {n}")
    with open(path, "w") as f:
        f.write(text)


class Karaf:
    def __init__(self, tarball, directory, port_start, database_url=None, database_user=None):
        os.makedirs(directory)
        with tarfile.open(tarball) as t:
            top = t.getmembers()[0].name.split("/")[0]
            t.extractall(directory)
        self.home = os.path.join(directory, top)
        self.http, ssh, rmi_registry, rmi_server = free_ports(4, port_start)
        etc = os.path.join(self.home, "etc")
        set_property(os.path.join(etc, "org.ops4j.pax.web.cfg"), "org.osgi.service.http.port", self.http)
        set_property(os.path.join(etc, "org.apache.karaf.shell.cfg"), "sshPort", ssh)
        set_property(os.path.join(etc, "org.apache.karaf.management.cfg"), "rmiRegistryPort", rmi_registry)
        set_property(os.path.join(etc, "org.apache.karaf.management.cfg"), "rmiServerPort", rmi_server)
        self.ports = {"http": self.http, "ssh": ssh, "rmiRegistry": rmi_registry, "rmiServer": rmi_server}
        if database_url:
            self.use_postgresql(database_url, database_user)
        self.process = None

    def use_postgresql(self, url, user):
        """As README "Configuration > Database": the four H2 lines give way to PostgreSQL's."""
        path = os.path.join(self.home, "etc", "org.ops4j.datasource-winback.cfg")
        with open(path) as f:
            lines = f.read().splitlines()
        kept = [l for l in lines if not re.match(r"^(osgi\.jdbc\.driver\.name|url|user|password)\s*=", l)]
        if len(lines) - len(kept) != 4:
            raise BenchFailure(f"{path}: expected the four H2 lines, found {len(lines) - len(kept)}")
        kept += ["", "# benchmarks/import: PostgreSQL", "osgi.jdbc.driver.name = PostgreSQL JDBC Driver",
                 f"url = {url}", f"user = {user}", "password ="]
        with open(path, "w") as f:
            f.write("\n".join(kept) + "\n")

    def start(self):
        self.console = open(os.path.join(self.home, "console.out"), "w")
        self.process = subprocess.Popen([os.path.join(self.home, "bin", "karaf"), "server"], cwd=self.home,
                                        stdin=subprocess.DEVNULL, stdout=self.console, stderr=subprocess.STDOUT,
                                        start_new_session=True)

    def wait_ready(self, by_health, timeout=300):
        """Waits until the import endpoint answers; with by_health, until /api/v1/health is 200 first.

        By default health is not asked before the imports: its ping sets a 2 s query timeout that on H2 stays on the
        pooled connection (H2's Statement.setQueryTimeout sets the session's QUERY_TIMEOUT), so a publish that
        later gets that connection and runs longer than 2 s is cancelled. See BENCHMARKS.md.
        """
        started = time.monotonic()
        deadline = started + timeout
        path, auth = ("/api/v1/health", False) if by_health else ("/api/v1/imports?size=1", True)
        answer = None
        while time.monotonic() < deadline:
            if self.process.poll() is not None:
                raise BenchFailure(f"Karaf exited with {self.process.returncode}; see {self.home}/console.out")
            status, answer = request(self.http, "GET", path, auth=auth)
            if status == 200:
                if path == "/api/v1/health":  # the detect feature may come up a moment after health
                    path, auth = "/api/v1/imports?size=1", True
                    continue
                return round(time.monotonic() - started, 1)
            time.sleep(1)
        raise BenchFailure(f"no 200 from GET {path} within {timeout} s (last: {answer})")

    def health(self, expected_database):
        status, health = request(self.http, "GET", "/api/v1/health", auth=False)
        if status != 200 or not isinstance(health, dict) or health.get("database") != expected_database:
            raise BenchFailure(f"health answered {status} {health}, expected UP on {expected_database}")
        return health

    def java_pid(self):
        try:
            with open(os.path.join(self.home, "karaf.pid")) as f:
                return int(f.read().strip())
        except (OSError, ValueError):
            return None

    def owns(self, pid):
        """Whether pid is (still) this copy's JVM: its command line names our home directory."""
        try:
            with open(f"/proc/{pid}/cmdline", "rb") as f:
                return f"-Dkaraf.home={self.home}".encode() in f.read()
        except OSError:
            return False

    def stop(self):
        if self.process is None:
            return
        java = self.java_pid()
        if self.process.poll() is None:
            try:
                subprocess.run([os.path.join(self.home, "bin", "stop")], cwd=self.home, stdout=subprocess.DEVNULL,
                               stderr=subprocess.DEVNULL, timeout=120)
            except subprocess.TimeoutExpired:
                pass
            try:
                self.process.wait(120)
            except subprocess.TimeoutExpired:
                log("Karaf did not stop within 120 s; terminating the process group it runs in")
                for sig in (signal.SIGTERM, signal.SIGKILL):
                    try:
                        os.killpg(self.process.pid, sig)
                        self.process.wait(30)
                        break
                    except ProcessLookupError:
                        break
                    except subprocess.TimeoutExpired:
                        pass
        # The JVM can outlive the script that started it (a shutdown that hangs): end it by its own pid.
        if java:
            for sig in (None, signal.SIGTERM, signal.SIGKILL):
                if sig is not None and self.owns(java):
                    log(f"Karaf's JVM {java} is still running; sending {sig.name}")
                    os.kill(java, sig)
                deadline = time.monotonic() + 30
                while self.owns(java) and time.monotonic() < deadline:
                    time.sleep(0.5)
                if not self.owns(java):
                    break
        self.console.close()

    def tell_what_happened(self, kind):
        """After a failure: the end of the console output and the errors of karaf.log, on stderr."""
        try:
            with open(os.path.join(self.home, "console.out"), errors="replace") as f:
                for line in f.readlines()[-15:]:
                    log(f"{kind} console: {line.rstrip()[:300]}")
        except OSError:
            pass
        for line in self.log_lines(r"ERROR|WARN|Import ")[-15:]:
            log(f"{kind} karaf.log: {line[:500]}")

    def log_lines(self, pattern):
        try:
            with open(os.path.join(self.home, "data", "log", "karaf.log"), errors="replace") as f:
                return [l.rstrip() for l in f if re.search(pattern, l)]
        except OSError:
            return []


def request(port, method, path, auth=True, timeout=30):
    connection = http.client.HTTPConnection("127.0.0.1", port, timeout=timeout)
    try:
        connection.request(method, path, headers={"Authorization": AUTH} if auth else {})
        response = connection.getresponse()
        body = response.read()
        try:
            return response.status, json.loads(body or b"null")
        except ValueError:
            return response.status, body.decode(errors="replace")
    except (OSError, http.client.HTTPException) as e:
        return None, repr(e)
    finally:
        connection.close()


def instant(text):
    """An ISO-8601 instant as Jackson writes it (nanoseconds allowed) to epoch seconds."""
    m = re.fullmatch(r"(\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d)(?:\.(\d+))?(Z|[+-]\d\d:\d\d)", text)
    if not m:
        raise BenchFailure(f"cannot read the instant {text!r}")
    base = datetime.datetime.fromisoformat(m.group(1) + ("+00:00" if m.group(3) == "Z" else m.group(3)))
    return base.timestamp() + (int(m.group(2)) / 10 ** len(m.group(2)) if m.group(2) else 0)


# ---------------------------------------------------------------------------------------------------------------
# the import


STACK_CATEGORIES = [
    ("publish", "JdbcPurchaseStore.publish"),
    ("stage", "JdbcPurchaseStore.stage"),
    ("progress update", "ImportProgress.afterRow"),
    ("fingerprint (SHA-256)", "TransactionReader.fingerprint"),
    ("read/parse", "TransactionReader"),
    ("read/parse", "TransactionImport.read"),
]


PURCHASE_STORE_SOURCE = os.path.join(os.path.dirname(os.path.abspath(__file__)), "..", "..", "bundles",
                                     "winback-store-jdbc", "src", "main", "java", "dev", "winback", "store", "jdbc",
                                     "JdbcPurchaseStore.java")


class StackSampler(threading.Thread):
    """Every interval seconds, jstack the Karaf JVM and file the winback-import thread's stack under a phase; a
    publish also under the statement it runs (the source line of JdbcPurchaseStore it is at)."""

    def __init__(self, pid, interval):
        super().__init__(daemon=True)
        self.pid = pid
        self.interval = interval
        self.stop_event = threading.Event()
        self.counts = {}
        self.tops = {}
        self.tool = shutil.which("jstack")
        try:
            with open(PURCHASE_STORE_SOURCE) as f:
                self.source = f.read().splitlines()
        except OSError:
            self.source = []

    def statement(self, frames):
        for frame in frames:
            m = re.search(r"JdbcPurchaseStore\.lambda\$publish\$\d+\(JdbcPurchaseStore\.java:(\d+)\)", frame)
            if m:
                line = int(m.group(1))
                text = self.source[line - 1].strip() if 0 < line <= len(self.source) else ""
                return f"line {line}: {text[:90]}"
        return None

    def classify(self, frames):
        text = "\n".join(frames)
        for category, marker in STACK_CATEGORIES:
            if marker in text:
                top = frames[0] if frames else ""
                if category in ("stage", "publish"):
                    if "socketRead" in top or "NioSocketImpl" in top or "SocketInputStream" in top \
                            or "sun.nio.ch" in top:
                        where = "waiting for the database"
                    elif "org.h2." in top:
                        where = "H2 engine"
                    elif "org.postgresql." in top:
                        where = "JDBC driver"
                    else:
                        where = "other JVM"
                    statement = self.statement(frames) if category == "publish" else None
                    if category == "publish" and statement is None and "WinbackDatabase.inTransaction" in text \
                            and ".commit" in text:
                        statement = "commit"
                    return f"{category}: {where}" + (f" [{statement}]" if statement else "")
                return category
        return "idle/other" if frames else "no import thread"

    def run(self):
        while not self.stop_event.wait(self.interval):
            try:
                out = subprocess.run([self.tool, str(self.pid)], capture_output=True, text=True, timeout=60).stdout
            except (OSError, subprocess.SubprocessError):
                continue
            frames = []
            # The pool has several threads; the import runs on the one whose stack holds the import task.
            for block in re.finditer(r'^"winback-import-\d+".*?\n(.*?)(?:\n\n|\Z)', out, re.S | re.M):
                stack = [l.strip()[3:] for l in block.group(1).splitlines() if l.strip().startswith("at ")]
                if any("ImportTask" in f for f in stack):
                    frames = stack
                    break
            category = self.classify(frames)
            self.counts[category] = self.counts.get(category, 0) + 1
            top = " < ".join(re.sub(r"\(.*\)", "", f) for f in frames[:3])
            self.tops[top] = self.tops.get(top, 0) + 1

    def finish(self):
        self.stop_event.set()
        self.join(90)
        return {"byPhase": dict(sorted(self.counts.items(), key=lambda kv: -kv[1])),
                "topFrames": dict(sorted(self.tops.items(), key=lambda kv: -kv[1])[:12])}


def thread_snapshot(pid):
    """{tid: (name, cpu seconds)} of a JVM's live threads."""
    snapshot = {}
    try:
        tids = os.listdir(f"/proc/{pid}/task")
    except OSError:
        return snapshot
    for tid in tids:
        try:
            with open(f"/proc/{pid}/task/{tid}/comm") as f:
                name = f.read().strip()
        except OSError:
            continue
        c = cpu_seconds(pid, tid)
        if c is not None:
            snapshot[tid] = (name, c)
    return snapshot


def busiest_threads(before, after, count=8):
    """The threads that used the most CPU between two snapshots, by name (digits folded)."""
    by_name = {}
    for tid, (name, c) in after.items():
        used = c - before.get(tid, (name, 0.0))[1]
        key = re.sub(r"\d+", "#", name)
        by_name[key] = by_name.get(key, 0.0) + used
    return {k: round(v, 1) for k, v in sorted(by_name.items(), key=lambda kv: -kv[1])[:count] if v >= 0.05}


def run_import(args, karaf, csv_path, database, label):
    """Uploads csv_path, polls the job to its end; returns the measurement (raises if it did not complete)."""
    size = os.path.getsize(csv_path)
    java_pid = karaf.java_pid()
    before = load_average()
    cpu_start = cpu_seconds(java_pid) if java_pid else None
    pg_cpu = {}

    def sample_pg():
        if database:
            for pid in backend_pids(database):
                c = cpu_seconds(pid)
                if c is not None:
                    pg_cpu.setdefault(pid, [c, c])[1] = c

    sample_pg()
    pg_start = {pid: v[0] for pid, v in pg_cpu.items()}
    groups_start = thread_cpu_groups(java_pid) if java_pid else None
    threads_start = thread_snapshot(java_pid) if java_pid else {}
    sampler = None
    if args.stacks and java_pid:
        sampler = StackSampler(java_pid, args.stacks)
        sampler.start()

    started = time.time()
    connection = http.client.HTTPConnection("127.0.0.1", karaf.http, timeout=600, blocksize=1 << 16)
    with open(csv_path, "rb") as body:
        connection.request("POST", "/api/v1/imports/transactions?fileName=" + os.path.basename(csv_path), body=body,
                           headers={"Content-Type": "text/csv", "Content-Length": str(size),
                                    "Authorization": AUTH})
        response = connection.getresponse()
        answer = response.read()
    uploaded = time.time()
    connection.close()
    if response.status != 202:
        raise BenchFailure(f"{label}: upload answered {response.status}: {answer[:500]!r}")
    job_id = json.loads(answer)["id"]

    timeline = []  # (client time, status, rowsRead, jvm cpu, jvm cpu by thread group, pg cpu)
    last_pg = 0.0
    deadline = started + args.timeout
    job = None
    while True:
        status, job = request(karaf.http, "GET", f"/api/v1/imports/{job_id}")
        now = time.time()
        if status != 200:
            raise BenchFailure(f"{label}: GET /api/v1/imports/{job_id} answered {status}: {job}")
        if now - last_pg >= 1.0:
            sample_pg()
            last_pg = now
        timeline.append((now, job["status"], job["rowsRead"],
                         cpu_seconds(java_pid) if java_pid else None,
                         thread_cpu_groups(java_pid) if java_pid else None,
                         sum(v[1] - pg_start.get(pid, v[0]) for pid, v in pg_cpu.items())))
        if job["status"] not in ("QUEUED", "RUNNING"):
            break
        if now > deadline:
            raise BenchFailure(f"{label}: still {job['status']} after {args.timeout} s")
        time.sleep(args.poll)
    seen_done = time.time()
    busiest = busiest_threads(threads_start, thread_snapshot(java_pid)) if java_pid else None
    sample_pg()
    stacks = sampler.finish() if sampler else None
    after = load_average()
    if job["status"] != "COMPLETED":
        raise BenchFailure(f"{label}: import {job_id} ended {job['status']}: {job.get('failure')}; "
                           f"errors {job.get('errors')}")

    started_at, finished_at = instant(job["startedAt"]), instant(job["finishedAt"])
    submitted_at = instant(job["submittedAt"])
    seconds = finished_at - started_at
    # While RUNNING the stored rowsRead moves about once a second as rows are read and staged; then it stands still
    # while the staged rows are published. The first poll that saw its final RUNNING value ends the reading (±1 s).
    running = [t for t in timeline if t[1] == "RUNNING"]
    read_end = None
    if running:
        last_rows = max(t[2] for t in running)
        read_end = next(t for t in running if t[2] == last_rows)
    phases = None
    if read_end:
        end = timeline[-1]

        def delta(i, a, b):
            return round(b[i] - a[i], 1) if a[i] is not None and b[i] is not None else None

        phases = {
            "readAndStageSeconds": round(read_end[0] - started_at, 1),
            "publishSeconds": round(finished_at - read_end[0], 1),
            "rowsWhenCounterStopped": read_end[2],
            "jvmCpuSeconds": {"uploadReadAndStage": round(read_end[3] - cpu_start, 1) if cpu_start is not None
                              and read_end[3] is not None else None, "publish": delta(3, read_end, end)},
            "jvmCpuSecondsByThread": {"uploadReadAndStage": group_delta(groups_start, read_end[4]),
                                      "publish": group_delta(read_end[4], end[4])},
            "postgresBackendCpuSeconds": {"readAndStage": round(read_end[5], 1),
                                          "publish": delta(5, read_end, end)} if database else None,
        }
    return {
        "label": label,
        "jobId": job_id,
        "rowsRead": job["rowsRead"], "purchasesAdded": job["purchasesAdded"], "duplicates": job["duplicates"],
        "customersCreated": job["customersCreated"], "errorCount": job["errorCount"],
        "seconds": round(seconds, 3),
        "rowsPerSecond": round(job["rowsRead"] / seconds) if seconds > 0 else None,
        "uploadSeconds": round(uploaded - started, 3),
        "wallSeconds": round(seen_done - started, 3),
        "wallRowsPerSecond": round(job["rowsRead"] / (seen_done - started)),
        "serverSubmittedToFinishedSeconds": round(finished_at - submitted_at, 3),
        "queuedSeconds": round(started_at - submitted_at, 3),
        "phases": phases,
        "stackSamples": stacks,
        "busiestJvmThreadsCpuSeconds": busiest,
        "loadBefore": before, "loadAfter": after,
    }


def check_counts(result, rows, customers, first):
    expected = ({"rowsRead": rows, "errorCount": 0, "purchasesAdded": rows, "duplicates": 0,
                 "customersCreated": customers} if first else
                {"rowsRead": rows, "errorCount": 0, "purchasesAdded": 0, "duplicates": rows, "customersCreated": 0})
    wrong = {k: (result[k], v) for k, v in expected.items() if result[k] != v}
    if wrong:
        raise BenchFailure(f"{result['label']}: unexpected counts (got, expected): {wrong}")


def save_server_log(path, offset, database, target):
    """The entries of database in PostgreSQL's log since offset (an entry runs until the next time stamp)."""
    with open(path, errors="replace") as f:
        f.seek(offset)
        text = f.read()
    entries = re.split(r"(?m)^(?=\d{4}-\d\d-\d\d \d\d:\d\d:\d\d)", text)
    kept = [e for e in entries if f"@{database} " in e.split("\n", 1)[0]]
    with open(target, "a") as f:
        f.writelines(kept)
    log(f"{len(kept)} log entries of {database} appended to {target}")


def bench_database(args, tarball, work, csv_path, rows, customers, kind, databases, port_start):
    """Fresh Karaf on H2 or on a fresh PostgreSQL database: import, re-import, stop. Returns both measurements."""
    database = None
    url = None
    if kind == "PostgreSQL":
        database = create_database(args, databases, "winback_bench")
        url = f"jdbc:postgresql://{args.pg_host}:{args.pg_port}/{database}" + (
            "?" + args.pg_url_params if args.pg_url_params else "")
    log_offset = None
    if database and args.pg_explain:
        # Diagnostics: the plans, with actual times, of the statements over 1 s, in the server log.
        psql(args, "postgres", *(f"ALTER DATABASE {database} SET {setting}" for setting in (
            "session_preload_libraries = 'auto_explain'", "auto_explain.log_min_duration = '1s'",
            "auto_explain.log_analyze = on", "auto_explain.log_triggers = on",
            "log_min_duration_statement = '1s'")))
        log_offset = os.path.getsize(args.pg_log)
    karaf = Karaf(tarball, os.path.join(work, kind.lower()), port_start, url, args.pg_user)
    results = []
    try:
        log(f"{kind}: starting Karaf (ports {karaf.ports})")
        karaf.start()
        ready = karaf.wait_ready(args.ready_by_health)
        if args.ready_by_health:
            karaf.health(kind)
        log(f"{kind}: up after {ready} s; waiting for load < {args.max_load}")
        load = wait_for_load(args.max_load, args.load_wait_each)
        log(f"{kind}: importing {rows:,} rows (load {load['load'][0]:.2f})")
        first = run_import(args, karaf, csv_path, database, f"{kind} import")
        first["loadWait"] = load
        results.append(first)
        log(f"{kind}: {first['rowsPerSecond']:,} rows/s in {first['seconds']} s "
            f"(wall {first['wallSeconds']} s); {first['phases']}")
        check_counts(first, rows, customers, True)
        load = wait_for_load(args.max_load, args.load_wait_each)
        log(f"{kind}: importing the same file again (load {load['load'][0]:.2f})")
        second = run_import(args, karaf, csv_path, database, f"{kind} re-import (all duplicates)")
        second["loadWait"] = load
        results.append(second)
        log(f"{kind}: re-import {second['rowsPerSecond']:,} rows/s in {second['seconds']} s")
        check_counts(second, rows, customers, False)
        health = karaf.health(kind)  # after the imports, see Karaf.wait_ready
        first["health"] = health
        log(f"{kind}: health {health}")
        for line in karaf.log_lines(r"Import .* (completed|aborted|failed)")[-4:]:
            log(f"{kind} karaf.log: {line[:300]}")
        return results
    except BenchFailure:
        karaf.tell_what_happened(kind)
        raise
    finally:
        log(f"{kind}: stopping Karaf")
        karaf.stop()
        if log_offset is not None:
            save_server_log(args.pg_log, log_offset, database, args.pg_explain)
        if database:
            drop_database(args, database)
            databases.remove(database)


# ---------------------------------------------------------------------------------------------------------------


def table(results, copy_rate, unique_rate):
    def share(rate, of):
        return f"{100 * rate / of:.1f} %" if of and rate else ""

    lines = ["| measurement | rows | seconds | rows/s | wall incl. upload (s) | of COPY | of COPY + unique index |",
             "|---|---|---|---|---|---|---|"]
    for r in results:
        lines.append(f"| {r['label']} | {r.get('rowsRead', r.get('rows')):,} | {r['seconds']:.1f} | "
                     f"{r['rowsPerSecond']:,} | {r.get('wallSeconds', '')} | {share(r['rowsPerSecond'], copy_rate)} | "
                     f"{share(r['rowsPerSecond'], unique_rate)} |")
    return "\n".join(lines)


def main():
    p = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    p.add_argument("--dist", required=True, help="the distribution tarball")
    p.add_argument("--rows", type=int, default=1_000_000)
    p.add_argument("--seed", type=int, default=20261123)
    p.add_argument("--pg-host", default="127.0.0.1")
    p.add_argument("--pg-port", type=int, default=5432)
    p.add_argument("--pg-user", default="postgres")
    p.add_argument("--pg-url-params", default="", help="diagnostics only, e.g. reWriteBatchedInserts=true")
    p.add_argument("--port-start", type=int, default=27181, help="first port tried for Karaf's four ports")
    p.add_argument("--max-load", type=float, default=1.5, help="wait for a 1-minute load average below this")
    p.add_argument("--load-wait", type=float, default=600, help="seconds to wait for it before the run")
    p.add_argument("--load-wait-each", type=float, default=120, help="seconds to wait for it before each import")
    p.add_argument("--poll", type=float, default=0.25, help="seconds between job polls")
    p.add_argument("--timeout", type=float, default=3600, help="seconds an import may take")
    p.add_argument("--stacks", type=float, default=0, help="jstack the import thread every N seconds (diagnostics)")
    p.add_argument("--pg-explain", metavar="FILE",
                   help="diagnostics: log the plans of PostgreSQL statements over 1 s (auto_explain, analyze) to FILE")
    p.add_argument("--pg-log", default="/var/log/postgresql/postgresql-15-main.log",
                   help="PostgreSQL's server log, read for --pg-explain")
    p.add_argument("--ready-by-health", action="store_true",
                   help="wait for /api/v1/health before importing (on H2 a publish over 2 s may then fail, "
                        "see Karaf.wait_ready)")
    p.add_argument("--skip", action="append", default=[], choices=["h2", "postgresql", "copy"])
    p.add_argument("--json", help="also write the results to this file")
    p.add_argument("--keep", action="store_true", help="keep the temporary directory (Karaf logs)")
    args = p.parse_args()

    def interrupted(signum, frame):
        raise KeyboardInterrupt(signal.Signals(signum).name)

    # SIGTERM and SIGHUP clean up like Ctrl-C.
    for sig in (signal.SIGTERM, signal.SIGHUP):
        signal.signal(sig, interrupted)

    work = tempfile.mkdtemp(prefix="winback-import-bench-")
    databases = []
    results = []
    failures = []
    report = {"command": "benchmarks/import/run.sh " + " ".join(sys.argv[3:] if sys.argv[1] == "--dist"
                                                                 else sys.argv[1:])}
    try:
        report["machine"] = machine_facts(args)
        # A private copy: a build may replace the tarball while we run.
        tarball = os.path.join(work, os.path.basename(args.dist))
        shutil.copyfile(args.dist, tarball)
        csv_path = os.path.join(work, "purchases.csv")
        log(f"writing {args.rows:,} rows to {csv_path}")
        size, customers = write_csv(csv_path, args.rows, args.seed)
        with open(csv_path, "rb") as f:
            digest = hashlib.sha256(f.read()).hexdigest()
        report["file"] = {"rows": args.rows, "customers": customers, "bytes": size, "seed": args.seed,
                          "sha256": digest}
        log(f"{size:,} bytes, {customers:,} customers, sha256 {digest[:16]}...")
        fingerprinted = None
        if "copy" not in args.skip:
            fingerprinted = os.path.join(work, "purchases-fingerprinted.csv")
            report["file"]["fingerprintedBytes"] = write_fingerprinted_csv(csv_path, fingerprinted)

        report["loadBeforeRun"] = wait_for_load(args.max_load, args.load_wait)
        log(f"load average {report['loadBeforeRun']['load']}")

        for kind, key, port_start in (("H2", "h2", args.port_start), ("PostgreSQL", "postgresql",
                                                                       args.port_start + 10)):
            if key in args.skip:
                continue
            try:
                results += bench_database(args, tarball, work, csv_path, args.rows, customers, kind, databases,
                                          port_start)
            except BenchFailure as e:
                failures.append(str(e))
                log(f"FAILED: {e}")

        copy_rate = unique_rate = None
        if "copy" not in args.skip:
            wait_for_load(args.max_load, args.load_wait_each)
            log("PostgreSQL COPY of the same file")
            plain = copy_into(args, databases, csv_path, args.rows, "PostgreSQL COPY (psql \\copy)",
                              "CREATE TABLE purchases_copy (external_id varchar(255), purchased_on date, "
                              "amount numeric(19,4))", "purchases_copy", "external_id, purchased_on, amount")
            results.append(plain)
            copy_rate = plain["rowsPerSecond"]
            log(f"COPY: {copy_rate:,} rows/s in {plain['seconds']} s")
            wait_for_load(args.max_load, args.load_wait_each)
            unique = copy_into(args, databases, fingerprinted, args.rows,
                               "PostgreSQL COPY, + SHA-256 fingerprint column with UNIQUE index",
                               "CREATE TABLE purchases_copy_fp (external_id varchar(255), purchased_on date, "
                               "amount numeric(19,4), fingerprint varchar(128) NOT NULL, "
                               "CONSTRAINT uq_purchases_copy_fp UNIQUE (fingerprint))", "purchases_copy_fp",
                               "external_id, purchased_on, amount, fingerprint")
            results.append(unique)
            unique_rate = unique["rowsPerSecond"]
            log(f"COPY with unique fingerprint: {unique['rowsPerSecond']:,} rows/s in {unique['seconds']} s")
        for r in results:
            if copy_rate and r.get("rowsPerSecond"):
                r["ratioToCopy"] = round(r["rowsPerSecond"] / copy_rate, 3)
        report["results"] = results
        report["loadAfterRun"] = load_average()
        report["dateUtcAfter"] = subprocess.run(["date", "-u"], capture_output=True, text=True).stdout.strip()
        report["failures"] = failures
        print(json.dumps(report, indent=2))
        print()
        print(f"{args.rows:,} rows, {size:,} bytes, {customers:,} customers; load average "
              f"{report['loadBeforeRun']['load']} before, {report['loadAfterRun']} after")
        print(table(results, copy_rate, unique_rate))
        if args.json:
            with open(args.json, "w") as f:
                json.dump(report, f, indent=2)
    except (BenchFailure, KeyboardInterrupt) as e:
        failures.append(str(e) or type(e).__name__)
        log(f"FAILED: {failures[-1]}")
    finally:
        for database in list(databases):
            drop_database(args, database)
        if args.keep:
            log(f"kept {work}")
        else:
            shutil.rmtree(work, ignore_errors=True)
    if failures:
        print("FAILED:\n  " + "\n  ".join(failures), file=sys.stderr)
        sys.exit(1)


if __name__ == "__main__":
    main()
