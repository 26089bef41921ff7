"""Load test: survey submissions against the app under gunicorn, on 127.0.0.1 only.

What it does, in one run:
  1. builds a fresh SQLite database in a temporary folder (schema, the demo catalog and
     accounts from demo/, and N personal invitations made with `create_invitation`);
  2. starts `gunicorn -w WORKERS -b 127.0.0.1:<free port> "webapp:create_app()"` with
     FLASK_DATABASE, FLASK_OUTPUT_DIR, FLASK_HUEY_FILE, FLASK_SECRET_KEY pointing into that
     folder and rate limits off (its own process group; always killed at the end);
  3. C client threads each take invitations from a shared list, GET the survey page (CSRF
     token + session cookie) and POST a valid answer; an answer counts as acknowledged
     when the POST returns 302 to `/s/<token>/thanks`. A request that fails at the
     connection level (reset, refused, closed without a reply, timeout) was never
     acknowledged and is retried from the GET; a 5xx is recorded and not retried;
  4. with `--kill-worker`, sends SIGKILL to one gunicorn *worker* (a child of the master,
     never the master) once half the submissions are acknowledged; gunicorn respawns it;
  5. checks the database: no 5xx, every acknowledged invitation has exactly one web
     response (no duplicates, none missing), the number of web responses equals the
     number acknowledged, and `PRAGMA integrity_check` is ok.

Bounded: N submissions at most, a hard time limit (`--time-limit`, default 300 s) after
which clients stop, and a cap on retries per submission.

Usage:
  .venv/bin/python benchmarks/load_survey.py [-n 5000] [-c 50] [-w 2] [--kill-worker]
      [--time-limit 300] [--json]
Exit status 0 when every invariant holds, 1 otherwise.
"""

from __future__ import annotations

import argparse
import contextlib
import http.client
import json
import os
import random
import re
import signal
import socket
import sqlite3
import subprocess
import sys
import tempfile
import threading
import time
import urllib.parse
from dataclasses import dataclass, field
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
DEMO = ROOT / "demo"
HOST = "127.0.0.1"  # never anything else
GUNICORN = Path(sys.executable).with_name("gunicorn")
MAX_TRIES = 20  # connection-level retries per submission
CONNECTION_ERRORS = (
    ConnectionError,
    http.client.HTTPException,
    socket.timeout,
    TimeoutError,
    OSError,
)

CSRF_RE = re.compile(
    r'name="csrf_token" type="hidden" value="([^"]+)"|name="csrf_token" value="([^"]+)"'
)
INTEREST_RE = re.compile(
    r'name="interests"[^>]*value="([^"]+)"|value="([^"]+)"[^>]*name="interests"'
)


# --------------------------------------------------------------------------- setup


def free_port() -> int:
    with socket.socket(socket.AF_INET, socket.SOCK_STREAM) as s:
        s.bind((HOST, 0))
        return s.getsockname()[1]


def server_env(workdir: Path) -> dict[str, str]:
    env = dict(os.environ)
    env.update(
        {
            "FLASK_DATABASE": str(workdir / "load.sqlite"),
            "FLASK_OUTPUT_DIR": str(workdir / "output"),
            "FLASK_HUEY_FILE": str(workdir / "huey.sqlite"),
            "FLASK_SECRET_KEY": "load-test-secret",
            "FLASK_RATELIMIT_ENABLED": "false",
            "FLASK_BASE_URL": f"http://{HOST}",
            "PYTHONPATH": str(ROOT) + os.pathsep + env.get("PYTHONPATH", ""),
        }
    )
    env.pop("FLASK_HUEY_REDIS_URL", None)
    return env


PREPARE = r"""
import json, sys
from webapp import create_app
from webapp.db import get_db, migrate
from webapp.importing import import_accounts, import_catalog
from webapp.importing.accounts import load_account
from webapp.invitations import create_invitation

n, demo, out = int(sys.argv[1]), sys.argv[2], sys.argv[3]
app = create_app()
with app.app_context():
    db = get_db()
    migrate(db)
    import_catalog(db, demo + "/catalog.yaml")
    import_accounts(db, demo + "/accounts.jsonl")
    accounts = [load_account(db, r["id"]) for r in db.query("SELECT id FROM accounts ORDER BY id")]
    tokens = []
    for i in range(n):
        account = accounts[i % len(accounts)]
        inv = create_invitation(db, account, f"load{i}@{account['id']}.example")
        tokens.append(inv["token"])
assert len(set(tokens)) == n, "invitations were reused"
with open(out, "w", encoding="ascii") as fh:
    json.dump(tokens, fh)
"""


