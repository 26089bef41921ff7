"""Proposals in the database: which to make, making them, and what happens to them.

A proposal row is created (state `pending`) for every ready, non-held opportunity the
moment triage finds it; rendering happens in the background queue (or the CLI) and
turns it `ready` with its DOCX and PDF paths, or `failed` with the error, to be
retried. Files are written atomically by the renderers, so a crash leaves no partial
document, and a regeneration writes a new version beside the old one.

Renders of one proposal are serialised by a per-proposal `flock` on a file beside the
database (`<database>.render-locks/<id>.lock`): the kernel drops it the moment its holder
dies, so a SIGKILLed worker never leaves a stale claim, and the next renderer removes the
temporary files the dead one left. A queued render (`render_pending`) re-reads the row
under the lock, so a duplicated or re-queued message never makes a second version.
"""

from __future__ import annotations

import contextlib
import json
import os
import time
from collections.abc import Iterator
from datetime import date
from pathlib import Path

from flask import current_app
from sqlite_utils import Database

from .catalog import get_catalog
from .db import dumps, now
from .importing.accounts import load_account
from .importing.responses import load_response
from .pipeline import on
from .proposals import ProposalSettings, build_content, proposal_paths, render_docx, render_pdf
from .proposals.files import safe_part
from .settings import get_settings

STATUSES = ("draft", "sent", "meeting_booked", "won", "lost")
MAX_ATTEMPTS = 3
RENDER_LOCK_WAIT = 60  # seconds a render waits for another render of the same proposal

try:
    import fcntl
except ImportError:  # pragma: no cover - not POSIX: no cross-process lock
    fcntl = None


def ensure_proposals(db: Database, response_ids: list[str] | None = None) -> list[int]:
    """Create a pending proposal for each ready, non-held opportunity without one."""
    sql = ("SELECT o.response, o.account, o.kind, o.item, r.lang AS response_lang, a.lang AS account_lang"
           " FROM opportunities o JOIN triage t ON t.response = o.response"
           " JOIN responses r ON r.id = o.response JOIN accounts a ON a.id = o.account"
           " WHERE t.category = 'ready' AND o.held = 0"
           " AND NOT EXISTS (SELECT 1 FROM proposals p WHERE p.response = o.response"
           "   AND p.kind = o.kind AND p.item = o.item)")
    params: list = []
    if response_ids is not None:
        sql += " AND o.response IN (SELECT value FROM json_each(?))"
        params.append(json.dumps(response_ids))
    created = []
    stamp = now()
    with db.atomic():
        for row in db.query(sql, params):
            created.append(db["proposals"].insert({
                "account": row["account"], "response": row["response"], "kind": row["kind"],
                "item": row["item"], "items": dumps([row["item"]]),
                "lang": row["account_lang"] or row["response_lang"] or "ja",
                "state": "pending", "status": "draft", "created_at": stamp, "updated_at": stamp,
            }).last_pk)
    return created


@on("triaged")
def _queue_new_proposals(db: Database, response_ids: list[str]) -> None:
    from .jobs import enqueue_render

    for proposal_id in ensure_proposals(db, response_ids):
        enqueue_render(proposal_id)


def proposal_settings(db: Database, lang: str) -> ProposalSettings:
    s = get_settings(db)
    logo = s.logo_path if s.logo_path and Path(s.logo_path).is_file() else None
    return ProposalSettings(company_name=s.company(lang), logo_path=logo, primary_color=s.primary_color,
                            hourly_cost=s.hourly_cost, validity_days=s.proposal_validity_days)


def _rep(db: Database, email: str | None) -> tuple[str | None, str | None]:
    if not email:
        return None, None
    row = next(db.query("SELECT name, email FROM users WHERE email = ?", [email]), None)
    return (row["name"] or row["email"], row["email"]) if row else (email, email)


def proposal_number(proposal: dict) -> str:
    return f"P-{proposal['created_at'][:4]}-{proposal['id']:05d}"


def _lock_folder(db: Database) -> Path | None:
    main = next((r for r in db.query("PRAGMA database_list") if r["name"] == "main"), None)
    if not main or not main["file"]:
        return None  # in-memory database: nothing to share with another process
    return Path(main["file"] + ".render-locks")


@contextlib.contextmanager
def render_lock(db: Database, proposal_id: int, wait: float = RENDER_LOCK_WAIT) -> Iterator[None]:
    """Hold the proposal's exclusive render lock (waits up to `wait` seconds).

    Not re-entrant: take it once per render. Released on exit, or by the kernel when the
    holding process dies, so no stale claim can survive a crash.
    """
    folder = _lock_folder(db)
    if folder is None or fcntl is None:
        yield
        return
    folder.mkdir(parents=True, exist_ok=True)
    fd = os.open(folder / f"{int(proposal_id)}.lock", os.O_RDWR | os.O_CREAT, 0o600)
    try:
        deadline = time.monotonic() + wait
        while True:
            try:
                fcntl.flock(fd, fcntl.LOCK_EX | fcntl.LOCK_NB)
                break
            except BlockingIOError:
                if time.monotonic() >= deadline:
                    raise TimeoutError(
                        f"proposal {proposal_id} is being rendered elsewhere") from None
                time.sleep(0.05)
        yield
    finally:
        os.close(fd)  # releases the flock


