"""Database access: one sqlite-utils Database per request, WAL mode, migrations.

SQLite in WAL mode lets survey submissions write while reports read. Every connection
gets a busy timeout so that two gunicorn workers wait for each other instead of
failing with "database is locked", and foreign keys on.
"""

from __future__ import annotations

import contextlib
import json
import sqlite3
import threading
from collections.abc import Iterator
from datetime import UTC, datetime
from pathlib import Path

import click
from flask import Flask, current_app, g
from flask.cli import with_appcontext
from sqlite_utils import Database

from .migrations import migrations

BUSY_TIMEOUT_MS = 10_000


class AppDatabase(Database):
    """sqlite-utils' Database whose write transactions take the write lock at BEGIN.

    A deferred BEGIN that reads and then writes fails at once with "database is locked"
    when another process committed in between (the busy timeout cannot help a
    transaction that already read). BEGIN IMMEDIATE waits for the lock up front instead:
    under load from several gunicorn workers no write fails (docs/RELIABILITY.md).
    """

    @contextlib.contextmanager
    def atomic(self) -> Iterator[Database]:
        if self.conn.in_transaction:  # nested: a savepoint, as sqlite-utils does
            with super().atomic() as db:
                yield db
            return
        self.conn.execute("BEGIN IMMEDIATE")
        try:
            yield self
        except BaseException:
            self.rollback()
            raise
        try:
            self.conn.execute("COMMIT")
        except BaseException:
            self.rollback()
            raise


def connect(path: str | Path) -> Database:
    """Open the SQLite file with the settings every connection of the app needs."""
    Path(path).parent.mkdir(parents=True, exist_ok=True)
    conn = sqlite3.connect(str(path), timeout=BUSY_TIMEOUT_MS / 1000, check_same_thread=False)
    conn.execute(f"PRAGMA busy_timeout = {BUSY_TIMEOUT_MS}")
    conn.execute("PRAGMA foreign_keys = ON")
    conn.execute("PRAGMA synchronous = NORMAL")
    return AppDatabase(conn)


_local = threading.local()


def _thread_connection(path: str) -> Database:
    """This thread's open connection to `path`, kept across requests.

    Opening and closing a connection per request costs more than the request's own
    work: closing the last connection to a WAL database checkpoints it, and sqlite-utils
    probes the connection's features on first use. One connection per worker thread
    avoids both; a connection to another file (tests) replaces it.
    """
    db = getattr(_local, "db", None)
    if db is not None and _local.path == path:
        return db
    if db is not None:
        db.conn.close()
    _local.db, _local.path = connect(path), path
    return _local.db


def get_db() -> Database:
    """The request's database: the thread's connection, checked out for this app context."""
    if "db" not in g:
        g.db = _thread_connection(current_app.config["DATABASE"])
    return g.db


def close_db(_exc: BaseException | None = None) -> None:
    """End of a request: never leave a transaction open on the kept connection."""
    db = g.pop("db", None)
    if db is not None and db.conn.in_transaction:
        db.conn.rollback()


def migrate(db: Database) -> list[str]:
    """Switch on WAL (outside any transaction) and apply pending migrations."""
    db.conn.execute("PRAGMA journal_mode = WAL")
    pending = [m.name for m in migrations.pending(db)]
    migrations.apply(db)
    return pending


def now() -> str:
    """UTC timestamp in ISO 8601, the one format every table uses."""
    return datetime.now(UTC).isoformat(timespec="seconds")


def loads(value: str | None, default=None):
    return json.loads(value) if value else default


def dumps(value) -> str:
    return json.dumps(value, ensure_ascii=False, sort_keys=True)


@click.command("init-db")
@with_appcontext
def init_db_command() -> None:
    """Create or migrate the schema; safe to run twice."""
    applied = migrate(get_db())
    if applied:
        click.echo("Applied migrations: " + ", ".join(applied))
    click.echo(f"Database ready: {current_app.config['DATABASE']}")


def init_app(app: Flask) -> None:
    app.teardown_appcontext(close_db)
    app.cli.add_command(init_db_command)
