"""Proposal worker faults: a real SqliteHuey file and a real `huey_consumer`, SIGKILLed
mid-batch and restarted; the batch still finishes with exactly one version of each
proposal, one DOCX and one PDF each, no temporary file, and an intact database.

Also, in-process: a render that finds the leftovers of a renderer killed half-way (its
temporary files) removes them, and a message delivered twice makes no second version.
"""

from __future__ import annotations

import json
import os
import signal
import sqlite3
import subprocess
import sys
import time
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[2]
DEMO = ROOT / "demo"
CONSUMER = Path(sys.executable).with_name("huey_consumer")
BATCH = 40
TIME_LIMIT = 120  # seconds for the whole batch; every process is killed by then anyway

PREPARE = r"""
import json, sys
from webapp import create_app
from webapp.db import get_db, migrate
from webapp.importing import import_accounts, import_catalog, import_responses
from webapp.pipeline import responses_saved

n, demo, work = int(sys.argv[1]), sys.argv[2], sys.argv[3]
base = json.loads(open(demo + "/responses.jsonl", encoding="utf-8").readline())  # a ready upsell
with open(work + "/batch.jsonl", "w", encoding="utf-8") as fh:
    for i in range(n):
        fh.write(json.dumps(dict(base, id=f"batch-{i:03d}", contact_email=f"c{i}@sakura.example"),
                            ensure_ascii=False) + "\n")
app = create_app({"HUEY_IMMEDIATE": False})
with app.app_context():
    db = get_db()
    migrate(db)
    import_catalog(db, demo + "/catalog.yaml")
    import_accounts(db, demo + "/accounts.jsonl")
    inserted, _ = import_responses(db, work + "/batch.jsonl")
    responses_saved(db, inserted)  # triage -> pending proposals -> queued renders
from webapp.jobs import huey
print(json.dumps({"queued": huey.pending_count()}))
"""

pytestmark = [
    pytest.mark.slow,
    pytest.mark.skipif(not CONSUMER.exists(), reason="huey_consumer is not installed"),
]


def _env(work: Path) -> dict[str, str]:
    env = dict(os.environ)
    env.update(
        {
            "FLASK_DATABASE": str(work / "app.sqlite"),
            "FLASK_OUTPUT_DIR": str(work / "output"),
            "FLASK_HUEY_FILE": str(work / "huey.sqlite"),
            "FLASK_SECRET_KEY": "worker-test",
            "FLASK_RATELIMIT_ENABLED": "false",
            "PYTHONPATH": str(ROOT) + os.pathsep + env.get("PYTHONPATH", ""),
        }
    )
    env.pop("FLASK_HUEY_REDIS_URL", None)
    env.pop("FLASK_HUEY_IMMEDIATE", None)
    return env


def _states(work: Path) -> dict[str, int]:
    conn = sqlite3.connect(str(work / "app.sqlite"), timeout=30)
    try:
        return dict(conn.execute("SELECT state, count(*) FROM proposals GROUP BY state").fetchall())
    finally:
        conn.close()


class Consumer:
    """`huey_consumer webapp.jobs.huey -w 2` in its own process group."""

    def __init__(self, work: Path, name: str):
        self.log = open(work / f"{name}.log", "wb")  # noqa: SIM115 - closed in stop()
        self.proc = subprocess.Popen(
            [str(CONSUMER), "webapp.jobs.huey", "-w", "2", "-k", "thread"],
            env=_env(work),
            cwd=work,
            stdout=self.log,
            stderr=subprocess.STDOUT,
            start_new_session=True,
        )

    def kill(self) -> None:
        if self.proc.poll() is None:
            os.killpg(self.proc.pid, signal.SIGKILL)
        self.proc.wait(timeout=10)

    def stop(self) -> None:
        try:
            if self.proc.poll() is None:
                os.killpg(self.proc.pid, signal.SIGTERM)
                try:
                    self.proc.wait(timeout=15)
                except subprocess.TimeoutExpired:
                    self.kill()
        finally:
            self.log.close()


def _wait(predicate, deadline: float, what: str) -> None:
    while not predicate():
        if time.monotonic() > deadline:
            raise AssertionError(f"timed out waiting for {what}")
        time.sleep(0.05)


def run_batch(work: Path, batch: int = BATCH, kill_after: int = 6) -> dict:
    """Queue `batch` renders, SIGKILL the consumer after `kill_after` are ready, restart it;
    returns figures (seconds) and the states seen."""
    out = subprocess.run(
        [sys.executable, "-c", PREPARE, str(batch), str(DEMO), str(work)],
        env=_env(work),
        cwd=work,
        capture_output=True,
        text=True,
        timeout=120,
    )
    assert out.returncode == 0, out.stderr
    assert json.loads(out.stdout.strip().splitlines()[-1])["queued"] == batch
    deadline = time.monotonic() + TIME_LIMIT
    first = second = None
    try:
        start = time.monotonic()
        first = Consumer(work, "consumer1")
        _wait(lambda: _states(work).get("ready", 0) >= kill_after, deadline, "the first renders")
        first.kill()
        killed_at = time.monotonic()
        at_kill = _states(work)
        second = Consumer(work, "consumer2")
        _wait(lambda: _states(work).get("ready", 0) == batch, deadline, "the batch to finish")
        done = time.monotonic()
    finally:
        for consumer in (first, second):
            if consumer is not None:
                consumer.stop()
    return {
        "at_kill": at_kill,
        "first_run_s": killed_at - start,
        "recovery_s": done - killed_at,
        "total_s": done - start,
        "consumer2_log": (work / "consumer2.log").read_text(encoding="utf-8", errors="replace"),
    }