def prepare(workdir: Path, n: int) -> list[str]:
    """Fresh database with the demo catalog/accounts and `n` invitations; their tokens.

    Runs in a child interpreter with the server's environment, so the database, output
    and Huey file of this process (which may be a test run) are never touched.
    """
    out = workdir / "tokens.json"
    subprocess.run(
        [sys.executable, "-c", PREPARE, str(n), str(DEMO), str(out)],
        env=server_env(workdir),
        cwd=workdir,
        check=True,
        timeout=300,
    )
    return json.loads(out.read_text(encoding="ascii"))


# --------------------------------------------------------------------------- server


class Server:
    """gunicorn in its own process group, on 127.0.0.1."""

    def __init__(self, workdir: Path, workers: int):
        self.workdir, self.workers, self.port = workdir, workers, free_port()
        self.log = open(workdir / "gunicorn.log", "wb")  # noqa: SIM115 - closed in stop()
        self.proc = subprocess.Popen(
            [
                str(GUNICORN),
                "-w",
                str(workers),
                "-b",
                f"{HOST}:{self.port}",
                "--timeout",
                "60",
                "--graceful-timeout",
                "5",
                "webapp:create_app()",
            ],
            env=server_env(workdir),
            cwd=workdir,
            stdout=self.log,
            stderr=subprocess.STDOUT,
            start_new_session=True,
        )

    def wait_ready(self, timeout: float = 60) -> None:
        deadline = time.monotonic() + timeout
        while time.monotonic() < deadline:
            if self.proc.poll() is not None:
                raise RuntimeError(
                    f"gunicorn exited with {self.proc.returncode}: {self.log_text()[-2000:]}"
                )
            if len(self.worker_pids()) >= self.workers:
                try:
                    conn = http.client.HTTPConnection(HOST, self.port, timeout=5)
                    conn.request("GET", "/s/x")
                    conn.getresponse().read()
                    conn.close()
                    return
                except OSError:
                    pass
            time.sleep(0.1)
        raise RuntimeError("gunicorn did not start in time")

    def worker_pids(self) -> list[int]:
        """Direct children of the gunicorn master (its workers), from /proc."""
        try:
            text = Path(f"/proc/{self.proc.pid}/task/{self.proc.pid}/children").read_text()
            return [int(p) for p in text.split()]
        except OSError:
            pids = []
            for entry in Path("/proc").iterdir():
                if entry.name.isdigit():
                    try:
                        stat = (entry / "stat").read_text()
                    except OSError:
                        continue
                    if int(stat.rsplit(")", 1)[1].split()[1]) == self.proc.pid:
                        pids.append(int(entry.name))
            return pids

    def kill_one_worker(self) -> int:
        pids = [p for p in self.worker_pids() if p != self.proc.pid]
        if not pids:
            raise RuntimeError("no gunicorn worker to kill")
        victim = pids[0]
        os.kill(victim, signal.SIGKILL)
        return victim

    def log_text(self) -> str:
        if not self.log.closed:
            self.log.flush()
        return (self.workdir / "gunicorn.log").read_text(encoding="utf-8", errors="replace")

    def stop(self) -> None:
        try:
            if self.proc.poll() is None:
                os.killpg(self.proc.pid, signal.SIGTERM)
                try:
                    self.proc.wait(timeout=10)
                except subprocess.TimeoutExpired:
                    os.killpg(self.proc.pid, signal.SIGKILL)
                    self.proc.wait(timeout=10)
            # stray workers of the group (e.g. orphaned by a killed master)
            with contextlib.suppress(ProcessLookupError):
                os.killpg(self.proc.pid, signal.SIGKILL)
        finally:
            self.log.close()


# --------------------------------------------------------------------------- clients