def _remove_stale_temp_files(output_dir: str | Path, proposal: dict) -> None:
    """Temporary files of this proposal left by a renderer that died (call under its lock)."""
    docx, _pdf = proposal_paths(output_dir, proposal["account"], proposal["id"], proposal["item"])
    folder = docx.parent
    if folder.is_dir():
        for tmp in folder.glob(f".{safe_part(proposal['id'])}-*.tmp"):
            tmp.unlink(missing_ok=True)


def render_proposal(db: Database, proposal_id: int, output_dir: str | Path | None = None) -> dict:
    """Render one proposal's DOCX and PDF as a new version; record the result.

    Raises on failure after recording it (state `failed`, attempts + 1), so the queue
    can retry; nothing is left at the final paths when a render fails.
    """
    with render_lock(db, proposal_id):
        return _render_locked(db, proposal_id, output_dir)


def render_pending(db: Database, proposal_id: int,
                   output_dir: str | Path | None = None) -> dict | None:
    """The queue's render: make version 1 unless the proposal is already rendered.

    Checked under the render lock, so a message delivered twice, or re-queued after a
    worker was killed, never makes a second version; returns None when nothing was done.
    """
    with render_lock(db, proposal_id):
        row = db["proposals"].get(proposal_id)
        if row["state"] == "ready" and row["version"] > 0:
            return None
        return _render_locked(db, proposal_id, output_dir)


def _render_locked(db: Database, proposal_id: int, output_dir: str | Path | None) -> dict:
    proposal = db["proposals"].get(proposal_id)
    output_dir = output_dir or current_app.config["OUTPUT_DIR"]
    _remove_stale_temp_files(output_dir, proposal)
    try:
        account = load_account(db, proposal["account"])
        response = load_response(db, proposal["response"])
        decision = json.loads(db["triage"].get(proposal["response"])["export"])
        opportunity = next(o for o in decision["opportunities"]
                           if o["kind"] == proposal["kind"] and o["item"] == proposal["item"])
        rep_name, rep_email = _rep(db, account.get("owner"))
        content = build_content(
            account=account, response=response, decision=decision, opportunity=opportunity,
            catalog=get_catalog(db).data, settings=proposal_settings(db, proposal["lang"]),
            number=proposal_number(proposal), rep_name=rep_name, rep_email=rep_email,
            today=date.today())
        version = proposal["version"] + 1
        docx, pdf = proposal_paths(output_dir, proposal["account"], proposal_id, proposal["item"], version)
        render_docx(content, docx)
        try:
            render_pdf(content, pdf)
        except BaseException:
            docx.unlink(missing_ok=True)
            raise
    except Exception as exc:
        with db.atomic():
            db["proposals"].update(proposal_id, {
                "state": "failed", "attempts": proposal["attempts"] + 1,
                "error": f"{type(exc).__name__}: {exc}"[:500], "updated_at": now()})
        raise
    with db.atomic():
        db["proposals"].update(proposal_id, {
            "state": "ready", "version": version, "docx": _display_path(docx), "pdf": _display_path(pdf),
            "attempts": proposal["attempts"] + 1, "error": None, "updated_at": now()})
    return db["proposals"].get(proposal_id)


def _display_path(path: Path) -> str:
    """Relative to the current directory when inside it (as formats.md shows), else absolute."""
    absolute = path.resolve()
    try:
        return str(absolute.relative_to(Path.cwd()))
    except ValueError:
        return str(absolute)


def file_path(proposal: dict, fmt: str) -> Path | None:
    """The stored file of a proposal, if it exists."""
    value = proposal.get(fmt)
    if not value:
        return None
    path = Path(value)
    if not path.is_absolute():
        path = Path(os.getcwd()) / path
    return path if path.is_file() else None


def pending_ids(db: Database, include_failed: bool = True) -> list[int]:
    states = ("'pending', 'failed'" if include_failed else "'pending'")
    return [r["id"] for r in db.query(
        f"SELECT id FROM proposals WHERE state IN ({states}) AND attempts < ? ORDER BY id", [MAX_ATTEMPTS])]


def list_lines(db: Database):
    """The proposals list of formats.md, one dict per proposal."""
    downloads = {r["proposal"]: r["n"] for r in db.query(
        "SELECT proposal, count(*) AS n FROM downloads WHERE who = 'customer' GROUP BY proposal")}
    for row in db.query("SELECT * FROM proposals ORDER BY id"):
        yield {"id": row["id"], "account": row["account"], "response": row["response"],
               "kind": row["kind"], "items": json.loads(row["items"]), "lang": row["lang"],
               "docx": row["docx"], "pdf": row["pdf"], "created_at": row["created_at"],
               "downloads": downloads.get(row["id"], 0), "status": row["status"],
               "state": row["state"], "version": row["version"]}