def test_killed_consumer_restarted_finishes_the_batch_once(tmp_path):
    figures = run_batch(tmp_path)
    assert figures["at_kill"].get("ready", 0) < BATCH, "the consumer finished before it was killed"
    print(
        f"\nbatch of {BATCH}: killed after {figures['first_run_s']:.1f} s with "
        f"{figures['at_kill']}, finished {figures['recovery_s']:.1f} s after the kill "
        f"({figures['total_s']:.1f} s in all)"
    )
    print("\n".join(line for line in figures["consumer2_log"].splitlines() if "re-queued" in line))

    conn = sqlite3.connect(str(tmp_path / "app.sqlite"))
    try:
        rows = conn.execute(
            "SELECT id, account, item, state, version, docx, pdf, attempts"
            " FROM proposals ORDER BY id"
        ).fetchall()
        integrity = conn.execute("PRAGMA integrity_check").fetchone()[0]
    finally:
        conn.close()
    assert len(rows) == BATCH
    assert {r[3] for r in rows} == {"ready"}
    assert {r[4] for r in rows} == {1}, "a proposal got a second version"
    assert integrity == "ok"

    files = sorted(p for p in (tmp_path / "output").rglob("*") if p.is_file())
    assert not [p for p in files if p.name.startswith(".") or p.suffix == ".tmp"], files
    docx = [p for p in files if p.suffix == ".docx"]
    pdf = [p for p in files if p.suffix == ".pdf"]
    assert len(docx) == len(pdf) == BATCH and len(files) == 2 * BATCH
    for pid, _account, item, _state, _version, docx_path, pdf_path, _attempts in rows:
        docx_file, pdf_file = (
            tmp_path / p for p in (docx_path, pdf_path)
        )  # relative to the consumer's cwd
        assert docx_file.name == f"{pid}-{item}.docx" and docx_file.is_file()
        assert pdf_file.name == f"{pid}-{item}.pdf" and pdf_file.is_file()
        assert (
            pdf_file.read_bytes().startswith(b"%PDF") and b"%%EOF" in pdf_file.read_bytes()[-1024:]
        )
        assert docx_file.read_bytes().startswith(b"PK")

    huey = sqlite3.connect(str(tmp_path / "huey.sqlite"))
    try:
        assert huey.execute("PRAGMA integrity_check").fetchone()[0] == "ok"
        assert huey.execute("SELECT count(*) FROM task").fetchone()[0] == 0
    finally:
        huey.close()


# --------------------------------------------------------------------------- in-process


@pytest.fixture
def pending(app, runner, db):
    """The demo data with its ready proposals left pending (nothing rendered); the ids."""
    app.config["HUEY_IMMEDIATE"] = False
    import webapp.jobs as jobs

    queued = []
    original = jobs.enqueue_render
    jobs.enqueue_render = queued.append
    try:
        for args in (
            ["catalog", "import", str(DEMO / "catalog.yaml")],
            ["accounts", "import", str(DEMO / "accounts.jsonl")],
            ["responses", "import", str(DEMO / "responses.jsonl")],
        ):
            assert runner.invoke(args=args).exit_code == 0
    finally:
        jobs.enqueue_render = original
    ids = [r["id"] for r in db.query("SELECT id FROM proposals WHERE state = 'pending'")]
    assert ids and queued == ids
    return ids


def test_render_after_a_killed_renderer_removes_its_temp_files(app, db, pending):
    from webapp.proposal_store import render_pending
    from webapp.proposals import proposal_paths

    pending = pending[0]

    row = db["proposals"].get(pending)
    docx, pdf = proposal_paths(app.config["OUTPUT_DIR"], row["account"], pending, row["item"], 1)
    docx.parent.mkdir(parents=True)
    # What a renderer SIGKILLed between its two renames leaves: a complete DOCX v1 (never
    # recorded) and a half-written PDF temp file.
    docx.write_bytes(b"PK stale")
    (pdf.parent / f".{pdf.name}.abc123.tmp").write_bytes(b"%PDF-1.7 half")
    render_pending(db, pending)
    row = db["proposals"].get(pending)
    assert row["state"] == "ready" and row["version"] == 1
    names = sorted(p.name for p in docx.parent.iterdir())
    assert names == sorted([docx.name, pdf.name])
    assert docx.read_bytes() != b"PK stale"


def test_a_message_delivered_twice_makes_one_version(app, db, pending):
    from webapp.jobs import render_task

    pending = pending[0]
    for _ in range(2):
        render_task.call_local(pending, app.config["DATABASE"], app.config["OUTPUT_DIR"])
    row = db["proposals"].get(pending)
    assert row["state"] == "ready" and row["version"] == 1
    files = [p for p in Path(app.config["OUTPUT_DIR"]).rglob("*") if p.is_file()]
    assert len(files) == 2


def test_requeue_finds_pending_renders_without_a_message(app, db, pending, monkeypatch):
    import webapp.jobs as jobs

    sent = []
    monkeypatch.setattr(jobs, "render_task", lambda *args: sent.append(args))
    monkeypatch.setattr(jobs, "_queued_render_ids", lambda database: set())
    assert jobs.requeue_unfinished(app) == pending
    assert [args[0] for args in sent] == pending
    monkeypatch.setattr(jobs, "_queued_render_ids", lambda database: set(pending[1:]))
    assert jobs.requeue_unfinished(app) == pending[:1]