@dataclass
class Results:
    acknowledged: set[str] = field(default_factory=set)
    latencies: list[float] = field(default_factory=list)  # seconds, acknowledged POSTs
    server_errors: list[tuple[str, int]] = field(default_factory=list)
    other_failures: list[tuple[str, str]] = field(default_factory=list)
    retries: int = 0
    gave_up: list[str] = field(default_factory=list)
    killed: list[int] = field(default_factory=list)
    kill_at: int | None = None
    lock: threading.Lock = field(default_factory=threading.Lock)


class ServerError(Exception):
    def __init__(self, status: int):
        super().__init__(status)
        self.status = status


def _request(
    port: int, method: str, path: str, body: bytes | None = None, headers: dict | None = None
) -> tuple[int, dict, str]:
    conn = http.client.HTTPConnection(HOST, port, timeout=30)
    try:
        conn.request(method, path, body=body, headers=headers or {})
        resp = conn.getresponse()
        data = resp.read().decode("utf-8", errors="replace")
        return resp.status, {k.lower(): v for k, v in resp.getheaders()}, data
    finally:
        conn.close()


def answers(i: int, interests: list[str]) -> list[tuple[str, str]]:
    rnd = random.Random(i)
    data = [
        ("nps", str(rnd.randint(0, 10))),
        ("satisfaction", str(rnd.randint(1, 5))),
        ("department", rnd.choice(["management", "finance", "operations", "it", "other"])),
        ("comment", f"load test answer {i} — 負荷試験 <b>{i}</b>"),
    ]
    if interests and i % 3 == 0:
        data.append(("interests", interests[i % len(interests)]))
    return data


def submit_once(port: int, token: str, i: int) -> float:
    """GET the form, POST an answer; the POST's latency when acknowledged (302 to thanks)."""
    path = f"/s/{token}"
    status, headers, html = _request(port, "GET", path)
    if status >= 500:
        raise ServerError(status)
    if status != 200:
        raise RuntimeError(f"GET {status}")
    m = CSRF_RE.search(html)
    if not m:
        raise RuntimeError("no CSRF token")
    csrf = m.group(1) or m.group(2)
    cookie = headers.get("set-cookie", "").split(";", 1)[0]
    interests = sorted({a or b for a, b in INTEREST_RE.findall(html)})
    body = urllib.parse.urlencode([("csrf_token", csrf), *answers(i, interests)]).encode()
    start = time.perf_counter()
    status, headers, _ = _request(
        port,
        "POST",
        path,
        body,
        {"Content-Type": "application/x-www-form-urlencoded", "Cookie": cookie},
    )
    elapsed = time.perf_counter() - start
    if status >= 500:
        raise ServerError(status)
    location = headers.get("location", "")
    if status != 302 or f"/s/{token}/thanks" not in location:
        raise RuntimeError(f"POST {status} {location!r}")
    return elapsed


def run_clients(
    port: int, tokens: list[str], concurrency: int, deadline: float, on_progress=None
) -> Results:
    results = Results()
    queue = list(enumerate(tokens))
    queue.reverse()
    qlock = threading.Lock()

    def worker() -> None:
        while time.monotonic() < deadline:
            with qlock:
                if not queue:
                    return
                i, token = queue.pop()
            for _attempt in range(MAX_TRIES):
                if time.monotonic() >= deadline:
                    with results.lock:
                        results.gave_up.append(token)
                    return
                try:
                    latency = submit_once(port, token, i)
                except ServerError as exc:
                    with results.lock:
                        results.server_errors.append((token, exc.status))
                    break
                except CONNECTION_ERRORS:
                    with results.lock:
                        results.retries += 1
                    time.sleep(0.05)
                    continue
                except Exception as exc:  # noqa: BLE001 - recorded and reported
                    with results.lock:
                        results.other_failures.append((token, repr(exc)))
                    break
                with results.lock:
                    results.acknowledged.add(token)
                    results.latencies.append(latency)
                    done = len(results.acknowledged)
                if on_progress:
                    on_progress(done, results)
                break
            else:
                with results.lock:
                    results.gave_up.append(token)

    threads = [threading.Thread(target=worker, daemon=True) for _ in range(concurrency)]
    for t in threads:
        t.start()
    for t in threads:
        t.join(max(0.0, deadline - time.monotonic()) + 35)
    return results


# --------------------------------------------------------------------------- checks


