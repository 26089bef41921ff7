"""The background queue (Huey). Rendering proposals runs here, off the web request.

Storage is SQLite by default (`instance/huey.sqlite`, or FLASK_HUEY_FILE); the same
tasks run on Redis workers by setting FLASK_HUEY_REDIS_URL when one machine is not
enough. Tests and `HUEY_IMMEDIATE` run tasks inline. Start a worker with
`huey_consumer webapp.jobs.huey -w 2`.

Huey removes a message from the queue when a worker takes it, so a worker killed
mid-render loses that message. When the consumer starts, it therefore re-queues every
proposal of the configured database (FLASK_DATABASE) still `pending` and not already
waiting in the queue; the render itself is idempotent (`render_pending`), so a message
delivered twice never makes a second version.
"""

from __future__ import annotations

import logging
import os
import threading
from functools import lru_cache
from pathlib import Path

from flask import current_app
from huey import RedisHuey, SqliteHuey, crontab

ROOT = Path(__file__).resolve().parent.parent


def _make_huey():
    if os.environ.get("FLASK_HUEY_REDIS_URL"):
        return RedisHuey("webapp", url=os.environ["FLASK_HUEY_REDIS_URL"])
    path = Path(os.environ.get("FLASK_HUEY_FILE") or ROOT / "instance" / "huey.sqlite")
    path.parent.mkdir(parents=True, exist_ok=True)
    return SqliteHuey("webapp", filename=str(path))


huey = _make_huey()
log = logging.getLogger(__name__)


@lru_cache(maxsize=4)
def _worker_app(database: str, output_dir: str):
    from . import create_app

    return create_app({"DATABASE": database, "OUTPUT_DIR": output_dir})


@huey.task(retries=2, retry_delay=10)
def render_task(proposal_id: int, database: str, output_dir: str) -> None:
    """Render one proposal in the worker, against the database that queued it."""
    from .db import get_db
    from .proposal_store import render_pending

    with _worker_app(database, output_dir).app_context():
        # Skips, under the proposal's render lock, one already rendered (a retried,
        # duplicated or re-queued message): no second version.
        render_pending(get_db(), proposal_id)


_requeue_once = threading.Lock()
_requeued: list[str] = []


def _queued_render_ids(database: str) -> set[int]:
    ids = set()
    for task in [*huey.pending(), *huey.scheduled()]:
        if getattr(task, "name", "").endswith("render_task") and len(task.args) >= 2 \
                and task.args[1] == database:
            ids.add(int(task.args[0]))
    return ids


def requeue_unfinished(app=None) -> list[int]:
    """Queue a render for every `pending` proposal that no queued message covers."""
    from . import create_app
    from .db import get_db
    from .proposal_store import pending_ids

    app = app or create_app()
    database = str(Path(app.config["DATABASE"]).resolve())
    if not Path(database).is_file():
        return []
    output_dir = str(Path(app.config["OUTPUT_DIR"]).resolve())
    with app.app_context():
        ids = pending_ids(get_db(), include_failed=False)
    queued = _queued_render_ids(database)
    missing = [i for i in ids if i not in queued]
    for proposal_id in missing:
        render_task(proposal_id, database, output_dir)
    return missing


@huey.on_startup()
def _requeue_on_startup() -> None:
    """Once per consumer process (startup hooks run in every worker thread)."""
    with _requeue_once:
        if _requeued or huey.immediate:
            return
        _requeued.append("done")
        missing = requeue_unfinished()
    if missing:
        log.warning("re-queued %d unfinished proposal renders: %s", len(missing), missing)


@huey.periodic_task(crontab(minute="*/10"))
def sweep_unfinished() -> None:
    """Every ten minutes: a render whose message was lost (a web worker killed between
    creating the proposal and queueing it) is queued again; the render lock and the
    `ready` check make a second message harmless."""
    missing = requeue_unfinished()
    if missing:
        log.warning("re-queued %d unfinished proposal renders: %s", len(missing), missing)


def enqueue_render(proposal_id: int) -> None:
    """Queue the render; inline when the app runs with HUEY_IMMEDIATE (tests)."""
    cfg = current_app.config
    huey.immediate = bool(cfg.get("HUEY_IMMEDIATE"))
    try:
        render_task(proposal_id, str(Path(cfg["DATABASE"]).resolve()), str(Path(cfg["OUTPUT_DIR"]).resolve()))
    except Exception:  # noqa: BLE001 - recorded on the proposal; `proposals generate` retries
        if not huey.immediate:
            raise
