"""The background queue (Huey). Rendering proposals runs here, off the web request.

Storage is SQLite by default (`instance/huey.sqlite`, or FLASK_HUEY_FILE); the same
tasks run on Redis workers by setting FLASK_HUEY_REDIS_URL when one machine is not
enough. Tests and `HUEY_IMMEDIATE` run tasks inline. Start a worker with
`huey_consumer webapp.jobs.huey -w 2`.
"""

from __future__ import annotations

import os
from functools import lru_cache
from pathlib import Path

from flask import current_app
from huey import RedisHuey, SqliteHuey

ROOT = Path(__file__).resolve().parent.parent


def _make_huey():
    if os.environ.get("FLASK_HUEY_REDIS_URL"):
        return RedisHuey("webapp", url=os.environ["FLASK_HUEY_REDIS_URL"])
    path = Path(os.environ.get("FLASK_HUEY_FILE") or ROOT / "instance" / "huey.sqlite")
    path.parent.mkdir(parents=True, exist_ok=True)
    return SqliteHuey("webapp", filename=str(path))


huey = _make_huey()


@lru_cache(maxsize=4)
def _worker_app(database: str, output_dir: str):
    from . import create_app

    return create_app({"DATABASE": database, "OUTPUT_DIR": output_dir})


@huey.task(retries=2, retry_delay=10)
def render_task(proposal_id: int, database: str, output_dir: str) -> None:
    """Render one proposal in the worker, against the database that queued it."""
    from .db import get_db
    from .proposal_store import render_proposal

    with _worker_app(database, output_dir).app_context():
        db = get_db()
        row = db["proposals"].get(proposal_id)
        if row["state"] == "ready" and row["version"] > 0:
            return  # already done (a retried or duplicated message): no second version
        render_proposal(db, proposal_id)


def enqueue_render(proposal_id: int) -> None:
    """Queue the render; inline when the app runs with HUEY_IMMEDIATE (tests)."""
    cfg = current_app.config
    huey.immediate = bool(cfg.get("HUEY_IMMEDIATE"))
    try:
        render_task(proposal_id, str(Path(cfg["DATABASE"]).resolve()), str(Path(cfg["OUTPUT_DIR"]).resolve()))
    except Exception:  # noqa: BLE001 - recorded on the proposal; `proposals generate` retries
        if not huey.immediate:
            raise