def check_database(db_path: Path, acknowledged: set[str]) -> dict:
    conn = sqlite3.connect(str(db_path), timeout=30)
    try:
        integrity = conn.execute("PRAGMA integrity_check").fetchone()[0]
        rows = (
            conn.execute(
                "SELECT i.token, r.id FROM responses r JOIN invitations i ON i.id = r.invitation"
                " WHERE r.source = 'web'"
            ).fetchall()
            if _has_column(conn, "responses", "invitation")
            else conn.execute(
                "SELECT i.token, r.id FROM responses r JOIN invitations i ON i.response = r.id"
                " WHERE r.source = 'web'"
            ).fetchall()
        )
        web_rows = conn.execute("SELECT count(*) FROM responses WHERE source = 'web'").fetchone()[0]
        distinct_ids = conn.execute(
            "SELECT count(DISTINCT id) FROM responses WHERE source = 'web'"
        ).fetchone()[0]
    finally:
        conn.close()
    per_token: dict[str, int] = {}
    for token, _rid in rows:
        per_token[token] = per_token.get(token, 0) + 1
    missing = sorted(t for t in acknowledged if per_token.get(t, 0) == 0)
    duplicates = sorted(t for t, k in per_token.items() if k > 1)
    unacknowledged_stored = sorted(t for t in per_token if t not in acknowledged)
    return {
        "integrity_check": integrity,
        "web_rows": web_rows,
        "distinct_ids": distinct_ids,
        "missing": missing,
        "duplicates": duplicates,
        "stored_not_acknowledged": unacknowledged_stored,
    }


def _has_column(conn: sqlite3.Connection, table: str, column: str) -> bool:
    return any(r[1] == column for r in conn.execute(f"PRAGMA table_info({table})"))


def percentile(values: list[float], q: float) -> float:
    if not values:
        return float("nan")
    ordered = sorted(values)
    k = max(0, min(len(ordered) - 1, round(q / 100 * len(ordered) + 0.5) - 1))
    return ordered[k]


# --------------------------------------------------------------------------- run


def run(
    n: int = 5000,
    concurrency: int = 50,
    workers: int = 2,
    kill_worker: bool = False,
    time_limit: float = 300.0,
    workdir: Path | None = None,
    log=print,
) -> dict:
    """One complete load run; returns the report (see `ok`)."""
    own_tmp = None
    if workdir is None:
        own_tmp = tempfile.TemporaryDirectory(prefix="load_survey_")
        workdir = Path(own_tmp.name)
    server = None
    try:
        t0 = time.monotonic()
        tokens = prepare(workdir, n)
        log(f"prepared {len(tokens)} invitations in {time.monotonic() - t0:.1f} s ({workdir})")
        server = Server(workdir, workers)
        server.wait_ready()
        log(f"gunicorn -w {workers} on {HOST}:{server.port}, workers {server.worker_pids()}")

        kill_lock = threading.Lock()

        def on_progress(done: int, results: Results) -> None:
            if kill_worker and done >= n // 2 and not results.killed:
                with kill_lock:
                    if not results.killed:
                        results.killed.append(server.kill_one_worker())
                        results.kill_at = done

        start = time.monotonic()
        results = run_clients(server.port, tokens, concurrency, start + time_limit, on_progress)
        wall = time.monotonic() - start
        workers_after = server.worker_pids()
        server_alive = server.proc.poll() is None
        server.stop()
        gunicorn_log = server.log_text()
        server = None

        check = check_database(workdir / "load.sqlite", results.acknowledged)
        acked = len(results.acknowledged)
        report = {
            "submissions": n,
            "concurrency": concurrency,
            "workers": workers,
            "kill_worker": kill_worker,
            "killed_pids": results.killed,
            "killed_after": results.kill_at,
            "workers_after": workers_after,
            "master_alive": server_alive,
            "acknowledged": acked,
            "seconds": round(wall, 2),
            "throughput_per_s": round(acked / wall, 1) if wall else 0.0,
            "post_p50_ms": round(percentile(results.latencies, 50) * 1000, 1),
            "post_p99_ms": round(percentile(results.latencies, 99) * 1000, 1),
            "post_max_ms": round(max(results.latencies, default=0) * 1000, 1),
            "connection_retries": results.retries,
            "server_errors": len(results.server_errors),
            "other_failures": len(results.other_failures),
            "gave_up": len(results.gave_up),
            "web_rows": check["web_rows"],
            "missing": len(check["missing"]),
            "duplicates": len(check["duplicates"]) + (check["web_rows"] - check["distinct_ids"]),
            "stored_not_acknowledged": len(check["stored_not_acknowledged"]),
            "integrity_check": check["integrity_check"],
        }
        problems = []
        if results.server_errors:
            problems.append(
                f"{len(results.server_errors)} responses with 5xx: {results.server_errors[:5]}"
            )
        if results.other_failures:
            problems.append(
                f"{len(results.other_failures)} other failures: {results.other_failures[:5]}"
            )
        if results.gave_up or acked != n:
            problems.append(f"only {acked} of {n} acknowledged ({len(results.gave_up)} gave up)")
        if check["missing"]:
            problems.append(f"{len(check['missing'])} acknowledged responses missing")
        if report["duplicates"]:
            problems.append(f"{report['duplicates']} duplicated responses")
        if check["web_rows"] != acked:
            problems.append(f"{check['web_rows']} web responses stored, {acked} acknowledged")
        if check["integrity_check"] != "ok":
            problems.append(f"integrity_check: {check['integrity_check']}")
        if kill_worker and not results.killed:
            problems.append("no worker was killed")
        if kill_worker and len(workers_after) < workers:
            problems.append(f"gunicorn did not respawn the worker ({workers_after})")
        if not server_alive:
            problems.append("gunicorn master died")
        if "Traceback" in gunicorn_log:
            tb = gunicorn_log[gunicorn_log.index("Traceback") :][:1500]
            report["first_traceback"] = tb
        report["problems"] = problems
        report["ok"] = not problems
        return report
    finally:
        if server is not None:
            server.stop()
        if own_tmp is not None:
            own_tmp.cleanup()


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n", 1)[0])
    parser.add_argument("-n", "--submissions", type=int, default=5000)
    parser.add_argument("-c", "--concurrency", type=int, default=50)
    parser.add_argument("-w", "--workers", type=int, default=2)
    parser.add_argument(
        "--kill-worker",
        action="store_true",
        help="SIGKILL one gunicorn worker when half the submissions are acknowledged",
    )
    parser.add_argument(
        "--time-limit", type=float, default=300.0, help="hard limit for the load phase (s)"
    )
    parser.add_argument(
        "--keep", type=Path, default=None, help="use (and keep) this folder instead of a temp one"
    )
    parser.add_argument("--json", action="store_true", help="print the report as JSON")
    args = parser.parse_args(argv)
    if (
        not 0 < args.submissions <= 100_000
        or not 0 < args.concurrency <= 500
        or not 0 < args.workers <= 16
    ):
        parser.error("out of bounds: 1..100000 submissions, 1..500 clients, 1..16 workers")
    if args.keep:
        args.keep.mkdir(parents=True, exist_ok=True)
    report = run(
        args.submissions,
        args.concurrency,
        args.workers,
        args.kill_worker,
        args.time_limit,
        args.keep,
        log=lambda m: print(m, file=sys.stderr),
    )
    if args.json:
        print(json.dumps(report, indent=2, ensure_ascii=False))
    else:
        mode = " with one worker SIGKILLed" if args.kill_worker else ""
        print(
            f"{report['acknowledged']}/{report['submissions']} submissions acknowledged from "
            f"{report['concurrency']} clients, gunicorn -w {report['workers']}{mode}"
        )
        if args.kill_worker:
            print(
                f"  killed worker {report['killed_pids']} after {report['killed_after']} "
                "acknowledged; "
                f"workers after the run: {report['workers_after']}; connection-level retries: "
                f"{report['connection_retries']}"
            )
        print(f"  throughput {report['throughput_per_s']} submissions/s over {report['seconds']} s")
        print(
            f"  POST latency p50 {report['post_p50_ms']} ms, p99 {report['post_p99_ms']} ms, "
            f"max {report['post_max_ms']} ms"
        )
        print(
            f"  5xx {report['server_errors']}, web responses stored {report['web_rows']}, missing "
            f"{report['missing']}, duplicates {report['duplicates']}, integrity_check "
            f"{report['integrity_check']}"
        )
        for p in report["problems"]:
            print("  PROBLEM: " + p)
        print("OK" if report["ok"] else "FAILED")
    return 0 if report["ok"] else 1


if __name__ == "__main__":
    sys.exit(main())
